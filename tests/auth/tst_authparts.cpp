// SPDX-License-Identifier: GPL-3.0-or-later
// The auth layer's parts alone: the account file, password hashes, tokens, which role each route
// needs, and the owners of instances and services.
#include "auth/accessrules.h"
#include "auth/accountstore.h"
#include "auth/owners.h"
#include "auth/passwordhash.h"
#include "auth/tokensigner.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestAuthParts : public QObject
{
    Q_OBJECT

private slots:
    // A client's registration makes it the owner, a peer's names the owner it knows, a cancel ends it.
    void ownersFollowRegistrationsAndPeers()
    {
        const QString app = QStringLiteral("ORDERS");
        const QString id = QStringLiteral("o-1");
        Owners owners;
        RegistryChange change;
        change.kind = RegistryChange::Kind::Registered;
        change.instance.app = app;
        change.instance.instanceId = id;
        change.author.account = QStringLiteral("app");
        owners.record(change);
        QCOMPARE(owners.ownerOf(app, id), std::optional<QString>(QStringLiteral("app")));
        change.author.account = QStringLiteral("other");
        owners.record(change);
        change.origin = WriteOrigin::Peer;
        change.author.account = QStringLiteral("peer");
        owners.record(change);
        QCOMPARE(owners.ownerOf(app, id), std::optional<QString>(QStringLiteral("app")));

        owners.adopt(app, id, QStringLiteral("other"));
        QCOMPARE(owners.ownerOf(app, id), std::optional<QString>(QStringLiteral("other")));
        owners.adopt(app, id, QString());
        QCOMPARE(owners.ownerOf(app, id), std::optional<QString>(QStringLiteral("other")));
        change.kind = RegistryChange::Kind::Cancelled;
        owners.record(change);
        QCOMPARE(owners.ownerOf(app, id), std::nullopt);
    }

    // A client's creation of a service makes it the owner, until the service is deleted; an
    // operator's change keeps the owner, and a creation by no account names none.
    void serviceOwnersFollowCreationAndDeletion()
    {
        const QString id = QStringLiteral("svc-1");
        Owners owners;
        RegistryChange change;
        change.kind = RegistryChange::Kind::ServiceCreated;
        change.service.serviceId = id;
        QCOMPARE(owners.ownerAfter(change), QString());
        owners.record(change);
        QCOMPARE(owners.serviceOwnerOf(id), std::nullopt);

        change.author.account = QStringLiteral("app");
        QCOMPARE(owners.ownerAfter(change), QStringLiteral("app"));
        owners.record(change);
        QCOMPARE(owners.serviceOwnerOf(id), std::optional<QString>(QStringLiteral("app")));
        change.kind = RegistryChange::Kind::ServiceUpdated;
        change.author.account = QStringLiteral("ops");
        QCOMPARE(owners.ownerAfter(change), QStringLiteral("app"));
        owners.record(change);
        QCOMPARE(owners.serviceOwnerOf(id), std::optional<QString>(QStringLiteral("app")));
        QCOMPARE(owners.ownerOf(QStringLiteral("SVC"), id), std::nullopt);

        change.kind = RegistryChange::Kind::ServiceDeleted;
        QCOMPARE(owners.ownerAfter(change), QString());
        owners.record(change);
        QCOMPARE(owners.serviceOwnerOf(id), std::nullopt);
        owners.adoptService(id, QStringLiteral("peer-named"));
        QCOMPARE(owners.serviceOwnerOf(id), std::optional<QString>(QStringLiteral("peer-named")));
    }

    void hashesAreSaltedAndVerify()
    {
        const QByteArray first = PasswordHash::make("s3cret");
        const QByteArray second = PasswordHash::make("s3cret");
        QVERIFY(first.startsWith("$argon2id$"));
        QVERIFY(first != second);
        QVERIFY(PasswordHash::matches(first, "s3cret"));
        QVERIFY(!PasswordHash::matches(first, "s3cret!"));
        QVERIFY(!PasswordHash::matches({}, "s3cret"));
    }

    void storeKeepsHashesOnlyInAnOwnerOnlyFile()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QCOMPARE(store.load(), QString());
        QVERIFY(store.isEmpty());
        QCOMPARE(store.add(QStringLiteral("alice"), Role::Operator, "wonderland"), QString());
        QVERIFY(store.add(QStringLiteral("alice"), Role::Viewer, "again").contains(u"exists"));
        QVERIFY(!store.add(QStringLiteral("bad:name"), Role::Viewer, "pw").isEmpty());
        QVERIFY(!store.add(QStringLiteral("bob"), Role::Viewer, "").isEmpty());

        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("wonderland"));
        QVERIFY(text.contains("$argon2id$"));
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                                       | QFileDevice::WriteOther),
                 QFileDevice::Permissions());

        AccountStore reread(dir.path());
        QCOMPARE(reread.load(), QString());
        QCOMPARE(reread.accounts().size(), 1);
        QCOMPARE(reread.verify(QStringLiteral("alice"), "wonderland"), std::optional<Role>(Role::Operator));
        QCOMPARE(reread.verify(QStringLiteral("alice"), "wrong"), std::nullopt);
        QCOMPARE(reread.verify(QStringLiteral("nobody"), "wonderland"), std::nullopt);
        QCOMPARE(reread.remove(QStringLiteral("alice")), QString());
        QVERIFY(!reread.remove(QStringLiteral("alice")).isEmpty());
        QVERIFY(reread.isEmpty());
    }

    void aDamagedFileIsAnErrorAndKeepsTheAccounts()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QCOMPARE(store.add(QStringLiteral("alice"), Role::Admin, "pw"), QString());
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{not json");
        file.close();
        QVERIFY(!store.load().isEmpty());
        QCOMPARE(store.accounts().size(), 1);
    }

    void tokensNameTheirAccountUntilTheyExpire()
    {
        const TokenSigner signer;
        const QString token = signer.issue(QStringLiteral("alice"), 2000);
        QCOMPARE(signer.verify(token.toLatin1(), 1999), std::optional<QString>(QStringLiteral("alice")));
        QCOMPARE(signer.verify(token.toLatin1(), 2000), std::nullopt);
        QByteArray forged = token.toLatin1();
        forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
        QCOMPARE(signer.verify(forged, 0), std::nullopt);
        QCOMPARE(TokenSigner().verify(token.toLatin1(), 0), std::nullopt);
        QCOMPARE(signer.verify("no-dot", 0), std::nullopt);
    }

    void aKeptKeyOutlivesTheSigner()
    {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("token.key"));
        const QString token = TokenSigner(keyFile).issue(QStringLiteral("bob"), 5000);
        QCOMPARE(TokenSigner(keyFile).verify(token.toLatin1(), 0), std::optional<QString>(QStringLiteral("bob")));
    }

    // How a cluster keeps an account in etcd: role and hash, which read back as the same account.
    void anAccountRecordHoldsTheHashNotThePassword()
    {
        const auto made = AccountStore::makeAccount(QStringLiteral("carol"), Role::Operator, "carol-secret");
        QVERIFY(std::holds_alternative<AccountStore::Account>(made));
        const AccountStore::Account account = std::get<AccountStore::Account>(made);
        const QByteArray record = AccountStore::encodeRecord(account);
        QVERIFY(!record.contains("carol-secret"));
        const auto decoded = AccountStore::decodeRecord(QStringLiteral("carol"), record);
        QVERIFY(decoded);
        QCOMPARE(decoded->role, Role::Operator);
        QCOMPARE(decoded->passwordHash, account.passwordHash);
        QVERIFY(!AccountStore::decodeRecord(QStringLiteral("bad name"), record));
        QVERIFY(!AccountStore::decodeRecord(QStringLiteral("carol"), "{\"role\":\"root\"}"));
        QVERIFY(std::holds_alternative<QString>(AccountStore::makeAccount(QStringLiteral("dave"), Role::Viewer, "")));
    }

    // A node over etcd signs nothing until it has the cluster's key, then signs as every other node.
    void aSignerAwaitingItsKeyAcceptsNothing()
    {
        const auto awaiting = TokenSigner::awaitingKey();
        QVERIFY(!awaiting->hasKey());
        const QByteArray key = TokenSigner::randomKey();
        const auto other = TokenSigner::awaitingKey();
        QVERIFY(other->setKey(key));
        const QString token = other->issue(QStringLiteral("erin"), 5000);
        QCOMPARE(awaiting->verify(token.toLatin1(), 0), std::nullopt);
        QVERIFY(!awaiting->setKey("short"));
        QVERIFY(awaiting->setKey(key));
        QCOMPARE(awaiting->verify(token.toLatin1(), 0), std::optional<QString>(QStringLiteral("erin")));
    }

    void rolesPerRoute_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("open");
        QTest::addColumn<int>("role");
        QTest::addColumn<int>("own");
        const auto row = [](const char *name, QByteArray method, QString pattern, bool open, Role role, Ownership own) {
            QTest::newRow(name) << method << pattern << open << int(role) << int(own);
        };
        row("healthz", "GET", QStringLiteral("/healthz"), true, Role::Viewer, Ownership::None);
        row("token", "POST", QStringLiteral("/v4/token"), true, Role::Viewer, Ownership::None);
        row("sc version", "GET", QStringLiteral("/v4/{project}/registry/version"), true, Role::Viewer, Ownership::None);
        row("eureka read", "GET", QStringLiteral("/eureka/v2/apps"), false, Role::Viewer, Ownership::None);
        row("eureka register", "POST", QStringLiteral("/eureka/apps/{app}"), false, Role::Client, Ownership::Instance);
        row("eureka renew", "PUT", QStringLiteral("/eureka/apps/{app}/{id}"), false, Role::Client, Ownership::Instance);
        row("eureka status", "DELETE", QStringLiteral("/eureka/v2/apps/{app}/{id}/status"), false, Role::Client, Ownership::Instance);
        row("peer batch", "POST", QStringLiteral("/eureka/peerreplication/batch"), false, Role::Operator, Ownership::None);
        row("sc create service", "POST", QStringLiteral("/v4/{project}/registry/microservices"), false, Role::Client,
            Ownership::None);
        row("sc service properties", "PUT", QStringLiteral("/v4/{project}/registry/microservices/{serviceId}/properties"),
            false, Role::Client, Ownership::Service);
        row("sc schema", "PUT", QStringLiteral("/v4/{project}/registry/microservices/{serviceId}/schemas/{schemaId}"),
            false, Role::Client, Ownership::Service);
        row("sc schemas", "POST", QStringLiteral("/v4/{project}/registry/microservices/{serviceId}/schemas"), false,
            Role::Client, Ownership::Service);
        row("sc tags", "POST", QStringLiteral("/v4/{project}/registry/microservices/{serviceId}/tags"), false,
            Role::Client, Ownership::Service);
        row("sc delete service", "DELETE", QStringLiteral("/v4/{project}/registry/microservices/{serviceId}"), false,
            Role::Operator, Ownership::None);
        row("sc heartbeat", "PUT",
            QStringLiteral("/v4/{project}/registry/microservices/{serviceId}/instances/{instanceId}/heartbeat"), false,
            Role::Client, Ownership::Instance);
        row("sc find", "POST", QStringLiteral("/v4/{project}/registry/instances/action"), false, Role::Viewer, Ownership::None);
        row("pinned", "PUT", QStringLiteral("/muster/api/v1/pinned/apps/{app}/{id}"), false, Role::Operator, Ownership::None);
        row("bridges", "POST", QStringLiteral("/muster/api/v1/bridges"), false, Role::Admin, Ownership::None);
        row("accounts", "GET", QStringLiteral("/muster/api/v1/accounts"), false, Role::Admin, Ownership::None);
        row("audit", "GET", QStringLiteral("/muster/api/v1/audit"), false, Role::Operator, Ownership::None);
    }

    void rolesPerRoute()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, pattern);
        QFETCH(bool, open);
        QFETCH(int, role);
        QFETCH(int, own);
        const Requirement requirement = AccessRules::requirement(method, pattern);
        QCOMPARE(requirement.open, open);
        if (!open) {
            QCOMPARE(roleName(requirement.role), roleName(Role(role)));
            QCOMPARE(int(requirement.own), own);
            QVERIFY(!requirement.action.isEmpty());
        }
    }

    void rolesGrantWhatTheRolesBeforeThemMay()
    {
        QVERIFY(grants(Role::Admin, Role::Operator));
        QVERIFY(grants(Role::Client, Role::Client));
        QVERIFY(!grants(Role::Client, Role::Operator));
        QCOMPARE(parseRole(u"OPERATOR"), std::optional<Role>(Role::Operator));
        QCOMPARE(parseRole(u"root"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestAuthParts)
#include "tst_authparts.moc"
