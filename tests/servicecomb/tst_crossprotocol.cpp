// SPDX-License-Identifier: GPL-3.0-or-later
// One registry, two protocols (DESIGN.md "One model, two protocols"; contract servicecomb.md §4.1):
// an Eureka app X is the Service-Center service "x" in appId "eureka", version 0.0.1; a
// Service-Center service "name" is Eureka app NAME with vipAddress "name". Registrations, status
// changes, metadata and deregistrations made through either API show through the other at once, and
// Service-Center watchers hear about Eureka writes. Ends with the Service-Center syncer guide's
// scenario (Eureka "account-server" and Service-Center "hello-server" find each other) on one node.
#include "sctestnode.h"
#include "scwebsocket.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString eurekaApp = u"ACCOUNT-SERVER"_s;
const QString eurekaId = u"10.0.0.1:account-server:8080"_s;

QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The serviceId of the Service-Center service that stands for an Eureka app (lower-cased name).
QString eurekaServiceId(const QString &app)
{
    return ScTestNode::expectedServiceId(u"eureka"_s, app.toLower(), u"0.0.1"_s);
}

// The Eureka fixture (contract eureka.md §2.2) for ACCOUNT-SERVER on 10.0.0.1:8080, metadata
// management.port=8080, lease 30/90.
QJsonObject accountServer(const QString &id = eurekaId, const QString &hostName = u"account-1"_s)
{
    return EurekaTestNode::instanceFixture(eurekaApp, id, hostName);
}

// Empty when every field of expected has the same value in actual; otherwise what differs.
QByteArray mismatch(const QJsonObject &actual, const QJsonObject &expected)
{
    QByteArray why;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (actual.value(it.key()) != it.value()) {
            why += it.key().toUtf8() + ": expected " + QJsonDocument(QJsonArray {it.value()}).toJson(QJsonDocument::Compact)
                + ", got " + QJsonDocument(QJsonArray {actual.value(it.key())}).toJson(QJsonDocument::Compact) + "; ";
        }
    }
    if (!why.isEmpty())
        why += "in " + compact(actual);
    return why;
}

#define QVERIFY_FIELDS(actual, expected) \
    do { \
        const QByteArray fieldsWhy_ = mismatch((actual), (expected)); \
        QVERIFY2(fieldsWhy_.isEmpty(), fieldsWhy_.constData()); \
    } while (false)
}

class TestCrossProtocol : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    // Eureka -> Service-Center
    void eurekaAppIsAServiceCombService();
    void eurekaInstanceIsFoundThroughServiceComb_data();
    void eurekaInstanceIsFoundThroughServiceComb();
    void eurekaInstanceIsReadableThroughServiceComb();
    void eurekaSecurePortBecomesAnSslEndpoint();
    void eurekaStatusMapsToServiceComb_data();
    void eurekaStatusMapsToServiceComb();
    void eurekaLeaseMapsToHealthCheck_data();
    void eurekaLeaseMapsToHealthCheck();
    void eurekaWritesShowInServiceCombAtOnce();
    void serviceCombWritesOnAnEurekaInstance();
    void eurekaWritesReachServiceCombWatchers();

    // Service-Center -> Eureka
    void serviceCombInstanceAppearsInEureka_data();
    void serviceCombInstanceAppearsInEureka();
    void firstRestEndpointGivesIpAndPort();
    void serviceCombStatusMapsToEureka_data();
    void serviceCombStatusMapsToEureka();
    void eurekaWritesOnAServiceCombInstance();
    void eurekaCancelOfAServiceCombInstanceReachesWatchers();

    void syncerGuideScenario_data();
    void syncerGuideScenario();

private:
    void registerAccountServer(const QJsonObject &instance = accountServer());
    // Service "cart" 1.0.0 in appId "shop" with instance m_cartInstance: host cart-1,
    // rest://10.1.2.3:9090 then highway://10.1.2.3:7070, properties {zone: az1}.
    void registerCart(const QString &status = u"UP"_s);

    std::unique_ptr<ScTestNode> m_node;
    QString m_cart;
    QString m_cartInstance;
};

