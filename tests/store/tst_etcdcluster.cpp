// SPDX-License-Identifier: GPL-3.0-or-later
// Two nodes over one real etcd: one registry, whichever node and protocol wrote it; leases kept
// alive by heartbeats at either node and ended by etcd everywhere.
#include "etcdtestsupport.h"

#include "node/nodehandle.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace EtcdTestSupport;

class TestEtcdCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void nodeStatusNamesTheStore();
    void eurekaWriteAtOneNodeIsFoundOverServiceCenterAtTheOther();
    void serviceCenterWriteAtOneNodeIsFetchedOverEurekaAtTheOther();
    void everyNodeAnswersTheSameRevisionAndHashcode();
    void statusAndMetadataWrittenAtOneNodeShowAtTheOther();
    void cancelAtOneNodeRemovesTheInstanceEverywhere();
    void heartbeatsAtEitherNodeKeepTheLeaseThenItExpiresEverywhere();
    void heartbeatsFasterThanTheRefreshWindowShareAKeepAlive();
    void serviceCenterHeartbeatsKeepTheLeaseThenItExpiresEverywhere();
    void aStoppedNodesInstancesLiveUntilTheirLeasesEnd();
    void aNewNodeReadsWhatIsThere();
    void consoleCommandsGoThroughEtcdAndStoreStateIsSignalled();
    void pinnedEntriesMadeAtTheConsoleLiveInEtcd();
    void oneNodeChecksAnInstanceAndEveryNodeSeesTheVerdict();

private:
    // How many lease keep-alives etcd has taken, from its own metrics.
    qint64 keepAlivesTaken() const;

    std::unique_ptr<EtcdProcess> m_etcd;
    std::unique_ptr<ScTestNode> m_a;
    std::unique_ptr<ScTestNode> m_b;
    int m_round = 0;
};

void TestEtcdCluster::initTestCase()
{
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
}

// Each test gets its own prefix: a fresh registry in the same etcd.
void TestEtcdCluster::init()
{
    const QString prefix = u"/cluster-%1/"_s.arg(++m_round);
    m_a = startNode(nodeConfig(m_etcd->endpoints(), u"a"_s, prefix));
    m_b = startNode(nodeConfig(m_etcd->endpoints(), u"b"_s, prefix));
    QVERIFY(m_a && m_b);
}

void TestEtcdCluster::cleanup()
{
    m_a.reset();
    m_b.reset();
}

void TestEtcdCluster::cleanupTestCase()
{
    m_etcd.reset();
}

void TestEtcdCluster::nodeStatusNamesTheStore()
{
    const QJsonObject store = storeStatus(*m_a);
    QCOMPARE(store.value(u"kind").toString(), u"etcd"_s);
    QCOMPARE(store.value(u"endpoints").toArray(), QJsonArray {m_etcd->clientUrl().toString()});
    QCOMPARE(store.value(u"endpoint").toString(), m_etcd->clientUrl().toString());
    QCOMPARE(store.value(u"prefix").toString(), u"/cluster-%1/"_s.arg(m_round));
    QCOMPARE(store.value(u"connected").toBool(), true);
    QCOMPARE(store.value(u"stale").toBool(), false);
    QCOMPARE(store.value(u"fullReads").toInteger(), 1);
    QVERIFY(m_a->nodeStatus().value(u"ready").toBool());
}

void TestEtcdCluster::eurekaWriteAtOneNodeIsFoundOverServiceCenterAtTheOther()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"i-1"_s, 60)), 204);
    // The writer answers once its own cache has the write: it reads it at once.
    QVERIFY(m_a->instance(u"MYAPP"_s, u"i-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_b->instance(u"MYAPP"_s, u"i-1"_s), 5000);

    const HttpReply found = m_b->find(u"eureka"_s, u"myapp"_s);
    QVERIFY_SC_JSON(found);
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(found)), QStringList {u"i-1"_s});
    const QJsonObject instance = ScTestNode::instancesOf(found).first().toObject();
    QCOMPARE(instance.value(u"hostName").toString(), u"host-i-1"_s);
    QCOMPARE(instance.value(u"endpoints").toArray(), QJsonArray {u"rest://10.0.0.1:8080"_s});
}

