// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center discovery against a real node (contract servicecomb.md §2.10, §2.11, §3.5; checklist
// §8 items 22-28): find ignores version rules and returns every version and status, revisions and
// 304, errors, environment scoping, cross-app access, the global SERVICECENTER service, aliases,
// the dependency that find records, and batch find.
#include "sctestnode.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}
}

class TestScDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void findReturnsAllVersionsAndStatuses_data();
    void findReturnsAllVersionsAndStatuses();
    void findReturnsFullInstances();
    void findRevisionGives304();
    void findWithoutInstancesIsEmptyObject();
    void findErrors_data();
    void findErrors();
    void findByAlias();
    void environmentScoping_data();
    void environmentScoping();
    void crossAppNeedsAllowCrossApp_data();
    void crossAppNeedsAllowCrossApp();
    void globalServiceIsVisibleEverywhere_data();
    void globalServiceIsVisibleEverywhere();
    void findRecordsTheDependency();

    void batchFind();
    void batchFindNotModified();
    void batchFindErrors_data();
    void batchFindErrors();

private:
    // Provider "demo" 0.0.1 (instance m_up, UP) and 0.0.2 (instance m_down, DOWN), consumer "client",
    // all in appId "default", environment "".
    void createDemo();

    std::unique_ptr<ScTestNode> m_node;
    QString m_demo1;
    QString m_demo2;
    QString m_up;
    QString m_down;
    QString m_consumer;
};

void TestScDiscovery::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestScDiscovery::init()
{
    m_node = std::make_unique<ScTestNode>();
    QVERIFY(m_node->start());
}

void TestScDiscovery::cleanup()
{
    m_node.reset();
}

void TestScDiscovery::createDemo()
{
    m_demo1 = m_node->createService(u"demo"_s, u"default"_s, u"0.0.1"_s);
    QVERIFY2(!m_demo1.isEmpty(), ScTestNode::lastFailure().constData());
    m_demo2 = m_node->createService(u"demo"_s, u"default"_s, u"0.0.2"_s);
    QVERIFY2(!m_demo2.isEmpty(), ScTestNode::lastFailure().constData());
    QVERIFY(m_demo1 != m_demo2);
    m_up = m_node->registerInstance(m_demo1, ScTestNode::instanceFixture(u"up-host"_s, u"rest://10.0.0.1:8080"_s));
    QVERIFY2(!m_up.isEmpty(), ScTestNode::lastFailure().constData());
    m_down = m_node->registerInstance(m_demo2, ScTestNode::instanceFixture(u"down-host"_s, u"rest://10.0.0.2:8080"_s));
    QVERIFY2(!m_down.isEmpty(), ScTestNode::lastFailure().constData());
    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_demo2, m_down, u"DOWN"_s));
    m_consumer = m_node->createService(u"client"_s);
    QVERIFY2(!m_consumer.isEmpty(), ScTestNode::lastFailure().constData());
}

void TestScDiscovery::findReturnsAllVersionsAndStatuses_data()
{
    QTest::addColumn<QString>("versionQuery");
    QTest::newRow("no version") << QString();
    QTest::newRow("latest") << u"version=latest"_s;
    QTest::newRow("exact 0.0.1") << u"version=0.0.1"_s;
    QTest::newRow("0+ (java-chassis 3)") << u"version=0%2B"_s;
    QTest::newRow("0.0.0.0+ (java-chassis 2)") << u"version=0.0.0.0%2B"_s;
    QTest::newRow("0.0.0.0+ unencoded") << u"version=0.0.0.0+"_s;
    QTest::newRow("double-encoded 0+ (sc-client)") << u"version=0%252B"_s;
    QTest::newRow("range") << u"version=1.0.0-2.0.0"_s;
    QTest::newRow("unknown version") << u"version=9.9.9"_s;
    QTest::newRow("malformed rule") << u"version=not-a-rule"_s;
}

// Checklist 22 and 24, §0.2, §2.10: version is accepted and ignored; all versions, all statuses.
void TestScDiscovery::findReturnsAllVersionsAndStatuses()
{
    QFETCH(QString, versionQuery);
    SC_CALL(createDemo());
    const HttpReply reply = m_node->find(u"default"_s, u"demo"_s, m_consumer, versionQuery);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().keys(), QStringList {u"instances"_s});
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(reply)), sorted({m_up, m_down}));
    QVERIFY(!reply.header("X-Resource-Revision").isEmpty());
}