void TestCrossProtocol::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestCrossProtocol::init()
{
    m_node = std::make_unique<ScTestNode>();
    QVERIFY(m_node->start());
    m_cart.clear();
    m_cartInstance.clear();
}

void TestCrossProtocol::cleanup()
{
    m_node.reset();
}

void TestCrossProtocol::registerAccountServer(const QJsonObject &instance)
{
    QVERIFY_STATUS(m_node->registerJson(instance), 204);
}

void TestCrossProtocol::registerCart(const QString &status)
{
    m_cart = m_node->createService(u"cart"_s, u"shop"_s, u"1.0.0"_s);
    QVERIFY2(!m_cart.isEmpty(), ScTestNode::lastFailure().constData());
    QJsonObject body {{u"hostName"_s, u"cart-1"_s},
                      {u"endpoints"_s, QJsonArray {u"rest://10.1.2.3:9090"_s, u"highway://10.1.2.3:7070"_s}},
                      {u"properties"_s, QJsonObject {{u"zone"_s, u"az1"_s}}},
                      {u"status"_s, status}};
    m_cartInstance = m_node->registerInstance(m_cart, body);
    QVERIFY2(!m_cartInstance.isEmpty(), ScTestNode::lastFailure().constData());
}

// An Eureka app is service appId "eureka", name lower case, version 0.0.1, env "", allowCrossApp.
void TestCrossProtocol::eurekaAppIsAServiceCombService()
{
    SC_CALL(registerAccountServer());
    const QString sid = eurekaServiceId(eurekaApp);
    const HttpReply reply = m_node->scGet(reg(u"/microservices/"_s + sid));
    QVERIFY_SC_JSON(reply);
    const QJsonObject service = reply.json().value(u"service").toObject();
    QVERIFY_FIELDS(service, (QJsonObject {{u"serviceId"_s, sid}, {u"appId"_s, u"eureka"_s},
                                          {u"serviceName"_s, u"account-server"_s}, {u"version"_s, u"0.0.1"_s}}));
    QCOMPARE(service.value(u"environment").toString(), QString());
    QCOMPARE(service.value(u"properties").toObject().value(u"allowCrossApp").toString(), u"true"_s);

    const HttpReply existence = m_node->scGet(
        reg(u"/existence?type=microservice&appId=eureka&serviceName=account-server&version=0.0.1"_s));
    QVERIFY_SC_JSON(existence);
    QCOMPARE(existence.json().value(u"serviceId").toString(), sid);

    const HttpReply list = m_node->scGet(reg(u"/microservices"_s));
    QVERIFY_SC_JSON(list);
    QVERIFY2(ScTestNode::findById(list.json().value(u"services").toArray(), u"serviceId"_s, sid),
             list.describe().constData());

    // A second instance of the same app is the same service.
    SC_CALL(registerAccountServer(accountServer(u"10.0.0.9:account-server:8080"_s, u"account-2"_s)));
    const QJsonArray instances = ScTestNode::instancesOf(m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(sid))));
    QCOMPARE(ScTestNode::instanceIds(instances),
             (QStringList {eurekaId, u"10.0.0.9:account-server:8080"_s}));
}

void TestCrossProtocol::eurekaInstanceIsFoundThroughServiceComb_data()
{
    QTest::addColumn<QString>("consumerApp");
    QTest::newRow("consumer in appId default") << u"default"_s;
    QTest::newRow("consumer in appId shop") << u"shop"_s;
    QTest::newRow("consumer in appId eureka") << u"eureka"_s;
}