void TestEtcdCluster::serviceCenterWriteAtOneNodeIsFetchedOverEurekaAtTheOther()
{
    SC_REQUIRE_ID(serviceId, m_a->createService(u"orders"_s));
    SC_REQUIRE_ID(instanceId, m_a->registerInstance(serviceId, ScTestNode::instanceFixture(u"h9"_s, u"rest://10.1.2.3:9090"_s)));
    // Service-Center's own view at the other node: the service with its instance.
    QTRY_VERIFY_WITH_TIMEOUT(m_b->scInstance(serviceId, instanceId), 5000);
    QVERIFY(m_b->service(serviceId));

    QTRY_VERIFY_WITH_TIMEOUT(EurekaTestNode::findInstance(m_b->applications(), instanceId), 5000);
    const QJsonObject eureka = *EurekaTestNode::findInstance(m_b->applications(), instanceId);
    QCOMPARE(eureka.value(u"app").toString(), u"ORDERS"_s);
    QCOMPARE(eureka.value(u"ipAddr").toString(), u"10.1.2.3"_s);
    QCOMPARE(eureka.value(u"port").toObject().value(u"$").toInt(), 9090);
}

void TestEtcdCluster::everyNodeAnswersTheSameRevisionAndHashcode()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"APP1"_s, u"r-1"_s, 60)), 204);
    QVERIFY_STATUS(m_b->registerJson(eurekaInstance(u"APP2"_s, u"r-2"_s, 60)), 204);
    QVERIFY_STATUS(m_a->put(u"/eureka/apps/APP2/r-2/status?value=DOWN"_s), 200);
    SC_REQUIRE_ID(serviceId, m_b->createService(u"billing"_s));
    SC_REQUIRE_ID(instanceId, m_b->registerInstance(serviceId));

    // The newest change under the prefix (the global revision also counts other tests' expiries).
    bool ok = false;
    const QByteArray listing = m_etcd->etcdctl({u"get"_s, u"--prefix"_s, u"/cluster-%1/"_s.arg(m_round), u"-w"_s, u"json"_s}, &ok);
    QVERIFY(ok);
    qint64 etcdRevision = 0;
    for (const QJsonValue kv : QJsonDocument::fromJson(listing).object().value(u"kvs").toArray())
        etcdRevision = std::max(etcdRevision, kv.toObject().value(u"mod_revision").toInteger());
    QVERIFY(etcdRevision > 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_a->nodeStatus().value(u"revision").toInteger(), etcdRevision, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_b->nodeStatus().value(u"revision").toInteger(), etcdRevision, 5000);

    const QJsonObject appsA = m_a->applications();
    const QJsonObject appsB = m_b->applications();
    QCOMPARE(appsA.value(u"versions__delta").toString(), QString::number(etcdRevision));
    QCOMPARE(appsB.value(u"versions__delta").toString(), QString::number(etcdRevision));
    QCOMPARE(appsA.value(u"apps__hashcode").toString(), u"DOWN_1_UP_2_"_s);
    QCOMPARE(appsB.value(u"apps__hashcode").toString(), u"DOWN_1_UP_2_"_s);
    QCOMPARE(appsA, appsB);
    QCOMPARE(m_a->delta().value(u"apps__hashcode").toString(), u"DOWN_1_UP_2_"_s);

    const HttpReply atA = m_a->find(u"default"_s, u"billing"_s);
    const HttpReply atB = m_b->find(u"default"_s, u"billing"_s);
    QVERIFY_SC_JSON(atA);
    QVERIFY(!atA.header("X-Resource-Revision").isEmpty());
    QCOMPARE(atA.header("X-Resource-Revision"), atB.header("X-Resource-Revision"));
}

void TestEtcdCluster::statusAndMetadataWrittenAtOneNodeShowAtTheOther()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"s-1"_s, 60)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(m_b->instance(u"MYAPP"_s, u"s-1"_s), 5000);
    QVERIFY_STATUS(m_b->put(u"/eureka/apps/MYAPP/s-1/status?value=OUT_OF_SERVICE"_s), 200);
    QVERIFY_STATUS(m_b->put(u"/eureka/apps/MYAPP/s-1/metadata?zone=east"_s), 200);
    QCOMPARE(m_b->instance(u"MYAPP"_s, u"s-1"_s)->value(u"status").toString(), u"OUT_OF_SERVICE"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_a->instance(u"MYAPP"_s, u"s-1"_s)->value(u"metadata")[u"zone"].toString(), u"east"_s,
                              5000);
    const QJsonObject atA = *m_a->instance(u"MYAPP"_s, u"s-1"_s);
    QCOMPARE(atA.value(u"status").toString(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(atA.value(u"overriddenStatus").toString(), u"OUT_OF_SERVICE"_s);
    // The override holds at the first node too: a re-register with UP keeps OUT_OF_SERVICE.
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"s-1"_s, 60)), 204);
    QCOMPARE(m_a->instance(u"MYAPP"_s, u"s-1"_s)->value(u"status").toString(), u"OUT_OF_SERVICE"_s);
}

