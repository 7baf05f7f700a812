// SPDX-License-Identifier: GPL-3.0-or-later
// Authentication in cluster mode: two nodes over one real etcd share one account list and one token
// key kept in etcd (hashes only), so an account added or removed at one node, by the command line's
// path or the console's, counts at the other within a watch round-trip; writes are attributed to
// their account and address in the audit trail; the owners of instances and services are kept in
// etcd beside them, so every node knows them, one started later included.
#include "etcdtestsupport.h"

#include "node/clusteraccounts.h"
#include "node/nodehandle.h"
#include "store/etcdaccountrecords.h"
#include "store/etcdclient.h"
#include "store/etcdkeylayout.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace EtcdTestSupport;

namespace {
constexpr auto basic = &EurekaTestNode::basicAuthorization;

// Each account's password is its name with "-pw".
HttpHeaders as(const QString &account)
{
    return {{"Authorization", basic(account, account + u"-pw"_s)},
            {"Content-Type", "application/json"},
            {"Accept", "application/json"}};
}
}

class TestEtcdAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void accountAddedAtOneNodeSignsInAtTheOther();
    void accountRemovedAtOneNodeIsRefusedAtTheOther();
    void etcdHoldsHashesOnly();
    void theCommandLinesPathReachesEveryNode();
    void theConsolesPathReachesEveryNode();
    void tokenFromOneNodeIsAcceptedAtTheOther();
    void theTokenKeyOutlivesTheNodes();
    void auditNamesTheAccountAndAddressOfAWrite();
    void aClientChangesItsInstanceAtEitherNode();
    void aNodeStartedLaterKnowsTheOwners();

private:
    QString prefix() const { return u"/auth-%1/"_s.arg(m_round); }
    StoreConfig storeConfig() const { return nodeConfig(m_etcd->endpoints(), {}, prefix()).store; }
    std::unique_ptr<ScTestNode> startSecuredNode(const QString &name);
    // Through the path `muster account add --store etcd://…` takes.
    SharedAccounts::Result addToCluster(const QString &name, Role role);
    int statusAt(ScTestNode &node, const QString &account, const QByteArray &verb, const QString &path,
                 const QByteArray &body = {});

    std::unique_ptr<EtcdProcess> m_etcd;
    std::unique_ptr<ScTestNode> m_a;
    std::unique_ptr<ScTestNode> m_b;
    int m_round = 0;
};

void TestEtcdAuth::initTestCase()
{
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
}

std::unique_ptr<ScTestNode> TestEtcdAuth::startSecuredNode(const QString &name)
{
    NodeConfig config = nodeConfig(m_etcd->endpoints(), name, prefix());
    config.auth.mode = AuthConfig::Mode::Required;
    return startNode(config);
}

SharedAccounts::Result TestEtcdAuth::addToCluster(const QString &name, Role role)
{
    ClusterAccounts cluster(storeConfig());
    std::optional<SharedAccounts::Result> outcome;
    cluster.load([&](const SharedAccounts::Result &result) { outcome = result; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 5000) || !outcome->ok())
        return outcome.value_or(SharedAccounts::Result {0, u"no answer"_s});
    auto made = AccountStore::makeAccount(name, role, (name + u"-pw"_s).toUtf8());
    if (const auto *problem = std::get_if<QString>(&made))
        return {400, *problem};
    outcome.reset();
    cluster.accounts().add(std::get<AccountStore::Account>(made), [&](const SharedAccounts::Result &result) { outcome = result; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 5000))
        return {0, u"no answer"_s};
    return outcome.value_or(SharedAccounts::Result {0, u"no answer"_s});
}

int TestEtcdAuth::statusAt(ScTestNode &node, const QString &account, const QByteArray &verb, const QString &path,
                           const QByteArray &body)
{
    return node.send(verb, path, body, as(account)).status;
}

