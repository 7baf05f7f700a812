// SPDX-License-Identifier: GPL-3.0-or-later
// An instance's life over the Eureka API against a real node (contract eureka.md §1.3-1.7, §2.3, §3.6;
// checklist 12-15, 19-25, 27): heartbeats, status overrides, metadata, the delta, cancel, and writes
// that carry the replication header.
#include "eurekatestnode.h"
#include "xmlnode.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString fixtureId = u"h1:myapp:8080"_s;
const QString instancePath = u"/eureka/apps/MYAPP/h1:myapp:8080"_s;
const QByteArray registeredDirty = "1700000000000";
const HttpHeaders replication {{"x-netflix-discovery-replication", "true"}, {"Accept", "application/json"}};
}

class TestEurekaLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void heartbeatAnswers200WithEmptyBody_data();
    void heartbeatAnswers200WithEmptyBody();
    void heartbeatForUnknownAnswers404WithEmptyBody_data();
    void heartbeatForUnknownAnswers404WithEmptyBody();
    void heartbeatComparesLastDirtyTimestamp();
    void heartbeatIgnoresStatusParameter();
    void statusOverrideTakesEffect_data();
    void statusOverrideTakesEffect();
    void overrideSurvivesHeartbeatAndReRegister();
    void overrideToCurrentStatusStoresNothing();
    void overrideRaisesLastDirtyTimestamp();
    void overrideToUpMarksServiceUp();
    void registerSeedsOverrideFromPayload();
    void cancelDropsTheOverride();
    void clientCanAlwaysReportDownOrStarting();
    void statusOverrideErrors_data();
    void statusOverrideErrors();
    void removeOverrideWithValue();
    void removeOverrideWithoutValueForcesReRegister();
    void removeOverrideWithoutOverride();
    void removeOverrideErrors();
    void metadataUpdate();
    void metadataUpdateOfUnknownInstance();
    void deltaTracksEveryAction();
    void deltaHashcodeIsTheFullRegistryHashcode();
    void cancelAnswers200ThenNotFound_data();
    void cancelAnswers200ThenNotFound();
    void replicatedWritesAreApplied();
    void replicatedHeartbeatWithOlderTimestampConflicts();
    void replicatedHeartbeatWithNewerTimestampStoresOverride();

private:
    void registerFixture();
    // The full registry and delta as JSON bytes, to prove a rejected request changed nothing.
    QByteArray registryState();
    QString status();
    QString overriddenStatus();
    QString deltaAction(const QString &id);
    HttpReply rawPut(const QByteArray &pathAndQuery, const QByteArray &extraHeaders = {});

    std::unique_ptr<EurekaTestNode> m_node;
};

void TestEurekaLifecycle::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestEurekaLifecycle::init()
{
    m_node = std::make_unique<EurekaTestNode>();
    QVERIFY(m_node->start());
    registerFixture();
}

void TestEurekaLifecycle::cleanup()
{
    m_node.reset();
}

void TestEurekaLifecycle::registerFixture()
{
    const HttpReply reply = m_node->registerJson(EurekaTestNode::instanceFixture());
    QVERIFY_STATUS(reply, 204);
}

QByteArray TestEurekaLifecycle::registryState()
{
    const HttpReply full = m_node->get(u"/eureka/apps"_s);
    const HttpReply delta = m_node->get(u"/eureka/apps/delta"_s);
    if (full.status != 200 || delta.status != 200)
        return {};
    return full.body + '\n' + delta.body;
}

QString TestEurekaLifecycle::status()
{
    return m_node->instance(u"MYAPP"_s, fixtureId).value_or(QJsonObject()).value(u"status").toString();
}

QString TestEurekaLifecycle::overriddenStatus()
{
    return m_node->instance(u"MYAPP"_s, fixtureId).value_or(QJsonObject()).value(u"overriddenStatus").toString();
}

QString TestEurekaLifecycle::deltaAction(const QString &id)
{
    const auto instance = EurekaTestNode::findInstance(m_node->delta(), id);
    return instance ? instance->value(u"actionType").toString() : QString();
}