// Find with appId=eureka from a consumer in any app (env ""): the instance, mapped field by field.
void TestCrossProtocol::eurekaInstanceIsFoundThroughServiceComb()
{
    QFETCH(QString, consumerApp);
    SC_CALL(registerAccountServer());
    SC_REQUIRE_ID(consumer, m_node->createService(u"hello-server"_s, consumerApp));
    const HttpReply reply = m_node->find(u"eureka"_s, u"account-server"_s, consumer, u"version=0%2B"_s);
    QVERIFY_SC_JSON(reply);
    const QJsonArray instances = ScTestNode::instancesOf(reply);
    QCOMPARE(instances.size(), 1);
    QVERIFY_FIELDS(instances.at(0).toObject(),
                   (QJsonObject {{u"instanceId"_s, eurekaId},
                                 {u"serviceId"_s, eurekaServiceId(eurekaApp)},
                                 {u"endpoints"_s, QJsonArray {u"rest://10.0.0.1:8080"_s}},
                                 {u"hostName"_s, u"account-1"_s},
                                 {u"status"_s, u"UP"_s},
                                 {u"version"_s, u"0.0.1"_s},
                                 {u"properties"_s, QJsonObject {{u"management.port"_s, u"8080"_s}}},
                                 {u"healthCheck"_s, ScTestNode::healthCheck(u"push"_s, 30, 2)}}));
    QVERIFY(!reply.header("X-Resource-Revision").isEmpty());
}

// The same instance through the per-service list and the single get.
void TestCrossProtocol::eurekaInstanceIsReadableThroughServiceComb()
{
    SC_CALL(registerAccountServer());
    const QString sid = eurekaServiceId(eurekaApp);
    const HttpReply list = m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(sid)));
    QVERIFY_SC_JSON(list);
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(list)), QStringList {eurekaId});
    const HttpReply one = m_node->getInstance(sid, eurekaId);
    QVERIFY_SC_JSON(one);
    QVERIFY_FIELDS(one.json().value(u"instance").toObject(),
                   (QJsonObject {{u"instanceId"_s, eurekaId}, {u"serviceId"_s, sid}, {u"hostName"_s, u"account-1"_s},
                                 {u"endpoints"_s, QJsonArray {u"rest://10.0.0.1:8080"_s}}}));
}

void TestCrossProtocol::eurekaSecurePortBecomesAnSslEndpoint()
{
    QJsonObject instance = accountServer();
    instance[u"securePort"_s] = QJsonObject {{u"$"_s, 8443}, {u"@enabled"_s, u"true"_s}};
    SC_CALL(registerAccountServer(instance));
    const HttpReply reply = m_node->getInstance(eurekaServiceId(eurekaApp), eurekaId);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().value(u"instance").toObject().value(u"endpoints").toArray(),
             (QJsonArray {u"rest://10.0.0.1:8080"_s, u"rest://10.0.0.1:8443?sslEnabled=true"_s}));
}

void TestCrossProtocol::eurekaStatusMapsToServiceComb_data()
{
    QTest::addColumn<QString>("eurekaStatus");
    QTest::addColumn<QString>("scStatus");
    QTest::newRow("UP") << u"UP"_s << u"UP"_s;
    QTest::newRow("DOWN") << u"DOWN"_s << u"DOWN"_s;
    QTest::newRow("STARTING") << u"STARTING"_s << u"STARTING"_s;
    QTest::newRow("OUT_OF_SERVICE") << u"OUT_OF_SERVICE"_s << u"OUTOFSERVICE"_s;
    QTest::newRow("UNKNOWN") << u"UNKNOWN"_s << u"DOWN"_s;
}

void TestCrossProtocol::eurekaStatusMapsToServiceComb()
{
    QFETCH(QString, eurekaStatus);
    QFETCH(QString, scStatus);
    QJsonObject instance = accountServer();
    instance[u"status"_s] = eurekaStatus;
    SC_CALL(registerAccountServer(instance));
    QCOMPARE(m_node->instance(eurekaApp, eurekaId).value_or(QJsonObject()).value(u"status").toString(), eurekaStatus);
    const HttpReply reply = m_node->getInstance(eurekaServiceId(eurekaApp), eurekaId);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().value(u"instance").toObject().value(u"status").toString(), scStatus);
}

