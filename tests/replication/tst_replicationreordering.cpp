// SPDX-License-Identifier: GPL-3.0-or-later
// Writes that overtake each other on their way between nodes, staged one step at a time with real
// nodes and scripted peers so that each order is certain. Every case ends with the nodes in
// disagreement unless the write that was made last wins everywhere. The receiving side keeps a
// tombstone per cancelled instance, refuses batches while it copies the registry, and breaks
// lastDirtyTimestamp ties by content, so each case ends in agreement.

#include "eurekatestnode.h"
#include "fakepeer.h"
#include "replicationharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;
const HttpHeaders replicationHeader {{"x-netflix-discovery-replication", "true"}};

qint64 sentTasks(EurekaTestNode &from, quint16 toPort)
{
    return qint64(H::peerState(from, toPort).value(u"sentTasks").toDouble());
}

QJsonArray asArray(const QList<QJsonObject> &items)
{
    QJsonArray array;
    for (const QJsonObject &item : items)
        array.append(item);
    return array;
}
}

class TestReplicationReordering : public QObject
{
    Q_OBJECT

private slots:
    void cancelQueuedForADownPeerSparesALaterRegistration();
    void lateHeartbeatDoesNotBringBackACancelledInstance();
    void conflictAnswerDoesNotBringBackAnInstanceCancelledMeanwhile();
    void statusChangeThatFindsNoInstanceSendsTheInstance();
    void cancelDuringTheStartupCopyIsNotUndoneByTheCopy();
    void registrationsWithEqualTimestampsEndTheSameEverywhere();
};

// A cancel waits in A's queue for C, which refuses batches (503) for a while; the instance is
// registered again at B after C is back. C copies the registry from A (with the new registration),
// gets B's register, and then A's old cancel: it must not remove the newer registration. The task
// names the instance and its data is read when it goes out (docs/replication.md), so a cancel whose
// instance is back, newer, is outdated.
void TestReplicationReordering::cancelQueuedForADownPeerSparesALaterRegistration()
{
    // Until C starts, its port belongs to a FakePeer answering 503: A's retries back off 1 s, 2 s, 4 s.
    auto busy = std::make_unique<FakePeer>(FakePeer::fixedStatus(503));
    QVERIFY(busy->listen());
    QList<quint16> ports = H::reservePorts(2);
    QCOMPARE(ports.size(), 2);
    ports.append(busy->port());
    QList<QUrl> mesh;
    for (quint16 port : ports)
        mesh.append(H::serviceUrl(port));
    EurekaTestNode a(H::config(u"A"_s, ports[0], mesh));
    EurekaTestNode b(H::config(u"B"_s, ports[1], mesh));
    QVERIFY(H::startReady(a));
    QVERIFY(H::startReady(b));

    const QString id = u"again:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T, 90, {{u"v"_s, u"1"_s}})), 204);
    QTRY_VERIFY(H::has(b, app, id));
    QVERIFY_STATUS(a.del(u"/eureka/apps/MYAPP/"_s + id), 200);
    QTRY_VERIFY(!H::has(b, app, id));
    // Once A's oldest write waited 3.2 s, its next attempt comes at about 7 s, which leaves C time to
    // start and B's register time to reach C first.
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(a, ports[2]).value(u"lagMs").toDouble() >= 3200, 10000);
    QCOMPARE(H::peerState(a, ports[2]).value(u"lastError").toString(), u"HTTP 503"_s);

    busy.reset();
    EurekaTestNode c(H::config(u"C"_s, ports[2], mesh));
    QVERIFY(H::startReady(c));
    QCOMPARE(c.nodeStatus().value(u"syncedFrom").toString(), H::serviceUrl(ports[0]).toString());
    QVERIFY(!H::has(c, app, id));
    QVERIFY_STATUS(b.registerJson(H::instance(app, id, T + 1000, 90, {{u"v"_s, u"2"_s}})), 204);
    QTRY_VERIFY(H::metadata(c, app, id, u"v"_s) == u"2"_s && H::metadata(a, app, id, u"v"_s) == u"2"_s);
    QVERIFY(H::peerState(a, ports[2]).value(u"queueLength").toInt() > 0);   // the cancel is still waiting

    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(a, ports[2]).value(u"queueLength").toInt() == 0, 15000);
    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::has(c, app, marker));
    QVERIFY2(H::has(c, app, id), "A's queued cancel removed the registration made at B after it");
    QCOMPARE(H::metadata(c, app, id, u"v"_s), u"2"_s);
    QCOMPARE(H::metadata(a, app, id, u"v"_s), u"2"_s);
    QCOMPARE(H::metadata(b, app, id, u"v"_s), u"2"_s);
}

