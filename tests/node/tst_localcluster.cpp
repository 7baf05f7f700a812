// SPDX-License-Identifier: GPL-3.0-or-later
// LocalCluster and peers at run time: nodes added to a running cluster join the mesh and copy the
// registry, stopped nodes leave their peers' lists, and two nodes that ran apart converge once
// they name each other.
#include "node/localcluster.h"
#include "node/nodehandle.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
NodeConfig baseConfig()
{
    NodeConfig config;
    config.name = u"demo"_s;
    config.port = 0;
    config.registerWithPeers = false;
    config.peerSyncTimeoutMs = 1000;
    return config;
}

Instance sample(const QString &id, const QString &app = u"ORDERS"_s)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id;
    instance.ipAddr = u"10.0.0.7"_s;
    instance.port = {8080, true};
    return instance;
}

// Answers synchronously for the test by spinning the event loop until the callback ran.
template<typename Result>
std::optional<Result> await(std::function<void(QObject *, std::function<void(const Result &)>)> call)
{
    QObject context;
    std::optional<Result> result;
    call(&context, [&result](const Result &r) { result = r; });
    QTest::qWaitFor([&] { return result.has_value(); }, 5000);
    return result;
}

bool has(NodeHandle &node, const QString &id)
{
    const auto snapshot = await<RegistrySnapshot>([&node](QObject *c, auto cb) { node.requestSnapshot(c, cb); });
    return snapshot && std::any_of(snapshot->instances.cbegin(), snapshot->instances.cend(),
                                   [&id](const Instance &instance) { return instance.instanceId == id; });
}

qsizetype peerCount(NodeHandle &node)
{
    const auto status = await<NodeStatus>([&node](QObject *c, auto cb) { node.requestStatus(c, cb); });
    return status ? status->peers.size() : -1;
}

bool registerAt(NodeHandle &node, const Instance &instance)
{
    const auto result = await<CommandResult>([&](QObject *c, auto cb) { node.registerInstance(instance, c, cb); });
    return result && result->ok;
}

bool waitStarted(LocalCluster &cluster, int count)
{
    QSignalSpy started(&cluster, &LocalCluster::nodeStarted);
    for (int i = 0; i < count; ++i)
        cluster.addNode();
    return QTest::qWaitFor([&] { return started.count() == count; }, 10000);
}
}

class TestLocalCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
        qRegisterMetaType<NodeHandle *>();
    }

    void nodesFormAFullMesh()
    {
        LocalCluster cluster(baseConfig());
        QVERIFY(waitStarted(cluster, 3));
        const QList<NodeHandle *> nodes = cluster.nodes();
        QCOMPARE(nodes.size(), 3);
        for (NodeHandle *node : nodes)
            QTRY_COMPARE_WITH_TIMEOUT(peerCount(*node), 2, 5000);
        QVERIFY(registerAt(*nodes[0], sample(u"a-1"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(has(*nodes[1], u"a-1"_s) && has(*nodes[2], u"a-1"_s), 5000);
        QVERIFY(registerAt(*nodes[2], sample(u"c-1"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(has(*nodes[0], u"c-1"_s) && has(*nodes[1], u"c-1"_s), 5000);
    }

    void addedNodeCopiesTheRegistryAndJoinsTheMesh()
    {
        LocalCluster cluster(baseConfig());
        QVERIFY(waitStarted(cluster, 2));
        NodeHandle *first = cluster.nodes().at(0);
        QVERIFY(registerAt(*first, sample(u"early"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(has(*cluster.nodes().at(1), u"early"_s), 5000);

        QVERIFY(waitStarted(cluster, 1));
        NodeHandle *third = cluster.nodes().at(2);
        QTRY_VERIFY_WITH_TIMEOUT(has(*third, u"early"_s), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(peerCount(*first), 2, 5000);
        QVERIFY(registerAt(*third, sample(u"late"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(has(*first, u"late"_s) && has(*cluster.nodes().at(1), u"late"_s), 5000);
    }

    void removedNodeLeavesItsPeers()
    {
        LocalCluster cluster(baseConfig());
        QVERIFY(waitStarted(cluster, 3));
        NodeHandle *second = cluster.nodes().at(1);
        QTRY_COMPARE_WITH_TIMEOUT(peerCount(*cluster.nodes().at(0)), 2, 5000);
        QSignalSpy removed(&cluster, &LocalCluster::nodeRemoved);
        cluster.removeNode(second);
        QVERIFY(removed.wait(5000));
        QCOMPARE(removed.at(0).at(0).toString(), u"demo-2"_s);
        QCOMPARE(cluster.nodes().size(), 2);
        for (NodeHandle *node : cluster.nodes())
            QTRY_COMPARE_WITH_TIMEOUT(peerCount(*node), 1, 5000);
    }

    void nodesThatRanApartConvergeWhenPeered()
    {
        NodeConfig config = baseConfig();
        config.name = u"left"_s;
        NodeHandle left(config);
        config.name = u"right"_s;
        NodeHandle right(config);
        QSignalSpy leftStarted(&left, &NodeHandle::started);
        QSignalSpy rightStarted(&right, &NodeHandle::started);
        left.start();
        right.start();
        QTRY_COMPARE_WITH_TIMEOUT(leftStarted.count(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(rightStarted.count(), 1, 5000);
        QVERIFY(registerAt(left, sample(u"only-left"_s)));
        QVERIFY(registerAt(right, sample(u"only-right"_s, u"BILLING"_s)));

        const QUrl leftUrl = LocalCluster::serviceUrl(left.config(), left.port());
        const QUrl rightUrl = LocalCluster::serviceUrl(right.config(), right.port());
        const auto added = await<CommandResult>([&](QObject *c, auto cb) { left.addPeer(rightUrl, c, cb); });
        QVERIFY(added && added->ok);
        QVERIFY(await<CommandResult>([&](QObject *c, auto cb) { right.addPeer(leftUrl, c, cb); })->ok);
        QTRY_VERIFY_WITH_TIMEOUT(has(right, u"only-left"_s) && has(left, u"only-right"_s), 5000);

        // A node is not its own peer, and removing an unknown peer says so.
        QVERIFY(!await<CommandResult>([&](QObject *c, auto cb) { left.addPeer(leftUrl, c, cb); })->ok);
        QVERIFY(await<CommandResult>([&](QObject *c, auto cb) { left.removePeer(rightUrl, c, cb); })->ok);
        QVERIFY(!await<CommandResult>([&](QObject *c, auto cb) { left.removePeer(rightUrl, c, cb); })->ok);
        QCOMPARE(peerCount(left), 0);
    }

    void stoppedNodeStartsAgain()
    {
        NodeHandle node(baseConfig());
        QSignalSpy started(&node, &NodeHandle::started);
        QSignalSpy stopped(&node, &NodeHandle::stopped);
        node.start();
        QVERIFY(started.wait(5000));
        node.requestStop();
        QVERIFY(stopped.wait(5000));
        QVERIFY(!node.isRunning());
        node.start();
        QVERIFY(started.wait(5000));
        QVERIFY(node.isRunning());
        QVERIFY(registerAt(node, sample(u"again"_s)));
    }
};

QTEST_GUILESS_MAIN(TestLocalCluster)
#include "tst_localcluster.moc"
