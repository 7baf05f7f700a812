// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/authservice.h"

#include "auth/authapi.h"
#include "auth/authlogging.h"
#include "auth/tokensigner.h"

#include <QDir>
#include <QFileInfo>

AuthService::AuthService(AuthConfig config, QHostAddress bindAddress, QString dataDir, std::function<qint64()> nowMs)
    : m_config {config}
    , m_bindAddress {std::move(bindAddress)}
    , m_dataDir {std::move(dataDir)}
    , m_nowMs {std::move(nowMs)}
    , m_accounts {m_dataDir}
{
}

AuthService::~AuthService() = default;

QString AuthService::open(const QString &nodeName, bool accountsShared)
{
    const bool beyondLoopback = !m_bindAddress.isLoopback();
    const QString address = m_bindAddress.toString();
    if (m_config.mode == AuthConfig::Mode::Off) {
        if (beyondLoopback && !m_config.insecure)
            return QStringLiteral("it listens on %1, beyond loopback, with authentication off: use --auth required "
                                  "(and add an account), or --insecure to run it open").arg(address);
        if (beyondLoopback)
            qCCritical(lcAuth).noquote() << "node" << nodeName << "runs WITHOUT AUTHENTICATION on" << address
                                         << "(--insecure): anyone who reaches it may change the registry";
        return {};
    }
    if (accountsShared) {
        m_tokens = TokenSigner::awaitingKey();
        m_gate = std::make_unique<AuthGate>(&m_accounts, m_tokens.get(), m_nowMs);
        qCInfo(lcAuth).noquote() << "node" << nodeName << "requires authentication; the accounts are the cluster's";
        return {};
    }
    if (m_dataDir.isEmpty())
        return QStringLiteral("authentication is required, and the accounts live in the node's data directory: "
                              "give it --data-dir");
    m_readStamp = accountFileStamp();
    if (const QString error = m_accounts.load(); !error.isEmpty())
        return error;
    if (m_accounts.isEmpty()) {
        if (!m_config.insecure)
            return QStringLiteral("authentication is required on %1 and %2 holds no account: add one with "
                                  "`muster account add NAME --role admin --data-dir %3`, or start with --insecure "
                                  "to run without authentication")
                .arg(address, m_accounts.filePath(), m_dataDir);
        qCCritical(lcAuth).noquote() << "node" << nodeName << "has no accounts and runs WITHOUT AUTHENTICATION on"
                                     << address << "(--insecure): anyone who reaches it may change the registry";
        return {};
    }
    m_tokens = std::make_unique<TokenSigner>(QDir(m_dataDir).filePath(QStringLiteral("token.key")));
    m_gate = std::make_unique<AuthGate>(&m_accounts, m_tokens.get(), m_nowMs);
    m_watcher.addPath(m_dataDir);
    m_watcher.addPath(m_accounts.filePath());
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &AuthService::reloadAccounts);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &AuthService::reloadAccounts);
    qCInfo(lcAuth).noquote() << "node" << nodeName << "requires authentication;" << m_accounts.accounts().size()
                             << "accounts in" << m_accounts.filePath();
    return {};
}

void AuthService::shareAccounts(std::unique_ptr<SharedAccounts> shared)
{
    m_shared = std::move(shared);
    connect(m_shared.get(), &SharedAccounts::accountsChanged, this, &AuthService::takeSharedAccounts);
    connect(m_shared.get(), &SharedAccounts::tokenKeyChanged, this, &AuthService::takeSharedTokenKey);
    takeSharedAccounts();
    takeSharedTokenKey();
    if (m_gate && !m_tokens->hasKey())
        m_shared->offerTokenKey(TokenSigner::randomKey());
}

void AuthService::takeSharedAccounts()
{
    m_accounts.replaceAll(m_shared->accounts());
    if (m_gate)
        m_gate->forgetCredentials();
    qCInfo(lcAuth).noquote() << "the cluster's accounts:" << m_accounts.accounts().size() << "accounts in"
                             << m_shared->location();
}

void AuthService::takeSharedTokenKey()
{
    if (m_tokens && !m_shared->tokenKey().isEmpty() && !m_tokens->setKey(m_shared->tokenKey()))
        qCWarning(lcAuth).noquote() << "the cluster's token key is not a key (32 bytes); tokens are refused";
}

