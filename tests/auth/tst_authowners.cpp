// SPDX-License-Identifier: GPL-3.0-or-later
// The owners of instances across Muster peers, with authentication required everywhere and peers
// connecting as operators: a client that registered at one node renews, sets the status of and
// cancels its instance at the other, where another client may not; a client cannot claim an
// instance by naming itself the owner in a batch; a node started later learns the owners from its
// startup copy, which names them to operators only; a peer that is not a Muster node is not told.
// The same for the Service-Center services clients create.
#include "eurekatestnode.h"
#include "fakepeer.h"

#include "auth/accountstore.h"
#include "node/nodehandle.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
constexpr auto basic = &EurekaTestNode::basicAuthorization;
const QString app = u"ORDERS"_s;

// Each account's password is its name with "-pw".
HttpHeaders as(const QString &account)
{
    return {{"Authorization", basic(account, account + u"-pw"_s)},
            {"Content-Type", "application/json"},
            {"Accept", "application/json"}};
}

QJsonObject batchItem(const QString &action, const QString &id, const QJsonObject &muster)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, id);
    instance.insert(u"lastDirtyTimestamp"_s, QString::number(QDateTime::currentMSecsSinceEpoch()));
    return {{u"appName"_s, app},
            {u"id"_s, id},
            {u"action"_s, action},
            {u"instanceInfo"_s, instance},
            {u"muster"_s, muster}};
}
}

class TestAuthOwners : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aClientKeepsItsInstanceAtThePeer();
    void anotherClientMayNotTouchItAtThePeer();
    void aClientCannotClaimAnInstanceInABatch();
    void anOperatorsBatchNamesTheOwner();
    void aNodeStartedLaterCopiesTheOwners();
    void theSnapshotNamesOwnersToOperatorsOnly();
    void ownersGoToMusterPeersOnly();
    void aServiceIsItsCreatorsAtEveryPeer();

private:
    // A node requiring authentication, with the accounts peer (operator), app and other (clients)
    // in a data directory of its own, replicating to peers with peer's credentials.
    std::unique_ptr<EurekaTestNode> startNode(const QString &name, const QList<EurekaTestNode *> &peers);
    static QUrl peerUrl(const EurekaTestNode &node);
    static bool readyFor(EurekaTestNode &node, const QString &account);
    static bool linkPeers(EurekaTestNode &from, const EurekaTestNode &to);
    static int statusAt(EurekaTestNode &node, const QString &account, const QByteArray &verb, const QString &path,
                        const QByteArray &body = {});
    static bool holds(EurekaTestNode &node, const QString &id);
    static QString statusOf(EurekaTestNode &node, const QString &id);
    static HttpReply registerAt(EurekaTestNode &node, const QString &account, const QString &id);

    std::vector<std::unique_ptr<QTemporaryDir>> m_dirs;
    std::unique_ptr<EurekaTestNode> m_a;
    std::unique_ptr<EurekaTestNode> m_b;
};

std::unique_ptr<EurekaTestNode> TestAuthOwners::startNode(const QString &name, const QList<EurekaTestNode *> &peers)
{
    const auto &dir = m_dirs.emplace_back(std::make_unique<QTemporaryDir>());
    AccountStore store(dir->path());
    if (!store.add(u"peer"_s, Role::Operator, "peer-pw").isEmpty() || !store.add(u"app"_s, Role::Client, "app-pw").isEmpty()
        || !store.add(u"other"_s, Role::Client, "other-pw").isEmpty())
        return nullptr;
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.name = name;
    config.dataDir = dir->path();
    config.auth.mode = AuthConfig::Mode::Required;
    for (const EurekaTestNode *peer : peers)
        config.peers.append(peerUrl(*peer));
    auto node = std::make_unique<EurekaTestNode>(config);
    if (!node->start() || !readyFor(*node, u"peer"_s))
        return nullptr;
    return node;
}

QUrl TestAuthOwners::peerUrl(const EurekaTestNode &node)
{
    return QUrl(u"http://peer:peer-pw@127.0.0.1:%1/eureka/"_s.arg(node.port()));
}

// A node with peers answers reads only once it has copied the registry from them.
bool TestAuthOwners::readyFor(EurekaTestNode &node, const QString &account)
{
    return QTest::qWaitFor([&] { return statusAt(node, account, "GET", u"/eureka/apps"_s) == 200; }, 10000);
}

bool TestAuthOwners::linkPeers(EurekaTestNode &from, const EurekaTestNode &to)
{
    std::optional<CommandResult> outcome;
    QObject context;
    from.handle().addPeer(peerUrl(to), &context, [&](const CommandResult &result) { outcome = result; });
    return QTest::qWaitFor([&] { return outcome.has_value(); }, 5000) && outcome->ok;
}

