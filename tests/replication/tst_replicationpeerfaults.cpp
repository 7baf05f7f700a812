// SPDX-License-Identifier: GPL-3.0-or-later
// Peers that misbehave, played by FakePeer on 127.0.0.1 (contract §4.2, sender's handling of the
// whole HTTP response): one that accepts and never answers (read timeout: "congestion", requeued),
// one that answers 500 (dropped), one that answers 503 once (requeued after a 1 s back-off). In
// every case the node answers its own clients at once; and a Netflix Eureka server, which refuses a
// whole batch with 400 for the "muster" member of a pinned or Service-Center instance's item, gets
// the batch again without it, and never that member again: it serves from its own thread and
// replicates asynchronously.

#include "eurekatestnode.h"
#include "fakepeer.h"
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

// Client requests of every kind against node; the slowest must answer within promptMs.
// Reads may answer 403 while the node is still copying the registry from its (silent) peer.
QString slowClientRequests(EurekaTestNode &node, const QString &id)
{
    const QString path = u"/eureka/apps/MYAPP/"_s + id;
    const QList<std::pair<QString, std::function<HttpReply()>>> requests {
        {u"register"_s, [&] { return node.registerJson(H::instance(app, id, T)); }},
        {u"heartbeat"_s, [&] { return H::heartbeat(node, app, id); }},
        {u"status"_s, [&] { return node.put(path + u"/status?value=OUT_OF_SERVICE"_s); }},
        {u"override delete"_s, [&] { return node.del(path + u"/status?value=UP"_s); }},
        {u"metadata"_s, [&] { return node.put(path + u"/metadata?k=v"_s); }},
        {u"read"_s, [&] { return node.get(u"/eureka/apps"_s); }},
        {u"node status"_s, [&] { return node.get(u"/muster/api/v1/node"_s); }},
    };
    QStringList problems;
    for (int round = 0; round < 3; ++round) {
        for (const auto &[name, request] : requests) {
            QElapsedTimer timer;
            timer.start();
            const HttpReply reply = request();
            const qint64 elapsed = timer.elapsed();
            const bool answered = (reply.status >= 200 && reply.status < 300)
                || (reply.status == 403 && name == u"read"_s);
            if (!answered || elapsed >= promptMs)
                problems << u"%1: %2 after %3 ms"_s.arg(name, QString::fromUtf8(reply.describe())).arg(elapsed);
        }
    }
    return problems.join(u"; ");
}
}

class TestReplicationPeerFaults : public QObject
{
    Q_OBJECT

private slots:
    void hangingPeerDoesNotSlowClients();
    void peerAnswering500DropsTheBatch();
    void peerAnswering503GetsTheBatchAgainAfterABackOff();
    void peerRefusingMusterFieldsGetsPlainEurekaItems();
};

void TestReplicationPeerFaults::hangingPeerDoesNotSlowClients()
{
    FakePeer peer(FakePeer::hang());
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(node.start());

    const QString id = u"hang:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_VERIFY(!peer.batches().isEmpty());   // the batch is out and will never be answered

    const QString problems = slowClientRequests(node, id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // The transfer times out (5 s in PeerReplicator::Limits) and the state says so.
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(node, peer.port()).value(u"state").toString() == u"unreachable"_s, 15000);
    const QJsonObject state = H::peerState(node, peer.port());
    QVERIFY2(!state.value(u"lastError").toString().isEmpty(), "no lastError for a peer that timed out");
    QVERIFY(!state.value(u"lastErrorAt").toString().isEmpty());
    QCOMPARE(state.value(u"sentTasks").toInt(), 0);
    QTRY_VERIFY(H::peerState(node, peer.port()).value(u"queueLength").toInt() >= 1);   // requeued, not lost

    const QString stillProblems = slowClientRequests(node, id);
    QVERIFY2(stillProblems.isEmpty(), qPrintable(stillProblems));
    QVERIFY(H::servesReads(node));
}