// Each test gets its own prefix, so its own cluster with an admin and a client account.
void TestEtcdAuth::init()
{
    ++m_round;
    QCOMPARE(addToCluster(u"admin"_s, Role::Admin).status, 200);
    QCOMPARE(addToCluster(u"client"_s, Role::Client).status, 200);
    m_a = startSecuredNode(u"a"_s);
    m_b = startSecuredNode(u"b"_s);
    QVERIFY(m_a && m_b);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"admin"_s, "GET", u"/eureka/apps"_s), 200, 5000);
}

void TestEtcdAuth::cleanup()
{
    m_a.reset();
    m_b.reset();
}

void TestEtcdAuth::cleanupTestCase()
{
    m_etcd.reset();
}

void TestEtcdAuth::accountAddedAtOneNodeSignsInAtTheOther()
{
    QCOMPARE(statusAt(*m_b, u"ops"_s, "GET", u"/eureka/apps"_s), 401);
    const HttpReply added = m_a->send("POST", u"/muster/api/v1/accounts"_s,
                                      R"({"name":"ops","role":"operator","password":"ops-pw"})", as(u"admin"_s));
    QVERIFY_STATUS(added, 201);
    // The adding node answers once it holds the account itself.
    QCOMPARE(statusAt(*m_a, u"ops"_s, "GET", u"/eureka/apps"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"ops"_s, "GET", u"/eureka/apps"_s), 200, 5000);
    QCOMPARE(statusAt(*m_b, u"ops"_s, "GET", u"/muster/api/v1/audit"_s), 200);

    const HttpReply listed = m_b->send("GET", u"/muster/api/v1/accounts"_s, {}, as(u"admin"_s));
    QVERIFY_STATUS(listed, 200);
    QStringList names;
    for (const QJsonValue account : listed.json().value(u"accounts").toArray())
        names.append(account[u"name"].toString() + u':' + account[u"role"].toString());
    QCOMPARE(names, (QStringList {u"admin:admin"_s, u"client:client"_s, u"ops:operator"_s}));

    // The same name again, at either node: 409.
    const HttpReply again = m_b->send("POST", u"/muster/api/v1/accounts"_s,
                                      R"({"name":"ops","role":"viewer","password":"other"})", as(u"admin"_s));
    QVERIFY_STATUS(again, 409);
    QVERIFY(again.json().value(u"error").toString().contains(u"exists"));
    QVERIFY_STATUS(m_b->send("POST", u"/muster/api/v1/accounts"_s, R"({"name":"x y","role":"viewer","password":"p"})",
                             as(u"admin"_s)), 400);
}

void TestEtcdAuth::accountRemovedAtOneNodeIsRefusedAtTheOther()
{
    QVERIFY_STATUS(m_a->send("POST", u"/muster/api/v1/accounts"_s,
                             R"({"name":"leaving","role":"viewer","password":"leaving-pw"})", as(u"admin"_s)), 201);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"leaving"_s, "GET", u"/eureka/apps"_s), 200, 5000);

    QVERIFY_STATUS(m_a->send("DELETE", u"/muster/api/v1/accounts/leaving"_s, {}, as(u"admin"_s)), 204);
    QCOMPARE(statusAt(*m_a, u"leaving"_s, "GET", u"/eureka/apps"_s), 401);
    // B remembered the verified credentials; the watch makes it forget them.
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"leaving"_s, "GET", u"/eureka/apps"_s), 401, 5000);
    QVERIFY_STATUS(m_b->send("DELETE", u"/muster/api/v1/accounts/leaving"_s, {}, as(u"admin"_s)), 404);
}

