// SPDX-License-Identifier: GPL-3.0-or-later
// Real nodes with accounts, spoken to over HTTP on 127.0.0.1: the role matrix over Eureka,
// Service-Center and Muster's own API (each role × each kind of write → allowed, 401 or 403), tokens,
// the shape of refusals, attribution and the audit trail, and the refusal to run a node beyond
// loopback open.
#include "../eureka/eurekatestnode.h"

#include "auth/accountstore.h"
#include "node/nodehandle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr auto basic = &EurekaTestNode::basicAuthorization;
const QStringList roles {u"viewer"_s, u"client"_s, u"operator"_s, u"admin"_s};

HttpHeaders as(const QString &account)
{
    if (account.isEmpty())
        return {};
    if (account == u"wrong")
        return {{"Authorization", basic(u"client"_s, u"not-the-password"_s)}};
    return {{"Authorization", basic(account, account + u"-pw"_s)}};
}

HttpHeaders json(HttpHeaders headers)
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    return headers;
}
}

class TestAuthNode : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<EurekaTestNode> m_node;

    NodeConfig securedConfig() const
    {
        NodeConfig config = EurekaTestNode::defaultConfig();
        config.dataDir = m_dir.path();
        config.auth.mode = AuthConfig::Mode::Required;
        return config;
    }

    // The status the node answers a request by account ("" anonymous, "wrong" a bad password).
    int statusOf(const QString &account, const QByteArray &verb, const QString &path, const QByteArray &body = {})
    {
        return m_node->send(verb, path, body, json(as(account))).status;
    }

    HttpReply registerAs(const QString &account, const QString &id)
    {
        return m_node->registerJson(EurekaTestNode::instanceFixture(u"MATRIX"_s, id, id), u"/eureka"_s, {},
                                    as(account));
    }

    QString createServiceAs(const QString &account, const QString &name)
    {
        const QJsonObject service {{u"serviceName"_s, name}, {u"appId"_s, u"auth"_s}, {u"version"_s, u"1.0.0"_s}};
        const HttpReply reply = m_node->send("POST", u"/v4/default/registry/microservices"_s,
                                             QJsonDocument(QJsonObject {{u"service"_s, service}}).toJson(),
                                             json(as(account)));
        return reply.json().value(u"serviceId").toString();
    }

    QString registerScInstanceAs(const QString &account, const QString &serviceId, const QString &host)
    {
        const QJsonObject instance {{u"hostName"_s, host}, {u"endpoints"_s, QJsonArray {u"rest://127.0.0.1:9000"_s}}};
        const HttpReply reply = m_node->send("POST", u"/v4/default/registry/microservices/%1/instances"_s.arg(serviceId),
                                             QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(),
                                             json(as(account)));
        return reply.json().value(u"instanceId").toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        AccountStore store(m_dir.path());
        for (const QString &role : roles)
            QCOMPARE(store.add(role, *parseRole(role), (role + u"-pw"_s).toUtf8()), QString());
        QCOMPARE(store.add(u"other"_s, Role::Client, "other-pw"), QString());
        m_node = std::make_unique<EurekaTestNode>(securedConfig());
        QVERIFY(m_node->start());
    }

    void cleanupTestCase()
    {
        m_node.reset();
    }

    void healthNeedsNoAccount()
    {
        QCOMPARE(statusOf({}, "GET", u"/healthz"_s), 200);
        QCOMPARE(statusOf({}, "GET", u"/v4/default/registry/version"_s), 200);
    }

    void readsNeedAnAccount()
    {
        const HttpReply anonymous = m_node->get(u"/eureka/apps"_s);
        QVERIFY_STATUS(anonymous, 401);
        QVERIFY(anonymous.header("WWW-Authenticate").startsWith("Basic realm=\"muster\""));
        QVERIFY(anonymous.header("WWW-Authenticate").contains("Bearer"));
        QCOMPARE(anonymous.json().value(u"requiredRole").toString(), u"viewer"_s);
        QVERIFY(anonymous.json().value(u"error").toString().contains(u"authentication required"));
        QCOMPARE(statusOf(u"wrong"_s, "GET", u"/eureka/apps"_s), 401);
        for (const QString &role : roles)
            QCOMPARE(statusOf(role, "GET", u"/eureka/apps"_s), 200);
    }

    // Each role registers, renews, overrides, changes metadata of and cancels its own instance.
    void eurekaWritesOnOwnInstances()
    {
        QCOMPARE(registerAs({}, u"anon-1"_s).status, 401);
        QCOMPARE(registerAs(u"wrong"_s, u"wrong-1"_s).status, 401);
        QCOMPARE(registerAs(u"viewer"_s, u"viewer-1"_s).status, 403);
        for (const QString &role : {u"client"_s, u"operator"_s, u"admin"_s}) {
            const QString id = role + u"-1"_s;
            const QString path = u"/eureka/apps/MATRIX/"_s + id;
            QVERIFY_STATUS(registerAs(role, id), 204);
            QCOMPARE(statusOf(role, "PUT", path), 200);
            QCOMPARE(statusOf(role, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
            QCOMPARE(statusOf(role, "DELETE", path + u"/status"_s), 200);
            QCOMPARE(statusOf(role, "PUT", path + u"/metadata?zone=a"_s), 200);
            QCOMPARE(statusOf(u"viewer"_s, "PUT", path), 403);
            QCOMPARE(statusOf({}, "DELETE", path), 401);
            QCOMPARE(statusOf(role, "DELETE", path), 200);
        }
    }

    // A client may not touch another account's instance; an operator may.
    void eurekaWritesOnAnotherClientsInstance()
    {
        QVERIFY_STATUS(registerAs(u"other"_s, u"others-1"_s), 204);
        const QString path = u"/eureka/apps/MATRIX/others-1"_s;
        const HttpReply renew = m_node->send("PUT", path, {}, as(u"client"_s));
        QVERIFY_STATUS(renew, 403);
        QVERIFY(renew.json().value(u"error").toString().contains(u"registered by other"));
        QCOMPARE(renew.json().value(u"requiredRole").toString(), u"operator"_s);
        QCOMPARE(statusOf(u"client"_s, "PUT", path + u"/status?value=DOWN"_s), 403);
        QCOMPARE(statusOf(u"client"_s, "PUT", path + u"/metadata?zone=b"_s), 403);
        QCOMPARE(statusOf(u"client"_s, "DELETE", path), 403);
        QCOMPARE(registerAs(u"client"_s, u"others-1"_s).status, 403);
        QCOMPARE(statusOf(u"other"_s, "PUT", path), 200);
        QCOMPARE(statusOf(u"operator"_s, "PUT", path + u"/status?value=OUT_OF_SERVICE"_s), 200);
        QCOMPARE(statusOf(u"admin"_s, "DELETE", path), 200);
    }

    void serviceCombWrites()
    {
        QCOMPARE(createServiceAs(u"viewer"_s, u"by-viewer"_s), QString());
        const QString serviceId = createServiceAs(u"client"_s, u"orders"_s);
        QVERIFY(!serviceId.isEmpty());
        const QString own = registerScInstanceAs(u"client"_s, serviceId, u"own"_s);
        const QString others = registerScInstanceAs(u"other"_s, serviceId, u"others"_s);
        QVERIFY(!own.isEmpty());
        QVERIFY(!others.isEmpty());
        QCOMPARE(registerScInstanceAs(u"viewer"_s, serviceId, u"viewers"_s), QString());
        const QString instances = u"/v4/default/registry/microservices/%1/instances/"_s.arg(serviceId);
        QCOMPARE(statusOf(u"client"_s, "PUT", instances + own + u"/heartbeat"_s), 200);
        QCOMPARE(statusOf(u"client"_s, "PUT", instances + own + u"/status?value=DOWN"_s), 200);

        const HttpReply forbidden = m_node->send("PUT", instances + others + u"/heartbeat"_s, {}, json(as(u"client"_s)));
        QVERIFY_STATUS(forbidden, 403);
        QCOMPARE(forbidden.json().value(u"errorCode").toString(), u"403205"_s);
        QVERIFY(forbidden.json().value(u"detail").toString().contains(u"operator"));
        QCOMPARE(statusOf(u"operator"_s, "PUT", instances + others + u"/heartbeat"_s), 200);

        const HttpReply anonymous = m_node->send("PUT", instances + own + u"/heartbeat"_s, {}, json({}));
        QVERIFY_STATUS(anonymous, 401);
        QCOMPARE(anonymous.json().value(u"errorCode").toString(), u"401204"_s);
        QVERIFY(!anonymous.header("WWW-Authenticate").isEmpty());
        QCOMPARE(m_node->send("PUT", instances + own + u"/heartbeat"_s, {}, json(as(u"wrong"_s))).json()
                     .value(u"errorCode").toString(),
                 u"401202"_s);

        // The service is its creator's: another client may register instances in it, not change it.
        const QString changes = u"/v4/default/registry/microservices/"_s + serviceId;
        const QByteArray properties = R"({"properties":{"tier":"gold"}})";
        const QByteArray schema = R"({"schema":"openapi: 3.0.0"})";
        const QByteArray tags = R"({"tags":{"team":"a"}})";
        QCOMPARE(statusOf(u"client"_s, "PUT", changes + u"/properties"_s, properties), 200);
        QCOMPARE(statusOf(u"client"_s, "PUT", changes + u"/schemas/hello"_s, schema), 200);
        QCOMPARE(statusOf(u"client"_s, "POST", changes + u"/tags"_s, tags), 200);
        const HttpReply notTheirs = m_node->send("PUT", changes + u"/properties"_s, properties, json(as(u"other"_s)));
        QVERIFY_STATUS(notTheirs, 403);
        QCOMPARE(notTheirs.json().value(u"errorCode").toString(), u"403205"_s);
        QVERIFY2(notTheirs.json().value(u"detail").toString().contains(u"created by client"), notTheirs.body.constData());
        QCOMPARE(statusOf(u"other"_s, "PUT", changes + u"/schemas/hello"_s, schema), 403);
        QCOMPARE(statusOf(u"other"_s, "POST", changes + u"/schemas"_s,
                          R"({"schemas":[{"schemaId":"hello","schema":"x"}]})"),
                 403);
        QCOMPARE(statusOf(u"other"_s, "POST", changes + u"/tags"_s, tags), 403);
        QCOMPARE(statusOf(u"other"_s, "PUT", changes + u"/tags/team?value=b"_s), 403);
        QCOMPARE(statusOf(u"operator"_s, "PUT", changes + u"/properties"_s, properties), 200);
        // A service an operator created is the operator's: no client may change it.
        const QString operatorsId = createServiceAs(u"operator"_s, u"shared"_s);
        QVERIFY(!operatorsId.isEmpty());
        QCOMPARE(statusOf(u"client"_s, "PUT", u"/v4/default/registry/microservices/%1/properties"_s.arg(operatorsId),
                          properties),
                 403);

        const QString service = u"/v4/default/registry/microservices/"_s + serviceId + u"?force=true"_s;
        QCOMPARE(statusOf(u"client"_s, "DELETE", service), 403);
        QCOMPARE(statusOf(u"operator"_s, "DELETE", service), 200);
    }

    void tokensFromServiceCombsLogin()
    {
        const HttpReply wrong = m_node->send("POST", u"/v4/token"_s, R"({"name":"client","password":"nope"})",
                                             json({}));
        QVERIFY_STATUS(wrong, 401);
        QCOMPARE(wrong.json().value(u"errorCode").toString(), u"401202"_s);
        QVERIFY_STATUS(m_node->send("POST", u"/v4/token"_s, "[]", json({})), 400);
        QVERIFY_STATUS(m_node->send("POST", u"/v4/token"_s,
                                    R"({"name":"client","password":"client-pw","tokenExpirationTime":"forever"})",
                                    json({})),
                       400);

        const HttpReply login = m_node->send("POST", u"/v4/token"_s, R"({"name":"client","password":"client-pw"})",
                                             json({}));
        QVERIFY_STATUS(login, 200);
        const QByteArray token = login.json().value(u"token").toString().toLatin1();
        QVERIFY(!token.isEmpty());
        const HttpHeaders bearer {{"Authorization", "Bearer " + token}};
        QVERIFY_STATUS(m_node->send("GET", u"/v4/default/registry/microservices"_s, {}, bearer), 200);
        QVERIFY_STATUS(m_node->send("GET", u"/eureka/apps"_s, {}, json(bearer)), 200);
        QVERIFY_STATUS(m_node->send("PUT", u"/muster/api/v1/pinned/apps/PINNED/p1"_s, "{}", json(bearer)), 403);
        QVERIFY_STATUS(m_node->send("GET", u"/eureka/apps"_s, {}, {{"Authorization", "Bearer " + token + "x"}}), 401);

        const HttpReply muster = m_node->send("POST", u"/muster/api/v1/token"_s,
                                              R"({"name":"operator","password":"operator-pw"})", json({}));
        QVERIFY_STATUS(muster, 200);
        QVERIFY(!muster.json().value(u"token").toString().isEmpty());
    }

    void musterApiWrites()
    {
        const QString pinned = u"/muster/api/v1/pinned/apps/PINNED/p1"_s;
        const QByteArray instance = EurekaTestNode::instanceDocument(EurekaTestNode::instanceFixture(u"PINNED"_s, u"p1"_s));
        QCOMPARE(statusOf({}, "PUT", pinned, instance), 401);
        QCOMPARE(statusOf(u"client"_s, "PUT", pinned, instance), 403);
        const int created = statusOf(u"operator"_s, "PUT", pinned, instance);
        QVERIFY2(created == 200 || created == 201, QByteArray::number(created).constData());
        QCOMPARE(statusOf(u"client"_s, "DELETE", pinned), 403);
        QCOMPARE(statusOf(u"operator"_s, "DELETE", pinned), 204);

        // An empty body: the gate lets an admin through to the route, which finds the body wrong.
        const HttpReply bridge = m_node->send("POST", u"/muster/api/v1/bridges"_s, "{}", json(as(u"operator"_s)));
        QVERIFY_STATUS(bridge, 403);
        QCOMPARE(bridge.json().value(u"requiredRole").toString(), u"admin"_s);
        QCOMPARE(statusOf(u"admin"_s, "POST", u"/muster/api/v1/bridges"_s, "{}"), 400);

        QCOMPARE(statusOf(u"operator"_s, "GET", u"/muster/api/v1/accounts"_s), 403);
        const HttpReply accounts = m_node->send("GET", u"/muster/api/v1/accounts"_s, {}, as(u"admin"_s));
        QVERIFY_STATUS(accounts, 200);
        QCOMPARE(accounts.json().value(u"accounts").toArray().size(), roles.size() + 1);
        QVERIFY(!accounts.body.contains("argon2"));
    }

    void accountsAddedOverHttpCanLogIn()
    {
        QCOMPARE(statusOf(u"admin"_s, "POST", u"/muster/api/v1/accounts"_s,
                          R"({"name":"late","role":"viewer","password":"late-pw"})"),
                 201);
        QCOMPARE(statusOf(u"admin"_s, "POST", u"/muster/api/v1/accounts"_s,
                          R"({"name":"late","role":"viewer","password":"x"})"),
                 409);
        QCOMPARE(statusOf(u"admin"_s, "POST", u"/muster/api/v1/accounts"_s, R"({"name":"x","role":"root"})"), 400);
        QVERIFY_STATUS(m_node->send("GET", u"/eureka/apps"_s, {}, {{"Authorization", basic(u"late"_s, u"late-pw"_s)}}),
                       200);
        QCOMPARE(statusOf(u"admin"_s, "DELETE", u"/muster/api/v1/accounts/late"_s), 204);
        QVERIFY_STATUS(m_node->send("GET", u"/eureka/apps"_s, {}, {{"Authorization", basic(u"late"_s, u"late-pw"_s)}}),
                       401);
    }

    // An account added by `muster account add` while the node runs is read again.
    void accountsChangedOnDiskTakeEffect()
    {
        AccountStore store(m_dir.path());
        QCOMPARE(store.load(), QString());
        QCOMPARE(store.add(u"fromdisk"_s, Role::Viewer, "disk-pw"), QString());
        const HttpHeaders fromDisk {{"Authorization", basic(u"fromdisk"_s, u"disk-pw"_s)}};
        QTRY_COMPARE_WITH_TIMEOUT(m_node->send("GET", u"/eureka/apps"_s, {}, fromDisk).status, 200, 5000);
        QCOMPARE(store.remove(u"fromdisk"_s), QString());
        QTRY_COMPARE_WITH_TIMEOUT(m_node->send("GET", u"/eureka/apps"_s, {}, fromDisk).status, 401, 5000);
    }

    void writesAreAttributed()
    {
        QVERIFY_STATUS(registerAs(u"client"_s, u"audited-1"_s), 204);
        QCOMPARE(statusOf(u"viewer"_s, "GET", u"/muster/api/v1/audit"_s), 403);
        const HttpReply audit = m_node->send("GET", u"/muster/api/v1/audit?limit=5"_s, {}, as(u"operator"_s));
        QVERIFY_STATUS(audit, 200);
        const QJsonArray entries = audit.json().value(u"entries").toArray();
        QVERIFY(!entries.isEmpty());
        QVERIFY(entries.size() <= 5);
        const QJsonObject newest = entries.first().toObject();
        QCOMPARE(newest.value(u"instanceId").toString(), u"audited-1"_s);
        QCOMPARE(newest.value(u"kind").toString(), u"registered"_s);
        QCOMPARE(newest.value(u"account").toString(), u"client"_s);
        QCOMPARE(newest.value(u"address").toString(), u"127.0.0.1"_s);
        QVERIFY_STATUS(m_node->send("GET", u"/muster/api/v1/audit?limit=zero"_s, {}, as(u"operator"_s)), 400);
    }
};

// Two secured nodes: the first replicates to the second with the credentials in the peer's URL.
class TestAuthPeers : public QObject
{
    Q_OBJECT

private slots:
    void peersReplicateWithTheCredentialsInTheirUrl()
    {
        QTemporaryDir firstDir;
        QTemporaryDir secondDir;
        for (const QTemporaryDir *dir : {&firstDir, &secondDir}) {
            AccountStore store(dir->path());
            QCOMPARE(store.add(u"peer"_s, Role::Operator, "peer-pw"), QString());
            QCOMPARE(store.add(u"app"_s, Role::Client, "app-pw"), QString());
        }
        NodeConfig secondConfig = EurekaTestNode::defaultConfig();
        secondConfig.name = u"second"_s;
        secondConfig.dataDir = secondDir.path();
        secondConfig.auth.mode = AuthConfig::Mode::Required;
        EurekaTestNode second(secondConfig);
        QVERIFY(second.start());

        NodeConfig firstConfig = secondConfig;
        firstConfig.name = u"first"_s;
        firstConfig.dataDir = firstDir.path();
        firstConfig.peers = {QUrl(u"http://peer:peer-pw@127.0.0.1:%1/eureka/"_s.arg(second.port()))};
        EurekaTestNode first(firstConfig);
        QVERIFY(first.start());

        const HttpHeaders app {{"Authorization", basic(u"app"_s, u"app-pw"_s)}};
        QVERIFY_STATUS(first.registerJson(EurekaTestNode::instanceFixture(u"REPLICATED"_s, u"r1"_s), u"/eureka"_s, {},
                                          app),
                       204);
        const HttpHeaders peer {{"Authorization", basic(u"peer"_s, u"peer-pw"_s)}};
        QTRY_VERIFY_WITH_TIMEOUT(second.send("GET", u"/eureka/apps/REPLICATED/r1"_s, {}, json(peer)).status == 200, 5000);

        const QJsonObject entry = second.send("GET", u"/muster/api/v1/audit?limit=1"_s, {}, peer).json()
                                      .value(u"entries").toArray().first().toObject();
        QCOMPARE(entry.value(u"instanceId").toString(), u"r1"_s);
        QCOMPARE(entry.value(u"origin").toString(), u"peer"_s);
        QCOMPARE(entry.value(u"account").toString(), u"peer"_s);

        const QJsonObject status = first.send("GET", u"/muster/api/v1/node"_s, {}, peer).json();
        const QString peerUrl = status.value(u"peers"_s).toArray().first().toObject().value(u"url").toString();
        QVERIFY2(peerUrl.contains(u"peer@127.0.0.1"), qPrintable(peerUrl));
        QVERIFY(!QJsonDocument(status).toJson().contains("peer-pw"));
    }

    void aPeerWithoutCredentialsIsRefused()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QCOMPARE(store.add(u"peer"_s, Role::Operator, "peer-pw"), QString());
        NodeConfig config = EurekaTestNode::defaultConfig();
        config.dataDir = dir.path();
        config.auth.mode = AuthConfig::Mode::Required;
        EurekaTestNode secured(config);
        QVERIFY(secured.start());
        const QByteArray batch = R"({"replicationList":[]})";
        QVERIFY_STATUS(secured.send("POST", u"/eureka/peerreplication/batch"_s, batch, json({})), 401);
        QVERIFY_STATUS(secured.send("POST", u"/eureka/peerreplication/batch"_s, batch,
                                    json({{"Authorization", basic(u"peer"_s, u"peer-pw"_s)}})),
                       200);
    }
};