HttpReply TestEurekaLifecycle::rawPut(const QByteArray &pathAndQuery, const QByteArray &extraHeaders)
{
    return m_node->raw("PUT " + pathAndQuery + " HTTP/1.1\r\n" + m_node->hostHeader() + extraHeaders + "\r\n");
}

void TestEurekaLifecycle::heartbeatAnswers200WithEmptyBody_data()
{
    QTest::addColumn<QByteArray>("pathAndQuery");
    QTest::addColumn<QByteArray>("extraHeaders");
    const QByteArray javaQuery = "?status=UP&lastDirtyTimestamp=" + registeredDirty;
    const QByteArray javaHeaders = "Accept: application/json\r\nAccept-Encoding: gzip\r\nContent-Length: 0\r\n"
                                   "DiscoveryIdentity-Name: DefaultClient\r\n";
    QTest::newRow("java /eureka") << "/eureka/apps/MYAPP/h1:myapp:8080" + javaQuery << javaHeaders;
    QTest::newRow("java /eureka/v2") << "/eureka/v2/apps/MYAPP/h1:myapp:8080" + javaQuery << javaHeaders;
    QTest::newRow("java trailing slash") << "/eureka/apps/MYAPP/h1:myapp:8080/" + javaQuery << javaHeaders;
    QTest::newRow("js-client /eureka/apps") << QByteArray("/eureka/apps/MYAPP/h1:myapp:8080") << QByteArray();
    QTest::newRow("js-client /eureka/v2/apps") << QByteArray("/eureka/v2/apps/MYAPP/h1:myapp:8080") << QByteArray();
    QTest::newRow("lower-case app") << QByteArray("/eureka/apps/myapp/h1:myapp:8080") << QByteArray();
}

// Checklist 12 and 13: 200 with Content-Length 0 and no body, with or without the Java query.
void TestEurekaLifecycle::heartbeatAnswers200WithEmptyBody()
{
    QFETCH(QByteArray, pathAndQuery);
    QFETCH(QByteArray, extraHeaders);
    const HttpReply reply = rawPut(pathAndQuery, extraHeaders);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.header("Content-Length"), QByteArray("0"));
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(status(), u"UP"_s);

    // And the same through an ordinary HTTP client.
    const HttpReply again = m_node->put(QString::fromUtf8(pathAndQuery));
    QVERIFY_STATUS(again, 200);
    QVERIFY(again.body.isEmpty());
}

void TestEurekaLifecycle::heartbeatForUnknownAnswers404WithEmptyBody_data()
{
    QTest::addColumn<QByteArray>("pathAndQuery");
    QTest::newRow("unknown id") << QByteArray("/eureka/apps/MYAPP/nope");
    QTest::newRow("unknown app") << QByteArray("/eureka/apps/NOAPP/h1:myapp:8080");
    QTest::newRow("unknown id, v2, java query")
        << QByteArray("/eureka/v2/apps/MYAPP/nope?status=UP&lastDirtyTimestamp=1700000000000");
    QTest::newRow("id in the wrong case") << QByteArray("/eureka/apps/MYAPP/H1:MYAPP:8080");
}

// Checklist 14: 404 with an empty body, which makes both clients re-register.
void TestEurekaLifecycle::heartbeatForUnknownAnswers404WithEmptyBody()
{
    QFETCH(QByteArray, pathAndQuery);
    const QByteArray before = registryState();
    const HttpReply reply = rawPut(pathAndQuery);
    QVERIFY_STATUS(reply, 404);
    QCOMPARE(reply.header("Content-Length"), QByteArray("0"));
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(registryState(), before);
}