// The race of contract §4.2's "Heartbeat 404 → Register", staged: a client cancels X at a third
// node, whose cancel reaches B before it reaches A; A's replicated heartbeat for X meets B without X,
// gets 404 and sends its copy; then the cancel reaches A. B must not keep X: nothing will ever remove
// it there before its lease runs out. (B has no peers: the third node is played by postBatch.)
void TestReplicationReordering::lateHeartbeatDoesNotBringBackACancelledInstance()
{
    EurekaTestNode b(H::config(u"B"_s, 0));
    QVERIFY(H::startReady(b));
    EurekaTestNode a(H::config(u"A"_s, 0, {H::serviceUrl(b.port())}));
    QVERIFY(H::startReady(a));

    const QString id = u"late:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(H::has(b, app, id));
    QTRY_COMPARE(sentTasks(a, b.port()), 1);

    const QJsonArray cancel {H::item(u"Cancel"_s, app, id)};
    QCOMPARE(H::postBatch(b, cancel).json().value(u"responseList"_s).toArray().first()[u"statusCode"_s].toInt(), 200);
    QVERIFY_STATUS(H::heartbeat(a, app, id), 200);
    QTRY_COMPARE(sentTasks(a, b.port()), 3);   // the heartbeat (404 at B), then the Register it calls for
    QCOMPARE(H::postBatch(a, cancel).json().value(u"responseList"_s).toArray().first()[u"statusCode"_s].toInt(), 200);
    QVERIFY(!H::has(a, app, id));

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::has(b, app, marker));
    QVERIFY2(!H::has(b, app, id), "a late replicated heartbeat brought a cancelled instance back");
}

// Contract §4.2: "Heartbeat 409 with an entity: adopt the peer's copy". The client cancels the
// instance at A while A's replicated heartbeat is on its way; the 409 that comes back afterwards
// carries a copy of an instance A no longer holds, and adopting it would bring it back at A alone.
void TestReplicationReordering::conflictAnswerDoesNotBringBackAnInstanceCancelledMeanwhile()
{
    FakePeer peer;
    QVERIFY(peer.listen());
    EurekaTestNode a(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(a));

    const QString id = u"adopted:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(peer.batches().size(), 1);
    peer.setResponder(FakePeer::holdBatches());
    QVERIFY_STATUS(H::heartbeat(a, app, id), 200);
    QTRY_COMPARE(peer.batches().size(), 2);
    QVERIFY_STATUS(a.del(u"/eureka/apps/MYAPP/"_s + id), 200);

    const QJsonObject newer = H::instance(app, id, T + 1000, 90, {{u"owner"_s, u"peer"_s}});
    peer.setResponder(FakePeer::batchResponder([&](const QJsonObject &item) {
        if (item.value(u"action"_s).toString() == u"Heartbeat"_s)
            return QJsonObject {{u"statusCode"_s, 409}, {u"responseEntity"_s, newer}};
        return QJsonObject {{u"statusCode"_s, 200}};
    }));
    QCOMPARE(peer.answerHeld(), 1);
    QTRY_COMPARE(H::actions(peer.batchItems(), id), (QStringList {u"Register"_s, u"Heartbeat"_s, u"Cancel"_s}));
    QVERIFY2(!H::has(a, app, id), "a 409 answered after the cancel brought the instance back");
}

