// SPDX-License-Identifier: GPL-3.0-or-later
// What a node sends to a peer, seen by a recording FakePeer (contract §4.2): the batch request and
// its items, heartbeats coalesced per instance while a batch is out, at most 250 tasks and 16 KiB
// per batch, and the sender's handling of item answers (Heartbeat 404 → Register; a response list of the wrong
// size is ignored).

#include "eurekatestnode.h"
#include "fakepeer.h"
#include "replicationharness.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
const QString app = u"MYAPP"_s;

QList<QJsonObject> itemsOf(const FakePeer::Request &batch)
{
    QList<QJsonObject> items;
    for (const QJsonValue value : batch.batchItems())
        items.append(value.toObject());
    return items;
}

// The last item the peer received for id, or empty.
QJsonObject lastItem(const FakePeer &peer, const QString &id)
{
    QJsonObject found;
    for (const QJsonObject &item : peer.batchItems()) {
        if (item.value(u"id").toString() == id)
            found = item;
    }
    return found;
}
}

class TestReplicationSender : public QObject
{
    Q_OBJECT

private slots:
    void batchRequestAndItems();
    void heartbeatsCoalesceWhileABatchIsOut();
    void batchesHoldAtMost250Tasks();
    void batchBodiesStayWithin16KiB();
    void heartbeat404SendsRegister();
    void responseListOfTheWrongSizeIsIgnored();
    void evictionsAreNotReplicated();
};

void TestReplicationSender::batchRequestAndItems()
{
    FakePeer peer;
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));
    const QString id = u"wire:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s + id;

    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T, 90, {{u"zone"_s, u"z1"_s}})), 204);
    QTRY_COMPARE(H::actions(peer.batchItems(), id), QStringList {u"Register"_s});
    const FakePeer::Request request = peer.batches().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/eureka/peerreplication/batch/"));
    QVERIFY2(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type").constData());
    QVERIFY2(request.header("Accept").contains("application/json"), request.header("Accept").constData());
    QCOMPARE(request.header("DiscoveryIdentity-Name"), QByteArray("DefaultServer"));
    QCOMPARE(request.json().keys(), QStringList {u"replicationList"_s});

    QJsonObject item = lastItem(peer, id);
    QCOMPARE(item.value(u"appName").toString(), app);
    QCOMPARE(item.value(u"action").toString(), u"Register"_s);
    QCOMPARE(item.value(u"status").toString(), u"UP"_s);
    QVERIFY2(item.value(u"lastDirtyTimestamp").isDouble(), "lastDirtyTimestamp is a JSON number in ReplicationInstance");
    QCOMPARE(qint64(item.value(u"lastDirtyTimestamp").toDouble()), T);
    const QJsonObject info = item.value(u"instanceInfo").toObject();
    QVERIFY2(!info.contains(u"instance"_s), "instanceInfo is an InstanceInfo without the \"instance\" wrapper");
    QCOMPARE(info.value(u"instanceId").toString(), id);
    QCOMPARE(info.value(u"app").toString(), app);
    QCOMPARE(info.value(u"hostName").toString(), u"host-wire"_s);
    QCOMPARE(info.value(u"metadata").toObject().value(u"zone").toString(), u"z1"_s);
    QCOMPARE(H::dirtyTimestamp(info), T);

    QVERIFY_STATUS(H::heartbeat(node, app, id), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 2);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"Heartbeat"_s);
    QVERIFY(!item.contains(u"instanceInfo"_s));
    QCOMPARE(qint64(item.value(u"lastDirtyTimestamp").toDouble()), T);
    QCOMPARE(item.value(u"status").toString(), u"UP"_s);
    QVERIFY2(!item.contains(u"overriddenStatus"_s) || item.value(u"overriddenStatus").toString() == u"UNKNOWN"_s,
             "overriddenStatus only when the sender holds an override");

    QVERIFY_STATUS(node.put(path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 3);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"StatusUpdate"_s);
    QCOMPARE(item.value(u"status").toString(), u"OUT_OF_SERVICE"_s);
    QVERIFY(!item.contains(u"instanceInfo"_s));

    QVERIFY_STATUS(H::heartbeat(node, app, id), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 4);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"Heartbeat"_s);
    QCOMPARE(item.value(u"overriddenStatus").toString(), u"OUT_OF_SERVICE"_s);

    QVERIFY_STATUS(node.del(path + u"/status?value=UP"_s), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 5);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"DeleteStatusOverride"_s);
    QCOMPARE(item.value(u"status").toString(), u"UP"_s);

    QVERIFY_STATUS(node.put(path + u"/metadata?zone=z2"_s), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 6);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"Register"_s);
    QCOMPARE(item.value(u"instanceInfo").toObject().value(u"metadata").toObject().value(u"zone").toString(), u"z2"_s);

    QVERIFY_STATUS(node.del(path), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 7);
    item = lastItem(peer, id);
    QCOMPARE(item.value(u"action").toString(), u"Cancel"_s);
    QCOMPARE(item.value(u"appName").toString(), app);
    QVERIFY(!item.contains(u"instanceInfo"_s));

    QCOMPARE(H::actions(peer.batchItems(), id),
             (QStringList {u"Register"_s, u"Heartbeat"_s, u"StatusUpdate"_s, u"Heartbeat"_s,
                           u"DeleteStatusOverride"_s, u"Register"_s, u"Cancel"_s}));
    for (const FakePeer::Request &batch : peer.batches())
        QCOMPARE(batch.path, QByteArray("/eureka/peerreplication/batch/"));
}