QPair<QDateTime, qint64> AuthService::accountFileStamp() const
{
    const QFileInfo file(m_accounts.filePath());
    return file.exists() ? qMakePair(file.lastModified(), file.size()) : qMakePair(QDateTime(), qint64(-1));
}

QString AuthService::currentAccounts()
{
    if (m_shared)
        return {};
    if (m_dataDir.isEmpty())
        return QStringLiteral("the node keeps no data directory, where accounts live: give it --data-dir");
    return m_gate ? QString() : m_accounts.load();
}

void AuthService::accountsWritten()
{
    m_readStamp = accountFileStamp();
    if (m_gate)
        m_gate->forgetCredentials();
}

QString AuthService::readAccounts(QList<AccountStore::Account> &accounts)
{
    const QString error = currentAccounts();
    if (error.isEmpty())
        accounts = m_accounts.accounts();
    return error;
}

void AuthService::addAccount(const QString &name, Role role, const QByteArray &password, const AccountDone &done)
{
    if (const QString error = currentAccounts(); !error.isEmpty())
        return done({400, error});
    if (!m_shared) {
        const QString error = m_accounts.add(name, role, password);
        if (error.isEmpty())
            accountsWritten();
        return done({error.isEmpty() ? 200 : error.contains(u"exists") ? 409 : 400, error});
    }
    if (m_accounts.find(name))
        return done({409, QStringLiteral("the account %1 exists already").arg(name)});
    auto made = AccountStore::makeAccount(name, role, password);
    if (const auto *problem = std::get_if<QString>(&made))
        return done({400, *problem});
    m_shared->add(std::get<AccountStore::Account>(made), done);
}

void AuthService::removeAccount(const QString &name, const AccountDone &done)
{
    if (const QString error = currentAccounts(); !error.isEmpty())
        return done({400, error});
    if (!m_accounts.find(name))
        return done({404, QStringLiteral("there is no account %1").arg(name)});
    if (m_shared)
        return m_shared->remove(name, done);
    const QString error = m_accounts.remove(name);
    if (error.isEmpty())
        accountsWritten();
    done({error.isEmpty() ? 200 : 500, error});
}

void AuthService::reloadAccounts()
{
    if (m_shared)
        return;
    const auto stamp = accountFileStamp();
    if (stamp == m_readStamp)
        return;
    m_readStamp = stamp;
    if (const QString error = m_accounts.load(); !error.isEmpty()) {
        qCWarning(lcAuth).noquote() << "the accounts were not read again:" << error;
        return;
    }
    // A replaced file is a new inode: watch it again.
    if (!m_watcher.files().contains(m_accounts.filePath()))
        m_watcher.addPath(m_accounts.filePath());
    m_gate->forgetCredentials();
    qCInfo(lcAuth).noquote() << "accounts read again:" << m_accounts.accounts().size() << "accounts";
}

std::variant<Identity, HttpResponse> AuthService::check(const HttpRequest &request, const QString &pattern,
                                                        const AuthGate::OwnerOf &ownerOf)
{
    if (!m_gate)
        return Identity {{}, Role::Admin};
    return m_gate->check(request, pattern, ownerOf);
}

bool AuthService::mayReplicate(const Identity &identity) const
{
    return isRequired() && !identity.account.isEmpty() && grants(identity.role, Role::Operator);
}

void AuthService::adoptOwner(const QString &app, const QString &instanceId, const QString &owner)
{
    m_owners.adopt(app, instanceId, owner);
}

void AuthService::adoptServiceOwner(const QString &serviceId, const QString &owner)
{
    m_owners.adoptService(serviceId, owner);
}

void AuthService::record(const RegistryChange &change)
{
    m_owners.record(change);
    m_audit.record(change);
}

void AuthService::addRoutes(Router &router)
{
    AuthApi::Parts parts;
    parts.gate = m_gate.get();
    parts.accounts = &m_accounts;
    parts.tokens = m_tokens.get();
    parts.audit = &m_audit;
    parts.nowMs = m_nowMs;
    parts.addAccount = [this](const QString &name, Role role, const QByteArray &password, const AccountDone &done) {
        addAccount(name, role, password, done);
    };
    parts.removeAccount = [this](const QString &name, const AccountDone &done) { removeAccount(name, done); };
    m_api = std::make_unique<AuthApi>(parts);
    m_api->addRoutes(router);
}