void TestEtcdAuth::etcdHoldsHashesOnly()
{
    // A login needs the cluster's token key: by then it is in etcd.
    QVERIFY_STATUS(m_a->send("POST", u"/muster/api/v1/token"_s, R"({"name":"client","password":"client-pw"})",
                             {{"Content-Type", "application/json"}}), 200);
    const EtcdKeyLayout layout(prefix().toUtf8());
    EtcdClient client(m_etcd->endpoints());
    EtcdAccountRecords records(layout, &client, 3000);
    std::optional<EtcdAccountRecords::Result> loaded;
    records.load([&](const EtcdAccountRecords::Result &result) { loaded = result; });
    QTRY_VERIFY(loaded.has_value());
    QVERIFY(loaded->ok());
    QCOMPARE(records.records().keys(), (QList<QString> {u"admin"_s, u"client"_s}));
    for (auto it = records.records().cbegin(); it != records.records().cend(); ++it) {
        QVERIFY(!it.value().contains((it.key() + u"-pw"_s).toUtf8()));
        const auto account = AccountStore::decodeRecord(it.key(), it.value());
        QVERIFY(account);
        QVERIFY(account->passwordHash.startsWith("$argon2id$"));
    }
    QCOMPARE(QByteArray::fromBase64(records.tokenKey()).size(), 32);
}

void TestEtcdAuth::theCommandLinesPathReachesEveryNode()
{
    QCOMPARE(addToCluster(u"late"_s, Role::Viewer).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_a, u"late"_s, "GET", u"/eureka/apps"_s), 200, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"late"_s, "GET", u"/eureka/apps"_s), 200, 5000);
    QCOMPARE(addToCluster(u"late"_s, Role::Viewer).status, 409);

    ClusterAccounts cluster(storeConfig());
    std::optional<SharedAccounts::Result> removed;
    cluster.accounts().remove(u"late"_s, [&](const SharedAccounts::Result &result) { removed = result; });
    QTRY_VERIFY(removed.has_value());
    QCOMPARE(removed->status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_a, u"late"_s, "GET", u"/eureka/apps"_s), 401, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"late"_s, "GET", u"/eureka/apps"_s), 401, 5000);
}

void TestEtcdAuth::theConsolesPathReachesEveryNode()
{
    std::optional<CommandResult> added;
    m_a->handle().addAccount(u"console"_s, u"viewer"_s, u"console-pw"_s, this,
                             [&](const CommandResult &result) { added = result; });
    QTRY_VERIFY_WITH_TIMEOUT(added.has_value(), 5000);
    QVERIFY2(added->ok, qPrintable(added->error));
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"console"_s, "GET", u"/eureka/apps"_s), 200, 5000);

    std::optional<AccountList> listed;
    m_b->handle().requestAccounts(this, [&](const AccountList &list) { listed = list; });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 5000);
    QVERIFY(listed->result.ok);
    QCOMPARE(listed->accounts.size(), 3);
    QVERIFY(listed->file.contains(prefix() + u"accounts/"_s));

    std::optional<CommandResult> removed;
    m_b->handle().removeAccount(u"console"_s, this, [&](const CommandResult &result) { removed = result; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 5000);
    QVERIFY(removed->ok);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_a, u"console"_s, "GET", u"/eureka/apps"_s), 401, 5000);
}

