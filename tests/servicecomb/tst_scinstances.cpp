// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center instances over /v4 against a real node (contract servicecomb.md §1.3, §1.4, §2.6-2.9;
// checklist §8 items 13-21 and 34): register with defaults and clamps, validation, re-register as a
// heartbeat, heartbeat and batch heartbeat, status, properties, get, list with revisions, unregister.
#include "sctestnode.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The fixture instance with field set to value; an undefined value removes the field.
QJsonObject instanceWith(const QString &field, const QJsonValue &value)
{
    QJsonObject instance = ScTestNode::instanceFixture();
    if (value.isUndefined())
        instance.remove(field);
    else
        instance[field] = value;
    return instance;
}
}

class TestScInstances : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void registerAppliesDefaults();
    void registerKeepsGivenFields();
    void registerWithOwnInstanceId();
    void healthCheckIsClamped_data();
    void healthCheckIsClamped();
    void registerAcceptsValidFields_data();
    void registerAcceptsValidFields();
    void registerRejectsInvalidFields_data();
    void registerRejectsInvalidFields();
    void registerUnderUnknownService();
    void reRegisterWithExistingIdIsAHeartbeat();

    void heartbeat();
    void heartbeatOfUnknownInstance_data();
    void heartbeatOfUnknownInstance();
    void batchHeartbeat_data();
    void batchHeartbeat();
    void batchHeartbeatWithEmptyList();

    void statusUpdate_data();
    void statusUpdate();
    void statusUpdateErrors_data();
    void statusUpdateErrors();
    void propertiesAreReplaced();
    void propertiesIgnoreOtherFields();
    void propertiesOfUnknownInstance();

    void getOneInstance();
    void getUnknownInstance();
    void listInstances();
    void listInstancesRevision();
    void listInstancesWithoutInstancesIsEmptyObject();
    void listInstancesErrors_data();
    void listInstancesErrors();

    void unregister();

private:
    std::unique_ptr<ScTestNode> m_node;
    QString m_sid;   // service "demo" 1.2.0, created for every test
};

void TestScInstances::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestScInstances::init()
{
    m_node = std::make_unique<ScTestNode>();
    QVERIFY(m_node->start());
    m_sid = m_node->createService(u"demo"_s, u"default"_s, u"1.2.0"_s);
    QVERIFY2(!m_sid.isEmpty(), ScTestNode::lastFailure().constData());
}

void TestScInstances::cleanup()
{
    m_node.reset();
}

// Checklist 13 and §2.6: a 32-hex id, status UP, the service's version, push 30/3, server timestamps;
// the path serviceId wins over the body's, and client version/timestamps are replaced.
void TestScInstances::registerAppliesDefaults()
{
    QJsonObject body = ScTestNode::instanceFixture(u"h1"_s, u"rest://127.0.0.1:8080"_s);
    body[u"serviceId"_s] = u"someone-else"_s;
    body[u"version"_s] = u"9.9.9"_s;
    body[u"timestamp"_s] = u"1700000000000"_s;
    body[u"modTimestamp"_s] = u"1700000000000"_s;
    const HttpReply reply = m_node->scPost(reg(u"/microservices/%1/instances"_s.arg(m_sid)), {{u"instance"_s, body}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().keys(), QStringList {u"instanceId"_s});
    const QString iid = reply.json().value(u"instanceId").toString();
    QVERIFY2(ScTestNode::isHex(iid, 32), qPrintable(iid));

    const HttpReply get = m_node->getInstance(m_sid, iid);
    QVERIFY_SC_JSON(get);
    const QJsonObject instance = get.json().value(u"instance").toObject();
    QCOMPARE(instance.value(u"instanceId").toString(), iid);
    QCOMPARE(instance.value(u"serviceId").toString(), m_sid);
    QCOMPARE(instance.value(u"hostName").toString(), u"h1"_s);
    QCOMPARE(instance.value(u"endpoints").toArray(), QJsonArray {u"rest://127.0.0.1:8080"_s});
    QCOMPARE(instance.value(u"status").toString(), u"UP"_s);
    QCOMPARE(instance.value(u"version").toString(), u"1.2.0"_s);
    QCOMPARE(instance.value(u"healthCheck").toObject(), ScTestNode::healthCheck(u"push"_s, 30, 3));
    QVERIFY2(ScTestNode::isRecentSecondsString(instance.value(u"timestamp")), compact(instance).constData());
    QVERIFY2(ScTestNode::isRecentSecondsString(instance.value(u"modTimestamp")), compact(instance).constData());
    QVERIFY(instance.value(u"properties").toObject().isEmpty());
}

// §2.6: the example instance comes back as sent.
void TestScInstances::registerKeepsGivenFields()
{
    const QJsonObject given {
        {u"hostName"_s, u"node-1"_s},
        {u"endpoints"_s, QJsonArray {u"rest://10.0.0.5:8080"_s, u"highway://10.0.0.5:7070"_s}},
        {u"status"_s, u"UP"_s},
        {u"healthCheck"_s, ScTestNode::healthCheck(u"push"_s, 15, 3)},
        {u"properties"_s, QJsonObject {{u"zone"_s, u"az1"_s}}},
        {u"dataCenterInfo"_s, QJsonObject {{u"name"_s, u"dc"_s}, {u"region"_s, u"r1"_s}, {u"availableZone"_s, u"az1"_s}}},
    };
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, given));
    const auto instance = m_node->scInstance(m_sid, iid);
    QVERIFY(instance);
    for (auto it = given.begin(); it != given.end(); ++it)
        QVERIFY2(instance->value(it.key()) == it.value(),
                 qPrintable(it.key() + u": "_s + QString::fromUtf8(compact(*instance))));
}

