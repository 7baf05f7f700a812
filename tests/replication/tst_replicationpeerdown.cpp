// SPDX-License-Identifier: GPL-3.0-or-later
// A peer that is down (contract §4.2: a connection error requeues the batch after 100 ms, doubling):
// the node keeps serving its clients at once, reports the peer unreachable with a growing queue,
// and once a node listens on that port it receives every write, in order, so a cancel made while
// it was down does not bring the instance back. A peer that comes back empty recovers the
// registrations through the heartbeat 404 → Register path.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;
constexpr qint64 promptMs = 1000;
}

class TestReplicationPeerDown : public QObject
{
    Q_OBJECT

private slots:
    void writesWhileThePeerIsDownReachItWhenItStarts();
    void peerThatRestartsEmptyRecoversThroughHeartbeats();
    void peerBackAfterALongOutageGetsNewWritesAtOnce();

private:
    // Sends one request to node and fails unless it answered status within promptMs.
    static bool prompt(const std::function<HttpReply()> &request, int status, QString *problem);
};

bool TestReplicationPeerDown::prompt(const std::function<HttpReply()> &request, int status, QString *problem)
{
    QElapsedTimer timer;
    timer.start();
    const HttpReply reply = request();
    const qint64 elapsed = timer.elapsed();
    if (reply.status == status && elapsed < promptMs)
        return true;
    *problem = u"expected %1 within %2 ms, got %3 after %4 ms"_s.arg(status).arg(promptMs)
                   .arg(QString::fromUtf8(reply.describe())).arg(elapsed);
    return false;
}