void TestEtcdAuth::tokenFromOneNodeIsAcceptedAtTheOther()
{
    const HttpReply login = m_a->send("POST", u"/v4/token"_s, R"({"name":"client","password":"client-pw"})",
                                      {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(login, 200);
    const QByteArray token = login.json().value(u"token").toString().toLatin1();
    QVERIFY(!token.isEmpty());
    const HttpHeaders bearer {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    QVERIFY_STATUS(m_b->send("GET", u"/v4/default/registry/microservices"_s, {}, bearer), 200);
    QVERIFY_STATUS(m_a->send("GET", u"/eureka/apps"_s, {}, bearer), 200);
    QVERIFY_STATUS(m_b->send("GET", u"/eureka/apps"_s, {}, {{"Authorization", "Bearer " + token + "x"}}), 401);
}

// The key lives in etcd: nodes started again (or new ones) accept the tokens issued before.
void TestEtcdAuth::theTokenKeyOutlivesTheNodes()
{
    const HttpReply login = m_b->send("POST", u"/muster/api/v1/token"_s, R"({"name":"client","password":"client-pw"})",
                                      {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(login, 200);
    const HttpHeaders bearer {{"Authorization", "Bearer " + login.json().value(u"token").toString().toLatin1()}};
    m_a.reset();
    m_b.reset();
    auto fresh = startSecuredNode(u"c"_s);
    QVERIFY(fresh);
    QTRY_COMPARE_WITH_TIMEOUT(fresh->send("GET", u"/eureka/apps"_s, {}, bearer).status, 200, 5000);

    // Another cluster (another prefix) has a key of its own.
    ++m_round;
    QCOMPARE(addToCluster(u"admin"_s, Role::Admin).status, 200);
    auto stranger = startSecuredNode(u"d"_s);
    QVERIFY(stranger);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*stranger, u"admin"_s, "GET", u"/eureka/apps"_s), 200, 5000);
    QCOMPARE(stranger->send("GET", u"/eureka/apps"_s, {}, bearer).status, 401);
}

void TestEtcdAuth::auditNamesTheAccountAndAddressOfAWrite()
{
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"AUDITED"_s, u"i-1"_s, 60), u"/eureka"_s, {}, as(u"client"_s)), 204);
    QVERIFY_STATUS(m_a->send("PUT", u"/eureka/apps/AUDITED/i-1/status?value=OUT_OF_SERVICE"_s, {}, as(u"client"_s)), 200);
    QVERIFY_STATUS(m_a->send("DELETE", u"/eureka/apps/AUDITED/i-1"_s, {}, as(u"admin"_s)), 200);

    for (ScTestNode *node : {m_a.get(), m_b.get()}) {
        QJsonArray entries;
        const auto audited = [&] {
            entries = node->send("GET", u"/muster/api/v1/audit?limit=50"_s, {}, as(u"admin"_s))
                          .json().value(u"entries").toArray();
            QStringList seen;
            for (const QJsonValue entry : std::as_const(entries)) {
                if (entry[u"instanceId"].toString() == u"i-1")
                    seen.append(entry[u"kind"].toString() + u' ' + entry[u"account"].toString() + u' '
                                + entry[u"address"].toString());
            }
            return seen;
        };
        // Newest first.
        QTRY_COMPARE_WITH_TIMEOUT(audited(), (QStringList {u"cancelled admin 127.0.0.1"_s,
                                                           u"statusChanged client 127.0.0.1"_s,
                                                           u"registered client 127.0.0.1"_s}), 5000);
    }
    // The node's own writes stay anonymous: SERVICECENTER, registered by each node at start.
    const QJsonArray entries = m_a->send("GET", u"/muster/api/v1/audit?limit=100"_s, {}, as(u"admin"_s))
                                   .json().value(u"entries").toArray();
    bool sawOwnWrite = false;
    for (const QJsonValue entry : entries) {
        if (entry[u"service"].toString() == u"SERVICECENTER") {
            sawOwnWrite = true;
            QCOMPARE(entry[u"account"].toString(), u"anonymous"_s);
        }
    }
    QVERIFY(sawOwnWrite);
}

