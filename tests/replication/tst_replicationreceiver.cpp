// SPDX-License-Identifier: GPL-3.0-or-later
// The receiving side of peer replication (contract §4.2, §4.4, §1.3; checklist §7 items 30, 32, 33):
// POST {prefix}/peerreplication/batch[/] answers one response per item, in order, applies every item
// as replication, and nothing a batch or a request with x-netflix-discovery-replication applies is
// forwarded to the receiver's own peers.

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

QJsonArray responseList(const HttpReply &reply)
{
    return reply.json().value(u"responseList").toArray();
}

QJsonArray statusCodes(std::initializer_list<int> codes)
{
    QJsonArray list;
    for (int code : codes)
        list.append(QJsonObject {{u"statusCode"_s, code}});
    return list;
}

QList<int> codesOf(const HttpReply &reply)
{
    QList<int> codes;
    for (const QJsonValue response : responseList(reply))
        codes.append(response.toObject().value(u"statusCode").toInt());
    return codes;
}

QJsonObject registerItem(const QString &id, qint64 dirty, const QJsonObject &metadata = {})
{
    return H::item(u"Register"_s, app, id, dirty, u"UP"_s, H::instance(app, id, dirty, 90, metadata));
}

const HttpHeaders replicationHeader {{"x-netflix-discovery-replication", "true"}};
}

class TestReplicationReceiver : public QObject
{
    Q_OBJECT

private slots:
    void batchAnswersEachItemInOrder_data();
    void batchAnswersEachItemInOrder();
    void emptyBatchAnswersEmptyList();
    void replicatedRegisterAlwaysAnswers200();
    void replicatedRegisterKeepsNewerStoredCopy();
    void replicatedHeartbeatComparesTimestamps();
    void replicatedHeartbeatFromNewerSenderStoresItsOverride();
    void statusUpdateAndDeleteStatusOverride();
    void unknownActionDoesNotShiftLaterAnswers();
    void malformedBatchIs400_data();
    void malformedBatchIs400();
    void heartbeatWithReplicationHeaderUsesTheReplicationBranch();
    void batchWritesAreNotForwarded();
    void replicationHeaderWritesAreNotForwarded();
};

// Checklist 32, with both prefixes and both slash forms (contract §0).
void TestReplicationReceiver::batchAnswersEachItemInOrder_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("/eureka, no slash") << u"/eureka/peerreplication/batch"_s;
    QTest::newRow("/eureka/v2, slash") << u"/eureka/v2/peerreplication/batch/"_s;
    QTest::newRow("/eureka, slash") << u"/eureka/peerreplication/batch/"_s;
    QTest::newRow("/eureka/v2, no slash") << u"/eureka/v2/peerreplication/batch"_s;
}

void TestReplicationReceiver::batchAnswersEachItemInOrder()
{
    QFETCH(QString, path);
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));

    const QString id = u"new:myapp:8080"_s;
    const HttpReply reply = H::postBatch(node,
                                         {registerItem(id, T),
                                          H::item(u"Heartbeat"_s, app, u"unknown:hb"_s, T, u"UP"_s),
                                          H::item(u"Cancel"_s, app, u"unknown:cancel"_s)},
                                         path);
    QVERIFY_STATUS(reply, 200);
    QVERIFY2(reply.header("Content-Type").contains("application/json"), reply.header("Content-Type").constData());
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, statusCodes({200, 404, 404})}}));

    const auto stored = node.instance(app, id);
    QVERIFY(stored);
    QCOMPARE(H::dirtyTimestamp(*stored), T);
    QCOMPARE(stored->value(u"status").toString(), u"UP"_s);
    QCOMPARE(stored->value(u"hostName").toString(), u"host-new"_s);
}

void TestReplicationReceiver::emptyBatchAnswersEmptyList()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const HttpReply reply = H::postBatch(node, {});
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, QJsonArray {}}}));
}

