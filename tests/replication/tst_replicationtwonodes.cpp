// SPDX-License-Identifier: GPL-3.0-or-later
// A two-node mesh (contract §4.1–4.4; checklist §7 item 31): nodes A and B on reserved ports, each
// configured with both URLs (its own is dropped), so every write a client makes at one node
// reaches the other. Both run with self-preservation off and a 1 s eviction timer.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;
}

class TestReplicationTwoNodes : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void peerListExcludesSelf();
    void registerOnEitherNodeShowsOnTheOther();
    void heartbeatsOnlyToAKeepBLeaseAlive();
    void cancelOnARemovesOnB();
    void statusOverrideAndItsRemovalOnAShowOnB();
    void backIntoServiceAfterOverrideDeleteWithoutValue();
    void metadataUpdateOnAShowsOnB();
    void registeringAgainAfterACancelEndsTheOverrideOnB();

private:
    EurekaTestNode &a() { return *m_a; }
    EurekaTestNode &b() { return *m_b; }
    // A register at A that has reached B: every write A made before it has reached B too.
    bool markerReachesB(const QString &id);

    quint16 m_portA = 0;
    quint16 m_portB = 0;
    std::unique_ptr<EurekaTestNode> m_a;
    std::unique_ptr<EurekaTestNode> m_b;
};

void TestReplicationTwoNodes::init()
{
    const QList<quint16> ports = H::reservePorts(2);
    QCOMPARE(ports.size(), 2);
    m_portA = ports[0];
    m_portB = ports[1];
    const QList<QUrl> mesh {H::serviceUrl(m_portA), H::serviceUrl(m_portB)};
    m_a = std::make_unique<EurekaTestNode>(H::expiringConfig(u"A"_s, m_portA, mesh));
    m_b = std::make_unique<EurekaTestNode>(H::expiringConfig(u"B"_s, m_portB, mesh));
    QVERIFY(H::startReady(a()));
    QVERIFY(H::startReady(b()));
    QCOMPARE(a().port(), m_portA);
    QCOMPARE(b().port(), m_portB);
}

void TestReplicationTwoNodes::cleanup()
{
    m_a.reset();
    m_b.reset();
}

bool TestReplicationTwoNodes::markerReachesB(const QString &id)
{
    if (a().registerJson(H::instance(app, id, T)).status != 204)
        return false;
    return QTest::qWaitFor([&] { return H::has(b(), app, id); }, 5000);
}

// Contract §4.1: a node's own URL is removed from its peer list.
void TestReplicationTwoNodes::peerListExcludesSelf()
{
    const QJsonArray peers = H::peers(a());
    QCOMPARE(peers.size(), 1);
    QVERIFY2(!H::peerState(a(), m_portB).isEmpty(), qPrintable(peers.first().toObject().value(u"url").toString()));
    QVERIFY(H::peerState(a(), m_portA).isEmpty());
    QCOMPARE(H::peers(b()).size(), 1);
    QVERIFY(!H::peerState(b(), m_portA).isEmpty());
    // Nothing was sent yet: the state is unknown, not unreachable.
    QCOMPARE(H::peerState(a(), m_portB).value(u"state").toString(), u"unknown"_s);
    QCOMPARE(H::peerState(a(), m_portB).value(u"queueLength").toInt(), 0);

    QVERIFY(markerReachesB(u"first:myapp:8080"_s));
    QTRY_COMPARE(H::peerState(a(), m_portB).value(u"state").toString(), u"reachable"_s);
    QTRY_COMPARE(H::peerState(a(), m_portB).value(u"queueLength").toInt(), 0);
    const QJsonObject state = H::peerState(a(), m_portB);
    QVERIFY(state.value(u"sentTasks").toInt() >= 1);
    QVERIFY(!state.value(u"lastSuccess").toString().isEmpty());
    QCOMPARE(state.value(u"lastError").toString(), QString());
}