void TestCrossProtocol::eurekaLeaseMapsToHealthCheck_data()
{
    QTest::addColumn<int>("renewalInterval");
    QTest::addColumn<int>("duration");
    QTest::addColumn<int>("times");
    QTest::newRow("30/90") << 30 << 90 << 2;
    QTest::newRow("10/40") << 10 << 40 << 3;
    QTest::newRow("5/30") << 5 << 30 << 5;
    QTest::newRow("1/2") << 1 << 2 << 1;
}

// healthCheck {push, renewalIntervalInSecs, durationInSecs / interval - 1}.
void TestCrossProtocol::eurekaLeaseMapsToHealthCheck()
{
    QFETCH(int, renewalInterval);
    QFETCH(int, duration);
    QFETCH(int, times);
    QJsonObject instance = accountServer();
    instance[u"leaseInfo"_s] = QJsonObject {{u"renewalIntervalInSecs"_s, renewalInterval}, {u"durationInSecs"_s, duration}};
    SC_CALL(registerAccountServer(instance));
    const HttpReply reply = m_node->getInstance(eurekaServiceId(eurekaApp), eurekaId);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().value(u"instance").toObject().value(u"healthCheck").toObject(),
             ScTestNode::healthCheck(u"push"_s, renewalInterval, times));
}

// Eureka status override, override removal, metadata merge and cancel, each seen by the next SC read.
void TestCrossProtocol::eurekaWritesShowInServiceCombAtOnce()
{
    SC_CALL(registerAccountServer());
    const QString sid = eurekaServiceId(eurekaApp);
    const QString eurekaPath = u"/eureka/apps/%1/%2"_s.arg(eurekaApp, eurekaId);
    const auto scField = [&](const QString &field) {
        return m_node->scInstance(sid, eurekaId).value_or(QJsonObject()).value(field);
    };

    QVERIFY_SC_JSON(m_node->getInstance(sid, eurekaId));
    QVERIFY_STATUS(m_node->put(eurekaPath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QCOMPARE(scField(u"status"_s).toString(), u"OUTOFSERVICE"_s);
    QVERIFY_STATUS(m_node->del(eurekaPath + u"/status?value=UP"_s), 200);
    QCOMPARE(scField(u"status"_s).toString(), u"UP"_s);

    QVERIFY_STATUS(m_node->put(eurekaPath + u"/metadata?b=2"_s), 200);
    QCOMPARE(scField(u"properties"_s).toObject(),
             (QJsonObject {{u"management.port"_s, u"8080"_s}, {u"b"_s, u"2"_s}}));

    QVERIFY_STATUS(m_node->del(eurekaPath), 200);
    QVERIFY_SC_ERROR(m_node->getInstance(sid, eurekaId), "400017");
}

// Service-Center writes on an Eureka instance: status (as an override that heartbeats keep),
// properties (replace) and unregister, each seen by the next Eureka read.
void TestCrossProtocol::serviceCombWritesOnAnEurekaInstance()
{
    SC_CALL(registerAccountServer());
    const QString sid = eurekaServiceId(eurekaApp);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(sid, eurekaId, u"DOWN"_s));
    auto eureka = m_node->instance(eurekaApp, eurekaId);
    QVERIFY(eureka);
    QCOMPARE(eureka->value(u"status").toString(), u"DOWN"_s);
    QCOMPARE(eureka->value(u"overriddenStatus").toString(), u"DOWN"_s);
    QVERIFY_STATUS(m_node->put(u"/eureka/apps/%1/%2?status=UP"_s.arg(eurekaApp, eurekaId)), 200);
    QCOMPARE(m_node->instance(eurekaApp, eurekaId).value_or(QJsonObject()).value(u"status").toString(), u"DOWN"_s);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(sid, eurekaId, u"OUTOFSERVICE"_s));
    QCOMPARE(m_node->instance(eurekaApp, eurekaId).value_or(QJsonObject()).value(u"status").toString(),
             u"OUT_OF_SERVICE"_s);

    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/instances/%2/properties"_s.arg(sid, eurekaId)),
                                      {{u"properties"_s, QJsonObject {{u"a"_s, u"1"_s}}}}));
    QCOMPARE(m_node->instance(eurekaApp, eurekaId).value_or(QJsonObject()).value(u"metadata").toObject(),
             (QJsonObject {{u"a"_s, u"1"_s}}));

    QVERIFY_SC_EMPTY_OK(m_node->unregister(sid, eurekaId));
    QVERIFY_STATUS(m_node->get(u"/eureka/apps/%1/%2"_s.arg(eurekaApp, eurekaId)), 404);
    QVERIFY(!EurekaTestNode::findInstance(m_node->applications(), eurekaId));
}

