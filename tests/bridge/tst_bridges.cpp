// SPDX-License-Identifier: GPL-3.0-or-later
// Bridges (docs/bridges.md) between nodes of this process: an "external" node plays the Eureka
// server or the Service-Center, and the bridging node reads it every 100 ms.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr int syncTimeoutMs = 10000;
const QString markKey = u"muster.bridged-by"_s;

QUrl eurekaUrl(quint16 port)
{
    return QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(port));
}

QUrl serviceCenterUrl(quint16 port)
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

NodeConfig bridgingConfig(const QString &name, quint16 port, const QList<BridgeTarget> &bridges, int graceSecs = 30)
{
    NodeConfig config = H::config(name, port);
    config.bridges = bridges;
    config.bridgeSettings.pollIntervalMs = 100;
    config.bridgeSettings.graceSecs = graceSecs;
    return config;
}

QJsonObject instanceAt(quint16 port, const QString &app, const QString &id)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, u"127.0.0.1"_s);
    instance.insert(u"ipAddr"_s, u"127.0.0.1"_s);
    instance.insert(u"port"_s, QJsonObject {{u"$"_s, port}, {u"@enabled"_s, u"true"_s}});
    instance.insert(u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, 90}});
    return instance;
}

QJsonArray bridges(EurekaTestNode &node)
{
    return node.get(u"/muster/api/v1/bridges"_s).json().value(u"bridges").toArray();
}

QJsonObject bridge(EurekaTestNode &node, int index = 0)
{
    return bridges(node).at(index).toObject();
}

QString bridgeState(EurekaTestNode &node, int index = 0)
{
    return bridge(node, index).value(u"state").toString();
}

// An instance id → its app, over every application a node's Eureka API lists.
int countOf(EurekaTestNode &node, const QString &id)
{
    int count = 0;
    for (const QJsonValue &instance : EurekaTestNode::allInstances(node.applications())) {
        if (instance.toObject().value(u"instanceId").toString() == id)
            ++count;
    }
    return count;
}

// A Service-Center service and one instance in it, registered at node over its v4 API.
QString registerOverServiceCenter(EurekaTestNode &node, const QString &serviceName, int endpointPort)
{
    const QJsonObject service {{u"appId"_s, u"demo"_s}, {u"serviceName"_s, serviceName}, {u"version"_s, u"1.0.0"_s}};
    const HttpHeaders json {{"Content-Type", "application/json"}};
    const HttpReply created = node.send("POST", u"/v4/default/registry/microservices"_s,
                                        QJsonDocument(QJsonObject {{u"service"_s, service}}).toJson(), json);
    const QString serviceId = created.json().value(u"serviceId").toString();
    if (serviceId.isEmpty())
        return {};
    const QJsonObject instance {
        {u"hostName"_s, u"sc-host"_s},
        {u"endpoints"_s, QJsonArray {u"rest://127.0.0.1:%1"_s.arg(endpointPort)}},
        {u"status"_s, u"UP"_s},
        {u"healthCheck"_s, QJsonObject {{u"mode"_s, u"push"_s}, {u"interval"_s, 30}, {u"times"_s, 3}}},
    };
    const HttpReply registered = node.send("POST", u"/v4/default/registry/microservices/%1/instances"_s.arg(serviceId),
                                           QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(), json);
    return registered.json().value(u"instanceId").toString();
}

// The instances of every service, as Service-Center's governance API lists them: id → service name.
QHash<QString, QString> serviceCenterInstances(EurekaTestNode &node)
{
    QHash<QString, QString> result;
    const QJsonObject body = node.get(u"/v4/default/govern/microservices?options=instances"_s).json();
    for (const QJsonValue &detail : body.value(u"allServicesDetail").toArray()) {
        const QString name = detail[u"microService"][u"serviceName"].toString();
        for (const QJsonValue &instance : detail[u"instances"].toArray())
            result.insert(instance[u"instanceId"].toString(), name);
    }
    return result;
}