// One batch at a time: while the first is unanswered, ten heartbeats for one instance wait as one
// task (contract §4.2: a newer task with the same key replaces the older one).
void TestReplicationSender::heartbeatsCoalesceWhileABatchIsOut()
{
    FakePeer peer;
    peer.setResponder(FakePeer::holdBatches());
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"hb:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(peer.batches().size(), 1);
    for (int i = 0; i < 10; ++i)
        QVERIFY_STATUS(H::heartbeat(node, app, id), 200);
    QCOMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 1);
    QCOMPARE(peer.batches().size(), 1);

    peer.setResponder(FakePeer::acceptAll());
    QCOMPARE(peer.answerHeld(), 1);
    QTRY_COMPARE(peer.batches().size(), 2);
    QCOMPARE(H::actions(itemsOf(peer.batches().at(1)), id), QStringList {u"Heartbeat"_s});
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QCOMPARE(H::peerState(node, peer.port()).value(u"droppedHeartbeats").toInt(), 0);
}

// Contract §4.2: batches hold up to 250 tasks. Cancels are small enough for 250 to fit in 16 KiB.
void TestReplicationSender::batchesHoldAtMost250Tasks()
{
    FakePeer peer;
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));
    constexpr int count = 300;
    for (int i = 0; i < count; ++i)
        QVERIFY_STATUS(node.registerJson(H::instance(app, u"b%1"_s.arg(i), T)), 204);
    QTRY_COMPARE(peer.batchItems().size(), count);

    peer.setResponder(FakePeer::holdBatches());
    QVERIFY_STATUS(node.registerJson(H::instance(app, u"first:myapp:8080"_s, T)), 204);
    QTRY_COMPARE(peer.batchItems().size(), count + 1);
    const qsizetype before = peer.batches().size();
    for (int i = 0; i < count; ++i)
        QVERIFY_STATUS(node.del(u"/eureka/apps/MYAPP/b%1"_s.arg(i)), 200);
    QCOMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), count);

    peer.setResponder(FakePeer::acceptAll());
    QCOMPARE(peer.answerHeld(), 1);
    QTRY_COMPARE(peer.batchItems().size(), 2 * count + 1);
    const QList<FakePeer::Request> batches = peer.batches().mid(before);
    QCOMPARE(batches.size(), 2);
    QCOMPARE(batches[0].batchItems().size(), 250);
    QCOMPARE(batches[1].batchItems().size(), count - 250);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"sentTasks").toInt(), 2 * count + 1);
}