// §1.3: a caller may choose the instanceId.
void TestScInstances::registerWithOwnInstanceId()
{
    QJsonObject body = ScTestNode::instanceFixture();
    body[u"instanceId"_s] = u"my-inst_1.a"_s;
    const HttpReply reply = m_node->scPost(reg(u"/microservices/%1/instances"_s.arg(m_sid)), {{u"instance"_s, body}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"instanceId"_s, u"my-inst_1.a"_s}}));
    QVERIFY(m_node->scInstance(m_sid, u"my-inst_1.a"_s));
}

void TestScInstances::healthCheckIsClamped_data()
{
    QTest::addColumn<QJsonValue>("given");
    QTest::addColumn<QJsonObject>("stored");
    QTest::newRow("push 1/0 raised to 5/3") << QJsonValue(ScTestNode::healthCheck(u"push"_s, 1, 0))
                                            << ScTestNode::healthCheck(u"push"_s, 5, 3);
    QTest::newRow("push 3/4 raises the interval") << QJsonValue(ScTestNode::healthCheck(u"push"_s, 3, 4))
                                                  << ScTestNode::healthCheck(u"push"_s, 5, 4);
    QTest::newRow("push 10/1 raises times") << QJsonValue(ScTestNode::healthCheck(u"push"_s, 10, 1))
                                            << ScTestNode::healthCheck(u"push"_s, 10, 3);
    QTest::newRow("push 15/3 kept") << QJsonValue(ScTestNode::healthCheck(u"push"_s, 15, 3))
                                    << ScTestNode::healthCheck(u"push"_s, 15, 3);
    QTest::newRow("push 60/5 kept") << QJsonValue(ScTestNode::healthCheck(u"push"_s, 60, 5))
                                    << ScTestNode::healthCheck(u"push"_s, 60, 5);
    QTest::newRow("pull 7/9 forced to 30/3") << QJsonValue(ScTestNode::healthCheck(u"pull"_s, 7, 9))
                                             << ScTestNode::healthCheck(u"pull"_s, 30, 3);
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << ScTestNode::healthCheck(u"push"_s, 30, 3);
}

// Checklist 14 and §2.6 step 4, with the default minimums (5 s, 3 times).
void TestScInstances::healthCheckIsClamped()
{
    QFETCH(QJsonValue, given);
    QFETCH(QJsonObject, stored);
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, instanceWith(u"healthCheck"_s, given)));
    QCOMPARE(m_node->scInstance(m_sid, iid).value_or(QJsonObject()).value(u"healthCheck").toObject(), stored);
}