// A Service-Center consumer that found the Eureka app hears CREATE, UPDATE and DELETE for Eureka writes.
void TestCrossProtocol::eurekaWritesReachServiceCombWatchers()
{
    SC_CALL(registerAccountServer());
    SC_REQUIRE_ID(consumer, m_node->createService(u"hello-server"_s, u"shop"_s));
    QVERIFY_SC_JSON(m_node->find(u"eureka"_s, u"account-server"_s, consumer));
    ScWebSocket watcher;
    QVERIFY(watcher.open(m_node->wsUrl(reg(u"/microservices/%1/watcher"_s.arg(consumer)))));

    const QString secondId = u"10.0.0.9:account-server:8080"_s;
    SC_CALL(registerAccountServer(accountServer(secondId, u"account-2"_s)));
    const auto created = watcher.waitForEvent(u"CREATE"_s, secondId);
    QVERIFY2(created, qPrintable(watcher.messages().join(u'\n')));
    QVERIFY_FIELDS(created->value(u"key").toObject(),
                   (QJsonObject {{u"appId"_s, u"eureka"_s}, {u"serviceName"_s, u"account-server"_s},
                                 {u"version"_s, u"0.0.1"_s}, {u"tenant"_s, u"default/default"_s}}));
    QCOMPARE(created->value(u"instance").toObject().value(u"endpoints").toArray(),
             QJsonArray {u"rest://10.0.0.1:8080"_s});

    QVERIFY_STATUS(m_node->put(u"/eureka/apps/%1/%2/status?value=OUT_OF_SERVICE"_s.arg(eurekaApp, secondId)), 200);
    const auto updated = watcher.waitForEvent(u"UPDATE"_s, secondId);
    QVERIFY2(updated, qPrintable(watcher.messages().join(u'\n')));
    QCOMPARE(updated->value(u"instance").toObject().value(u"status").toString(), u"OUTOFSERVICE"_s);

    QVERIFY_STATUS(m_node->del(u"/eureka/apps/%1/%2"_s.arg(eurekaApp, secondId)), 200);
    QVERIFY2(watcher.waitForEvent(u"DELETE"_s, secondId), qPrintable(watcher.messages().join(u'\n')));
}

void TestCrossProtocol::serviceCombInstanceAppearsInEureka_data()
{
    QTest::addColumn<QString>("read");
    QTest::newRow("GET /eureka/apps") << u"full"_s;
    QTest::newRow("GET /eureka/apps/CART") << u"app"_s;
    QTest::newRow("GET /eureka/apps/CART/{id}") << u"instance"_s;
    QTest::newRow("GET /eureka/apps/delta") << u"delta"_s;
    QTest::newRow("GET /eureka/vips/cart") << u"vip"_s;
}