// Answers every request with 200 and a body that is not a registry's.
class GarbageServer : public QTcpServer
{
public:
    GarbageServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"apps\":[");
                    socket->flush();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
};
}

class TestBridges : public QObject
{
    Q_OBJECT

private slots:
    void pullsAnEurekaServersInstancesAsForeignEntries();
    void pushesItsOwnInstancesMarkedAndNeverPullsThemBack();
    void theBridgeKeepsForeignLeasesAlive();
    void statusAndMetadataChangesTravelBothWays();
    void twoExternalsOfDifferentKindsFindEachOther();
    void eurekaIdsThatServiceCenterRefusesAreMapped();
    void aServiceGoesToServiceCenterWithItsSchemas();
    void cutKeepsPulledEntriesForTheGracePeriodThenResyncs();
    void removingABridgeTakesItsEntriesAway();
    void twoNodesBridgedToOneServerDoNotEcho();
    void foreignEntriesReplicateToPeers();
    void unparseableAnswersAreShownNotFatal();
    void apiRefusesBadBridges();

private:
    std::unique_ptr<EurekaTestNode> startNode(NodeConfig config);
};

std::unique_ptr<EurekaTestNode> TestBridges::startNode(NodeConfig config)
{
    auto node = std::make_unique<EurekaTestNode>(std::move(config));
    if (!node->start())
        return nullptr;
    return node;
}

void TestBridges::pullsAnEurekaServersInstancesAsForeignEntries()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}}));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);

    QVERIFY_STATUS(external->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QCOMPARE(bridge(*node).value(u"pulled").toInt(), 1);
    QCOMPARE(H::field(*node, u"ACCOUNT"_s, u"acc-1"_s, u"ipAddr"_s), u"127.0.0.1"_s);
    // Served over Service-Center too, as the Eureka app's service.
    QTRY_VERIFY_WITH_TIMEOUT(serviceCenterInstances(*node).contains(u"acc-1"_s), syncTimeoutMs);

    QVERIFY_STATUS(external->del(u"/eureka/apps/ACCOUNT/acc-1"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bridge(*node).value(u"pulled").toInt(), 0, syncTimeoutMs);
}

void TestBridges::pushesItsOwnInstancesMarkedAndNeverPullsThemBack()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}}));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);

    QVERIFY_STATUS(node->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    const QString mark = H::metadata(*external, u"HELLO"_s, u"hello-1"_s, markKey);
    QVERIFY2(mark.startsWith(u"node@http://127.0.0.1:"_s), qPrintable(mark));
    QTRY_COMPARE_WITH_TIMEOUT(bridge(*node).value(u"pushed").toInt(), 1, syncTimeoutMs);

    // Several reads later the node still holds its own copy only, unmarked, and pulled nothing.
    const qint64 syncedAt = QDateTime::fromString(bridge(*node).value(u"lastSync").toString(), Qt::ISODateWithMs)
                                .toMSecsSinceEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::fromString(bridge(*node).value(u"lastSync").toString(), Qt::ISODateWithMs)
                                     .toMSecsSinceEpoch() > syncedAt + 300, syncTimeoutMs);
    QCOMPARE(countOf(*node, u"hello-1"_s), 1);
    QCOMPARE(bridge(*node).value(u"pulled").toInt(), 0);
    QVERIFY(H::metadata(*node, u"HELLO"_s, u"hello-1"_s, markKey).isEmpty());

    QVERIFY_STATUS(node->del(u"/eureka/apps/HELLO/hello-1"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bridge(*node).value(u"pushed").toInt(), 0, syncTimeoutMs);
}

