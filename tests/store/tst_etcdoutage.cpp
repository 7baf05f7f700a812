// SPDX-License-Identifier: GPL-3.0-or-later
// A node whose etcd goes away: writes answer 503, reads keep serving the cache marked stale, and
// the node catches up when etcd comes back (from where it stopped, or with a full read when etcd
// has compacted that history). A hung etcd never stalls reads, and a dead endpoint is skipped.
#include "etcdtestsupport.h"
#include "tcpproxy.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace EtcdTestSupport;

class TestEtcdOutage : public QObject
{
    Q_OBJECT

private slots:
    void etcdDownRefusesWritesServesReadsAndRecovers();
    void aCutOffNodeCatchesUpWithWritesMadeMeanwhile();
    void compactionWhileCutOffForcesAFullRead();
    void aHungEtcdNeverStallsReads();
    void clientsThatLeaveBeforeTheirAnswerDoNotHurtTheNode();
    void aDeadEndpointFirstInTheListIsSkipped();
    void aClusterMemberFailingMovesTheNodeToAnother();

private:
    static bool isStale(ScTestNode &node) { return storeStatus(node).value(u"stale").toBool(); }
    static void verifyUnavailable(const HttpReply &reply);
};

void TestEtcdOutage::verifyUnavailable(const HttpReply &reply)
{
    QVERIFY2(reply.status == 503, reply.describe().constData());
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), reply.describe().constData());
    QVERIFY2(reply.json().value(u"error").toString().contains(u"etcd"), reply.describe().constData());
}

void TestEtcdOutage::etcdDownRefusesWritesServesReadsAndRecovers()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    auto node = startNode(nodeConfig(etcd.endpoints(), u"a"_s));
    QVERIFY(node);
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"d-1"_s, 600)), 204);
    SC_REQUIRE_ID(serviceId, node->createService(u"orders"_s));
    QVERIFY_STATUS(node->get(u"/readyz"_s), 200);
    const QByteArray metrics = node->get(u"/metrics"_s, "text/plain").body;
    QVERIFY2(metrics.contains("\nmuster_store_info{kind=\"etcd\"} 1\n"), metrics.constData());
    QVERIFY2(metrics.contains("\nmuster_store_connected 1\n"), metrics.constData());
    // The registration and the service went through etcd, each one commit at least.
    const QByteArray countLine = "muster_store_commit_duration_seconds_count ";
    const qsizetype commits = metrics.indexOf(QByteArray("\n" + countLine));
    QVERIFY2(commits >= 0, metrics.constData());
    const qsizetype value = commits + 1 + countLine.size();
    QVERIFY2(metrics.mid(value, metrics.indexOf('\n', value) - value).toInt() >= 2, metrics.constData());

    etcd.stopMember(0);
    QTRY_VERIFY_WITH_TIMEOUT(isStale(*node), 5000);
    const HttpReply notReady = node->get(u"/readyz"_s);
    QVERIFY2(notReady.status == 503, notReady.describe().constData());
    QVERIFY2(notReady.json().value(u"reasons").toArray().first().toString().contains(u"etcd"),
             notReady.describe().constData());
    QVERIFY(node->get(u"/metrics"_s, "text/plain").body.contains("\nmuster_store_connected 0\n"));
    const QJsonObject store = storeStatus(*node);
    QCOMPARE(store.value(u"connected").toBool(), false);
    QVERIFY(!store.value(u"error").toString().isEmpty());

    SC_CALL(verifyUnavailable(node->registerJson(eurekaInstance(u"MYAPP"_s, u"d-2"_s, 600))));
    SC_CALL(verifyUnavailable(node->put(u"/eureka/apps/MYAPP/d-1"_s)));
    SC_CALL(verifyUnavailable(node->del(u"/eureka/apps/MYAPP/d-1"_s)));
    SC_CALL(verifyUnavailable(node->scPost(ScTestNode::registryPath(u"/microservices/%1/instances"_s.arg(serviceId)),
                                           {{u"instance"_s, ScTestNode::instanceFixture()}})));
    // A write that changes nothing needs no etcd: a heartbeat of an unknown instance is still 404.
    QVERIFY_STATUS(node->put(u"/eureka/apps/MYAPP/nobody"_s), 404);
    // Reads come from the cache.
    QCOMPARE(eurekaIds(*node), QStringList {u"d-1"_s});
    QVERIFY(node->service(serviceId));

    QVERIFY2(etcd.startMember(0), qPrintable(etcd.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(!isStale(*node), 10000);
    QCOMPARE(storeStatus(*node).value(u"connected").toBool(), true);
    QVERIFY_STATUS(node->get(u"/readyz"_s), 200);
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"d-2"_s, 600)), 204);
    QCOMPARE(eurekaIds(*node), (QStringList {u"d-1"_s, u"d-2"_s}));
    QVERIFY_STATUS(node->put(u"/eureka/apps/MYAPP/d-1"_s), 200);
}