// Checklist 15 and §1.3: a newer lastDirtyTimestamp asks for a re-register (404); an older one from a
// client is fine (200).
void TestEurekaLifecycle::heartbeatComparesLastDirtyTimestamp()
{
    HttpReply reply = rawPut(instancePath.toUtf8() + "?status=UP&lastDirtyTimestamp=1700000000001");
    QVERIFY_STATUS(reply, 404);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(reply.header("Content-Length"), QByteArray("0"));
    QVERIFY2(m_node->instance(u"MYAPP"_s, fixtureId), "a 404 heartbeat must not remove the instance");

    reply = rawPut(instancePath.toUtf8() + "?status=UP&lastDirtyTimestamp=1699999999999");
    QVERIFY_STATUS(reply, 200);
    QVERIFY(reply.body.isEmpty());
    reply = rawPut(instancePath.toUtf8() + "?status=UP&lastDirtyTimestamp=" + registeredDirty);
    QVERIFY_STATUS(reply, 200);
    QVERIFY(reply.body.isEmpty());

    // The client re-registers with its newer data, after which the same heartbeat is fine.
    QJsonObject newer = EurekaTestNode::instanceFixture();
    newer[u"lastDirtyTimestamp"_s] = u"1700000000001"_s;
    QVERIFY_STATUS(m_node->registerJson(newer), 204);
    QVERIFY_STATUS(rawPut(instancePath.toUtf8() + "?status=UP&lastDirtyTimestamp=1700000000001"), 200);
}

// §1.3: the status query parameter is accepted and ignored.
void TestEurekaLifecycle::heartbeatIgnoresStatusParameter()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"?status=DOWN"_s), 200);
    QCOMPARE(status(), u"UP"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"UP_1_"_s);
}

void TestEurekaLifecycle::statusOverrideTakesEffect_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::newRow("/eureka") << u"/eureka"_s;
    QTest::newRow("/eureka/v2") << u"/eureka/v2"_s;
}