void TestBridges::theBridgeKeepsForeignLeasesAlive()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    NodeConfig expiring = bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}});
    expiring.registry.selfPreservationEnabled = false;
    expiring.evictionIntervalSecs = 1;
    auto node = startNode(expiring);
    QVERIFY(node);
    QJsonObject shortLease = instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s);
    shortLease.insert(u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, 3}});
    QVERIFY_STATUS(external->registerJson(shortLease), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);

    // Renewed once a second by the bridge alone: after five renewals (two leases long) it is still there.
    const qint64 renewsBefore = node->nodeStatus().value(u"renewsTotal").toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(node->nodeStatus().value(u"renewsTotal").toInteger() >= renewsBefore + 5, syncTimeoutMs);
    QVERIFY(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s));
}

void TestBridges::statusAndMetadataChangesTravelBothWays()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}}));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);

    QVERIFY_STATUS(external->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QVERIFY_STATUS(external->put(u"/eureka/apps/ACCOUNT/acc-1/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(H::field(*node, u"ACCOUNT"_s, u"acc-1"_s, u"status"_s), u"OUT_OF_SERVICE"_s, syncTimeoutMs);
    QVERIFY_STATUS(external->del(u"/eureka/apps/ACCOUNT/acc-1/status?value=UP"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(H::field(*node, u"ACCOUNT"_s, u"acc-1"_s, u"status"_s), u"UP"_s, syncTimeoutMs);
    QVERIFY_STATUS(external->put(u"/eureka/apps/ACCOUNT/acc-1/metadata?zone=east"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(H::metadata(*node, u"ACCOUNT"_s, u"acc-1"_s, u"zone"_s), u"east"_s, syncTimeoutMs);

    QVERIFY_STATUS(node->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QVERIFY_STATUS(node->put(u"/eureka/apps/HELLO/hello-1/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(H::field(*external, u"HELLO"_s, u"hello-1"_s, u"status"_s), u"OUT_OF_SERVICE"_s, syncTimeoutMs);
    QVERIFY_STATUS(node->put(u"/eureka/apps/HELLO/hello-1/metadata?zone=west"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(H::metadata(*external, u"HELLO"_s, u"hello-1"_s, u"zone"_s), u"west"_s, syncTimeoutMs);
}

void TestBridges::twoExternalsOfDifferentKindsFindEachOther()
{
    auto eureka = startNode(H::config(u"eureka"_s, 0));
    auto serviceCenter = startNode(H::config(u"servicecenter"_s, 0));
    QVERIFY(eureka && serviceCenter);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(eureka->port())},
                                                        {BridgeState::Kind::ServiceComb,
                                                         serviceCenterUrl(serviceCenter->port())}}));
    QVERIFY(node);
    QTRY_VERIFY_WITH_TIMEOUT(bridgeState(*node, 0) == u"in sync"_s && bridgeState(*node, 1) == u"in sync"_s,
                             syncTimeoutMs);

    QVERIFY_STATUS(eureka->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    const QString helloId = registerOverServiceCenter(*serviceCenter, u"hello"_s, 9002);
    QVERIFY(!helloId.isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(serviceCenterInstances(*serviceCenter).value(u"acc-1"_s), u"account"_s, syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*eureka, u"HELLO"_s, helloId), syncTimeoutMs);
    QCOMPARE(H::field(*eureka, u"HELLO"_s, helloId, u"ipAddr"_s), u"127.0.0.1"_s);
    QCOMPARE(H::metadata(*eureka, u"HELLO"_s, helloId, markKey).section(u'@', 0, 0), u"node"_s);

    // An Eureka client of the Muster node used as the Service-Center, with an id Service-Center
    // registrations could not use: the bridge reads it all the same.
    QVERIFY_STATUS(serviceCenter->registerJson(instanceAt(9006, u"PAYMENTS"_s, u"127.0.0.1:payments:9006"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*eureka, u"PAYMENTS"_s, u"127.0.0.1:payments:9006"_s), syncTimeoutMs);

    // Neither travels back to where it came from.
    QCOMPARE(countOf(*eureka, u"acc-1"_s), 1);
    QCOMPARE(serviceCenterInstances(*serviceCenter).count(helloId), 1);
    QCOMPARE(H::metadata(*eureka, u"ACCOUNT"_s, u"acc-1"_s, markKey), QString());

    QVERIFY_STATUS(eureka->del(u"/eureka/apps/ACCOUNT/acc-1"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!serviceCenterInstances(*serviceCenter).contains(u"acc-1"_s), syncTimeoutMs);
}

// host:app:port is not a Service-Center instance id: it goes there as its SHA-1, and a bridge reading
// that Service-Center gives the instance its own id back.
void TestBridges::eurekaIdsThatServiceCenterRefusesAreMapped()
{
    auto eureka = startNode(H::config(u"eureka"_s, 0));
    auto serviceCenter = startNode(H::config(u"servicecenter"_s, 0));
    QVERIFY(eureka && serviceCenter);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(eureka->port())},
                                                        {BridgeState::Kind::ServiceComb,
                                                         serviceCenterUrl(serviceCenter->port())}}));
    auto reader = startNode(bridgingConfig(u"reader"_s, 0, {{BridgeState::Kind::ServiceComb,
                                                             serviceCenterUrl(serviceCenter->port())}}));
    QVERIFY(node && reader);
    const QString id = u"127.0.0.1:billing:9003"_s;
    const QString hashed = QString::fromLatin1(QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1).toHex());
    QVERIFY_STATUS(eureka->registerJson(instanceAt(9003, u"BILLING"_s, id)), 204);

    QTRY_COMPARE_WITH_TIMEOUT(serviceCenterInstances(*serviceCenter).value(hashed), u"billing"_s, syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*reader, u"BILLING"_s, id), syncTimeoutMs);
    QVERIFY(!H::has(*reader, u"BILLING"_s, hashed));
    QCOMPARE(bridge(*node, 1).value(u"lastError").toString(), QString());

    QVERIFY_STATUS(eureka->del(u"/eureka/apps/BILLING/"_s + id), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!serviceCenterInstances(*serviceCenter).contains(hashed), syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*reader, u"BILLING"_s, id), syncTimeoutMs);
}

void TestBridges::aServiceGoesToServiceCenterWithItsSchemas()
{
    auto serviceCenter = startNode(H::config(u"servicecenter"_s, 0));
    QVERIFY(serviceCenter);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::ServiceComb,
                                                         serviceCenterUrl(serviceCenter->port())}}));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);
    const QString instanceId = registerOverServiceCenter(*node, u"orders"_s, 9004);
    QVERIFY(!instanceId.isEmpty());
    const QString serviceId = node->get(u"/v4/default/registry/existence?type=microservice&appId=demo"
                                        "&serviceName=orders&version=1.0.0"_s).json().value(u"serviceId").toString();
    QVERIFY(!serviceId.isEmpty());
    const QByteArray schema = QJsonDocument(QJsonObject {{u"schema"_s, u"openapi: 3.0.0"_s},
                                                         {u"summary"_s, u"v1"_s}}).toJson();
    QVERIFY_STATUS(node->send("PUT", u"/v4/default/registry/microservices/%1/schemas/orders-api"_s.arg(serviceId), schema,
                              {{"Content-Type", "application/json"}}), 200);
    // A later instance of the service carries it there, in the service of the same id.
    const QString second = registerOverServiceCenter(*node, u"orders"_s, 9005);
    QVERIFY(!second.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(serviceCenterInstances(*serviceCenter).contains(second), syncTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(serviceCenter->get(u"/v4/default/registry/microservices/%1/schemas/orders-api"_s.arg(serviceId))
                                  .json().value(u"schema").toString(), u"openapi: 3.0.0"_s, syncTimeoutMs);
}

void TestBridges::cutKeepsPulledEntriesForTheGracePeriodThenResyncs()
{
    const QList<quint16> ports = H::reservePorts(1);
    QCOMPARE(ports.size(), 1);
    auto external = startNode(H::config(u"external"_s, ports[0]));
    QVERIFY(external);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(ports[0])}}, 2));
    QVERIFY(node);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);
    QVERIFY_STATUS(external->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    QVERIFY_STATUS(node->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);

    external.reset();
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"cut"_s, syncTimeoutMs);
    QVERIFY(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s));   // stale, within the grace period
    QVERIFY(!bridge(*node).value(u"graceEnds").toString().isEmpty());
    QVERIFY(!bridge(*node).value(u"lastError").toString().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QVERIFY(H::has(*node, u"HELLO"_s, u"hello-1"_s));

    // Back, empty: the node's instance is registered there again, nothing else appears twice.
    external = startNode(H::config(u"external"_s, ports[0]));
    QVERIFY(external);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QCOMPARE(countOf(*external, u"hello-1"_s), 1);
    QCOMPARE(countOf(*node, u"hello-1"_s), 1);
    QVERIFY(!H::has(*node, u"ACCOUNT"_s, u"acc-1"_s));
}