void TestScInstances::registerAcceptsValidFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QJsonValue>("stored");   // what GET shows for field; undefined: left out
    for (const QString &status : {u"UP"_s, u"DOWN"_s, u"STARTING"_s, u"TESTING"_s, u"OUTOFSERVICE"_s})
        QTest::addRow("status %s", qPrintable(status)) << u"status"_s << QJsonValue(status) << QJsonValue(status);
    QTest::newRow("no endpoints (client only)") << u"endpoints"_s << QJsonValue(QJsonArray {})
                                                << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("hostName 64 chars") << u"hostName"_s << QJsonValue(QString(64, u'h'))
                                       << QJsonValue(QString(64, u'h'));
    QTest::newRow("hostName with a space") << u"hostName"_s << QJsonValue(u"my host"_s) << QJsonValue(u"my host"_s);
    const QJsonArray sslEndpoint {u"rest://10.0.0.1:8443/api?sslEnabled=true"_s};
    QTest::newRow("endpoint with a path and query") << u"endpoints"_s << QJsonValue(sslEndpoint)
                                                    << QJsonValue(sslEndpoint);
    QTest::newRow("java-chassis framework") << u"framework"_s
                                            << QJsonValue(QJsonObject {{u"name"_s, u"servicecomb-java-chassis"_s}})
                                            << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("unknown field") << u"unknownField"_s << QJsonValue(42) << QJsonValue(QJsonValue::Undefined);
}

// §1.3, §1.4: valid values are stored, unknown fields tolerated, empty lists left out.
void TestScInstances::registerAcceptsValidFields()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QJsonValue, stored);
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, instanceWith(field, value)));
    const HttpReply reply = m_node->getInstance(m_sid, iid);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().value(u"instance").toObject().value(field), stored);
}

void TestScInstances::registerRejectsInvalidFields_data()
{
    QTest::addColumn<QJsonObject>("body");
    const auto row = [](const char *name, const QString &field, const QJsonValue &value) {
        QTest::newRow(name) << QJsonObject {{u"instance"_s, instanceWith(field, value)}};
    };
    row("no hostName", u"hostName"_s, QJsonValue(QJsonValue::Undefined));
    row("empty hostName", u"hostName"_s, u""_s);
    row("blank hostName", u"hostName"_s, u"   "_s);
    row("hostName 65 chars", u"hostName"_s, QString(65, u'h'));
    row("status FOO", u"status"_s, u"FOO"_s);
    row("status in lower case", u"status"_s, u"up"_s);
    row("mode poll", u"healthCheck"_s, ScTestNode::healthCheck(u"poll"_s, 5, 3));
    row("interval 0", u"healthCheck"_s, ScTestNode::healthCheck(u"push"_s, 0, 3));
    row("interval beyond any integer", u"healthCheck"_s,
        QJsonObject {{u"mode"_s, u"push"_s}, {u"interval"_s, 3.1e67}, {u"times"_s, 3}});
    row("times a fraction", u"healthCheck"_s,
        QJsonObject {{u"mode"_s, u"push"_s}, {u"interval"_s, 30}, {u"times"_s, 2.5}});
    row("port 70000", u"healthCheck"_s,
        QJsonObject {{u"mode"_s, u"pull"_s}, {u"interval"_s, 30}, {u"times"_s, 3}, {u"port"_s, 70000}});
    row("blank endpoint", u"endpoints"_s, QJsonArray {u"  "_s});
    row("dataCenterInfo name with a space", u"dataCenterInfo"_s,
        QJsonObject {{u"name"_s, u"my dc"_s}, {u"region"_s, u"r1"_s}, {u"availableZone"_s, u"az1"_s}});
    row("instanceId with !", u"instanceId"_s, u"bad!id"_s);
    row("instanceId 65 chars", u"instanceId"_s, QString(65, u'i'));
    QTest::newRow("no instance") << QJsonObject {{u"other"_s, 1}};
}

// Checklist 15 and §1.4: 400001, and nothing is registered.
void TestScInstances::registerRejectsInvalidFields()
{
    QFETCH(QJsonObject, body);
    QVERIFY_SC_ERROR(m_node->scPost(reg(u"/microservices/%1/instances"_s.arg(m_sid)), body), "400001");
    const HttpReply list = m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(m_sid)));
    QVERIFY_SC_JSON(list);
    QCOMPARE(list.body, QByteArray("{}"));
}

// Checklist 15 and §2.6 step 5.
void TestScInstances::registerUnderUnknownService()
{
    QVERIFY_SC_ERROR(m_node->scPost(reg(u"/microservices/nope/instances"_s),
                                    {{u"instance"_s, ScTestNode::instanceFixture()}}),
                     "400012");
}