void TestEtcdCluster::cancelAtOneNodeRemovesTheInstanceEverywhere()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"c-1"_s, 60)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(m_b->instance(u"MYAPP"_s, u"c-1"_s), 5000);
    QVERIFY_STATUS(m_b->del(u"/eureka/apps/MYAPP/c-1"_s), 200);
    QVERIFY(!m_b->instance(u"MYAPP"_s, u"c-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_a->instance(u"MYAPP"_s, u"c-1"_s), 5000);
    QVERIFY_STATUS(m_a->del(u"/eureka/apps/MYAPP/c-1"_s), 404);
    QVERIFY_STATUS(m_a->put(u"/eureka/apps/MYAPP/c-1"_s), 404);
    bool ok = false;
    QCOMPARE(m_etcd->etcdctl({u"get"_s, u"--prefix"_s, u"--keys-only"_s, u"/cluster-%1/instances/"_s.arg(m_round)}, &ok),
             QByteArray());
    QVERIFY(ok);
}

void TestEtcdCluster::heartbeatsAtEitherNodeKeepTheLeaseThenItExpiresEverywhere()
{
    constexpr int leaseSecs = 2;
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"h-1"_s, leaseSecs)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(m_b->instance(u"MYAPP"_s, u"h-1"_s), 5000);

    // Heartbeats alternate between the nodes for three lease durations: the lease stays.
    QElapsedTimer alive;
    alive.start();
    for (int beat = 0; alive.elapsed() < 3 * leaseSecs * 1000; ++beat) {
        ScTestNode &node = beat % 2 ? *m_b : *m_a;
        QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/h-1"_s), 200);
        QTest::qWait(400);   // a client's heartbeat interval, not a synchronisation
    }
    QVERIFY(m_a->instance(u"MYAPP"_s, u"h-1"_s));
    QVERIFY(m_b->instance(u"MYAPP"_s, u"h-1"_s));

    // No more heartbeats: etcd ends the lease and both caches drop the instance.
    QElapsedTimer silent;
    silent.start();
    QTRY_VERIFY_WITH_TIMEOUT(!m_a->instance(u"MYAPP"_s, u"h-1"_s) && !m_b->instance(u"MYAPP"_s, u"h-1"_s), 10000);
    QVERIFY2(silent.elapsed() >= (leaseSecs - 1) * 1000, "the lease ended before its TTL");
    const QJsonArray removed = EurekaTestNode::allInstances(m_b->delta());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().toObject().value(u"actionType").toString(), u"DELETED"_s);
    QVERIFY_STATUS(m_b->put(u"/eureka/apps/MYAPP/h-1"_s), 404);
}

qint64 TestEtcdCluster::keepAlivesTaken() const
{
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(m_etcd->clientUrl().resolved(QUrl(u"/metrics"_s)))));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
        return -1;
    for (const QByteArray &line : reply->readAll().split('\n')) {
        if (line.startsWith("etcd_debugging_lease_renewed_total "))
            return qint64(line.mid(line.indexOf(' ') + 1).toDouble());
    }
    return -1;
}