// Checklist 31, first point; and the other direction.
void TestReplicationTwoNodes::registerOnEitherNodeShowsOnTheOther()
{
    const QString id = u"reg:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T + 7, 45, {{u"zone"_s, u"z1"_s}})), 204);
    QTRY_VERIFY(H::has(b(), app, id));

    const QJsonObject onA = *a().instance(app, id);
    const QJsonObject onB = *b().instance(app, id);
    QCOMPARE(H::dirtyTimestamp(onB), T + 7);
    for (const QString &key : {u"instanceId"_s, u"app"_s, u"hostName"_s, u"ipAddr"_s, u"status"_s, u"overriddenStatus"_s,
                               u"port"_s, u"securePort"_s, u"vipAddress"_s, u"secureVipAddress"_s, u"metadata"_s,
                               u"dataCenterInfo"_s, u"homePageUrl"_s, u"lastDirtyTimestamp"_s})
        QVERIFY2(onA.value(key) == onB.value(key), qPrintable(key));
    QCOMPARE(onB.value(u"leaseInfo"_s).toObject().value(u"durationInSecs").toInt(), 45);

    const QString other = u"regb:myapp:8080"_s;
    QVERIFY_STATUS(b().registerJson(H::instance(app, other, T)), 204);
    QTRY_VERIFY(H::has(a(), app, other));
    QCOMPARE(a().applications().value(u"apps__hashcode").toString(), u"UP_2_"_s);
    QCOMPARE(b().applications().value(u"apps__hashcode").toString(), u"UP_2_"_s);
}

// Checklist 31, second point, with a 2 s lease instead of 180 s: B never sees a client heartbeat,
// only A's replicated ones, and keeps the lease well past its duration plus an eviction pass.
void TestReplicationTwoNodes::heartbeatsOnlyToAKeepBLeaseAlive()
{
    const QString id = u"lease:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T, 2)), 204);
    QTRY_VERIFY(H::has(b(), app, id));
    const qint64 renewsBefore = qint64(b().nodeStatus().value(u"renewsTotal").toDouble());

    QElapsedTimer clock;
    clock.start();
    int heartbeats = 0;
    QStringList problems;
    const auto heartbeatAtA = [&] {
        const HttpReply reply = H::heartbeat(a(), app, id);
        ++heartbeats;
        if (reply.status != 200)
            problems << u"A answered a heartbeat with %1 at %2 ms"_s.arg(reply.status).arg(clock.elapsed());
        if (!H::has(b(), app, id))
            problems << u"B lost the instance at %1 ms"_s.arg(clock.elapsed());
        return clock.elapsed() >= 4500 || !problems.isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(heartbeatAtA(), 15000);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; ")));
    QVERIFY(heartbeats >= 10);
    QVERIFY(qint64(b().nodeStatus().value(u"renewsTotal").toDouble()) > renewsBefore);

    // The control: once the heartbeats stop, B lets the 2 s lease expire on its own.
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(b(), app, id), 8000);
}

// Checklist 31, third point; the replicated cancel also shows in B's delta (contract §3.4).
void TestReplicationTwoNodes::cancelOnARemovesOnB()
{
    const QString id = u"cancel:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(H::has(b(), app, id));
    QVERIFY_STATUS(a().del(u"/eureka/apps/MYAPP/"_s + id), 200);
    QTRY_VERIFY(!H::has(b(), app, id));
    QVERIFY(!EurekaTestNode::findInstance(b().applications(), id));
    const auto inDelta = EurekaTestNode::findInstance(b().delta(), id);
    QVERIFY(inDelta);
    QCOMPARE(inDelta->value(u"actionType").toString(), u"DELETED"_s);
}