// A Service-Center instance in every Eureka read: app CART, vipAddress cart, the SC ids and fields.
void TestCrossProtocol::serviceCombInstanceAppearsInEureka()
{
    QFETCH(QString, read);
    SC_CALL(registerCart());
    std::optional<QJsonObject> instance;
    if (read == u"full"_s) {
        instance = EurekaTestNode::findInstance(m_node->applications(), m_cartInstance);
    } else if (read == u"app"_s) {
        const HttpReply reply = m_node->get(u"/eureka/apps/CART"_s);
        QVERIFY_STATUS(reply, 200);
        const QJsonObject application = reply.json().value(u"application").toObject();
        QCOMPARE(application.value(u"name").toString(), u"CART"_s);
        instance = ScTestNode::findById(application.value(u"instance").toArray(), u"instanceId"_s, m_cartInstance);
    } else if (read == u"instance"_s) {
        instance = m_node->instance(u"CART"_s, m_cartInstance);
    } else if (read == u"delta"_s) {
        instance = EurekaTestNode::findInstance(m_node->delta(), m_cartInstance);
        QVERIFY(instance);
        QCOMPARE(instance->value(u"actionType").toString(), u"ADDED"_s);
    } else {
        const HttpReply reply = m_node->get(u"/eureka/vips/cart"_s);
        QVERIFY_STATUS(reply, 200);
        instance = EurekaTestNode::findInstance(reply.json().value(u"applications").toObject(), m_cartInstance);
    }
    QVERIFY2(instance, qPrintable(u"no instance "_s + m_cartInstance));
    QVERIFY_FIELDS(*instance, (QJsonObject {{u"instanceId"_s, m_cartInstance},
                                            {u"app"_s, u"CART"_s},
                                            {u"hostName"_s, u"cart-1"_s},
                                            {u"ipAddr"_s, u"10.1.2.3"_s},
                                            {u"status"_s, u"UP"_s},
                                            {u"port"_s, QJsonObject {{u"$"_s, 9090}, {u"@enabled"_s, u"true"_s}}},
                                            {u"vipAddress"_s, u"cart"_s},
                                            {u"appGroupName"_s, u"shop"_s},
                                            {u"metadata"_s, QJsonObject {{u"zone"_s, u"az1"_s}}}}));
}

// ipAddr and port come from the first rest:// endpoint, wherever it is in the list.
void TestCrossProtocol::firstRestEndpointGivesIpAndPort()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"cart"_s, u"shop"_s));
    QJsonObject body = ScTestNode::instanceFixture(u"cart-2"_s);
    body[u"endpoints"_s] = QJsonArray {u"highway://10.1.2.3:7070"_s, u"rest://10.1.2.4:9191"_s,
                                       u"rest://10.1.2.5:9292"_s};
    SC_REQUIRE_ID(iid, m_node->registerInstance(sid, body));
    const auto instance = m_node->instance(u"CART"_s, iid);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"ipAddr").toString(), u"10.1.2.4"_s);
    QCOMPARE(instance->value(u"port").toObject(), (QJsonObject {{u"$"_s, 9191}, {u"@enabled"_s, u"true"_s}}));
}

void TestCrossProtocol::serviceCombStatusMapsToEureka_data()
{
    QTest::addColumn<QString>("scStatus");
    QTest::addColumn<QString>("eurekaStatus");
    QTest::newRow("UP") << u"UP"_s << u"UP"_s;
    QTest::newRow("DOWN") << u"DOWN"_s << u"DOWN"_s;
    QTest::newRow("STARTING") << u"STARTING"_s << u"STARTING"_s;
    QTest::newRow("OUTOFSERVICE") << u"OUTOFSERVICE"_s << u"OUT_OF_SERVICE"_s;
    QTest::newRow("TESTING") << u"TESTING"_s << u"UNKNOWN"_s;
}