// A batch body over 16 KiB costs a 40 ms Nagle/delayed-ACK stall with Qt's HTTP client
// (PeerReplicator::Limits::maxBatchBytes), so registrations of about 1 KiB each go out about fifteen
// to a batch, in order, none lost.
void TestReplicationSender::batchBodiesStayWithin16KiB()
{
    FakePeer peer;
    peer.setResponder(FakePeer::holdBatches());
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    QVERIFY_STATUS(node.registerJson(H::instance(app, u"first:myapp:8080"_s, T)), 204);
    QTRY_COMPARE(peer.batches().size(), 1);
    constexpr int count = 300;
    QStringList ids {u"first:myapp:8080"_s};
    for (int i = 0; i < count; ++i) {
        ids << u"bulk%1:myapp:8080"_s.arg(i);
        QVERIFY_STATUS(node.registerJson(H::instance(app, ids.last(), T)), 204);
    }
    QCOMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), count);

    peer.setResponder(FakePeer::acceptAll());
    QCOMPARE(peer.answerHeld(), 1);
    QTRY_COMPARE(peer.batchItems().size(), count + 1);
    QCOMPARE(H::ids(peer.batchItems()), ids);
    const QList<FakePeer::Request> batches = peer.batches();
    QVERIFY2(batches.size() > count / 30, qPrintable(u"%1 batches"_s.arg(batches.size())));
    for (const FakePeer::Request &batch : batches)
        QVERIFY2(batch.body.size() <= 16 * 1024, qPrintable(u"a batch of %1 bytes"_s.arg(batch.body.size())));
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"queueLength").toInt(), 0);
    QTRY_COMPARE(H::peerState(node, peer.port()).value(u"sentTasks").toInt(), count + 1);
}

// Contract §4.2: "Heartbeat 404: replicate a Register of its own copy"; other answers are final.
void TestReplicationSender::heartbeat404SendsRegister()
{
    FakePeer peer(FakePeer::batchResponder([](const QJsonObject &item) {
        const bool heartbeat = item.value(u"action").toString() == u"Heartbeat"_s;
        return QJsonObject {{u"statusCode"_s, heartbeat ? 404 : 200}};
    }));
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"again:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 1);
    QVERIFY_STATUS(H::heartbeat(node, app, id), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id), (QStringList {u"Register"_s, u"Heartbeat"_s, u"Register"_s}));
    const QJsonObject resent = lastItem(peer, id);
    QCOMPARE(resent.value(u"instanceInfo").toObject().value(u"instanceId").toString(), id);
    QCOMPARE(qint64(resent.value(u"lastDirtyTimestamp").toDouble()), T);

    // A marker after it: the Register got 200, so nothing more follows for id.
    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::ids(peer.batchItems()).contains(marker));
    QCOMPARE(H::actions(peer.batchItems(), id).size(), 3);
}

// Contract §4.2: "A response list whose size differs from the request: responses ignored".
void TestReplicationSender::responseListOfTheWrongSizeIsIgnored()
{
    FakePeer peer;
    const FakePeer::Responder accept = FakePeer::acceptAll();
    peer.setResponder([&](const FakePeer::Request &request) -> std::optional<FakePeer::Response> {
        if (request.isBatch() && request.batchItems().first().toObject().value(u"action").toString() == u"Heartbeat"_s)
            return FakePeer::Response {200, QByteArrayLiteral(R"({"responseList":[{"statusCode":404},{"statusCode":404}]})")};
        return accept(request);
    });
    QVERIFY(peer.listen());
    EurekaTestNode node(H::config(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"odd:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 1);
    QVERIFY_STATUS(H::heartbeat(node, app, id), 200);
    QTRY_COMPARE(H::actions(peer.batchItems(), id).size(), 2);

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::ids(peer.batchItems()).contains(marker));
    QCOMPARE(H::actions(peer.batchItems(), id), (QStringList {u"Register"_s, u"Heartbeat"_s}));
}

// Contract §4.1 and §3.2: an eviction is a local cancel; every peer evicts on its own.
void TestReplicationSender::evictionsAreNotReplicated()
{
    FakePeer peer;
    QVERIFY(peer.listen());
    EurekaTestNode node(H::expiringConfig(u"A"_s, 0, {peer.serviceUrl()}));
    QVERIFY(H::startReady(node));

    const QString id = u"silent:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T, 1)), 204);
    QTRY_COMPARE(H::actions(peer.batchItems(), id), QStringList {u"Register"_s});
    QTRY_VERIFY_WITH_TIMEOUT(!EurekaTestNode::findInstance(node.applications(), id), 8000);
    const auto deleted = EurekaTestNode::findInstance(node.delta(), id);
    QVERIFY(deleted);
    QCOMPARE(deleted->value(u"actionType").toString(), u"DELETED"_s);

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::ids(peer.batchItems()).contains(marker));
    QCOMPARE(H::actions(peer.batchItems(), id), QStringList {u"Register"_s});
}

QTEST_GUILESS_MAIN(TestReplicationSender)
#include "tst_replicationsender.moc"
