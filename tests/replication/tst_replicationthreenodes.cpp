// SPDX-License-Identifier: GPL-3.0-or-later
// A three-node full mesh (contract §4.1): a write made at any node reaches the two others directly,
// and a write that arrived from a peer is never sent on, so nothing circulates: the nodes that got
// no client writes send nothing, and every node's revision moves only with real writes.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <array>
#include <functional>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;
}

class TestReplicationThreeNodes : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void writeAtAnyNodeReachesTheOthers();
    void nothingLoops();

private:
    EurekaTestNode &node(int i) { return *m_nodes[size_t(i)]; }
    bool everywhere(const std::function<bool(EurekaTestNode &)> &predicate);
    qint64 sentTasks(int from, int to);
    bool queuesEmpty();

    std::array<quint16, 3> m_ports {};
    std::array<std::unique_ptr<EurekaTestNode>, 3> m_nodes;
};

void TestReplicationThreeNodes::init()
{
    const QList<quint16> ports = H::reservePorts(3);
    QCOMPARE(ports.size(), 3);
    QList<QUrl> mesh;
    for (int i = 0; i < 3; ++i) {
        m_ports[size_t(i)] = ports[i];
        mesh.append(H::serviceUrl(ports[i]));
    }
    for (int i = 0; i < 3; ++i)
        m_nodes[size_t(i)] = std::make_unique<EurekaTestNode>(H::config(QString(QChar(u'A' + i)), ports[i], mesh));
    for (int i = 0; i < 3; ++i)
        QVERIFY(H::startReady(node(i)));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(H::peers(node(i)).size(), 2);
}

void TestReplicationThreeNodes::cleanup()
{
    for (auto &node : m_nodes)
        node.reset();
}

bool TestReplicationThreeNodes::everywhere(const std::function<bool(EurekaTestNode &)> &predicate)
{
    for (int i = 0; i < 3; ++i) {
        if (!predicate(node(i)))
            return false;
    }
    return true;
}

qint64 TestReplicationThreeNodes::sentTasks(int from, int to)
{
    return qint64(H::peerState(node(from), m_ports[size_t(to)]).value(u"sentTasks").toDouble());
}

bool TestReplicationThreeNodes::queuesEmpty()
{
    for (int i = 0; i < 3; ++i) {
        for (const QJsonValue peer : H::peers(node(i))) {
            if (peer.toObject().value(u"queueLength").toInt() != 0)
                return false;
        }
    }
    return true;
}