// §2.10: found instances are whole: service id, version, status, endpoints.
void TestScDiscovery::findReturnsFullInstances()
{
    SC_CALL(createDemo());
    const QJsonArray instances = ScTestNode::instancesOf(m_node->find(u"default"_s, u"demo"_s, m_consumer));
    const auto up = ScTestNode::findById(instances, u"instanceId"_s, m_up);
    const auto down = ScTestNode::findById(instances, u"instanceId"_s, m_down);
    QVERIFY(up);
    QVERIFY(down);
    QCOMPARE(up->value(u"serviceId").toString(), m_demo1);
    QCOMPARE(up->value(u"version").toString(), u"0.0.1"_s);
    QCOMPARE(up->value(u"status").toString(), u"UP"_s);
    QCOMPARE(up->value(u"hostName").toString(), u"up-host"_s);
    QCOMPARE(up->value(u"endpoints").toArray(), QJsonArray {u"rest://10.0.0.1:8080"_s});
    QCOMPARE(down->value(u"serviceId").toString(), m_demo2);
    QCOMPARE(down->value(u"version").toString(), u"0.0.2"_s);
    QCOMPARE(down->value(u"status").toString(), u"DOWN"_s);
}

// Checklist 23 and §2.10.
void TestScDiscovery::findRevisionGives304()
{
    SC_CALL(createDemo());
    const HttpReply first = m_node->find(u"default"_s, u"demo"_s, m_consumer, u"version=0%2B"_s);
    QVERIFY_SC_JSON(first);
    const QByteArray revision = first.header("X-Resource-Revision");
    QVERIFY(!revision.isEmpty());

    const QString revQuery = u"version=0%2B&rev="_s + QString::fromLatin1(revision);
    const HttpReply same = m_node->find(u"default"_s, u"demo"_s, m_consumer, revQuery);
    QVERIFY_STATUS(same, 304);
    QVERIFY2(same.body.isEmpty(), same.describe().constData());
    QCOMPARE(same.header("X-Resource-Revision"), revision);

    // java-chassis sends an empty rev= on its first pull.
    const HttpReply emptyRev = m_node->find(u"default"_s, u"demo"_s, m_consumer, u"rev="_s);
    QVERIFY_SC_JSON(emptyRev);
    QCOMPARE(emptyRev.header("X-Resource-Revision"), revision);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_demo1, m_up, u"OUTOFSERVICE"_s));
    const HttpReply changed = m_node->find(u"default"_s, u"demo"_s, m_consumer, revQuery);
    QVERIFY_SC_JSON(changed);
    const QByteArray newRevision = changed.header("X-Resource-Revision");
    QVERIFY(!newRevision.isEmpty());
    QVERIFY(newRevision != revision);
    QCOMPARE(ScTestNode::findById(ScTestNode::instancesOf(changed), u"instanceId"_s, m_up).value_or(QJsonObject())
                 .value(u"status").toString(),
             u"OUTOFSERVICE"_s);
    QVERIFY_STATUS(m_node->find(u"default"_s, u"demo"_s, m_consumer, u"rev="_s + QString::fromLatin1(newRevision)), 304);

    // A new instance is a change as well.
    SC_REQUIRE_ID(third, m_node->registerInstance(m_demo1, ScTestNode::instanceFixture(u"h3"_s)));
    const HttpReply added = m_node->find(u"default"_s, u"demo"_s, m_consumer, u"rev="_s + QString::fromLatin1(newRevision));
    QVERIFY_SC_JSON(added);
    QVERIFY(added.header("X-Resource-Revision") != newRevision);
    QCOMPARE(ScTestNode::instancesOf(added).size(), 3);
}

// §2.10: the service exists but has no instances.
void TestScDiscovery::findWithoutInstancesIsEmptyObject()
{
    SC_REQUIRE_ID(provider, m_node->createService(u"lonely"_s));
    SC_REQUIRE_ID(consumer, m_node->createService(u"client"_s));
    const HttpReply reply = m_node->find(u"default"_s, u"lonely"_s, consumer);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.body, QByteArray("{}"));
}