// Contract §4.2: a replicated Register always reports 200, even when the instance is rejected.
void TestReplicationReceiver::replicatedRegisterAlwaysAnswers200()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const HttpReply reply = H::postBatch(node, {H::item(u"Register"_s, app, u"noinfo:1"_s, T, u"UP"_s),
                                                registerItem(u"ok:1"_s, T)});
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, statusCodes({200, 200})}}));
    QVERIFY(!H::has(node, app, u"noinfo:1"_s));
    QVERIFY(H::has(node, app, u"ok:1"_s));
}

// Contract §4.4 / §1.2: the stored copy wins only when strictly newer; on a tie the incoming copy wins.
void TestReplicationReceiver::replicatedRegisterKeepsNewerStoredCopy()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const QString id = u"lww:myapp:8080"_s;

    HttpReply reply = H::postBatch(node, {registerItem(id, T + 100, {{u"copy"_s, u"newer"_s}})});
    QCOMPARE(codesOf(reply), QList<int> {200});
    reply = H::postBatch(node, {registerItem(id, T, {{u"copy"_s, u"older"_s}})});
    QCOMPARE(codesOf(reply), QList<int> {200});
    QCOMPARE(H::metadata(node, app, id, u"copy"_s), u"newer"_s);
    QCOMPARE(H::dirtyTimestamp(*node.instance(app, id)), T + 100);

    reply = H::postBatch(node, {registerItem(id, T + 100, {{u"copy"_s, u"tie"_s}})});
    QCOMPARE(codesOf(reply), QList<int> {200});
    QCOMPARE(H::metadata(node, app, id, u"copy"_s), u"tie"_s);
}

// Checklist 33 and contract §1.3 (replication branch): equal → 200, sender newer → 404,
// receiver newer → 409 with the stored InstanceInfo as responseEntity.
void TestReplicationReceiver::replicatedHeartbeatComparesTimestamps()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const QString id = u"hb:myapp:8080"_s;
    QCOMPARE(codesOf(H::postBatch(node, {registerItem(id, T, {{u"zone"_s, u"a"_s}})})), QList<int> {200});

    HttpReply reply = H::postBatch(node, {H::item(u"Heartbeat"_s, app, id, T, u"UP"_s),
                                          H::item(u"Heartbeat"_s, app, id, std::nullopt, u"UP"_s),
                                          H::item(u"Heartbeat"_s, app, id, T + 5, u"UP"_s)});
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, statusCodes({200, 200, 404})}}));

    reply = H::postBatch(node, {H::item(u"Heartbeat"_s, app, id, T - 5, u"UP"_s)});
    QVERIFY_STATUS(reply, 200);
    const QJsonArray responses = responseList(reply);
    QCOMPARE(responses.size(), 1);
    const QJsonObject conflict = responses.first().toObject();
    QCOMPARE(conflict.value(u"statusCode").toInt(), 409);
    QVERIFY2(conflict.value(u"responseEntity").isObject(), reply.describe().constData());
    const QJsonObject entity = conflict.value(u"responseEntity").toObject();

    const auto stored = node.instance(app, id);
    QVERIFY(stored);
    QCOMPARE(H::dirtyTimestamp(entity), T);
    for (const QString &key : {u"instanceId"_s, u"app"_s, u"hostName"_s, u"ipAddr"_s, u"status"_s,
                               u"overriddenStatus"_s, u"vipAddress"_s, u"lastDirtyTimestamp"_s}) {
        QVERIFY2(entity.value(key) == stored->value(key), qPrintable(key));
    }
    for (const QString &key : {u"port"_s, u"securePort"_s, u"dataCenterInfo"_s, u"metadata"_s})
        QVERIFY2(entity.value(key) == stored->value(key), qPrintable(key));
    QCOMPARE(entity.value(u"metadata").toObject().value(u"zone").toString(), u"a"_s);
    QVERIFY(entity.value(u"leaseInfo").isObject());
}

