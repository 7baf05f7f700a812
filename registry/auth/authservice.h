// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/accountstore.h"
#include "auth/audittrail.h"
#include "auth/authconfig.h"
#include "auth/authgate.h"
#include "auth/owners.h"
#include "auth/sharedaccounts.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QHostAddress>
#include <QObject>

#include <memory>

class AuthApi;
class Router;
class TokenSigner;

// A node's accounts, tokens, owners and audit trail, made when the node starts. open() decides
// whether the node requires authentication and refuses a start that would leave a node beyond
// loopback open without --insecure. The account file is read again whenever it changes, so
// `muster account add` takes effect on a running node. In cluster mode the accounts and the token
// key are the cluster's (shareAccounts()), and the data directory holds neither.
class AuthService : public QObject
{
    Q_OBJECT

public:
    AuthService(AuthConfig config, QHostAddress bindAddress, QString dataDir, std::function<qint64()> nowMs);
    ~AuthService() override;

    using AccountDone = SharedAccounts::Done;

    // Why the node must not start, or nothing. With accountsShared the accounts come later, from
    // shareAccounts(), and need no data directory.
    QString open(const QString &nodeName, bool accountsShared = false);
    // The cluster's accounts and token key, in place of the data directory's.
    void shareAccounts(std::unique_ptr<SharedAccounts> shared);
    bool isRequired() const { return m_gate != nullptr; }
    // The identity a request acts as, or the answer refusing it; anonymous with everything allowed
    // while authentication is off.
    std::variant<Identity, HttpResponse> check(const HttpRequest &request, const QString &pattern,
                                               const AuthGate::OwnerOf &ownerOf);
    // Every change the node makes, once attributed.
    void record(const RegistryChange &change);
    const Owners &owners() const { return m_owners; }
    // Whether identity may replicate a peer's writes, and so learn and name the owners of instances
    // and services.
    // Nobody may while authentication is off: a request then proves no account.
    bool mayReplicate(const Identity &identity) const;
    // An owner a peer named, the startup copy brought or the store keeps.
    void adoptOwner(const QString &app, const QString &instanceId, const QString &owner);
    void adoptServiceOwner(const QString &serviceId, const QString &owner);
    // The console's and the account routes' management, also while authentication is off (the file
    // is then read when asked: nothing else needs it). readAccounts returns what is wrong, empty on
    // success; the others answer done (maybe later: etcd) with 400, 404, 409 or 503 on failure.
    // Adding hashes the password, which takes a noticeable fraction of a second by design.
    QString readAccounts(QList<AccountStore::Account> &accounts);
    void addAccount(const QString &name, Role role, const QByteArray &password, const AccountDone &done);
    void removeAccount(const QString &name, const AccountDone &done);
    // Where the accounts are: the file, or the cluster's place in etcd.
    QString accountsFile() const { return m_shared ? m_shared->location() : m_accounts.filePath(); }
    void addRoutes(Router &router);

private:
    void reloadAccounts();
    void takeSharedAccounts();
    void takeSharedTokenKey();
    QString currentAccounts();
    void accountsWritten();
    // What the account file looked like when last read: the directory also holds the journal,
    // whose every write would otherwise read the accounts again and forget verified credentials.
    QPair<QDateTime, qint64> accountFileStamp() const;

    AuthConfig m_config;
    QHostAddress m_bindAddress;
    QString m_dataDir;
    std::function<qint64()> m_nowMs;
    AccountStore m_accounts;
    std::unique_ptr<TokenSigner> m_tokens;
    std::unique_ptr<AuthGate> m_gate;
    std::unique_ptr<AuthApi> m_api;
    AuditTrail m_audit;
    Owners m_owners;
    std::unique_ptr<SharedAccounts> m_shared;
    QFileSystemWatcher m_watcher;
    QPair<QDateTime, qint64> m_readStamp;
};