void TestScDiscovery::findErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("consumerId");   // "{consumer}" is the real one
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("no appId") << u"serviceName=demo"_s << QByteArray("{consumer}") << QByteArray("400001");
    QTest::newRow("no serviceName") << u"appId=default"_s << QByteArray("{consumer}") << QByteArray("400001");
    QTest::newRow("unknown serviceName") << u"appId=default&serviceName=nope"_s << QByteArray("{consumer}")
                                         << QByteArray("400012");
    QTest::newRow("unknown appId") << u"appId=nope&serviceName=demo"_s << QByteArray("{consumer}")
                                   << QByteArray("400012");
    QTest::newRow("unknown consumer") << u"appId=default&serviceName=demo"_s << QByteArray("unknown")
                                      << QByteArray("400012");
}

// Checklist 24 and §2.10.
void TestScDiscovery::findErrors()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, consumerId);
    QFETCH(QByteArray, code);
    SC_CALL(createDemo());
    const QByteArray consumer = consumerId == "{consumer}" ? m_consumer.toUtf8() : consumerId;
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/instances?"_s + query), {{"X-ConsumerId", consumer}}), code);
}

// §2.10: serviceName may be an alias.
void TestScDiscovery::findByAlias()
{
    QJsonObject service = ScTestNode::serviceFixture(u"orders"_s);
    service[u"alias"_s] = u"orders:v1"_s;
    SC_REQUIRE_ID(provider, m_node->createService(service));
    SC_REQUIRE_ID(iid, m_node->registerInstance(provider));
    SC_REQUIRE_ID(consumer, m_node->createService(u"client"_s));
    const HttpReply reply = m_node->find(u"default"_s, u"orders:v1"_s, consumer);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(reply)), QStringList {iid});
}

void TestScDiscovery::environmentScoping_data()
{
    QTest::addColumn<QString>("consumerEnvironment");   // "none": no X-ConsumerId
    QTest::addColumn<QString>("envQuery");             // appended as &env=… unless null
    QTest::addColumn<bool>("found");
    QTest::newRow("consumer in \"\"") << QString() << QString() << false;
    QTest::newRow("consumer in \"\", env=production ignored") << QString() << u"production"_s << false;
    QTest::newRow("consumer in development") << u"development"_s << QString() << false;
    QTest::newRow("consumer in production") << u"production"_s << QString() << true;
    QTest::newRow("consumer in production, env= ignored") << u"production"_s << u""_s << true;
    QTest::newRow("consumer in production, env=testing ignored") << u"production"_s << u"testing"_s << true;
    QTest::newRow("no consumer, env=production") << u"none"_s << u"production"_s << true;
    QTest::newRow("no consumer, no env") << u"none"_s << QString() << false;
    QTest::newRow("no consumer, env=development") << u"none"_s << u"development"_s << false;
}

// Checklist 25 and §2.10: the consumer's environment decides; "" and development differ.
void TestScDiscovery::environmentScoping()
{
    QFETCH(QString, consumerEnvironment);
    QFETCH(QString, envQuery);
    QFETCH(bool, found);
    SC_REQUIRE_ID(provider, m_node->createService(u"prod-svc"_s, u"default"_s, u"1.0.0"_s, u"production"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(provider));
    QString consumer;
    if (consumerEnvironment != u"none"_s) {
        consumer = m_node->createService(u"client"_s, u"default"_s, u"1.0.0"_s, consumerEnvironment);
        QVERIFY2(!consumer.isEmpty(), ScTestNode::lastFailure().constData());
    }
    const QString query = envQuery.isNull() ? QString() : u"env="_s + envQuery;
    const HttpReply reply = m_node->find(u"default"_s, u"prod-svc"_s, consumer, query);
    if (!found) {
        QVERIFY_SC_ERROR(reply, "400012");
        return;
    }
    QVERIFY_SC_JSON(reply);
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(reply)), QStringList {iid});
}

void TestScDiscovery::crossAppNeedsAllowCrossApp_data()
{
    QTest::addColumn<QString>("allowCrossApp");   // null: no properties PUT
    QTest::addColumn<bool>("found");
    QTest::newRow("no property") << QString() << false;
    QTest::newRow("false") << u"false"_s << false;
    QTest::newRow("true") << u"true"_s << true;
    QTest::newRow("TRUE") << u"TRUE"_s << true;
    QTest::newRow("True") << u"True"_s << true;
}