int TestAuthOwners::statusAt(EurekaTestNode &node, const QString &account, const QByteArray &verb,
                             const QString &path, const QByteArray &body)
{
    return node.send(verb, path, body, as(account)).status;
}

bool TestAuthOwners::holds(EurekaTestNode &node, const QString &id)
{
    return statusAt(node, u"peer"_s, "GET", u"/eureka/apps/%1/%2"_s.arg(app, id)) == 200;
}

QString TestAuthOwners::statusOf(EurekaTestNode &node, const QString &id)
{
    return node.send("GET", u"/eureka/apps/%1/%2"_s.arg(app, id), {}, as(u"peer"_s))
        .json().value(u"instance").toObject().value(u"status").toString();
}

HttpReply TestAuthOwners::registerAt(EurekaTestNode &node, const QString &account, const QString &id)
{
    return node.registerJson(EurekaTestNode::instanceFixture(app, id, id), u"/eureka"_s, {}, as(account));
}

// A and B, each replicating to the other with the operator account peer.
void TestAuthOwners::init()
{
    m_b = startNode(u"B"_s, {});
    QVERIFY(m_b);
    m_a = startNode(u"A"_s, {m_b.get()});
    QVERIFY(m_a);
    QVERIFY(linkPeers(*m_b, *m_a));
}

void TestAuthOwners::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_dirs.clear();
}

// An Eureka client lists several service URLs and moves to the next when one fails: what it
// registered at A it renews, overrides and cancels at B, and each write reaches A again.
void TestAuthOwners::aClientKeepsItsInstanceAtThePeer()
{
    const QString path = u"/eureka/apps/%1/app-1"_s.arg(app);
    QVERIFY_STATUS(registerAt(*m_a, u"app"_s, u"app-1"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(holds(*m_b, u"app-1"_s), 5000);

    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path), 200);
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path + u"/metadata?zone=b"_s), 200);
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(*m_a, u"app-1"_s), u"OUT_OF_SERVICE"_s, 5000);
    QCOMPARE(statusAt(*m_b, u"app"_s, "DELETE", path + u"/status?value=UP"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(*m_a, u"app-1"_s), u"UP"_s, 5000);
    // A still knows its owner after B's writes came back.
    QCOMPARE(statusAt(*m_a, u"other"_s, "PUT", path), 403);
    QCOMPARE(statusAt(*m_b, u"app"_s, "DELETE", path), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!holds(*m_a, u"app-1"_s), 5000);
}