// Both at registration and on a later status change.
void TestCrossProtocol::serviceCombStatusMapsToEureka()
{
    QFETCH(QString, scStatus);
    QFETCH(QString, eurekaStatus);
    SC_CALL(registerCart(scStatus));
    QCOMPARE(m_node->instance(u"CART"_s, m_cartInstance).value_or(QJsonObject()).value(u"status").toString(),
             eurekaStatus);

    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_cart, m_cartInstance, scStatus == u"UP"_s ? u"DOWN"_s : u"UP"_s));
    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_cart, m_cartInstance, scStatus));
    QCOMPARE(m_node->instance(u"CART"_s, m_cartInstance).value_or(QJsonObject()).value(u"status").toString(),
             eurekaStatus);
}

// Eureka writes on a Service-Center instance: status override and removal, metadata merge; and the
// Service-Center properties replace in the other direction.
void TestCrossProtocol::eurekaWritesOnAServiceCombInstance()
{
    SC_CALL(registerCart());
    const QString eurekaPath = u"/eureka/apps/CART/"_s + m_cartInstance;
    const auto scField = [&](const QString &field) {
        return m_node->scInstance(m_cart, m_cartInstance).value_or(QJsonObject()).value(field);
    };

    QVERIFY_STATUS(m_node->put(eurekaPath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QCOMPARE(scField(u"status"_s).toString(), u"OUTOFSERVICE"_s);
    QCOMPARE(m_node->instance(u"CART"_s, m_cartInstance).value_or(QJsonObject()).value(u"status").toString(),
             u"OUT_OF_SERVICE"_s);
    QVERIFY_STATUS(m_node->del(eurekaPath + u"/status?value=UP"_s), 200);
    QCOMPARE(scField(u"status"_s).toString(), u"UP"_s);

    QVERIFY_STATUS(m_node->put(eurekaPath + u"/metadata?k=v"_s), 200);
    QCOMPARE(scField(u"properties"_s).toObject(), (QJsonObject {{u"zone"_s, u"az1"_s}, {u"k"_s, u"v"_s}}));

    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/instances/%2/properties"_s.arg(m_cart, m_cartInstance)),
                                      {{u"properties"_s, QJsonObject {{u"x"_s, u"1"_s}}}}));
    QCOMPARE(m_node->instance(u"CART"_s, m_cartInstance).value_or(QJsonObject()).value(u"metadata").toObject(),
             (QJsonObject {{u"x"_s, u"1"_s}}));
}

// An Eureka cancel of a Service-Center instance unregisters it: 400017, and watchers get DELETE.
void TestCrossProtocol::eurekaCancelOfAServiceCombInstanceReachesWatchers()
{
    SC_CALL(registerCart());
    SC_REQUIRE_ID(consumer, m_node->createService(u"checkout"_s, u"shop"_s));
    const HttpReply found = m_node->find(u"shop"_s, u"cart"_s, consumer);
    QVERIFY_SC_JSON(found);
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(found)), QStringList {m_cartInstance});
    ScWebSocket watcher;
    QVERIFY(watcher.open(m_node->wsUrl(reg(u"/microservices/%1/watcher"_s.arg(consumer)))));

    QVERIFY_STATUS(m_node->del(u"/eureka/apps/CART/"_s + m_cartInstance), 200);
    QVERIFY_SC_ERROR(m_node->getInstance(m_cart, m_cartInstance), "400017");
    QVERIFY_STATUS(m_node->get(u"/eureka/apps/CART/"_s + m_cartInstance), 404);
    const auto deleted = watcher.waitForEvent(u"DELETE"_s, m_cartInstance);
    QVERIFY2(deleted, qPrintable(watcher.messages().join(u'\n')));
    QCOMPARE(deleted->value(u"key").toObject().value(u"serviceName").toString(), u"cart"_s);
}

void TestCrossProtocol::syncerGuideScenario_data()
{
    QTest::addColumn<QString>("helloApp");
    QTest::newRow("hello-server in appId default") << u"default"_s;
    QTest::newRow("hello-server in appId hello") << u"hello"_s;
}