void TestReplicationThreeNodes::writeAtAnyNodeReachesTheOthers()
{
    for (int i = 0; i < 3; ++i) {
        const QString id = u"n%1:myapp:8080"_s.arg(i);
        QVERIFY_STATUS(node(i).registerJson(H::instance(app, id, T + i, 90, {{u"origin"_s, QString::number(i)}})), 204);
        QTRY_VERIFY(everywhere([&](EurekaTestNode &n) { return H::metadata(n, app, id, u"origin"_s) == QString::number(i); }));
    }
    for (int i = 0; i < 3; ++i) {
        const QString id = u"n%1:myapp:8080"_s.arg(i);
        const QString path = u"/eureka/apps/MYAPP/"_s + id;
        // Status at the next node, metadata and cancel at the one after: writes to an instance that
        // was registered elsewhere travel as well.
        QVERIFY_STATUS(node((i + 1) % 3).put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
        QTRY_VERIFY(everywhere([&](EurekaTestNode &n) { return H::field(n, app, id, u"status"_s) == u"OUT_OF_SERVICE"_s; }));
        QVERIFY_STATUS(node((i + 2) % 3).put(path + u"/metadata?touched=yes"_s), 200);
        QTRY_VERIFY(everywhere([&](EurekaTestNode &n) { return H::metadata(n, app, id, u"touched"_s) == u"yes"_s; }));
        QVERIFY(everywhere([&](EurekaTestNode &n) { return H::field(n, app, id, u"status"_s) == u"OUT_OF_SERVICE"_s; }));
        // The heartbeat's batches are answered before the cancel is made elsewhere. Otherwise the
        // race is real: a replicated heartbeat that reaches a peer after the cancel gets 404, and
        // the sender's Register (§4.2) brings the instance back there until its lease expires.
        const qint64 sentBefore[2] {sentTasks(i, (i + 1) % 3), sentTasks(i, (i + 2) % 3)};
        QVERIFY_STATUS(H::heartbeat(node(i), app, id), 200);
        QTRY_VERIFY(sentTasks(i, (i + 1) % 3) > sentBefore[0] && sentTasks(i, (i + 2) % 3) > sentBefore[1]);
        QVERIFY_STATUS(node((i + 2) % 3).del(path), 200);
        QTRY_VERIFY(everywhere([&](EurekaTestNode &n) { return !H::has(n, app, id); }));
    }
    QTRY_VERIFY(queuesEmpty());
    QVERIFY(everywhere([](EurekaTestNode &n) { return n.applications().value(u"apps__hashcode").toString().isEmpty(); }));
}

// Client writes go to A only, each as one raw request so it reaches A exactly once. B and C then
// must send nothing at all, and one more register at A must move every revision by exactly one.
void TestReplicationThreeNodes::nothingLoops()
{
    const QString x = u"x:myapp:8080"_s;
    const QString y = u"y:myapp:8080"_s;
    const QString xPath = u"/eureka/apps/MYAPP/"_s + x;
    QVERIFY_STATUS(H::rawRegister(node(0), H::instance(app, x, T)), 204);
    QVERIFY_STATUS(H::rawRegister(node(0), H::instance(app, y, T)), 204);
    for (int i = 0; i < 3; ++i)
        QVERIFY_STATUS(H::rawRequest(node(0), "PUT", xPath), 200);
    QVERIFY_STATUS(H::rawRequest(node(0), "PUT", xPath + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QVERIFY_STATUS(H::rawRequest(node(0), "PUT", u"/eureka/apps/MYAPP/%1/metadata?k=v"_s.arg(y)), 200);
    QVERIFY_STATUS(H::rawRequest(node(0), "DELETE", xPath + u"/status?value=UP"_s), 200);
    QTRY_VERIFY(everywhere([&](EurekaTestNode &n) {
        return H::metadata(n, app, y, u"k"_s) == u"v"_s && H::field(n, app, x, u"overriddenStatus"_s) == u"UNKNOWN"_s
            && H::field(n, app, x, u"status"_s) == u"UP"_s;
    }));
    QTRY_VERIFY(queuesEmpty());

    // Six writes at A (three heartbeats may coalesce): A sent at most that many to each peer.
    for (int to : {1, 2}) {
        QTRY_VERIFY(sentTasks(0, to) >= 1);
        QVERIFY2(sentTasks(0, to) <= 8, qPrintable(QString::number(sentTasks(0, to))));
    }
    for (int from : {1, 2}) {
        for (int to = 0; to < 3; ++to) {
            if (to != from)
                QCOMPARE(sentTasks(from, to), 0);
        }
    }

    std::array<qint64, 3> revisions {};
    for (int i = 0; i < 3; ++i)
        revisions[size_t(i)] = H::revision(node(i));
    const qint64 sentToB = sentTasks(0, 1);
    const qint64 sentToC = sentTasks(0, 2);

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(H::rawRegister(node(0), H::instance(app, marker, T)), 204);
    QTRY_VERIFY(everywhere([&](EurekaTestNode &n) { return H::has(n, app, marker); }));
    QTRY_VERIFY(sentTasks(0, 1) == sentToB + 1 && sentTasks(0, 2) == sentToC + 1 && queuesEmpty());

    for (int i = 0; i < 3; ++i)
        QCOMPARE(H::revision(node(i)), revisions[size_t(i)] + 1);
    for (int from : {1, 2}) {
        for (int to = 0; to < 3; ++to) {
            if (to != from)
                QCOMPARE(sentTasks(from, to), 0);
        }
    }
}

QTEST_GUILESS_MAIN(TestReplicationThreeNodes)
#include "tst_replicationthreenodes.moc"