// Checklist 26 and §2.10: another app's provider is filtered silently unless it allows cross-app.
void TestScDiscovery::crossAppNeedsAllowCrossApp()
{
    QFETCH(QString, allowCrossApp);
    QFETCH(bool, found);
    SC_REQUIRE_ID(provider, m_node->createService(u"provider"_s, u"b"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(provider));
    SC_REQUIRE_ID(consumer, m_node->createService(u"consumer"_s, u"a"_s));
    if (!allowCrossApp.isNull()) {
        QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/properties"_s.arg(provider)),
                                          {{u"properties"_s, QJsonObject {{u"allowCrossApp"_s, allowCrossApp}}}}));
    }
    const HttpReply reply = m_node->find(u"b"_s, u"provider"_s, consumer);
    QVERIFY_SC_JSON(reply);
    if (found)
        QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(reply)), QStringList {iid});
    else
        QCOMPARE(reply.body, QByteArray("{}"));
}

void TestScDiscovery::globalServiceIsVisibleEverywhere_data()
{
    QTest::addColumn<QString>("appId");   // the consumer's; null: no consumer
    QTest::addColumn<QString>("environment");
    QTest::newRow("app x, testing") << u"x"_s << u"testing"_s;
    QTest::newRow("app x, production") << u"x"_s << u"production"_s;
    QTest::newRow("app default, \"\"") << u"default"_s << QString();
    QTest::newRow("no consumer") << QString() << QString();
}

// Checklist 27 and §3.5: SERVICECENTER is found from any app and environment.
void TestScDiscovery::globalServiceIsVisibleEverywhere()
{
    QFETCH(QString, appId);
    QFETCH(QString, environment);
    QString consumer;
    if (!appId.isNull()) {
        consumer = m_node->createService(u"client"_s, appId, u"1.0.0"_s, environment);
        QVERIFY2(!consumer.isEmpty(), ScTestNode::lastFailure().constData());
    }
    const HttpReply health = m_node->scGet(reg(u"/health"_s));
    QVERIFY_SC_JSON(health);
    const QStringList expected = ScTestNode::instanceIds(ScTestNode::instancesOf(health));
    QCOMPARE(expected.size(), 1);

    const HttpReply reply = m_node->find(u"default"_s, u"SERVICECENTER"_s, consumer, u"version=0%2B"_s);
    QVERIFY_SC_JSON(reply);
    const QJsonArray instances = ScTestNode::instancesOf(reply);
    QCOMPARE(ScTestNode::instanceIds(instances), expected);
    QCOMPARE(instances.at(0).toObject().value(u"endpoints").toArray(),
             QJsonArray {u"rest://127.0.0.1:%1/"_s.arg(m_node->port())});
}

// §2.10 side effect and §2.0: find with X-ConsumerId records consumer -> provider.
void TestScDiscovery::findRecordsTheDependency()
{
    SC_CALL(createDemo());
    QVERIFY_SC_JSON(m_node->find(u"default"_s, u"demo"_s, m_consumer));
    const auto ids = [](const QJsonArray &services) {
        QStringList result;
        for (const QJsonValue service : services)
            result.append(service.toObject().value(u"serviceId").toString());
        result.sort();
        return result;
    };
    // Dependencies are recorded asynchronously in Service-Center; allow the same here.
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_node->scGet(reg(u"/microservices/%1/providers"_s.arg(m_consumer)))
                                      .json().value(u"providers").toArray()),
                              sorted({m_demo1, m_demo2}), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(ids(m_node->scGet(reg(u"/microservices/%1/consumers"_s.arg(m_demo1)))
                                      .json().value(u"consumers").toArray()),
                              QStringList {m_consumer}, 3000);
}