// Spring Cloud clients fail over between service URLs: the owner of an instance is known at every
// node over the etcd, so the client that registered it at A sets its status at B; others may not.
void TestEtcdAuth::aClientChangesItsInstanceAtEitherNode()
{
    QCOMPARE(addToCluster(u"intruder"_s, Role::Client).status, 200);
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"OWNED"_s, u"o-1"_s, 60), u"/eureka"_s, {}, as(u"client"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(statusAt(*m_b, u"client"_s, "GET", u"/eureka/apps/OWNED/o-1"_s) == 200, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*m_b, u"intruder"_s, "GET", u"/eureka/apps"_s), 200, 5000);

    QCOMPARE(statusAt(*m_b, u"client"_s, "PUT", u"/eureka/apps/OWNED/o-1/status?value=OUT_OF_SERVICE"_s), 200);
    const auto statusAtA = [this] {
        return m_a->send("GET", u"/eureka/apps/OWNED/o-1"_s, {}, as(u"client"_s))
            .json().value(u"instance").toObject().value(u"status").toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(statusAtA(), u"OUT_OF_SERVICE"_s, 5000);
    QCOMPARE(statusAt(*m_b, u"client"_s, "PUT", u"/eureka/apps/OWNED/o-1"_s), 200);
    const HttpReply refused = m_b->send("PUT", u"/eureka/apps/OWNED/o-1/status?value=UP"_s, {}, as(u"intruder"_s));
    QVERIFY_STATUS(refused, 403);
    QVERIFY(refused.json().value(u"error").toString().contains(u"registered by client"));
    QCOMPARE(statusAt(*m_a, u"intruder"_s, "DELETE", u"/eureka/apps/OWNED/o-1"_s), 403);
    QCOMPARE(statusAt(*m_b, u"client"_s, "DELETE", u"/eureka/apps/OWNED/o-1"_s), 200);
}

// etcd keeps each instance's and service's owner beside it: a node that was not running when the
// client wrote them, here one started after every node that saw the writes has stopped, knows them.
void TestEtcdAuth::aNodeStartedLaterKnowsTheOwners()
{
    QCOMPARE(addToCluster(u"intruder"_s, Role::Client).status, 200);
    QVERIFY_STATUS(m_a->registerJson(eurekaInstance(u"KEPT"_s, u"k-1"_s, 60), u"/eureka"_s, {}, as(u"client"_s)), 204);
    QVERIFY_STATUS(m_a->send("PUT", u"/eureka/apps/KEPT/k-1/status?value=OUT_OF_SERVICE"_s, {}, as(u"admin"_s)), 200);
    const QJsonObject service {{u"serviceName"_s, u"kept"_s}, {u"appId"_s, u"shop"_s}, {u"version"_s, u"1.0.0"_s}};
    const HttpReply created = m_a->send("POST", u"/v4/default/registry/microservices"_s,
                                        QJsonDocument(QJsonObject {{u"service"_s, service}}).toJson(), as(u"client"_s));
    QVERIFY_STATUS(created, 200);
    const QString properties = u"/v4/default/registry/microservices/%1/properties"_s
                                   .arg(created.json().value(u"serviceId").toString());
    m_a.reset();
    m_b.reset();

    auto later = startSecuredNode(u"c"_s);
    QVERIFY(later);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*later, u"client"_s, "GET", u"/eureka/apps/KEPT/k-1"_s), 200, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(*later, u"intruder"_s, "GET", u"/eureka/apps"_s), 200, 5000);
    // The operator's override in between kept the client as the owner.
    const HttpReply refused = later->send("PUT", u"/eureka/apps/KEPT/k-1"_s, {}, as(u"intruder"_s));
    QVERIFY_STATUS(refused, 403);
    QVERIFY2(refused.json().value(u"error").toString().contains(u"registered by client"), refused.body.constData());
    QCOMPARE(statusAt(*later, u"client"_s, "PUT", u"/eureka/apps/KEPT/k-1"_s), 200);
    QCOMPARE(statusAt(*later, u"client"_s, "DELETE", u"/eureka/apps/KEPT/k-1/status?value=UP"_s), 200);

    const QByteArray body = R"({"properties":{"tier":"gold"}})";
    QCOMPARE(statusAt(*later, u"intruder"_s, "PUT", properties, body), 403);
    QCOMPARE(statusAt(*later, u"client"_s, "PUT", properties, body), 200);
}

QTEST_MAIN(TestEtcdAuth)
#include "tst_etcdauth.moc"