// Contract §1.3: a replicated heartbeat from a newer sender that carries a non-UNKNOWN
// overriddenStatus stores that override, so the Register that follows is ruled by it (§3.6).
void TestReplicationReceiver::replicatedHeartbeatFromNewerSenderStoresItsOverride()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const QString id = u"ovr:myapp:8080"_s;
    QCOMPARE(codesOf(H::postBatch(node, {registerItem(id, T)})), QList<int> {200});

    QJsonObject heartbeat = H::item(u"Heartbeat"_s, app, id, T + 10, u"OUT_OF_SERVICE"_s);
    heartbeat.insert(u"overriddenStatus"_s, u"OUT_OF_SERVICE"_s);
    QCOMPARE(codesOf(H::postBatch(node, {heartbeat})), QList<int> {404});
    QCOMPARE(H::field(node, app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);

    // The sender's re-register, as a copy that says UP: the stored override wins.
    QCOMPARE(codesOf(H::postBatch(node, {registerItem(id, T + 10)})), QList<int> {200});
    QCOMPARE(H::field(node, app, id, u"status"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(node, app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
}

// Contract §4.2 (StatusUpdate: 200/404/500; DeleteStatusOverride: 200/404, status = post-delete
// status) and §4.4 (a newer incoming timestamp is raised onto the stored record).
void TestReplicationReceiver::statusUpdateAndDeleteStatusOverride()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const QString id = u"st:myapp:8080"_s;
    QCOMPARE(codesOf(H::postBatch(node, {registerItem(id, T)})), QList<int> {200});

    HttpReply reply = H::postBatch(node, {H::item(u"StatusUpdate"_s, app, id, T + 10, u"OUT_OF_SERVICE"_s),
                                          H::item(u"StatusUpdate"_s, app, u"unknown:st"_s, T, u"OUT_OF_SERVICE"_s),
                                          H::item(u"StatusUpdate"_s, app, id, T + 10, u"BOGUS"_s)});
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, statusCodes({200, 404, 500})}}));
    auto stored = node.instance(app, id);
    QVERIFY(stored);
    QCOMPARE(stored->value(u"status").toString(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(stored->value(u"overriddenStatus").toString(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::dirtyTimestamp(*stored), T + 10);
    QCOMPARE(node.applications().value(u"apps__hashcode").toString(), u"OUT_OF_SERVICE_1_"_s);

    reply = H::postBatch(node, {H::item(u"DeleteStatusOverride"_s, app, id, T + 20, u"UP"_s),
                                H::item(u"DeleteStatusOverride"_s, app, u"unknown:st"_s, T, u"UP"_s)});
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"responseList"_s, statusCodes({200, 404})}}));
    stored = node.instance(app, id);
    QVERIFY(stored);
    QCOMPARE(stored->value(u"status").toString(), u"UP"_s);
    QCOMPARE(stored->value(u"overriddenStatus").toString(), u"UNKNOWN"_s);
    QCOMPARE(H::dirtyTimestamp(*stored), T + 20);

    // Without a status the post-delete status is UNKNOWN (§1.6).
    reply = H::postBatch(node, {H::item(u"StatusUpdate"_s, app, id, T + 20, u"OUT_OF_SERVICE"_s),
                                H::item(u"DeleteStatusOverride"_s, app, id, T + 20)});
    QCOMPARE(codesOf(reply), (QList<int> {200, 200}));
    QCOMPARE(H::field(node, app, id, u"status"_s), u"UNKNOWN"_s);
    QCOMPARE(H::field(node, app, id, u"overriddenStatus"_s), u"UNKNOWN"_s);
}

// One response per item, in the same order: an item the receiver cannot apply gets an error code
// of its own and the items after it are still applied and answered in place.
void TestReplicationReceiver::unknownActionDoesNotShiftLaterAnswers()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const HttpReply reply = H::postBatch(node, {H::item(u"Teleport"_s, app, u"x:1"_s, T, u"UP"_s),
                                                registerItem(u"after:1"_s, T),
                                                H::item(u"Cancel"_s, app, u"unknown:1"_s)});
    QVERIFY_STATUS(reply, 200);
    const QList<int> codes = codesOf(reply);
    QCOMPARE(codes.size(), 3);
    QVERIFY2(codes[0] >= 400, reply.describe().constData());
    QCOMPARE(codes[1], 200);
    QCOMPARE(codes[2], 404);
    QVERIFY(H::has(node, app, u"after:1"_s));
}