// Checklist 16 and §2.6 step 3: same id back, the stored body unchanged.
void TestScInstances::reRegisterWithExistingIdIsAHeartbeat()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, ScTestNode::instanceFixture(u"old-host"_s)));
    QJsonObject again = ScTestNode::instanceFixture(u"new-host"_s, u"rest://127.0.0.1:9999"_s);
    again[u"instanceId"_s] = iid;
    const HttpReply reply = m_node->scPost(reg(u"/microservices/%1/instances"_s.arg(m_sid)), {{u"instance"_s, again}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"instanceId"_s, iid}}));
    const auto instance = m_node->scInstance(m_sid, iid);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"hostName").toString(), u"old-host"_s);
    QCOMPARE(instance->value(u"endpoints").toArray(), QJsonArray {u"rest://127.0.0.1:8080"_s});
    QCOMPARE(ScTestNode::instancesOf(m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(m_sid)))).size(), 1);
}

// Checklist 17 and §2.7.
void TestScInstances::heartbeat()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    QVERIFY_SC_EMPTY_OK(m_node->heartbeat(m_sid, iid));
    QVERIFY_SC_EMPTY_OK(m_node->heartbeat(m_sid, iid));
}

void TestScInstances::heartbeatOfUnknownInstance_data()
{
    QTest::addColumn<QString>("serviceId");
    QTest::addColumn<QString>("instanceId");
    QTest::newRow("unknown instance") << u"{sid}"_s << u"nope"_s;
    QTest::newRow("unknown service") << u"nope"_s << u"{iid}"_s;
}

// Checklist 17 and §2.7: an unknown service also gives 400017.
void TestScInstances::heartbeatOfUnknownInstance()
{
    QFETCH(QString, serviceId);
    QFETCH(QString, instanceId);
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    serviceId.replace(u"{sid}"_s, m_sid);
    instanceId.replace(u"{iid}"_s, iid);
    QVERIFY_SC_ERROR(m_node->heartbeat(serviceId, instanceId), "400017");
}

void TestScInstances::batchHeartbeat_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("instances") << u"instances"_s;
    QTest::newRow("Instances") << u"Instances"_s;
}

// Checklist 18 and §2.7: always 200; errMessage only on the failed item; both spellings of the key.
void TestScInstances::batchHeartbeat()
{
    QFETCH(QString, key);
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    const QJsonArray items {QJsonObject {{u"serviceId"_s, m_sid}, {u"instanceId"_s, iid}},
                            QJsonObject {{u"serviceId"_s, m_sid}, {u"instanceId"_s, u"bogus"_s}}};
    const HttpReply reply = m_node->scPut(reg(u"/heartbeats"_s), {{key, items}});
    QVERIFY_SC_JSON(reply);
    const QJsonArray results = reply.json().value(u"instances").toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(ScTestNode::findById(results, u"instanceId"_s, iid).value_or(QJsonObject()),
             (QJsonObject {{u"serviceId"_s, m_sid}, {u"instanceId"_s, iid}}));
    const auto bogus = ScTestNode::findById(results, u"instanceId"_s, u"bogus"_s);
    QVERIFY(bogus);
    QCOMPARE(bogus->value(u"serviceId").toString(), m_sid);
    QVERIFY(bogus->value(u"errMessage").isString());
    QVERIFY(!bogus->value(u"errMessage").toString().isEmpty());
}

// Checklist 18: an empty list is 400001.
void TestScInstances::batchHeartbeatWithEmptyList()
{
    QVERIFY_SC_ERROR(m_node->scPut(reg(u"/heartbeats"_s), {{u"instances"_s, QJsonArray {}}}), "400001");
}

void TestScInstances::statusUpdate_data()
{
    QTest::addColumn<QString>("status");
    for (const QString &status : {u"DOWN"_s, u"STARTING"_s, u"TESTING"_s, u"OUTOFSERVICE"_s, u"UP"_s})
        QTest::newRow(qPrintable(status)) << status;
}