// Checklist 28 and §2.11: per-item results, failures grouped with a full error object. (An index of 0
// may be left out under omitempty, so a missing index reads as 0.)
void TestScDiscovery::batchFind()
{
    SC_CALL(createDemo());
    const QJsonObject body {
        {u"services"_s, QJsonArray {
             QJsonObject {{u"service"_s, QJsonObject {{u"appId"_s, u"default"_s}, {u"serviceName"_s, u"demo"_s},
                                                      {u"environment"_s, u""_s}}},
                          {u"rev"_s, u""_s}},
             QJsonObject {{u"service"_s, QJsonObject {{u"appId"_s, u"default"_s}, {u"serviceName"_s, u"nope"_s}}}},
         }},
        {u"instances"_s, QJsonArray {
             QJsonObject {{u"instance"_s, QJsonObject {{u"serviceId"_s, m_demo1}, {u"instanceId"_s, m_up}}}},
             QJsonObject {{u"instance"_s, QJsonObject {{u"serviceId"_s, m_demo1}, {u"instanceId"_s, u"bogus"_s}}}},
         }},
    };
    const HttpReply reply = m_node->scPost(reg(u"/instances/action?type=query"_s), body, ScTestNode::consumer(m_consumer));
    QVERIFY_SC_JSON(reply);
    const QJsonObject services = reply.json().value(u"services").toObject();
    const QJsonArray updated = services.value(u"updated").toArray();
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.at(0).toObject().value(u"index").toInt(0), 0);
    QVERIFY(!updated.at(0).toObject().value(u"rev").toString().isEmpty());
    QCOMPARE(ScTestNode::instanceIds(updated.at(0).toObject().value(u"instances").toArray()), sorted({m_up, m_down}));
    const QJsonArray failed = services.value(u"failed").toArray();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).toObject().value(u"indexes").toArray(), QJsonArray {1});
    const QJsonObject serviceError = failed.at(0).toObject().value(u"error").toObject();
    QCOMPARE(serviceError.value(u"errorCode"), QJsonValue(u"400012"_s));
    QVERIFY(!serviceError.value(u"errorMessage").toString().isEmpty());

    const QJsonObject instances = reply.json().value(u"instances").toObject();
    const QJsonArray instancesUpdated = instances.value(u"updated").toArray();
    QCOMPARE(instancesUpdated.size(), 1);
    QCOMPARE(instancesUpdated.at(0).toObject().value(u"index").toInt(0), 0);
    QCOMPARE(ScTestNode::instanceIds(instancesUpdated.at(0).toObject().value(u"instances").toArray()),
             QStringList {m_up});
    const QJsonArray instancesFailed = instances.value(u"failed").toArray();
    QCOMPARE(instancesFailed.size(), 1);
    QCOMPARE(instancesFailed.at(0).toObject().value(u"indexes").toArray(), QJsonArray {1});
    QCOMPARE(instancesFailed.at(0).toObject().value(u"error").toObject().value(u"errorCode"), QJsonValue(u"400017"_s));
}

// §2.11: an item whose rev is current lands in notModified.
void TestScDiscovery::batchFindNotModified()
{
    SC_CALL(createDemo());
    const QByteArray revision = m_node->find(u"default"_s, u"demo"_s, m_consumer).header("X-Resource-Revision");
    QVERIFY(!revision.isEmpty());
    const QJsonObject demoKey {{u"appId"_s, u"default"_s}, {u"serviceName"_s, u"demo"_s}};
    const QJsonObject body {{u"services"_s, QJsonArray {
                                 QJsonObject {{u"service"_s, demoKey}, {u"rev"_s, u"stale"_s}},
                                 QJsonObject {{u"service"_s, demoKey}, {u"rev"_s, QString::fromLatin1(revision)}},
                             }}};
    const HttpReply reply = m_node->scPost(reg(u"/instances/action?type=query"_s), body, ScTestNode::consumer(m_consumer));
    QVERIFY_SC_JSON(reply);
    const QJsonObject services = reply.json().value(u"services").toObject();
    QCOMPARE(services.value(u"notModified").toArray(), QJsonArray {1});
    const QJsonArray updated = services.value(u"updated").toArray();
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.at(0).toObject().value(u"index").toInt(0), 0);
    QCOMPARE(updated.at(0).toObject().value(u"rev").toString(), QString::fromLatin1(revision));
}

void TestScDiscovery::batchFindErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("emptyLists");
    QTest::newRow("no type") << QString() << false;
    QTest::newRow("type=foo") << u"?type=foo"_s << false;
    QTest::newRow("both lists empty") << u"?type=query"_s << true;
}

// Checklist 28 and §2.11.
void TestScDiscovery::batchFindErrors()
{
    QFETCH(QString, query);
    QFETCH(bool, emptyLists);
    SC_CALL(createDemo());
    const QJsonObject item {{u"service"_s, QJsonObject {{u"appId"_s, u"default"_s}, {u"serviceName"_s, u"demo"_s}}}};
    const QJsonObject body = emptyLists
        ? QJsonObject {{u"services"_s, QJsonArray {}}, {u"instances"_s, QJsonArray {}}}
        : QJsonObject {{u"services"_s, QJsonArray {item}}};
    QVERIFY_SC_ERROR(m_node->scPost(reg(u"/instances/action"_s) + query, body, ScTestNode::consumer(m_consumer)),
                     "400001");
}

QTEST_GUILESS_MAIN(TestScDiscovery)
#include "tst_scdiscovery.moc"