// Checklist 31, fourth point, and the way back (contract §1.5, §1.6, §3.6): the override travels,
// survives a client re-register with UP at A, and its removal travels too.
void TestReplicationTwoNodes::statusOverrideAndItsRemovalOnAShowOnB()
{
    const QString id = u"oos:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s + id;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(H::has(b(), app, id));

    QVERIFY_STATUS(a().put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(b().applications().value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_"_s);

    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QVERIFY_STATUS(H::heartbeat(a(), app, id, u"status=UP&lastDirtyTimestamp=%1"_s.arg(T)), 200);
    QVERIFY(markerReachesB(u"marker1:myapp:8080"_s));
    QCOMPARE(H::field(a(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(b(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);

    QVERIFY_STATUS(a().del(path + u"/status?value=UP"_s), 200);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"UP"_s);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"UNKNOWN"_s);
    QCOMPARE(b().applications().value(u"apps__hashcode").toString(), u"UP_2_"_s);
}

// Contract §1.6: an override deleted without a value leaves UNKNOWN, the next heartbeat gets 404 and
// the client re-registers; B follows every step.
void TestReplicationTwoNodes::backIntoServiceAfterOverrideDeleteWithoutValue()
{
    const QString id = u"back:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s + id;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QVERIFY_STATUS(a().put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);

    QVERIFY_STATUS(a().del(path + u"/status"_s), 200);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"UNKNOWN"_s);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"UNKNOWN"_s);

    QVERIFY_STATUS(H::heartbeat(a(), app, id), 404);
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T + 1)), 204);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"UP"_s);
    QCOMPARE(H::dirtyTimestamp(*b().instance(app, id)), T + 1);
}

// A client cancels an instance that has an override and registers it again while A's previous batch
// to B is still on its way, so the cancel and the new registration wait in A's queue together. B
// must end as A does: the new registration UP, with no override. (Found by the soak run: B kept the
// old copy's OUT_OF_SERVICE when A dropped the cancel as outdated and sent only the registration.)
void TestReplicationTwoNodes::registeringAgainAfterACancelEndsTheOverrideOnB()
{
    const QString id = u"again:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s + id;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QVERIFY_STATUS(a().put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE(H::field(b(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);

    const QJsonObject slowLink {{u"to"_s, H::serviceUrl(m_portB).toString()}, {u"latencyMs"_s, 500}};
    QVERIFY_STATUS(a().send("POST", u"/muster/api/v1/faults"_s, QJsonDocument(slowLink).toJson(),
                            {{"Content-Type", "application/json"}}),
                   200);
    QVERIFY_STATUS(a().registerJson(H::instance(app, u"slow:myapp:8080"_s, T)), 204);
    QTRY_COMPARE(H::peerState(a(), m_portB).value(u"queueLength").toInt(), 0);   // its batch is on the way
    QVERIFY_STATUS(a().del(path), 200);
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T + 1000)), 204);
    QVERIFY_STATUS(a().send("DELETE", u"/muster/api/v1/faults"_s), 200);

    QVERIFY(markerReachesB(u"marker2:myapp:8080"_s));
    QCOMPARE(H::field(a(), app, id, u"status"_s), u"UP"_s);
    QCOMPARE(H::field(b(), app, id, u"status"_s), u"UP"_s);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"UNKNOWN"_s);
    QCOMPARE(H::dirtyTimestamp(*b().instance(app, id)), T + 1000);
}

// Contract §1.7: a metadata update is replicated as a Register.
void TestReplicationTwoNodes::metadataUpdateOnAShowsOnB()
{
    const QString id = u"meta:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(H::has(b(), app, id));
    QVERIFY_STATUS(a().put(u"/eureka/apps/MYAPP/%1/metadata?foo=bar&zone=z9"_s.arg(id)), 200);
    QTRY_COMPARE(H::metadata(b(), app, id, u"foo"_s), u"bar"_s);
    QCOMPARE(H::metadata(b(), app, id, u"zone"_s), u"z9"_s);
    QCOMPARE(H::metadata(b(), app, id, u"management.port"_s), u"8080"_s);
}

QTEST_GUILESS_MAIN(TestReplicationTwoNodes)
#include "tst_replicationtwonodes.moc"