void TestAuthOwners::anotherClientMayNotTouchItAtThePeer()
{
    const QString path = u"/eureka/apps/%1/app-2"_s.arg(app);
    QVERIFY_STATUS(registerAt(*m_a, u"app"_s, u"app-2"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(holds(*m_b, u"app-2"_s), 5000);

    const HttpReply renew = m_b->send("PUT", path, {}, as(u"other"_s));
    QVERIFY_STATUS(renew, 403);
    QVERIFY2(renew.json().value(u"error").toString().contains(u"registered by app"), renew.body.constData());
    QCOMPARE(statusAt(*m_b, u"other"_s, "PUT", path + u"/status?value=DOWN"_s), 403);
    QCOMPARE(statusAt(*m_b, u"other"_s, "PUT", path + u"/metadata?zone=x"_s), 403);
    QCOMPARE(statusAt(*m_b, u"other"_s, "DELETE", path), 403);
    QCOMPARE(registerAt(*m_b, u"other"_s, u"app-2"_s).status, 403);
    QVERIFY(holds(*m_b, u"app-2"_s));
    QCOMPARE(statusOf(*m_b, u"app-2"_s), u"UP"_s);
    // An operator may, as at the node that took the registration.
    QCOMPARE(statusAt(*m_b, u"peer"_s, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
}

// Owners travel in batches, which need an account that may replicate: a client sending one that
// names itself the owner is refused, and the instance stays its owner's.
void TestAuthOwners::aClientCannotClaimAnInstanceInABatch()
{
    const QString path = u"/eureka/apps/%1/app-3"_s.arg(app);
    QVERIFY_STATUS(registerAt(*m_a, u"app"_s, u"app-3"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(holds(*m_b, u"app-3"_s), 5000);

    const QJsonArray items {batchItem(u"Register"_s, u"app-3"_s, {{u"owner"_s, u"other"_s}})};
    const QByteArray batch = QJsonDocument(QJsonObject {{u"replicationList"_s, items}}).toJson();
    const HttpReply claim = m_b->send("POST", u"/eureka/peerreplication/batch"_s, batch, as(u"other"_s));
    QVERIFY_STATUS(claim, 403);
    QCOMPARE(claim.json().value(u"requiredRole").toString(), u"operator"_s);
    QCOMPARE(statusAt(*m_b, u"other"_s, "PUT", path), 403);
    QCOMPARE(statusAt(*m_b, u"other"_s, "DELETE", path), 403);
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path), 200);

    // Nor does an owner in a registration's body count: the account that sent it is the owner.
    QJsonObject instance = EurekaTestNode::instanceFixture(app, u"other-1"_s, u"other-1"_s);
    instance.insert(u"muster"_s, QJsonObject {{u"owner"_s, u"app"_s}});
    QVERIFY_STATUS(m_b->registerJson(instance, u"/eureka"_s, {}, as(u"other"_s)), 204);
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", u"/eureka/apps/%1/other-1"_s.arg(app)), 403);
    QCOMPARE(statusAt(*m_b, u"other"_s, "PUT", u"/eureka/apps/%1/other-1"_s.arg(app)), 200);
}

// The receiving side alone: an operator's batch, as a peer sends it, makes the named account the owner.
void TestAuthOwners::anOperatorsBatchNamesTheOwner()
{
    const QString path = u"/eureka/apps/%1/named-1"_s.arg(app);
    const QJsonArray items {batchItem(u"Register"_s, u"named-1"_s, {{u"owner"_s, u"other"_s}})};
    const QByteArray batch = QJsonDocument(QJsonObject {{u"replicationList"_s, items}}).toJson();
    const HttpReply reply = m_b->send("POST", u"/eureka/peerreplication/batch"_s, batch, as(u"peer"_s));
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.json().value(u"responseList").toArray().first().toObject().value(u"statusCode").toInt(), 200);
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path), 403);
    QCOMPARE(statusAt(*m_b, u"other"_s, "PUT", path), 200);
    QCOMPARE(statusAt(*m_b, u"other"_s, "DELETE", path), 200);
}

// A node that joins (or restarts) copies the registry from a peer, owners included.
void TestAuthOwners::aNodeStartedLaterCopiesTheOwners()
{
    const QString path = u"/eureka/apps/%1/app-4"_s.arg(app);
    QVERIFY_STATUS(registerAt(*m_a, u"app"_s, u"app-4"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(holds(*m_b, u"app-4"_s), 5000);

    const std::unique_ptr<EurekaTestNode> c = startNode(u"C"_s, {m_a.get()});
    QVERIFY(c);
    QVERIFY(holds(*c, u"app-4"_s));
    const QString syncedFrom = c->send("GET", u"/muster/api/v1/node"_s, {}, as(u"peer"_s)).json()
                                   .value(u"syncedFrom"_s).toString();
    QVERIFY2(syncedFrom.contains(u":%1/"_s.arg(m_a->port())), qPrintable(syncedFrom));
    QCOMPARE(statusAt(*c, u"other"_s, "PUT", path), 403);
    QCOMPARE(statusAt(*c, u"app"_s, "PUT", path), 200);
    QCOMPARE(statusAt(*c, u"app"_s, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(*m_a, u"app-4"_s), u"OUT_OF_SERVICE"_s, 5000);
}

void TestAuthOwners::theSnapshotNamesOwnersToOperatorsOnly()
{
    QVERIFY_STATUS(registerAt(*m_a, u"app"_s, u"app-5"_s), 204);
    const auto ownerIn = [](const HttpReply &snapshot) {
        for (const QJsonValue instance : snapshot.json().value(u"instances").toArray()) {
            if (instance.toObject().value(u"instanceId").toString() == u"app-5")
                return instance.toObject().value(u"owner").toString(u"(none)"_s);
        }
        return u"(missing)"_s;
    };
    const QString snapshot = u"/muster/api/v1/replication/snapshot"_s;
    const HttpReply byClient = m_a->send("GET", snapshot, {}, as(u"app"_s));
    QVERIFY_STATUS(byClient, 200);
    QCOMPARE(ownerIn(byClient), u"(none)"_s);
    QVERIFY(!byClient.body.contains("\"owner\""));
    const HttpReply byOperator = m_a->send("GET", snapshot, {}, as(u"peer"_s));
    QVERIFY_STATUS(byOperator, 200);
    QCOMPARE(ownerIn(byOperator), u"app"_s);
    // Eureka's reads never name it.
    QVERIFY(!m_a->send("GET", u"/eureka/apps"_s, {}, as(u"peer"_s)).body.contains("\"owner\""));
}

// What a node sends: the owner in the muster member of a Register and a StatusUpdate, none in a
// heartbeat, and none at all to a peer that refuses the member as a Netflix Eureka server does.
void TestAuthOwners::ownersGoToMusterPeersOnly()
{
    bool refusesMuster = false;
    const FakePeer::Responder accept = FakePeer::acceptAll();
    FakePeer peer([&](const FakePeer::Request &request) -> std::optional<FakePeer::Response> {
        if (refusesMuster && request.isBatch() && request.body.contains("\"muster\""))
            return FakePeer::Response {400, R"({"error":"cannot parse request body"})"};
        return accept(request);
    });
    QVERIFY(peer.listen());
    const auto &dir = m_dirs.emplace_back(std::make_unique<QTemporaryDir>());
    AccountStore store(dir->path());
    QCOMPARE(store.add(u"app"_s, Role::Client, "app-pw"), QString());
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.dataDir = dir->path();
    config.auth.mode = AuthConfig::Mode::Required;
    config.peers = {QUrl(u"http://peer:peer-pw@127.0.0.1:%1/eureka/"_s.arg(peer.port()))};
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY(readyFor(node, u"app"_s));

    const auto lastItem = [&](const QString &id, const QString &action) {
        QJsonObject found;
        for (const QJsonObject &item : peer.batchItems()) {
            if (item.value(u"id").toString() == id && item.value(u"action").toString() == action)
                found = item;
        }
        return found;
    };
    const QString path = u"/eureka/apps/%1/sent-1"_s.arg(app);
    QVERIFY_STATUS(registerAt(node, u"app"_s, u"sent-1"_s), 204);
    QCOMPARE(statusAt(node, u"app"_s, "PUT", path), 200);
    QCOMPARE(statusAt(node, u"app"_s, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!lastItem(u"sent-1"_s, u"StatusUpdate"_s).isEmpty(), 5000);
    QCOMPARE(lastItem(u"sent-1"_s, u"Register"_s).value(u"muster").toObject().value(u"owner").toString(), u"app"_s);
    QCOMPARE(lastItem(u"sent-1"_s, u"StatusUpdate"_s).value(u"muster").toObject().value(u"owner").toString(), u"app"_s);
    QVERIFY(!lastItem(u"sent-1"_s, u"Heartbeat"_s).isEmpty());
    QVERIFY(!lastItem(u"sent-1"_s, u"Heartbeat"_s).contains(u"muster"));
    QCOMPARE(peer.batches().constLast().header("Authorization"), basic(u"peer"_s, u"peer-pw"_s));

    refusesMuster = true;
    QVERIFY_STATUS(registerAt(node, u"app"_s, u"sent-2"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(!lastItem(u"sent-2"_s, u"Register"_s).isEmpty()
                                 && !lastItem(u"sent-2"_s, u"Register"_s).contains(u"muster"),
                             5000);
}

QTEST_GUILESS_MAIN(TestAuthOwners)
#include "tst_authowners.moc"

// A service goes to the peers with its owner: its creator changes it at B, another client may not,
// and a node started later knows the owner from its startup copy.
void TestAuthOwners::aServiceIsItsCreatorsAtEveryPeer()
{
    const QJsonObject service {{u"serviceName"_s, u"orders"_s}, {u"appId"_s, u"shop"_s}, {u"version"_s, u"1.0.0"_s}};
    const HttpReply created = m_a->send("POST", u"/v4/default/registry/microservices"_s,
                                        QJsonDocument(QJsonObject {{u"service"_s, service}}).toJson(), as(u"app"_s));
    QVERIFY_STATUS(created, 200);
    const QString serviceId = created.json().value(u"serviceId").toString();
    const QString path = u"/v4/default/registry/microservices/%1"_s.arg(serviceId);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"peer"_s, "GET", path), 200, 5000);

    const QByteArray properties = R"({"properties":{"tier":"gold"}})";
    QCOMPARE(statusAt(*m_b, u"app"_s, "PUT", path + u"/properties"_s, properties), 200);
    const HttpReply refused = m_b->send("PUT", path + u"/properties"_s, properties, as(u"other"_s));
    QVERIFY_STATUS(refused, 403);
    QVERIFY2(refused.json().value(u"detail").toString().contains(u"created by app"), refused.body.constData());
    QTRY_COMPARE_WITH_TIMEOUT(m_a->send("GET", path, {}, as(u"peer"_s)).json().value(u"service").toObject()
                                  .value(u"properties").toObject().value(u"tier").toString(),
                              u"gold"_s, 5000);
    // A still knows its owner after B's change came back.
    QCOMPARE(statusAt(*m_a, u"other"_s, "PUT", path + u"/properties"_s, properties), 403);

    const std::unique_ptr<EurekaTestNode> c = startNode(u"C"_s, {m_a.get()});
    QVERIFY(c);
    QCOMPARE(statusAt(*c, u"other"_s, "PUT", path + u"/properties"_s, properties), 403);
    QCOMPARE(statusAt(*c, u"app"_s, "PUT", path + u"/properties"_s, properties), 200);
}