// A 6 s lease gets an 8 s etcd lease and a 2 s refresh window: ten heartbeats a second for 5 s send
// one keep-alive per window, not one per heartbeat, and the instance still lives its whole duration
// after the last heartbeat.
void TestEtcdCluster::heartbeatsFasterThanTheRefreshWindowShareAKeepAlive()
{
    constexpr int leaseSecs = 6;
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"BUSY"_s, u"b-1"_s, leaseSecs)), 204);
    const qint64 before = keepAlivesTaken();
    QVERIFY(before >= 0);
    QElapsedTimer beating;
    beating.start();
    int beats = 0;
    while (beating.elapsed() < 5000) {
        QVERIFY_STATUS(m_a->put(u"/eureka/apps/BUSY/b-1"_s), 200);
        ++beats;
        QTest::qWait(100);   // the client's heartbeat interval
    }
    QElapsedTimer silent;
    silent.start();
    const qint64 sent = keepAlivesTaken() - before;
    QVERIFY2(sent >= 1 && sent <= 4, qPrintable(u"%1 keep-alives for %2 heartbeats"_s.arg(sent).arg(beats)));

    QTRY_VERIFY_WITH_TIMEOUT(!m_b->instance(u"BUSY"_s, u"b-1"_s), 15000);
    QVERIFY2(silent.elapsed() >= (leaseSecs - 1) * 1000,
             qPrintable(u"the instance ended %1 ms after its last heartbeat"_s.arg(silent.elapsed())));
}

void TestEtcdCluster::serviceCenterHeartbeatsKeepTheLeaseThenItExpiresEverywhere()
{
    SC_REQUIRE_ID(serviceId, m_a->createService(u"pulse"_s));
    // interval 1, times 1: a TTL of 2 s.
    SC_REQUIRE_ID(instanceId, m_a->registerInstance(serviceId, ScTestNode::instanceFixture(u"h1"_s, 1, 1)));
    QTRY_VERIFY_WITH_TIMEOUT(m_b->scInstance(serviceId, instanceId), 5000);
    QElapsedTimer alive;
    alive.start();
    while (alive.elapsed() < 6000) {
        QVERIFY_SC_EMPTY_OK(m_b->heartbeat(serviceId, instanceId));
        QTest::qWait(400);   // the client's heartbeat interval
    }
    QVERIFY(m_a->scInstance(serviceId, instanceId));
    QTRY_VERIFY_WITH_TIMEOUT(!m_a->scInstance(serviceId, instanceId) && !m_b->scInstance(serviceId, instanceId), 10000);
    QVERIFY_SC_ERROR(m_b->heartbeat(serviceId, instanceId), "400017");
    // The service stays: only the instance was leased.
    QVERIFY(m_a->service(serviceId));
}

void TestEtcdCluster::aStoppedNodesInstancesLiveUntilTheirLeasesEnd()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"o-1"_s, 3)), 204);
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"o-2"_s, 600)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(m_b->instance(u"MYAPP"_s, u"o-1"_s) && m_b->instance(u"MYAPP"_s, u"o-2"_s), 5000);
    m_a.reset();
    QVERIFY(m_b->instance(u"MYAPP"_s, u"o-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_b->instance(u"MYAPP"_s, u"o-1"_s), 10000);
    QVERIFY(m_b->instance(u"MYAPP"_s, u"o-2"_s));
}

void TestEtcdCluster::aNewNodeReadsWhatIsThere()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"MYAPP"_s, u"n-1"_s, 600)), 204);
    SC_REQUIRE_ID(serviceId, m_b->createService(u"catalog"_s));
    auto late = startNode(nodeConfig(m_etcd->endpoints(), u"c"_s, u"/cluster-%1/"_s.arg(m_round)));
    QVERIFY(late);
    // Ready means read: no waiting.
    QVERIFY(late->instance(u"MYAPP"_s, u"n-1"_s));
    QVERIFY(late->service(serviceId));
    QCOMPARE(late->nodeStatus().value(u"revision").toInteger(), m_a->nodeStatus().value(u"revision").toInteger());
}