void TestReplicationReceiver::malformedBatchIs400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("truncated JSON") << QByteArray(R"({"replicationList":[{"action":"Register")");
    QTest::newRow("not JSON") << QByteArray("replicationList=1");
    QTest::newRow("empty body") << QByteArray();
    QTest::newRow("array root") << QByteArray(R"([{"action":"Register"}])");
    QTest::newRow("no replicationList") << QByteArray(R"({"responseList":[]})");
    QTest::newRow("replicationList not a list") << QByteArray(R"({"replicationList":{"action":"Cancel"}})");
}

void TestReplicationReceiver::malformedBatchIs400()
{
    QFETCH(QByteArray, body);
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    HttpHeaders headers {{"Accept", "application/json"}};
    if (!body.isEmpty())
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    const HttpReply reply = node.send("POST", u"/eureka/peerreplication/batch/"_s, body, headers);
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.header("Content-Type").contains("application/json"), reply.header("Content-Type").constData());
    QVERIFY2(!reply.json().value(u"error").toString().isEmpty(), reply.describe().constData());
}

// Contract §4.3 and §1.3: a heartbeat on the client endpoint that carries the replication header is
// compared like a replicated one: older → 409 with the stored InstanceInfo as the body (a client
// gets 200), newer → 404 and a non-UNKNOWN overriddenstatus is stored.
void TestReplicationReceiver::heartbeatWithReplicationHeaderUsesTheReplicationBranch()
{
    EurekaTestNode node(H::config(u"receiver"_s, 0));
    QVERIFY(H::startReady(node));
    const QString id = u"legacy:myapp:8080"_s;
    QVERIFY_STATUS(node.registerJson(H::instance(app, id, T)), 204);
    const HttpHeaders replicatedJson {{"x-netflix-discovery-replication", "true"}, {"Accept", "application/json"}};

    QVERIFY_STATUS(H::heartbeat(node, app, id, u"status=UP&lastDirtyTimestamp=%1"_s.arg(T - 5)), 200);
    const HttpReply conflict = H::heartbeat(node, app, id, u"status=UP&lastDirtyTimestamp=%1"_s.arg(T - 5), replicatedJson);
    QVERIFY_STATUS(conflict, 409);
    QVERIFY2(conflict.header("Content-Type").contains("application/json"), conflict.header("Content-Type").constData());
    // An InstanceInfo document as GET /apps/{APP}/{ID} shows it: the Java peer decodes it that way.
    const QJsonObject body = conflict.json().value(u"instance").toObject();
    QCOMPARE(body.value(u"instanceId").toString(), id);
    QCOMPARE(H::dirtyTimestamp(body), T);

    QVERIFY_STATUS(H::heartbeat(node, app, id, u"status=UP&lastDirtyTimestamp=%1"_s.arg(T), replicatedJson), 200);
    QVERIFY_STATUS(H::heartbeat(node, app, id,
                              u"status=UP&lastDirtyTimestamp=%1&overriddenstatus=OUT_OF_SERVICE"_s.arg(T + 5),
                              replicatedJson),
                 404);
    QCOMPARE(H::field(node, app, id, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
}

// Checklist 30 in its batch form (contract §4.1: no transitive forwarding). The receiver has two
// peers: a real node and a recorder. A client write made after the batch travels the same FIFO
// queues, so once it has arrived, anything the batch had forwarded would have arrived too.
void TestReplicationReceiver::batchWritesAreNotForwarded()
{
    FakePeer recorder;
    QVERIFY(recorder.listen());
    EurekaTestNode peer(H::config(u"peer"_s, 0));
    QVERIFY(H::startReady(peer));
    EurekaTestNode receiver(H::config(u"receiver"_s, 0, {H::serviceUrl(peer.port()), recorder.serviceUrl()}));
    QVERIFY(H::startReady(receiver));

    const QString kept = u"kept:myapp:8080"_s;
    const QString gone = u"gone:myapp:8080"_s;
    const HttpReply reply = H::postBatch(receiver, {registerItem(kept, T),
                                                    H::item(u"Heartbeat"_s, app, kept, T, u"UP"_s),
                                                    H::item(u"StatusUpdate"_s, app, kept, T, u"OUT_OF_SERVICE"_s),
                                                    H::item(u"DeleteStatusOverride"_s, app, kept, T, u"UP"_s),
                                                    registerItem(gone, T),
                                                    H::item(u"Cancel"_s, app, gone)});
    QCOMPARE(codesOf(reply), (QList<int> {200, 200, 200, 200, 200, 200}));
    QVERIFY(H::has(receiver, app, kept));
    QVERIFY(!H::has(receiver, app, gone));

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(receiver.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::ids(recorder.batchItems()).contains(marker));
    QTRY_VERIFY(H::has(peer, app, marker));

    QCOMPARE(H::ids(recorder.batchItems()), QStringList {marker});
    QVERIFY(!H::has(peer, app, kept));
    QVERIFY(!H::has(peer, app, gone));
}

// Checklist 30 and contract §4.3: client endpoints honour x-netflix-discovery-replication: true
// (register, heartbeat, status, override delete, cancel) and do not forward what they apply.
void TestReplicationReceiver::replicationHeaderWritesAreNotForwarded()
{
    FakePeer recorder;
    QVERIFY(recorder.listen());
    EurekaTestNode peer(H::config(u"peer"_s, 0));
    QVERIFY(H::startReady(peer));
    EurekaTestNode receiver(H::config(u"receiver"_s, 0, {H::serviceUrl(peer.port()), recorder.serviceUrl()}));
    QVERIFY(H::startReady(receiver));

    const QString kept = u"kept:myapp:8080"_s;
    const QString gone = u"gone:myapp:8080"_s;
    const QString path = u"/eureka/apps/MYAPP/"_s;
    QVERIFY_STATUS(receiver.registerJson(H::instance(app, kept, T), u"/eureka"_s, {}, replicationHeader), 204);
    QVERIFY_STATUS(H::heartbeat(receiver, app, kept, u"status=UP&lastDirtyTimestamp=%1"_s.arg(T), replicationHeader), 200);
    QVERIFY_STATUS(receiver.put(path + kept + u"/status?value=OUT_OF_SERVICE"_s, replicationHeader), 200);
    QCOMPARE(H::field(receiver, app, kept, u"status"_s), u"OUT_OF_SERVICE"_s);
    QVERIFY_STATUS(receiver.del(path + kept + u"/status?value=UP"_s, replicationHeader), 200);
    QCOMPARE(H::field(receiver, app, kept, u"status"_s), u"UP"_s);
    QVERIFY_STATUS(receiver.registerJson(H::instance(app, gone, T), u"/eureka"_s, {}, replicationHeader), 204);
    QVERIFY_STATUS(receiver.del(path + gone, replicationHeader), 200);
    QVERIFY(H::has(receiver, app, kept));
    QVERIFY(!H::has(receiver, app, gone));

    const QString marker = u"marker:myapp:8080"_s;
    QVERIFY_STATUS(receiver.registerJson(H::instance(app, marker, T)), 204);
    QTRY_VERIFY(H::ids(recorder.batchItems()).contains(marker));
    QTRY_VERIFY(H::has(peer, app, marker));

    QCOMPARE(H::ids(recorder.batchItems()), QStringList {marker});
    QVERIFY(!H::has(peer, app, kept));
    QVERIFY(!H::has(peer, app, gone));
}

QTEST_GUILESS_MAIN(TestReplicationReceiver)
#include "tst_replicationreceiver.moc"