// Contract §4.2: any non-2xx other than 503 drops the batch; the next write is sent afresh.
void TestReplicationPeerFaults::peerAnswering500DropsTheBatch()
{
    FakePeer peer(FakePeer::fixedStatus(500));
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"five:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(peer.batches().size(), 1);
    QTRY_VERIFY(H::peerState(node, peer.port()).value(u"lastError").toString().contains(u"500"_s));
    QJsonObject state = H::peerState(node, peer.port());
    QVERIFY(!state.value(u"lastErrorAt").toString().isEmpty());
    QCOMPARE(state.value(u"queueLength").toInt(), 0);
    QCOMPARE(state.value(u"sentTasks").toInt(), 0);

    // Nothing of the first batch comes again: the next batch holds the next write only.
    const QString next = u"next:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, next, T)), 204);
    QTRY_VERIFY(H::ids(peer.batchItems()).contains(next));
    QCOMPARE(peer.batches().size(), 2);
    QCOMPARE(H::ids(peer.batchItems()), (QStringList {id, next}));

    const QString problems = slowClientRequests(node, id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QCOMPARE(H::peerState(node, peer.port()).value(u"sentTasks").toInt(), 0);
}

// Contract §4.2: HTTP 503 is congestion; the batch is requeued after a 1 s back-off.
void TestReplicationPeerFaults::peerAnswering503GetsTheBatchAgainAfterABackOff()
{
    FakePeer peer;
    int batchesSeen = 0;
    QList<qint64> arrivals;
    QElapsedTimer clock;
    clock.start();
    const FakePeer::Responder accept = FakePeer::acceptAll();
    peer.setResponder([&](const FakePeer::Request &request) -> std::optional<FakePeer::Response> {
        if (!request.isBatch())
            return accept(request);
        arrivals.append(clock.elapsed());
        if (++batchesSeen == 1)
            return FakePeer::Response {503, QByteArrayLiteral("{}")};
        return accept(request);
    });
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"busy:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(peer.batches().size(), 1);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"lastError").toString(), u"HTTP 503"_s);
    const QString problems = slowClientRequests(node, id);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    QTRY_VERIFY_WITH_TIMEOUT(peer.batches().size() >= 2, 10000);
    const QList<FakePeer::Request> batches = peer.batches();
    QVERIFY2(arrivals[1] - arrivals[0] >= 900, qPrintable(u"resent after %1 ms"_s.arg(arrivals[1] - arrivals[0])));
    QCOMPARE(batches[1].batchItems().first().toObject().value(u"id").toString(), id);
    QCOMPARE(batches[1].batchItems().first().toObject().value(u"action").toString(), u"Register"_s);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"state").toString(), u"reachable"_s);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QVERIFY(H::peerState(node, peer.port()).value(u"sentTasks").toInt() >= 1);
}

// Spring Cloud's Eureka server answers {"error": "cannot parse request body"} with 400 to a batch
// whose item has a member it does not know. Seen with the real server (tests/interop, mixed_pair).
void TestReplicationPeerFaults::peerRefusingMusterFieldsGetsPlainEurekaItems()
{
    FakePeer peer;
    const FakePeer::Responder accept = FakePeer::acceptAll();
    peer.setResponder([&](const FakePeer::Request &request) -> std::optional<FakePeer::Response> {
        if (request.isBatch()) {
            for (const QJsonValue &item : request.batchItems()) {
                if (item.toObject().contains(u"muster"))
                    return FakePeer::Response {400, QByteArrayLiteral("{\"error\": \"cannot parse request body\"}")};
            }
        }
        return accept(request);
    });
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    // A pinned instance and an ordinary one, so that they share a batch.
    const QString pinned = u"pinned:myapp:8080"_s;
    const QString plain = u"plain:myapp:8080"_s;
    QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/MYAPP/"_s + pinned,
                             R"({"instance": {"hostName": "pinned", "ipAddr": "127.0.0.1", "port": 8080}})",
                             {{"Content-Type", "application/json"}}),
                   201);
    QVERIFY_STATUS(node.registerJson(H::instance(app, plain, T)), 204);

    QTRY_VERIFY(H::ids(peer.batchItems()).contains(plain) && peer.batches().size() >= 2);
    QCOMPARE(peer.batches().first().batchItems().first().toObject().value(u"id").toString(), pinned);
    QVERIFY(peer.batches().first().batchItems().first().toObject().contains(u"muster"));
    // The refused batch came again, whole and plain; nothing was dropped.
    const auto lastBatchHas = [&](const QString &id) {
        for (const QJsonValue &item : peer.batches().last().batchItems()) {
            if (item.toObject().value(u"id").toString() == id)
                return true;
        }
        return false;
    };
    QTRY_VERIFY(lastBatchHas(pinned));
    for (const QJsonValue &item : peer.batches().last().batchItems())
        QVERIFY(!item.toObject().contains(u"muster"));
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QVERIFY(H::peerState(node, peer.port()).value(u"sentTasks").toInt() >= 1);

    // Later items for that peer are plain from the start.
    const int batchesBefore = int(peer.batches().size());
    QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/%1/metadata?k=v"_s.arg(pinned)), 200);
    QTRY_VERIFY(peer.batches().size() > batchesBefore);
    for (const FakePeer::Request &batch : peer.batches().mid(batchesBefore)) {
        for (const QJsonValue &item : batch.batchItems())
            QVERIFY(!item.toObject().contains(u"muster"));
    }
}

QTEST_GUILESS_MAIN(TestReplicationPeerFaults)
#include "tst_replicationpeerfaults.moc"