// Checklist 19: status and overriddenStatus become OUT_OF_SERVICE, the hashcode follows, the delta says MODIFIED.
void TestEurekaLifecycle::statusOverrideTakesEffect()
{
    QFETCH(QString, prefix);
    const HttpReply reply =
        m_node->put(prefix + u"/apps/MYAPP/h1:myapp:8080/status?value=OUT_OF_SERVICE&lastDirtyTimestamp=1700000000000"_s);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(overriddenStatus(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(m_node->applications(prefix).value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_"_s);
    QCOMPARE(deltaAction(fixtureId), u"MODIFIED"_s);

    const auto xml = XmlNode::parse(m_node->get(prefix + u"/apps/MYAPP/h1:myapp:8080"_s, "application/xml").body);
    QVERIFY(xml);
    QCOMPARE(xml->textAt(u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(xml->textAt(u"overriddenstatus"_s), u"OUT_OF_SERVICE"_s);
}

// Checklist 20 and §3.6: a client heartbeat or re-register with UP cannot undo an admin override.
void TestEurekaLifecycle::overrideSurvivesHeartbeatAndReRegister()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);

    QVERIFY_STATUS(m_node->put(instancePath + u"?status=UP&lastDirtyTimestamp=1700000000000"_s), 200);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);

    QJsonObject reRegister = EurekaTestNode::instanceFixture();
    reRegister[u"status"_s] = u"UP"_s;
    reRegister[u"overriddenStatus"_s] = u"UNKNOWN"_s;
    QVERIFY_STATUS(m_node->registerJson(reRegister), 204);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(overriddenStatus(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_"_s);

    QVERIFY_STATUS(m_node->put(instancePath), 200);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);
}

// §1.5 quirk: an override equal to the current status stores nothing, not even the override.
void TestEurekaLifecycle::overrideToCurrentStatusStoresNothing()
{
    const QByteArray before = registryState();
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=UP"_s), 200);
    QCOMPARE(overriddenStatus(), u"UNKNOWN"_s);
    QCOMPARE(registryState(), before);
}

// §1.5 and §1.6: lastDirtyTimestamp is raised to the query value when that is larger, never lowered.
void TestEurekaLifecycle::overrideRaisesLastDirtyTimestamp()
{
    const auto lastDirty = [&] {
        return m_node->instance(u"MYAPP"_s, fixtureId).value_or(QJsonObject()).value(u"lastDirtyTimestamp").toString();
    };
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE&lastDirtyTimestamp=1600000000000"_s), 200);
    QCOMPARE(lastDirty(), QString::fromLatin1(registeredDirty));
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=DOWN&lastDirtyTimestamp=1800000000000"_s), 200);
    QCOMPARE(lastDirty(), u"1800000000000"_s);
    QVERIFY_STATUS(m_node->del(instancePath + u"/status?value=UP&lastDirtyTimestamp=1900000000000"_s), 200);
    QCOMPARE(lastDirty(), u"1900000000000"_s);
}

// §1.5: an override to UP marks the instance as service-up.
void TestEurekaLifecycle::overrideToUpMarksServiceUp()
{
    QJsonObject starting = EurekaTestNode::instanceFixture(u"SLOWAPP"_s, u"s1"_s, u"s1"_s);
    starting[u"status"_s] = u"STARTING"_s;
    QVERIFY_STATUS(m_node->registerJson(starting), 204);
    const auto serviceUp = [&] {
        return m_node->instance(u"SLOWAPP"_s, u"s1"_s).value_or(QJsonObject()).value(u"leaseInfo").toObject()
            .value(u"serviceUpTimestamp").toDouble();
    };
    QCOMPARE(serviceUp(), 0.0);
    QVERIFY_STATUS(m_node->put(u"/eureka/apps/SLOWAPP/s1/status?value=UP"_s), 200);
    QVERIFY(serviceUp() > 0);
    QCOMPARE(m_node->instance(u"SLOWAPP"_s, u"s1"_s)->value(u"status").toString(), u"UP"_s);
}

// §3.6: a non-UNKNOWN overriddenStatus in a register payload seeds the override, which then wins over UP.
void TestEurekaLifecycle::registerSeedsOverrideFromPayload()
{
    QJsonObject seeded = EurekaTestNode::instanceFixture(u"SEEDAPP"_s, u"s1"_s, u"s1"_s);
    seeded[u"status"_s] = u"UP"_s;
    seeded[u"overriddenStatus"_s] = u"OUT_OF_SERVICE"_s;
    QVERIFY_STATUS(m_node->registerJson(seeded), 204);
    const auto instance = m_node->instance(u"SEEDAPP"_s, u"s1"_s);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"status").toString(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(instance->value(u"overriddenStatus").toString(), u"OUT_OF_SERVICE"_s);
}

// §1.4: a cancel drops the status override, so a later register with UP is UP again.
void TestEurekaLifecycle::cancelDropsTheOverride()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QVERIFY_STATUS(m_node->del(instancePath), 200);
    QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture()), 204);
    QCOMPARE(status(), u"UP"_s);
    QCOMPARE(overriddenStatus(), u"UNKNOWN"_s);
}

// §3.6 rule 1: a client can always report DOWN or STARTING, even under an override.
void TestEurekaLifecycle::clientCanAlwaysReportDownOrStarting()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QJsonObject down = EurekaTestNode::instanceFixture();
    down[u"status"_s] = u"DOWN"_s;
    QVERIFY_STATUS(m_node->registerJson(down), 204);
    QCOMPARE(status(), u"DOWN"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"DOWN_1_"_s);
}

void TestEurekaLifecycle::statusOverrideErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("expected");
    QTest::newRow("unknown instance") << u"/eureka/apps/MYAPP/nope/status?value=OUT_OF_SERVICE"_s << 404;
    QTest::newRow("unknown app") << u"/eureka/apps/NOAPP/h1:myapp:8080/status?value=OUT_OF_SERVICE"_s << 404;
    QTest::newRow("unknown instance, v2") << u"/eureka/v2/apps/MYAPP/nope/status?value=DOWN"_s << 404;
    QTest::newRow("value=BOGUS") << u"/eureka/apps/MYAPP/h1:myapp:8080/status?value=BOGUS"_s << 400;
    QTest::newRow("value=BOGUS, v2") << u"/eureka/v2/apps/MYAPP/h1:myapp:8080/status?value=BOGUS"_s << 400;
    QTest::newRow("value in lower case") << u"/eureka/apps/MYAPP/h1:myapp:8080/status?value=out_of_service"_s << 400;
    QTest::newRow("value missing") << u"/eureka/apps/MYAPP/h1:myapp:8080/status"_s << 400;
    QTest::newRow("value empty") << u"/eureka/apps/MYAPP/h1:myapp:8080/status?value="_s << 400;
}