void TestEtcdCluster::consoleCommandsGoThroughEtcdAndStoreStateIsSignalled()
{
    EtcdProcess own;
    QVERIFY2(own.start(), qPrintable(own.lastError()));
    NodeHandle handle(nodeConfig(own.endpoints(), u"console"_s));
    QSignalSpy started(&handle, &NodeHandle::started);
    handle.start();
    QVERIFY(started.wait(10000));

    Instance instance;
    instance.instanceId = u"console-1"_s;
    instance.app = u"DESKTOP"_s;
    instance.hostName = u"h"_s;
    instance.ipAddr = u"10.0.0.9"_s;
    instance.lease.durationSecs = 600;
    std::optional<CommandResult> registered;
    handle.registerInstance(instance, this, [&](const CommandResult &result) { registered = result; });
    QTRY_VERIFY_WITH_TIMEOUT(registered, 5000);
    QVERIFY2(registered->ok, qPrintable(registered->error));
    bool ok = false;
    QVERIFY(own.etcdctl({u"get"_s, u"--keys-only"_s, u"/muster-test/instances/DESKTOP/console-1"_s}, &ok).contains("console-1"));
    QVERIFY(ok);

    QSignalSpy storeChanged(&handle, &NodeHandle::storeStateChanged);
    own.stopMember(0);
    QVERIFY(storeChanged.wait(5000));
    // One status request at a time; a reply that comes after the wait goes to a context that is gone.
    const auto currentStatus = [&handle] {
        std::optional<NodeStatus> answer;
        QObject context;
        handle.requestStatus(&context, [&answer](const NodeStatus &status) { answer = status; });
        return QTest::qWaitFor([&] { return answer.has_value(); }, 5000) ? answer : std::nullopt;
    };
    std::optional<NodeStatus> status;
    QTRY_VERIFY_WITH_TIMEOUT((status = currentStatus()) && status->store.stale, 5000);
    QCOMPARE(status->store.kind, StoreStatus::Kind::Etcd);
    QVERIFY(!status->store.lastError.isEmpty());

    std::optional<CommandResult> cancelled;
    handle.cancelInstance(u"DESKTOP"_s, u"console-1"_s, this, [&](const CommandResult &result) { cancelled = result; });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled, 5000);
    QVERIFY(!cancelled->ok);
    QVERIFY2(cancelled->error.contains(u"etcd"), qPrintable(cancelled->error));
    handle.stop();
}

// The console's pinned instances and hand-made services over etcd: written to etcd (an instance's key
// without a lease), pinned at every node, and no journal in the node's data directory.
void TestEtcdCluster::pinnedEntriesMadeAtTheConsoleLiveInEtcd()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    const QString prefix = u"/cluster-%1/"_s.arg(m_round);
    NodeConfig config = nodeConfig(m_etcd->endpoints(), u"console"_s, prefix);
    config.dataDir = dataDir.path();
    NodeHandle handle(config);
    QSignalSpy started(&handle, &NodeHandle::started);
    handle.start();
    QVERIFY(started.wait(10000));

    Service service;
    service.key.appId = u"legacy"_s;
    service.key.serviceName = u"billing"_s;
    service.key.version = u"1.0.0"_s;
    std::optional<ServiceResult> created;
    handle.createService(service, this, [&](const ServiceResult &result) { created = result; });
    QTRY_VERIFY_WITH_TIMEOUT(created, 5000);
    QVERIFY2(created->result.ok, qPrintable(created->result.error));
    QVERIFY(!created->serviceId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_a->service(created->serviceId), 5000);

    Instance instance;
    instance.instanceId = u"billing-1"_s;
    instance.app = u"BILLING"_s;
    instance.hostName = u"billing.internal"_s;
    instance.ipAddr = u"10.0.0.9"_s;
    instance.pinned = true;
    std::optional<CommandResult> registered;
    handle.registerInstance(instance, this, [&](const CommandResult &result) { registered = result; });
    QTRY_VERIFY_WITH_TIMEOUT(registered, 5000);
    QVERIFY2(registered->ok, qPrintable(registered->error));

    const auto pinnedAtB = [&] {
        return m_b->get(u"/muster/api/v1/pinned"_s).json();
    };
    QTRY_COMPARE_WITH_TIMEOUT(pinnedAtB().value(u"instances").toArray().size(), 1, 5000);
    const QJsonObject pinned = pinnedAtB();
    QCOMPARE(pinned.value(u"instances").toArray().first().toObject().value(u"instanceId").toString(), u"billing-1"_s);
    QCOMPARE(pinned.value(u"services").toArray().size(), 1);
    QCOMPARE(pinned.value(u"services").toArray().first().toObject().value(u"serviceId").toString(), created->serviceId);

    bool ok = false;
    const QByteArray stored = m_etcd->etcdctl({u"get"_s, prefix + u"instances/BILLING/billing-1"_s, u"-w"_s, u"json"_s}, &ok);
    QVERIFY2(ok, stored.constData());
    const QJsonArray kvs = QJsonDocument::fromJson(stored).object().value(u"kvs").toArray();
    QCOMPARE(kvs.size(), 1);
    QVERIFY2(!kvs.first().toObject().contains(u"lease"), stored.constData());
    QVERIFY(QDir(dataDir.path()).isEmpty());

    std::optional<CommandResult> deleted;
    handle.deleteService(created->serviceId, true, this, [&](const CommandResult &result) { deleted = result; });
    QTRY_VERIFY_WITH_TIMEOUT(deleted, 5000);
    QVERIFY2(deleted->ok, qPrintable(deleted->error));
    QTRY_VERIFY_WITH_TIMEOUT(!m_b->service(created->serviceId), 5000);
    handle.stop();
}