void TestReplicationPeerDown::writesWhileThePeerIsDownReachItWhenItStarts()
{
    const QList<quint16> ports = H::reservePorts(1);
    QCOMPARE(ports.size(), 1);
    const quint16 downPort = ports[0];
    EurekaTestNode a(H::config(u"A"_s, 0, {H::serviceUrl(downPort)}));
    QVERIFY(H::startReady(a));

    const QString kept = u"kept:myapp:8080"_s;
    const QString cancelled = u"cancelled:myapp:8080"_s;
    const QString late = u"late:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s;
    QString problem;
    QVERIFY2(prompt([&] { return a.registerJson(H::instance(app, kept, T)); }, 204, &problem), qPrintable(problem));
    QVERIFY2(prompt([&] { return H::heartbeat(a, app, kept); }, 200, &problem), qPrintable(problem));
    QVERIFY2(prompt([&] { return a.get(u"/eureka/apps/MYAPP/"_s + kept); }, 200, &problem), qPrintable(problem));

    QTRY_COMPARE(H::peerState(a, downPort).value(u"state").toString(), u"unreachable"_s);
    QJsonObject state = H::peerState(a, downPort);
    QVERIFY2(!state.value(u"lastError").toString().isEmpty(), qPrintable(state.value(u"lastError").toString()));
    QVERIFY(!state.value(u"lastErrorAt").toString().isEmpty());
    QCOMPARE(state.value(u"lastSuccess").toString(), QString());
    QCOMPARE(state.value(u"sentTasks").toInt(), 0);
    QTRY_VERIFY(H::peerState(a, downPort).value(u"queueLength").toInt() >= 2);   // Register, Heartbeat
    const int queuedBefore = H::peerState(a, downPort).value(u"queueLength").toInt();

    QVERIFY2(prompt([&] { return a.registerJson(H::instance(app, cancelled, T)); }, 204, &problem), qPrintable(problem));
    QVERIFY2(prompt([&] { return a.del(path + cancelled); }, 200, &problem), qPrintable(problem));
    QVERIFY2(prompt([&] { return a.registerJson(H::instance(app, late, T)); }, 204, &problem), qPrintable(problem));
    QVERIFY2(prompt([&] { return a.put(path + late + u"/status?value=OUT_OF_SERVICE"_s); }, 200, &problem),
             qPrintable(problem));
    QTRY_VERIFY(H::peerState(a, downPort).value(u"queueLength").toInt() > queuedBefore);
    state = H::peerState(a, downPort);
    QCOMPARE(state.value(u"state").toString(), u"unreachable"_s);
    QVERIFY(state.value(u"lagMs").toDouble() > 0);

    // The peer starts on the port A has been trying.
    EurekaTestNode b(H::config(u"B"_s, downPort));
    QVERIFY(H::startReady(b));
    QTRY_VERIFY_WITH_TIMEOUT(H::has(b, app, kept) && H::field(b, app, late, u"status"_s) == u"OUT_OF_SERVICE"_s, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(a, downPort).value(u"queueLength").toInt() == 0, 10000);
    state = H::peerState(a, downPort);
    QCOMPARE(state.value(u"state").toString(), u"reachable"_s);
    QVERIFY(!state.value(u"lastSuccess").toString().isEmpty());
    QCOMPARE(state.value(u"lagMs").toDouble(), 0.0);
    QVERIFY(state.value(u"sentTasks").toInt() >= 4);
    QVERIFY2(!H::has(b, app, cancelled), "a cancel made while the peer was down brought the instance back");
    QCOMPARE(H::field(b, app, late, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(b.applications().value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_UP_1_"_s);

    // Back to normal: a new write travels at once.
    const QString after = u"after:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, after, T)), 204);
    QTRY_VERIFY(H::has(b, app, after));
    QVERIFY(!H::has(b, app, cancelled));
}

// Eureka's answer to a peer that lost its registry (contract §4.2: Heartbeat 404 → Register):
// B restarts on the same port with nothing, and A's next heartbeats put the instances back.
void TestReplicationPeerDown::peerThatRestartsEmptyRecoversThroughHeartbeats()
{
    auto b = std::make_unique<EurekaTestNode>(H::config(u"B"_s, 0));
    QVERIFY(H::startReady(*b));
    const quint16 portB = b->port();
    EurekaTestNode a(H::config(u"A"_s, 0, {H::serviceUrl(portB)}));
    QVERIFY(H::startReady(a));

    const QString id = u"survivor:myapp:8080"_s;
    const QString held = u"held:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T, 90, {{u"zone"_s, u"z1"_s}})), 204);
    QVERIFY_STATUS(a.registerJson(H::instance(app, held, T)), 204);
    QVERIFY_STATUS(a.put(u"/eureka/apps/MYAPP/%1/status?value=OUT_OF_SERVICE"_s.arg(held)), 200);
    QTRY_VERIFY(H::has(*b, app, id) && H::field(*b, app, held, u"status"_s) == u"OUT_OF_SERVICE"_s);

    b.reset();
    b = std::make_unique<EurekaTestNode>(H::config(u"B"_s, portB));
    QVERIFY(H::startReady(*b));
    QVERIFY(!H::has(*b, app, id));

    const auto heartbeatUntilBack = [&] {
        H::heartbeat(a, app, id);
        H::heartbeat(a, app, held);
        return H::has(*b, app, id) && H::has(*b, app, held);
    };
    QTRY_VERIFY_WITH_TIMEOUT(heartbeatUntilBack(), 10000);
    QCOMPARE(H::metadata(*b, app, id, u"zone"_s), u"z1"_s);
    QCOMPARE(H::dirtyTimestamp(*b->instance(app, id)), T);
    QTRY_COMPARE(H::peerState(a, portB).value(u"state").toString(), u"reachable"_s);

    // Contract §3.6: the replicated Register carries overriddenStatus, which seeds B's override, so
    // the override survives B's restart and rules a client's re-register with UP at B.
    QCOMPARE(H::field(*b, app, held, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(*b, app, held, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
    QVERIFY_STATUS(b->registerJson(H::instance(app, held, T)), 204);
    QCOMPARE(H::field(*b, app, held, u"status"_s), u"OUT_OF_SERVICE"_s);
}

// A peer that was down for a while: retries of a refused connection double from 100 ms but stop at
// 1 s, so a write made after the peer is back reaches it within about a second, not after a back-off
// grown during the outage (6.4 s after 8 s down, 30 s after a minute if it kept doubling).
void TestReplicationPeerDown::peerBackAfterALongOutageGetsNewWritesAtOnce()
{
    const QList<quint16> ports = H::reservePorts(1);
    QCOMPARE(ports.size(), 1);
    const quint16 downPort = ports[0];
    EurekaTestNode a(H::config(u"A"_s, 0, {H::serviceUrl(downPort)}));
    QVERIFY(H::startReady(a));
    QVERIFY_STATUS(a.registerJson(H::instance(app, u"early:myapp:8080"_s, T)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(a, downPort).value(u"lagMs").toDouble() >= 8000, 12000);

    EurekaTestNode b(H::config(u"B"_s, downPort));
    QVERIFY(H::startReady(b));
    const QString late = u"late:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, late, T)), 204);
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(H::has(b, app, late), 10000);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"the write made after the peer's return took %1 ms"_s.arg(timer.elapsed())));
    QVERIFY(H::has(b, app, u"early:myapp:8080"_s));
    QTRY_COMPARE(H::peerState(a, downPort).value(u"state").toString(), u"reachable"_s);
}

QTEST_GUILESS_MAIN(TestReplicationPeerDown)
#include "tst_replicationpeerdown.moc"