// Checklist 21 and §1.5: 404 for an unknown instance; a bad or missing value is a 400 with a JSON error
// (Netflix's server answers 500: valueOf throws). Nothing changes.
void TestEurekaLifecycle::statusOverrideErrors()
{
    QFETCH(QString, path);
    QFETCH(int, expected);
    const QByteArray before = registryState();
    const HttpReply reply = m_node->put(path);
    QVERIFY_STATUS(reply, expected);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QCOMPARE(registryState(), before);
    QCOMPARE(status(), u"UP"_s);
    QVERIFY_STATUS(m_node->put(instancePath), 200);
}

// Checklist 22: DELETE …/status?value=UP puts the instance back: UP, overriddenStatus UNKNOWN, delta MODIFIED.
void TestEurekaLifecycle::removeOverrideWithValue()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    const HttpReply reply = m_node->del(instancePath + u"/status?value=UP&lastDirtyTimestamp=1700000000000"_s);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(status(), u"UP"_s);
    QCOMPARE(overriddenStatus(), u"UNKNOWN"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"UP_1_"_s);
    QCOMPARE(deltaAction(fixtureId), u"MODIFIED"_s);

    // The override is gone for good: heartbeats and re-registers keep UP.
    QVERIFY_STATUS(m_node->put(instancePath + u"?status=UP&lastDirtyTimestamp=1700000000000"_s), 200);
    QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture()), 204);
    QCOMPARE(status(), u"UP"_s);
}

// Checklist 22 variant and §1.6: without value the status becomes UNKNOWN, the next heartbeat is a 404,
// and the client's re-register brings it back UP.
void TestEurekaLifecycle::removeOverrideWithoutValueForcesReRegister()
{
    QVERIFY_STATUS(m_node->put(u"/eureka/v2/apps/MYAPP/h1:myapp:8080/status?value=OUT_OF_SERVICE"_s), 200);
    QVERIFY_STATUS(m_node->del(u"/eureka/v2/apps/MYAPP/h1:myapp:8080/status"_s), 200);
    QCOMPARE(status(), u"UNKNOWN"_s);
    QCOMPARE(overriddenStatus(), u"UNKNOWN"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"UNKNOWN_1_"_s);

    const HttpReply heartbeat = rawPut(instancePath.toUtf8() + "?status=UP&lastDirtyTimestamp=" + registeredDirty);
    QVERIFY_STATUS(heartbeat, 404);
    QVERIFY(heartbeat.body.isEmpty());

    QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture()), 204);
    QCOMPARE(status(), u"UP"_s);
    QCOMPARE(overriddenStatus(), u"UNKNOWN"_s);
    QVERIFY_STATUS(m_node->put(instancePath), 200);
}

// §1.6: 200 even when there was no override, and nothing changes.
void TestEurekaLifecycle::removeOverrideWithoutOverride()
{
    const QByteArray before = registryState();
    QVERIFY_STATUS(m_node->del(instancePath + u"/status"_s), 200);
    QCOMPARE(registryState(), before);
    QCOMPARE(status(), u"UP"_s);
}

// §1.6: 404 for an unknown instance; an invalid fallback value is a 400 (500 at Netflix's). Nothing changes.
void TestEurekaLifecycle::removeOverrideErrors()
{
    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    const QByteArray before = registryState();

    HttpReply reply = m_node->del(u"/eureka/apps/MYAPP/nope/status?value=UP"_s);
    QVERIFY_STATUS(reply, 404);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    reply = m_node->del(instancePath + u"/status?value=BOGUS"_s);
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());

    QCOMPARE(registryState(), before);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);
}