void TestEtcdOutage::aCutOffNodeCatchesUpWithWritesMadeMeanwhile()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    TcpProxy proxy(etcd.clientPort());
    QVERIFY(proxy.listen());
    auto a = startNode(nodeConfig({QUrl(u"http://127.0.0.1:%1"_s.arg(proxy.port()))}, u"a"_s));
    auto b = startNode(nodeConfig(etcd.endpoints(), u"b"_s));
    QVERIFY(a && b);
    QVERIFY_STATUS(a->registerJson(eurekaInstance(u"MYAPP"_s, u"x"_s, 600)), 204);
    QVERIFY_STATUS(a->registerJson(eurekaInstance(u"MYAPP"_s, u"gone"_s, 600)), 204);
    QVERIFY_STATUS(a->registerJson(eurekaInstance(u"MYAPP"_s, u"short"_s, 2)), 204);
    QTRY_COMPARE_WITH_TIMEOUT(eurekaIds(*b), (QStringList {u"gone"_s, u"short"_s, u"x"_s}), 5000);

    proxy.cut();
    QTRY_VERIFY_WITH_TIMEOUT(isStale(*a), 5000);
    // Meanwhile: a register and a cancel at the other node, an operator's delete with etcdctl,
    // and a lease that ends.
    QVERIFY_STATUS(b->registerJson(eurekaInstance(u"MYAPP"_s, u"y"_s, 600)), 204);
    QVERIFY_STATUS(b->del(u"/eureka/apps/MYAPP/x"_s), 200);
    bool ok = false;
    etcd.etcdctl({u"del"_s, u"/muster-test/instances/MYAPP/gone"_s}, &ok);
    QVERIFY(ok);
    QTRY_COMPARE_WITH_TIMEOUT(eurekaIds(*b), QStringList {u"y"_s}, 10000);
    // The cut-off node still serves what it had: its cache is stale.
    QCOMPARE(eurekaIds(*a), (QStringList {u"gone"_s, u"short"_s, u"x"_s}));

    QVERIFY(proxy.restore());
    QTRY_VERIFY_WITH_TIMEOUT(!isStale(*a), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(eurekaIds(*a), QStringList {u"y"_s}, 5000);
    QCOMPARE(a->nodeStatus().value(u"revision").toInteger(), b->nodeStatus().value(u"revision").toInteger());
    const QJsonObject store = storeStatus(*a);
    QCOMPARE(store.value(u"fullReads").toInteger(), 1);   // went on from where it was
    QVERIFY(store.value(u"watchResumes").toInteger() >= 1);
}

void TestEtcdOutage::compactionWhileCutOffForcesAFullRead()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    TcpProxy proxy(etcd.clientPort());
    QVERIFY(proxy.listen());
    auto a = startNode(nodeConfig({QUrl(u"http://127.0.0.1:%1"_s.arg(proxy.port()))}, u"a"_s));
    auto b = startNode(nodeConfig(etcd.endpoints(), u"b"_s));
    QVERIFY(a && b);
    QVERIFY_STATUS(a->registerJson(eurekaInstance(u"MYAPP"_s, u"old"_s, 600)), 204);
    SC_REQUIRE_ID(serviceId, a->createService(u"orders"_s));
    QTRY_VERIFY_WITH_TIMEOUT(b->instance(u"MYAPP"_s, u"old"_s), 5000);

    proxy.cut();
    QTRY_VERIFY_WITH_TIMEOUT(isStale(*a), 5000);
    QVERIFY_STATUS(b->del(u"/eureka/apps/MYAPP/old"_s), 200);
    QVERIFY_SC_EMPTY_OK(b->scDelete(ScTestNode::registryPath(u"/microservices/"_s + serviceId)));
    QVERIFY_STATUS(b->registerJson(eurekaInstance(u"OTHER"_s, u"new"_s, 600)), 204);
    const qint64 revision = etcd.revision();
    bool ok = false;
    etcd.etcdctl({u"compaction"_s, QString::number(revision)}, &ok);
    QVERIFY(ok);

    QVERIFY(proxy.restore());
    QTRY_VERIFY_WITH_TIMEOUT(!isStale(*a), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(storeStatus(*a).value(u"fullReads").toInteger(), 2, 5000);
    QCOMPARE(eurekaIds(*a), QStringList {u"new"_s});
    QVERIFY(!a->service(serviceId));
    QCOMPARE(a->applications(), b->applications());
    QCOMPARE(a->nodeStatus().value(u"revision").toInteger(), b->nodeStatus().value(u"revision").toInteger());
}