// Checklist 19 and §2.8: every status can be set; modTimestamp follows.
void TestScInstances::statusUpdate()
{
    QFETCH(QString, status);
    QJsonObject body = ScTestNode::instanceFixture();
    body[u"status"_s] = status == u"UP"_s ? u"DOWN"_s : u"UP"_s;
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, body));
    const qint64 before = m_node->scInstance(m_sid, iid).value_or(QJsonObject())
                              .value(u"modTimestamp").toString().toLongLong();
    QVERIFY(before > 0);
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > before, 3000);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_sid, iid, status));
    const auto instance = m_node->scInstance(m_sid, iid);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"status").toString(), status);
    QVERIFY2(instance->value(u"modTimestamp").toString().toLongLong() > before, compact(*instance).constData());
}

void TestScInstances::statusUpdateErrors_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("value FOO") << u"/microservices/{sid}/instances/{iid}/status?value=FOO"_s << QByteArray("400001");
    QTest::newRow("value in lower case") << u"/microservices/{sid}/instances/{iid}/status?value=down"_s
                                         << QByteArray("400001");
    QTest::newRow("empty value") << u"/microservices/{sid}/instances/{iid}/status?value="_s << QByteArray("400001");
    QTest::newRow("no value") << u"/microservices/{sid}/instances/{iid}/status"_s << QByteArray("400001");
    QTest::newRow("unknown instance") << u"/microservices/{sid}/instances/nope/status?value=DOWN"_s
                                      << QByteArray("400017");
}

// Checklist 19 and §2.8: errors leave the status alone.
void TestScInstances::statusUpdateErrors()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(QByteArray, code);
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    pathAndQuery.replace(u"{sid}"_s, m_sid).replace(u"{iid}"_s, iid);
    QVERIFY_SC_ERROR(m_node->scPut(reg(pathAndQuery)), code);
    QCOMPARE(m_node->scInstance(m_sid, iid).value_or(QJsonObject()).value(u"status").toString(), u"UP"_s);
}

// Checklist 20 and §2.8: the map is replaced.
void TestScInstances::propertiesAreReplaced()
{
    QJsonObject body = ScTestNode::instanceFixture();
    body[u"properties"_s] = QJsonObject {{u"zone"_s, u"az1"_s}};
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, body));
    const QString path = reg(u"/microservices/%1/instances/%2/properties"_s.arg(m_sid, iid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"x"_s, u"1"_s}}}}));
    QCOMPARE(m_node->scInstance(m_sid, iid).value_or(QJsonObject()).value(u"properties").toObject(),
             (QJsonObject {{u"x"_s, u"1"_s}}));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"y"_s, u"2"_s}, {u"z"_s, u"3"_s}}}}));
    QCOMPARE(m_node->scInstance(m_sid, iid).value_or(QJsonObject()).value(u"properties").toObject(),
             (QJsonObject {{u"y"_s, u"2"_s}, {u"z"_s, u"3"_s}}));
}

// §1.3: sc-client sends a whole instance to this endpoint; only properties count.
void TestScInstances::propertiesIgnoreOtherFields()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid, ScTestNode::instanceFixture(u"h1"_s)));
    const QString path = reg(u"/microservices/%1/instances/%2/properties"_s.arg(m_sid, iid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"y"_s, u"2"_s}}},
                                             {u"hostName"_s, u"other"_s},
                                             {u"status"_s, u"DOWN"_s}}));
    const auto instance = m_node->scInstance(m_sid, iid);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"properties").toObject(), (QJsonObject {{u"y"_s, u"2"_s}}));
    QCOMPARE(instance->value(u"hostName").toString(), u"h1"_s);
    QCOMPARE(instance->value(u"status").toString(), u"UP"_s);
}

void TestScInstances::propertiesOfUnknownInstance()
{
    QVERIFY_SC_ERROR(m_node->scPut(reg(u"/microservices/%1/instances/nope/properties"_s.arg(m_sid)),
                                   {{u"properties"_s, QJsonObject {{u"x"_s, u"1"_s}}}}),
                     "400017");
}

// §2.9.
void TestScInstances::getOneInstance()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    const HttpReply reply = m_node->getInstance(m_sid, iid);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().keys(), QStringList {u"instance"_s});
    QCOMPARE(reply.json().value(u"instance").toObject().value(u"instanceId").toString(), iid);
}

void TestScInstances::getUnknownInstance()
{
    QVERIFY_SC_ERROR(m_node->getInstance(m_sid, u"nope"_s), "400017");
}