// Checklist 23 and §1.7: query parameters merge into the metadata (first value wins), the delta says
// ADDED, and the client's next re-register replaces the metadata with its own.
void TestEurekaLifecycle::metadataUpdate()
{
    const HttpReply reply =
        m_node->put(instancePath + u"/metadata?foo=bar&management.port=9999&note=hello%20world&k=1&k=2"_s);
    QVERIFY_STATUS(reply, 200);
    const QJsonObject expected {{u"foo"_s, u"bar"_s}, {u"management.port"_s, u"9999"_s},
                                {u"note"_s, u"hello world"_s}, {u"k"_s, u"1"_s}};
    const auto instance = m_node->instance(u"MYAPP"_s, fixtureId);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"metadata").toObject(), expected);
    QCOMPARE(deltaAction(fixtureId), u"ADDED"_s);

    const auto xml = XmlNode::parse(m_node->get(instancePath, "application/xml").body);
    QVERIFY(xml);
    QCOMPARE(xml->textAt(u"metadata/foo"_s), u"bar"_s);

    QVERIFY_STATUS(m_node->put(u"/eureka/v2/apps/MYAPP/h1:myapp:8080/metadata?foo=baz"_s), 200);
    QCOMPARE(m_node->instance(u"MYAPP"_s, fixtureId)->value(u"metadata").toObject().value(u"foo").toString(),
             u"baz"_s);

    // The client's own re-registration (dirty, so with a newer lastDirtyTimestamp) replaces it all.
    QJsonObject dirtyAgain = EurekaTestNode::instanceFixture();
    dirtyAgain.insert(u"lastDirtyTimestamp"_s, QString::number(QDateTime::currentMSecsSinceEpoch() + 60'000));
    QVERIFY_STATUS(m_node->registerJson(dirtyAgain), 204);
    QCOMPARE(m_node->instance(u"MYAPP"_s, fixtureId)->value(u"metadata").toObject(),
             QJsonObject({{u"management.port"_s, u"8080"_s}}));
}

void TestEurekaLifecycle::metadataUpdateOfUnknownInstance()
{
    const QByteArray before = registryState();
    for (const QString &path : {u"/eureka/apps/MYAPP/nope/metadata?foo=bar"_s,
                                u"/eureka/v2/apps/NOAPP/h1:myapp:8080/metadata?foo=bar"_s}) {
        const HttpReply reply = m_node->put(path);
        QVERIFY_STATUS(reply, 404);
        QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    }
    QCOMPARE(registryState(), before);
}

// Checklist 24 and §2.3: ADDED after a register, MODIFIED after a status change, DELETED with the record
// echoed after a cancel; one entry per instance; heartbeats leave no trace.
void TestEurekaLifecycle::deltaTracksEveryAction()
{
    for (const QString &prefix : {u"/eureka"_s, u"/eureka/v2"_s}) {
        const HttpReply reply = m_node->get(prefix + u"/apps/delta"_s);
        QVERIFY_STATUS(reply, 200);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject delta = reply.json().value(u"applications").toObject();
        QVERIFY(delta.value(u"versions__delta").isString());
        QVERIFY(delta.value(u"application").isArray());
        QCOMPARE(EurekaTestNode::allInstances(delta).size(), 1);
        QCOMPARE(deltaAction(fixtureId), u"ADDED"_s);
    }

    QVERIFY_STATUS(m_node->put(instancePath), 200);
    QCOMPARE(deltaAction(fixtureId), u"ADDED"_s);
    const qint64 versionBefore = m_node->delta().value(u"versions__delta").toString().toLongLong();

    QVERIFY_STATUS(m_node->put(instancePath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QCOMPARE(deltaAction(fixtureId), u"MODIFIED"_s);
    // versions__delta is a counter that moves when the delta changes (§2.3).
    QVERIFY(m_node->delta().value(u"versions__delta").toString().toLongLong() > versionBefore);
    QCOMPARE(EurekaTestNode::allInstances(m_node->delta()).size(), 1);
    QCOMPARE(EurekaTestNode::findInstance(m_node->delta(), fixtureId)->value(u"status").toString(),
             u"OUT_OF_SERVICE"_s);

    const auto xml = XmlNode::parse(m_node->get(u"/eureka/apps/delta"_s, "application/xml").body);
    QVERIFY(xml);
    QCOMPARE(xml->name, u"applications"_s);
    QCOMPARE(xml->all(u"application"_s).size(), 1);
    QCOMPARE(xml->all(u"application"_s).first()->child(u"instance"_s)->textAt(u"actionType"_s), u"MODIFIED"_s);

    QVERIFY_STATUS(m_node->del(instancePath), 200);
    const auto deleted = EurekaTestNode::findInstance(m_node->delta(), fixtureId);
    QVERIFY2(deleted, "a cancelled instance stays in the delta");
    QCOMPARE(deleted->value(u"actionType").toString(), u"DELETED"_s);
    QCOMPARE(deleted->value(u"app").toString(), u"MYAPP"_s);
    QCOMPARE(deleted->value(u"hostName").toString(), u"h1"_s);
    QCOMPARE(deleted->value(u"ipAddr").toString(), u"10.0.0.1"_s);
    QCOMPARE(deleted->value(u"port").toObject().value(u"$"), QJsonValue(8080));
    QCOMPARE(deleted->value(u"vipAddress").toString(), u"myapp"_s);
    QVERIFY(deleted->value(u"leaseInfo").toObject().value(u"evictionTimestamp").toDouble() > 0);
    QCOMPARE(EurekaTestNode::allInstances(m_node->delta()).size(), 1);
    QVERIFY(EurekaTestNode::allInstances(m_node->applications()).isEmpty());
}

// Checklist 25 and §2.3: the delta's hashcode is the whole registry's, not a hash of the delta contents.
void TestEurekaLifecycle::deltaHashcodeIsTheFullRegistryHashcode()
{
    QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2"_s, u"h2"_s)), 204);
    QVERIFY_STATUS(m_node->registerJson(EurekaTestNode::instanceFixture(u"OTHER"_s, u"o1"_s, u"o1"_s)), 204);
    QVERIFY_STATUS(m_node->put(u"/eureka/apps/MYAPP/h2/status?value=OUT_OF_SERVICE"_s), 200);
    QVERIFY_STATUS(m_node->del(u"/eureka/apps/OTHER/o1"_s), 200);

    for (const QString &prefix : {u"/eureka"_s, u"/eureka/v2"_s}) {
        const QJsonObject full = m_node->applications(prefix);
        const QJsonObject delta = m_node->delta(prefix);
        QCOMPARE(full.value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_UP_1_"_s);
        QCOMPARE(delta.value(u"apps__hashcode").toString(), full.value(u"apps__hashcode").toString());
        QCOMPARE(EurekaTestNode::allInstances(delta).size(), 3);
        const auto xml = XmlNode::parse(m_node->get(prefix + u"/apps/delta"_s, "application/xml").body);
        QVERIFY(xml);
        QCOMPARE(xml->textAt(u"apps__hashcode"_s), u"OUT_OF_SERVICE_1_UP_1_"_s);
    }
}

void TestEurekaLifecycle::cancelAnswers200ThenNotFound_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("/eureka") << u"/eureka"_s << QString();
    QTest::newRow("/eureka/v2") << u"/eureka/v2"_s << QString();
    QTest::newRow("/eureka/v2 trailing slash") << u"/eureka/v2"_s << u"/"_s;
}

// Checklist 27 and §1.4: 200 with an empty body, then 404; the instance and its empty app are gone.
void TestEurekaLifecycle::cancelAnswers200ThenNotFound()
{
    QFETCH(QString, prefix);
    QFETCH(QString, suffix);
    const QString path = prefix + u"/apps/MYAPP/h1:myapp:8080"_s + suffix;
    const HttpReply reply = m_node->del(path);
    QVERIFY_STATUS(reply, 200);
    QVERIFY(reply.body.isEmpty());

    const HttpReply again = m_node->del(path);
    QVERIFY_STATUS(again, 404);
    QVERIFY2(again.json().value(u"error").isString(), again.describe().constData());

    QVERIFY(EurekaTestNode::allInstances(m_node->applications()).isEmpty());
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), QString());
    QVERIFY_STATUS(m_node->get(u"/eureka/apps/MYAPP"_s), 404);
    QVERIFY_STATUS(m_node->get(instancePath), 404);
    QVERIFY_STATUS(m_node->get(u"/eureka/instances/h1:myapp:8080"_s), 404);
    QVERIFY_STATUS(m_node->put(instancePath), 404);
    QVERIFY_STATUS(m_node->del(u"/eureka/apps/NOAPP/h1:myapp:8080"_s), 404);
}

// Writes from a peer (x-netflix-discovery-replication: true) are applied locally.
void TestEurekaLifecycle::replicatedWritesAreApplied()
{
    QJsonObject peerCopy = EurekaTestNode::instanceFixture(u"PEERAPP"_s, u"p1"_s, u"p1"_s);
    QVERIFY_STATUS(m_node->registerJson(peerCopy, u"/eureka/v2"_s, {}, replication), 204);
    QVERIFY(m_node->instance(u"PEERAPP"_s, u"p1"_s));
    QCOMPARE(deltaAction(u"p1"_s), u"ADDED"_s);

    HttpReply reply = m_node->put(u"/eureka/v2/apps/PEERAPP/p1?status=UP&lastDirtyTimestamp=1700000000000"_s,
                                  replication);
    QVERIFY_STATUS(reply, 200);
    QVERIFY(reply.body.isEmpty());

    reply = m_node->put(u"/eureka/v2/apps/PEERAPP/p1/status?value=OUT_OF_SERVICE"_s, replication);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(m_node->instance(u"PEERAPP"_s, u"p1"_s)->value(u"status").toString(), u"OUT_OF_SERVICE"_s);

    reply = m_node->del(u"/eureka/v2/apps/PEERAPP/p1/status?value=UP"_s, replication);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(m_node->instance(u"PEERAPP"_s, u"p1"_s)->value(u"status").toString(), u"UP"_s);

    reply = m_node->del(u"/eureka/v2/apps/PEERAPP/p1"_s, replication);
    QVERIFY_STATUS(reply, 200);
    QVERIFY(!m_node->instance(u"PEERAPP"_s, u"p1"_s));
    QCOMPARE(deltaAction(u"p1"_s), u"DELETED"_s);
}

// §1.3: a peer's heartbeat with an older lastDirtyTimestamp gets 409 and the stored instance to adopt.
void TestEurekaLifecycle::replicatedHeartbeatWithOlderTimestampConflicts()
{
    const HttpReply reply = m_node->put(instancePath + u"?status=UP&lastDirtyTimestamp=1699999999999"_s, replication);
    QVERIFY_STATUS(reply, 409);
    const QJsonObject stored = reply.json().value(u"instance").toObject();
    QCOMPARE(stored.value(u"instanceId").toString(), fixtureId);
    QCOMPARE(stored.value(u"lastDirtyTimestamp").toString(), QString::fromLatin1(registeredDirty));
    QVERIFY(m_node->instance(u"MYAPP"_s, fixtureId));
}

// §1.3: a peer's heartbeat with a newer lastDirtyTimestamp gets 404, and its overriddenstatus is stored,
// so the override rules apply it on the next renew.
void TestEurekaLifecycle::replicatedHeartbeatWithNewerTimestampStoresOverride()
{
    const HttpReply reply = m_node->put(
        instancePath + u"?status=UP&lastDirtyTimestamp=1700000000001&overriddenstatus=OUT_OF_SERVICE"_s, replication);
    QVERIFY_STATUS(reply, 404);
    QVERIFY(reply.body.isEmpty());
    QVERIFY_STATUS(m_node->put(instancePath), 200);
    QCOMPARE(status(), u"OUT_OF_SERVICE"_s);
}

QTEST_GUILESS_MAIN(TestEurekaLifecycle)
#include "tst_eurekalifecycle.moc"