// The Service-Center syncer guide on one node: an Eureka client registers account-server, a
// Service-Center client registers hello-server; each finds the other through its own protocol.
void TestCrossProtocol::syncerGuideScenario()
{
    QFETCH(QString, helloApp);
    const QString accountId = u"10.0.0.1:account-server:8090"_s;
    QJsonObject account = EurekaTestNode::instanceFixture(eurekaApp, accountId, u"account-host"_s);
    account[u"port"_s] = QJsonObject {{u"$"_s, 8090}, {u"@enabled"_s, u"true"_s}};
    account[u"vipAddress"_s] = u"account-server"_s;
    QVERIFY_STATUS(m_node->registerJson(account), 204);

    QJsonObject helloService = ScTestNode::serviceFixture(u"hello-server"_s, helloApp, u"0.0.1"_s);
    helloService[u"framework"_s] = QJsonObject {{u"name"_s, u"servicecomb-java-chassis"_s}, {u"version"_s, u"2.8.9"_s}};
    SC_REQUIRE_ID(hello, m_node->createService(helloService));
    SC_REQUIRE_ID(helloInstance, m_node->registerInstance(hello, ScTestNode::instanceFixture(u"hello-host"_s,
                                                                                              u"rest://10.0.0.2:9090"_s)));

    // hello-server finds account-server the way java-chassis 2.x asks.
    const HttpReply found = m_node->find(u"eureka"_s, u"account-server"_s, hello, u"version=0.0.0.0%2B&rev="_s);
    QVERIFY_SC_JSON(found);
    const QJsonArray accounts = ScTestNode::instancesOf(found);
    QCOMPARE(accounts.size(), 1);
    QVERIFY_FIELDS(accounts.at(0).toObject(),
                   (QJsonObject {{u"instanceId"_s, accountId},
                                 {u"endpoints"_s, QJsonArray {u"rest://10.0.0.1:8090"_s}},
                                 {u"hostName"_s, u"account-host"_s},
                                 {u"status"_s, u"UP"_s}}));

    // An Eureka client fetching the registry sees hello-server.
    const auto helloInEureka = EurekaTestNode::findInstance(m_node->applications(), helloInstance);
    QVERIFY2(helloInEureka, "hello-server must be in GET /eureka/apps");
    const HttpReply app = m_node->get(u"/eureka/apps/HELLO-SERVER"_s);
    QVERIFY_STATUS(app, 200);
    const QJsonObject application = app.json().value(u"application").toObject();
    QCOMPARE(application.value(u"name").toString(), u"HELLO-SERVER"_s);
    const auto viaApp = ScTestNode::findById(application.value(u"instance").toArray(), u"instanceId"_s, helloInstance);
    QVERIFY(viaApp);
    QVERIFY_FIELDS(*viaApp, (QJsonObject {{u"app"_s, u"HELLO-SERVER"_s},
                                          {u"hostName"_s, u"hello-host"_s},
                                          {u"ipAddr"_s, u"10.0.0.2"_s},
                                          {u"port"_s, QJsonObject {{u"$"_s, 9090}, {u"@enabled"_s, u"true"_s}}},
                                          {u"vipAddress"_s, u"hello-server"_s},
                                          {u"appGroupName"_s, helloApp},
                                          {u"status"_s, u"UP"_s}}));

    // And the Eureka client's own fetch still has account-server as it registered it.
    const auto accountInEureka = EurekaTestNode::findInstance(m_node->applications(), accountId);
    QVERIFY(accountInEureka);
    QCOMPARE(accountInEureka->value(u"app").toString(), eurekaApp);
    QCOMPARE(accountInEureka->value(u"vipAddress").toString(), u"account-server"_s);
}

QTEST_GUILESS_MAIN(TestCrossProtocol)
#include "tst_crossprotocol.moc"