// Checklist 21 and §2.9: the list carries X-Resource-Revision.
void TestScInstances::listInstances()
{
    SC_REQUIRE_ID(first, m_node->registerInstance(m_sid, ScTestNode::instanceFixture(u"h1"_s)));
    SC_REQUIRE_ID(second, m_node->registerInstance(m_sid, ScTestNode::instanceFixture(u"h2"_s)));
    SC_REQUIRE_ID(consumer, m_node->createService(u"consumer"_s));
    const QString path = reg(u"/microservices/%1/instances"_s.arg(m_sid));
    for (const HttpHeaders &headers : {HttpHeaders {}, ScTestNode::consumer(consumer)}) {
        const HttpReply reply = m_node->scGet(path, headers);
        QVERIFY_SC_JSON(reply);
        QCOMPARE(reply.json().keys(), QStringList {u"instances"_s});
        QStringList expected {first, second};
        expected.sort();
        QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(reply)), expected);
        QVERIFY(!reply.header("X-Resource-Revision").isEmpty());
    }
}

// Checklist 21 and §2.9, §2.10: rev equal to the current revision gives 304 with no body; a change
// gives a new revision.
void TestScInstances::listInstancesRevision()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    const QString path = reg(u"/microservices/%1/instances"_s.arg(m_sid));
    const HttpReply first = m_node->scGet(path);
    QVERIFY_SC_JSON(first);
    const QByteArray revision = first.header("X-Resource-Revision");
    QVERIFY(!revision.isEmpty());

    const HttpReply same = m_node->scGet(path + u"?rev="_s + QString::fromLatin1(revision));
    QVERIFY_STATUS(same, 304);
    QVERIFY(same.body.isEmpty());
    QCOMPARE(same.header("X-Resource-Revision"), revision);

    const HttpReply emptyRev = m_node->scGet(path + u"?rev="_s);
    QVERIFY_SC_JSON(emptyRev);
    QCOMPARE(emptyRev.header("X-Resource-Revision"), revision);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_sid, iid, u"DOWN"_s));
    const HttpReply changed = m_node->scGet(path + u"?rev="_s + QString::fromLatin1(revision));
    QVERIFY_SC_JSON(changed);
    QVERIFY(!changed.header("X-Resource-Revision").isEmpty());
    QVERIFY(changed.header("X-Resource-Revision") != revision);
    QCOMPARE(ScTestNode::instancesOf(changed).at(0).toObject().value(u"status").toString(), u"DOWN"_s);
}

// Checklist 21 and §1.3: no instances gives "{}".
void TestScInstances::listInstancesWithoutInstancesIsEmptyObject()
{
    const HttpReply reply = m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(m_sid)));
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.body, QByteArray("{}"));
}

void TestScInstances::listInstancesErrors_data()
{
    QTest::addColumn<QString>("serviceId");
    QTest::addColumn<QByteArray>("consumerId");
    QTest::newRow("unknown provider") << u"nope"_s << QByteArray();
    QTest::newRow("unknown consumer") << u"{sid}"_s << QByteArray("nope");
}

// Checklist 21 and §2.9.
void TestScInstances::listInstancesErrors()
{
    QFETCH(QString, serviceId);
    QFETCH(QByteArray, consumerId);
    serviceId.replace(u"{sid}"_s, m_sid);
    HttpHeaders headers;
    if (!consumerId.isEmpty())
        headers.append(qMakePair(QByteArray("X-ConsumerId"), consumerId));
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(serviceId)), headers), "400012");
}

// Checklist 34 and §2.9.
void TestScInstances::unregister()
{
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_sid));
    SC_REQUIRE_ID(other, m_node->registerInstance(m_sid, ScTestNode::instanceFixture(u"h2"_s)));
    QVERIFY_SC_EMPTY_OK(m_node->unregister(m_sid, iid));
    QVERIFY_SC_ERROR(m_node->unregister(m_sid, iid), "400017");
    QVERIFY_SC_ERROR(m_node->getInstance(m_sid, iid), "400017");
    QVERIFY_SC_ERROR(m_node->heartbeat(m_sid, iid), "400017");
    const QString list = reg(u"/microservices/%1/instances"_s.arg(m_sid));
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(m_node->scGet(list))), QStringList {other});
    QVERIFY_SC_EMPTY_OK(m_node->unregister(m_sid, other));
    QCOMPARE(m_node->scGet(list).body, QByteArray("{}"));
}

QTEST_GUILESS_MAIN(TestScInstances)
#include "tst_scinstances.moc"