// Nodes that must not start, and the loopback default that stays open.
class TestAuthStart : public QObject
{
    Q_OBJECT

private:
    static QString startError(const NodeConfig &config)
    {
        NodeHandle handle(config);
        QSignalSpy failed(&handle, &NodeHandle::startFailed);
        QSignalSpy started(&handle, &NodeHandle::started);
        handle.start();
        if (!QTest::qWaitFor([&] { return !failed.isEmpty() || !started.isEmpty(); }, 5000))
            return u"no answer"_s;
        handle.stop();
        return failed.isEmpty() ? QString() : failed.first().first().toString();
    }

    static std::optional<QHostAddress> nonLoopbackAddress()
    {
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
                return address;
        }
        return std::nullopt;
    }

private slots:
    void beyondLoopbackWithoutAccountsRefusesToStart()
    {
        const auto address = nonLoopbackAddress();
        if (!address)
            QSKIP("this machine has no non-loopback IPv4 address");
        QTemporaryDir dir;
        NodeConfig config = EurekaTestNode::defaultConfig();
        config.bindAddress = *address;
        config.dataDir = dir.path();
        config.auth.mode = AuthConfig::defaultMode(config.bindAddress);
        QCOMPARE(config.auth.mode, AuthConfig::Mode::Required);
        const QString error = startError(config);
        QVERIFY2(error.contains(u"muster account add NAME --role admin --data-dir " + dir.path()), qPrintable(error));
        QVERIFY(error.contains(u"--insecure"));

        config.auth.mode = AuthConfig::Mode::Off;
        QVERIFY(startError(config).contains(u"beyond loopback"));

        config.auth.insecure = true;
        QCOMPARE(startError(config), QString());
        config.auth.mode = AuthConfig::Mode::Required;
        QCOMPARE(startError(config), QString());

        config.auth.insecure = false;
        AccountStore store(dir.path());
        QCOMPARE(store.add(u"admin"_s, Role::Admin, "pw"), QString());
        QCOMPARE(startError(config), QString());
    }

    void requiredWithoutADataDirectoryRefusesToStart()
    {
        NodeConfig config = EurekaTestNode::defaultConfig();
        config.auth.mode = AuthConfig::Mode::Required;
        QVERIFY(startError(config).contains(u"--data-dir"));
    }

    void loopbackStaysOpenByDefault()
    {
        NodeConfig config = EurekaTestNode::defaultConfig();
        QCOMPARE(AuthConfig::defaultMode(config.bindAddress), AuthConfig::Mode::Off);
        EurekaTestNode node(config);
        QVERIFY(node.start());
        QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
        QVERIFY_STATUS(node.get(u"/eureka/apps"_s), 200);
        const QJsonArray entries = node.get(u"/muster/api/v1/audit"_s).json().value(u"entries").toArray();
        QCOMPARE(entries.first().toObject().value(u"account").toString(), u"anonymous"_s);
        QCOMPARE(entries.first().toObject().value(u"address").toString(), u"127.0.0.1"_s);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        TestAuthNode test;
        status |= QTest::qExec(&test, argc, argv);
    }
    TestAuthPeers peers;
    status |= QTest::qExec(&peers, argc, argv);
    TestAuthStart start;
    status |= QTest::qExec(&start, argc, argv);
    return status;
}

#include "tst_authnode.moc"