namespace {
QStringList checkedIds(ScTestNode &node)
{
    QStringList ids;
    for (const QJsonValue &check : node.get(u"/muster/api/v1/checks"_s).json().value(u"checks").toArray())
        ids.append(check[u"instanceId"].toString());
    return ids;
}

QString instanceField(ScTestNode &node, const QString &id, const QString &field)
{
    const auto instance = node.instance(u"CHECKED"_s, id);
    return instance ? instance->value(field).toString() : QString();
}
}

// The node that took the registration checks the instance; its verdict goes through etcd, so both
// nodes show DOWN without an override, a user's override still wins at either, and UP comes back.
void TestEtcdCluster::oneNodeChecksAnInstanceAndEveryNodeSeesTheVerdict()
{
    auto upstream = std::make_unique<QHttpServer>();
    upstream->route(u"/health"_s, [] { return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok); });
    const quint16 port = upstream->listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    QJsonObject instance = eurekaInstance(u"CHECKED"_s, u"c-1"_s, 120);
    instance[u"healthCheckUrl"_s] = u"http://127.0.0.1:%1/health"_s.arg(port);
    instance[u"metadata"_s] = QJsonObject {{u"muster.check"_s, u"http"_s}, {u"muster.check.interval"_s, u"200ms"_s},
                                           {u"muster.check.timeout"_s, u"150ms"_s}, {u"muster.check.failures"_s, u"2"_s}};
    QVERIFY_STATUS(m_a->registerJson(instance), 204);
    QTRY_COMPARE_WITH_TIMEOUT(instanceField(*m_b, u"c-1"_s, u"status"_s), u"UP"_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(checkedIds(*m_a), QStringList {u"c-1"_s}, 5000);
    QCOMPARE(checkedIds(*m_b), QStringList {});

    upstream.reset();
    for (ScTestNode *node : {m_a.get(), m_b.get()}) {
        QTRY_COMPARE_WITH_TIMEOUT(instanceField(*node, u"c-1"_s, u"status"_s), u"DOWN"_s, 5000);
        QCOMPARE(instanceField(*node, u"c-1"_s, u"overriddenStatus"_s), u"UNKNOWN"_s);
    }

    // A user's override at the other node wins; without it the failing check decides again.
    QVERIFY_STATUS(m_b->put(u"/eureka/apps/CHECKED/c-1/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(instanceField(*m_a, u"c-1"_s, u"status"_s), u"OUT_OF_SERVICE"_s, 5000);
    QVERIFY_STATUS(m_b->del(u"/eureka/apps/CHECKED/c-1/status"_s), 200);
    for (ScTestNode *node : {m_a.get(), m_b.get()}) {
        QTRY_COMPARE_WITH_TIMEOUT(instanceField(*node, u"c-1"_s, u"status"_s), u"DOWN"_s, 5000);
        QCOMPARE(instanceField(*node, u"c-1"_s, u"overriddenStatus"_s), u"UNKNOWN"_s);
    }

    upstream = std::make_unique<QHttpServer>();
    upstream->route(u"/health"_s, [] { return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok); });
    QCOMPARE(upstream->listen(QHostAddress::LocalHost, port), port);
    for (ScTestNode *node : {m_a.get(), m_b.get()})
        QTRY_COMPARE_WITH_TIMEOUT(instanceField(*node, u"c-1"_s, u"status"_s), u"UP"_s, 5000);

    // A registration taken at the other node moves the check there.
    QVERIFY_STATUS(m_b->registerJson(instance), 204);
    QTRY_COMPARE_WITH_TIMEOUT(checkedIds(*m_b), QStringList {u"c-1"_s}, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(checkedIds(*m_a), QStringList {}, 5000);
}

QTEST_GUILESS_MAIN(TestEtcdCluster)
#include "tst_etcdcluster.moc"
