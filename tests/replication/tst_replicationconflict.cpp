// SPDX-License-Identifier: GPL-3.0-or-later
// Conflicts by lastDirtyTimestamp between a sender A and its peer B (contract §4.2 sender's item
// handling, §4.4): B newer → B answers A's replicated heartbeat with 409 and its copy, which A
// adopts; B lacking the instance or holding an older copy → 404, and A sends a Register of its own
// copy. B has no peers of its own, so writes made directly at B stay there.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;
const HttpHeaders replicationHeader {{"x-netflix-discovery-replication", "true"}};
}

class TestReplicationConflict : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void peerWithNewerCopyWinsThroughA409();
    void adoptedCopyBringsThePeersOverride();
    void heartbeatForAnInstanceThePeerLacksSendsRegister();
    void heartbeatNewerThanThePeersCopySendsRegister();

private:
    EurekaTestNode &a() { return *m_a; }
    EurekaTestNode &b() { return *m_b; }
    qint64 dirty(EurekaTestNode &node, const QString &id);
    // A register at A that has reached B: every write A made before it has reached B too.
    bool markerReachesB(const QString &id);

    std::unique_ptr<EurekaTestNode> m_a;
    std::unique_ptr<EurekaTestNode> m_b;
};

void TestReplicationConflict::init()
{
    m_b = std::make_unique<EurekaTestNode>(H::config(u"B"_s, 0));
    QVERIFY(H::startReady(b()));
    m_a = std::make_unique<EurekaTestNode>(H::config(u"A"_s, 0, {H::serviceUrl(b().port())}));
    QVERIFY(H::startReady(a()));
}

void TestReplicationConflict::cleanup()
{
    m_a.reset();
    m_b.reset();
}

qint64 TestReplicationConflict::dirty(EurekaTestNode &node, const QString &id)
{
    const auto found = node.instance(app, id);
    return found ? H::dirtyTimestamp(*found) : 0;
}

bool TestReplicationConflict::markerReachesB(const QString &id)
{
    if (a().registerJson(H::instance(app, id, T)).status != 204)
        return false;
    return QTest::qWaitFor([&] { return H::has(b(), app, id); }, 5000);
}

void TestReplicationConflict::peerWithNewerCopyWinsThroughA409()
{
    const QString id = u"lww:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T, 90, {{u"owner"_s, u"A"_s}})), 204);
    QTRY_COMPARE(dirty(b(), id), T);

    QJsonObject newer = H::instance(app, id, T + 1000, 90, {{u"owner"_s, u"B"_s}});
    newer.insert(u"ipAddr"_s, u"10.0.0.2"_s);
    QVERIFY_STATUS(b().registerJson(newer), 204);
    QCOMPARE(dirty(a(), id), T);

    QVERIFY_STATUS(H::heartbeat(a(), app, id), 200);
    QTRY_COMPARE(dirty(a(), id), T + 1000);
    QCOMPARE(H::metadata(a(), app, id, u"owner"_s), u"B"_s);
    QCOMPARE(H::field(a(), app, id, u"ipAddr"_s), u"10.0.0.2"_s);
    QCOMPARE(H::field(a(), app, id, u"status"_s), u"UP"_s);

    QCOMPARE(dirty(b(), id), T + 1000);
    QCOMPARE(H::metadata(b(), app, id, u"owner"_s), u"B"_s);
    QTRY_COMPARE(H::peerState(a(), b().port()).value(u"queueLength").toInt(), 0);
    QCOMPARE(H::peerState(a(), b().port()).value(u"lastError").toString(), QString());
}

// Contract §4.2: the sender "stores the peer's overriddenStatus if it is not UNKNOWN".
void TestReplicationConflict::adoptedCopyBringsThePeersOverride()
{
    const QString id = u"ovr:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(H::has(b(), app, id));

    QVERIFY_STATUS(b().registerJson(H::instance(app, id, T + 1000)), 204);
    QVERIFY_STATUS(b().put(u"/eureka/apps/MYAPP/%1/status?value=OUT_OF_SERVICE"_s.arg(id)), 200);
    QCOMPARE(H::field(b(), app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);

    QVERIFY_STATUS(H::heartbeat(a(), app, id), 200);
    QTRY_COMPARE(dirty(a(), id), T + 1000);
    QCOMPARE(H::field(a(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(a(), app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);

    // The override now rules A too (§3.6): a client re-register with UP stays OUT_OF_SERVICE.
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T + 1000)), 204);
    QCOMPARE(H::field(a(), app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
}

void TestReplicationConflict::heartbeatForAnInstanceThePeerLacksSendsRegister()
{
    const QString id = u"lost:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T, 90, {{u"zone"_s, u"z1"_s}})), 204);
    QTRY_VERIFY(H::has(b(), app, id));
    // B restarts empty (a cancel would leave a tombstone that refuses A's copy until A hears of it).
    const quint16 port = b().port();
    m_b.reset();
    m_b = std::make_unique<EurekaTestNode>(H::config(u"B"_s, port));
    QVERIFY(H::startReady(b()));
    QVERIFY(!H::has(b(), app, id));
    QVERIFY(H::has(a(), app, id));

    QVERIFY_STATUS(H::heartbeat(a(), app, id), 200);
    QTRY_VERIFY(H::has(b(), app, id));
    QCOMPARE(dirty(b(), id), T);
    QCOMPARE(H::metadata(b(), app, id, u"zone"_s), u"z1"_s);
    QTRY_COMPARE(H::peerState(a(), b().port()).value(u"queueLength").toInt(), 0);
    QCOMPARE(H::peerState(a(), b().port()).value(u"lastError").toString(), QString());
}

// Contract §1.3 / §4.4: a replicated heartbeat newer than the receiver's copy gets 404, and the
// sender's Register then carries the newer data.
void TestReplicationConflict::heartbeatNewerThanThePeersCopySendsRegister()
{
    const QString id = u"stale:myapp:8080"_s;
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T, 90, {{u"v"_s, u"1"_s}})), 204);
    QTRY_COMPARE(H::metadata(b(), app, id, u"v"_s), u"1"_s);

    // A newer copy at A that A does not forward (it came "from a peer").
    QVERIFY_STATUS(a().registerJson(H::instance(app, id, T + 500, 90, {{u"v"_s, u"2"_s}}), u"/eureka"_s, {},
                                  replicationHeader),
                 204);
    QVERIFY(markerReachesB(u"marker:myapp:8080"_s));
    QCOMPARE(H::metadata(b(), app, id, u"v"_s), u"1"_s);

    QVERIFY_STATUS(H::heartbeat(a(), app, id), 200);
    QTRY_COMPARE(H::metadata(b(), app, id, u"v"_s), u"2"_s);
    QCOMPARE(dirty(b(), id), T + 500);
}

QTEST_GUILESS_MAIN(TestReplicationConflict)
#include "tst_replicationconflict.moc"