void TestEtcdOutage::aHungEtcdNeverStallsReads()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    auto node = startNode(nodeConfig(etcd.endpoints(), u"a"_s));
    QVERIFY(node);
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"z-1"_s, 600)), 204);

    etcd.pauseMember(0);
    QElapsedTimer write;
    write.start();
    SC_CALL(verifyUnavailable(node->registerJson(eurekaInstance(u"MYAPP"_s, u"z-2"_s, 600))));
    QVERIFY2(write.elapsed() < 4000, "a write waited on a hung etcd longer than its timeout");
    // While the write waited, and after: reads answer from the cache at once.
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer read;
        read.start();
        QCOMPARE(eurekaIds(*node), QStringList {u"z-1"_s});
        QVERIFY2(read.elapsed() < 1000, "a read waited on etcd");
    }
    QVERIFY(isStale(*node));

    etcd.resumeMember(0);
    QTRY_VERIFY_WITH_TIMEOUT(!isStale(*node), 10000);
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"z-2"_s, 600)), 204);
    QCOMPARE(eurekaIds(*node), (QStringList {u"z-1"_s, u"z-2"_s}));
}

// A write's answer waits for etcd; Qt 6.4 crashes if it is written to a socket that is gone.
void TestEtcdOutage::clientsThatLeaveBeforeTheirAnswerDoNotHurtTheNode()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    auto node = startNode(nodeConfig(etcd.endpoints(), u"a"_s));
    QVERIFY(node);
    const QByteArray body = EurekaTestNode::instanceDocument(eurekaInstance(u"MYAPP"_s, u"gone-early"_s, 600));
    const QByteArray request = "POST /eureka/apps/MYAPP HTTP/1.1\r\n" + node->hostHeader()
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;

    // Answers that come while etcd is hung (a 503 at the timeout) and once it is back (the write).
    for (bool paused : {true, false}) {
        if (paused)
            etcd.pauseMember(0);
        for (int i = 0; i < 10; ++i) {
            std::unique_ptr<QTcpSocket> socket = node->openSocket();
            QVERIFY(socket);
            socket->write(request);
            QVERIFY(socket->waitForBytesWritten(2000));
            socket->abort();
        }
        if (paused) {
            QTRY_VERIFY_WITH_TIMEOUT(isStale(*node), 5000);
            etcd.resumeMember(0);
            QTRY_VERIFY_WITH_TIMEOUT(!isStale(*node), 10000);
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(node->instance(u"MYAPP"_s, u"gone-early"_s), 5000);
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"after"_s, 600)), 204);
    QCOMPARE(eurekaIds(*node), (QStringList {u"after"_s, u"gone-early"_s}));
}

void TestEtcdOutage::aDeadEndpointFirstInTheListIsSkipped()
{
    EtcdProcess etcd;
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    const QUrl dead(u"http://127.0.0.1:%1"_s.arg(EtcdProcess::freePort()));
    auto node = startNode(nodeConfig({dead, etcd.clientUrl()}, u"a"_s));
    QVERIFY(node);
    QVERIFY(!isStale(*node));
    QVERIFY_STATUS(node->registerJson(eurekaInstance(u"MYAPP"_s, u"f-1"_s, 600)), 204);
    QVERIFY(node->instance(u"MYAPP"_s, u"f-1"_s));
    const QJsonObject store = storeStatus(*node);
    QCOMPARE(store.value(u"endpoint").toString(), etcd.clientUrl().toString());
    QCOMPARE(store.value(u"endpoints").toArray().size(), 2);
}

void TestEtcdOutage::aClusterMemberFailingMovesTheNodeToAnother()
{
    EtcdProcess etcd(3);
    QVERIFY2(etcd.start(), qPrintable(etcd.lastError()));
    auto a = startNode(nodeConfig(etcd.endpoints(), u"a"_s));
    const QList<QUrl> reversed {etcd.clientUrl(2), etcd.clientUrl(1), etcd.clientUrl(0)};
    auto b = startNode(nodeConfig(reversed, u"b"_s));
    QVERIFY(a && b);
    QCOMPARE(storeStatus(*a).value(u"endpoint").toString(), etcd.clientUrl(0).toString());
    QVERIFY_STATUS(a->registerJson(eurekaInstance(u"MYAPP"_s, u"m-1"_s, 600)), 204);

    etcd.stopMember(0);
    // The node moves to the next member: writes work again, and the other node sees them.
    QTRY_VERIFY_WITH_TIMEOUT(a->registerJson(eurekaInstance(u"MYAPP"_s, u"m-2"_s, 600)).status == 204, 15000);
    QVERIFY(storeStatus(*a).value(u"endpoint").toString() != etcd.clientUrl(0).toString());
    QCOMPARE(eurekaIds(*a), (QStringList {u"m-1"_s, u"m-2"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(eurekaIds(*b), (QStringList {u"m-1"_s, u"m-2"_s}), 5000);
}

QTEST_GUILESS_MAIN(TestEtcdOutage)
#include "tst_etcdoutage.moc"