// A status change that reaches a peer lacking the instance (its register from another node is late,
// a retried batch for one) gets 404 there, and Eureka drops it: the peer would show the old status
// when the register arrives. The sender answers the 404 as it answers a heartbeat's, with its copy.
// Here B lacks the instance because A got it as replication (the header) and did not forward it.
void TestReplicationReordering::statusChangeThatFindsNoInstanceSendsTheInstance()
{
    EurekaTestNode b(H::config(u"B"_s, 0));
    QVERIFY(H::startReady(b));
    EurekaTestNode a(H::config(u"A"_s, 0, {H::serviceUrl(b.port())}));
    QVERIFY(H::startReady(a));

    const QString id = u"status:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s + id;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T), u"/eureka"_s, {}, replicationHeader), 204);
    QVERIFY_STATUS(a.put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE(sentTasks(a, b.port()), 1);   // the StatusUpdate, answered 404
    QTRY_COMPARE_WITH_TIMEOUT(H::field(b, app, id, u"status"_s), u"OUT_OF_SERVICE"_s, 5000);
    QCOMPARE(H::field(b, app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::dirtyTimestamp(*b.instance(app, id)), T);
}

// A node copying the registry at start (contract §4.5) gets writes from its peers meanwhile. Had it
// applied a cancel that arrives before the copy answers, it would have found nothing to remove, and
// the copy, taken at the source before that cancel reached it, would have added the instance back.
// So the node answers batches 503 until the copy is in. The source is a FakePeer (an Eureka server:
// no Muster snapshot) that holds the GET of its registry until the test lets it answer.
void TestReplicationReordering::cancelDuringTheStartupCopyIsNotUndoneByTheCopy()
{
    const QString id = u"copied:myapp:8080"_s;
    const QJsonObject copy = H::instance(app, id, T);
    FakePeer source;
    bool holdCopy = true;
    source.setResponder([&](const FakePeer::Request &request) -> std::optional<FakePeer::Response> {
        if (request.method != "GET")
            return FakePeer::acceptAll()(request);
        if (request.path.startsWith("/muster/"))
            return FakePeer::Response {404, {}};   // an Eureka server, not a Muster node
        if (holdCopy)
            return std::nullopt;
        const QJsonObject registry {{u"applications"_s,
                                     QJsonObject {{u"versions__delta"_s, u"1"_s},
                                                  {u"apps__hashcode"_s, u"UP_1_"_s},
                                                  {u"application"_s, QJsonArray {QJsonObject {
                                                       {u"name"_s, app}, {u"instance"_s, QJsonArray {copy}}}}}}}};
        return FakePeer::Response {200, QJsonDocument(registry).toJson(QJsonDocument::Compact)};
    });
    QVERIFY(source.listen());
    EurekaTestNode c(H::config(u"C"_s, 0, {source.serviceUrl()}));
    QVERIFY(c.start());
    QTRY_COMPARE(source.requests().size(), 2);            // the snapshot (404), then /apps, held
    QCOMPARE(c.get(u"/eureka/apps"_s).status, 403);   // still copying

    // While it copies, the node refuses batches with 503, so the peer sends the cancel again later.
    QVERIFY_STATUS(H::postBatch(c, {H::item(u"Cancel"_s, app, id)}), 503);
    holdCopy = false;
    QCOMPARE(source.answerHeld(), 1);
    QTRY_VERIFY(H::servesReads(c));
    QCOMPARE(c.nodeStatus().value(u"syncedFrom").toString(), source.serviceUrl().toString());
    QVERIFY(H::has(c, app, id));

    const QJsonObject response =
        H::postBatch(c, {H::item(u"Cancel"_s, app, id)}).json().value(u"responseList"_s).toArray().first().toObject();
    QCOMPARE(response.value(u"statusCode"_s).toInt(), 200);
    QVERIFY2(!H::has(c, app, id), "the startup copy brought back an instance cancelled while it was taken");
}

// Two clients register the same instance at A and at B with the same lastDirtyTimestamp and
// different data (or change its metadata at both, which keeps the timestamp). Contract §4.4 takes
// the incoming copy on a tie, so A takes B's and B takes A's. The batches each node sends are held
// by fake peers and handed to the other node by the test, so the crossing is certain.
void TestReplicationReordering::registrationsWithEqualTimestampsEndTheSameEverywhere()
{
    FakePeer towardB(FakePeer::holdBatches());
    FakePeer towardA(FakePeer::holdBatches());
    QVERIFY(towardB.listen());
    QVERIFY(towardA.listen());
    EurekaTestNode a(H::config(u"A"_s, 0, {towardB.serviceUrl()}));
    EurekaTestNode b(H::config(u"B"_s, 0, {towardA.serviceUrl()}));
    QVERIFY(H::startReady(a));
    QVERIFY(H::startReady(b));

    const QString id = u"twin:myapp:8080"_s;
    QVERIFY_STATUS(a.registerJson(H::instance(app, id, T, 90, {{u"owner"_s, u"A"_s}})), 204);
    QVERIFY_STATUS(b.registerJson(H::instance(app, id, T, 90, {{u"owner"_s, u"B"_s}})), 204);
    QTRY_VERIFY(!towardB.batchItems().isEmpty() && !towardA.batchItems().isEmpty());
    QVERIFY_STATUS(H::postBatch(b, asArray(towardB.batchItems())), 200);
    QVERIFY_STATUS(H::postBatch(a, asArray(towardA.batchItems())), 200);

    const QString atA = H::metadata(a, app, id, u"owner"_s);
    const QString atB = H::metadata(b, app, id, u"owner"_s);
    QVERIFY(!atA.isEmpty() && !atB.isEmpty());
    QCOMPARE(atA, atB);
}

QTEST_GUILESS_MAIN(TestReplicationReordering)
#include "tst_replicationreordering.moc"