void TestBridges::removingABridgeTakesItsEntriesAway()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    auto node = startNode(bridgingConfig(u"node"_s, 0, {}));
    QVERIFY(node);
    const QByteArray body = QJsonDocument(QJsonObject {{u"kind"_s, u"eureka"_s},
                                                       {u"url"_s, eurekaUrl(external->port()).toString()}}).toJson();
    const HttpReply added = node->send("POST", u"/muster/api/v1/bridges"_s, body, {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(added, 201);
    QCOMPARE(added.json().value(u"kind").toString(), u"eureka"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*node), u"in sync"_s, syncTimeoutMs);

    QVERIFY_STATUS(external->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    QVERIFY_STATUS(node->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);

    const QString url = QString::fromLatin1(QUrl::toPercentEncoding(eurekaUrl(external->port()).toString()));
    QVERIFY_STATUS(node->del(u"/muster/api/v1/bridges?url="_s + url), 204);
    QCOMPARE(bridges(*node).size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*node, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QVERIFY(H::has(*node, u"HELLO"_s, u"hello-1"_s));
    QVERIFY(H::has(*external, u"ACCOUNT"_s, u"acc-1"_s));
    QVERIFY_STATUS(node->del(u"/muster/api/v1/bridges?url="_s + url), 404);
}

void TestBridges::twoNodesBridgedToOneServerDoNotEcho()
{
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    const QList<BridgeTarget> target {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}};
    auto a = startNode(bridgingConfig(u"a"_s, 0, target));
    auto b = startNode(bridgingConfig(u"b"_s, 0, target));
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(bridgeState(*a) == u"in sync"_s && bridgeState(*b) == u"in sync"_s, syncTimeoutMs);

    QVERIFY_STATUS(a->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*b, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bridge(*b).value(u"pulled").toInt(), 1, syncTimeoutMs);
    // B holds it as foreign and pushes it nowhere; A keeps its own copy and pulls nothing.
    QTRY_COMPARE_WITH_TIMEOUT(bridgeState(*b), u"in sync"_s, syncTimeoutMs);
    QCOMPARE(bridge(*b).value(u"pushed").toInt(), 0);
    QCOMPARE(bridge(*a).value(u"pulled").toInt(), 0);
    QCOMPARE(countOf(*external, u"hello-1"_s), 1);
    QCOMPARE(countOf(*a, u"hello-1"_s), 1);
    QVERIFY(H::metadata(*external, u"HELLO"_s, u"hello-1"_s, markKey).startsWith(u"a@"_s));

    QVERIFY_STATUS(a->del(u"/eureka/apps/HELLO/hello-1"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*external, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*b, u"HELLO"_s, u"hello-1"_s), syncTimeoutMs);
    QVERIFY(!H::has(*a, u"HELLO"_s, u"hello-1"_s));
}

void TestBridges::foreignEntriesReplicateToPeers()
{
    const QList<quint16> ports = H::reservePorts(2);
    QCOMPARE(ports.size(), 2);
    auto external = startNode(H::config(u"external"_s, 0));
    QVERIFY(external);
    NodeConfig bridging = bridgingConfig(u"node"_s, ports[0], {{BridgeState::Kind::Eureka, eurekaUrl(external->port())}});
    bridging.peers = {H::serviceUrl(ports[0]), H::serviceUrl(ports[1])};
    auto node = std::make_unique<EurekaTestNode>(bridging);
    auto peer = std::make_unique<EurekaTestNode>(H::config(u"peer"_s, ports[1], bridging.peers));
    QVERIFY(H::startReady(*node));
    QVERIFY(H::startReady(*peer));

    QVERIFY_STATUS(external->registerJson(instanceAt(9001, u"ACCOUNT"_s, u"acc-1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(*peer, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
    QVERIFY_STATUS(external->del(u"/eureka/apps/ACCOUNT/acc-1"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(*peer, u"ACCOUNT"_s, u"acc-1"_s), syncTimeoutMs);
}

void TestBridges::unparseableAnswersAreShownNotFatal()
{
    GarbageServer garbage;
    QVERIFY(garbage.listen(QHostAddress::LocalHost));
    auto node = startNode(bridgingConfig(u"node"_s, 0, {{BridgeState::Kind::Eureka, eurekaUrl(garbage.serverPort())},
                                                        {BridgeState::Kind::ServiceComb,
                                                         serviceCenterUrl(garbage.serverPort())}}));
    QVERIFY(node);
    QTRY_VERIFY_WITH_TIMEOUT(!bridge(*node, 0).value(u"lastError").toString().isEmpty()
                                 && !bridge(*node, 1).value(u"lastError").toString().isEmpty(), syncTimeoutMs);
    QCOMPARE(bridgeState(*node, 0), u"connecting"_s);
    QCOMPARE(bridgeState(*node, 1), u"connecting"_s);
    QVERIFY_STATUS(node->registerJson(instanceAt(9002, u"HELLO"_s, u"hello-1"_s)), 204);
    QVERIFY(H::has(*node, u"HELLO"_s, u"hello-1"_s));
}

void TestBridges::apiRefusesBadBridges()
{
    auto node = startNode(bridgingConfig(u"node"_s, 0, {}));
    QVERIFY(node);
    const HttpHeaders json {{"Content-Type", "application/json"}};
    const auto post = [&](const QByteArray &body) { return node->send("POST", u"/muster/api/v1/bridges"_s, body, json); };
    const HttpReply garbage = post("{nope");
    QVERIFY_STATUS(garbage, 400);
    QVERIFY(garbage.json().value(u"error").toString().contains(u"cannot parse"_s));
    const HttpReply kind = post("{\"kind\":\"zookeeper\",\"url\":\"http://127.0.0.1:1/\"}");
    QVERIFY_STATUS(kind, 400);
    QVERIFY(kind.json().value(u"error").toString().contains(u"zookeeper"_s));
    QVERIFY_STATUS(post("{\"kind\":\"eureka\",\"url\":\"ftp://127.0.0.1/eureka/\"}"), 400);
    QVERIFY_STATUS(post("{\"kind\":\"eureka\"}"), 400);
    const QByteArray itself = u"{\"kind\":\"eureka\",\"url\":\"http://127.0.0.1:%1/eureka/\"}"_s.arg(node->port()).toUtf8();
    QVERIFY_STATUS(post(itself), 400);
    QVERIFY_STATUS(post("{\"kind\":\"servicecomb\",\"url\":\"http://127.0.0.1:1\"}"), 201);
    QVERIFY_STATUS(post("{\"kind\":\"servicecomb\",\"url\":\"http://127.0.0.1:1/\"}"), 409);
    QVERIFY_STATUS(node->del(u"/muster/api/v1/bridges"_s), 400);
    QVERIFY_STATUS(node->del(u"/muster/api/v1/bridges?url=http%3A%2F%2F127.0.0.1%3A1"_s), 204);
}

QTEST_MAIN(TestBridges)
#include "tst_bridges.moc"
