// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/etcdsharedaccounts.h"

#include "auth/authlogging.h"
#include "store/etcdaccountrecords.h"

#include <QStringList>
#include <QUrl>

namespace {
SharedAccounts::Result fromStore(const EtcdAccountRecords::Result &result)
{
    return SharedAccounts::Result {result.status, result.error};
}
}

EtcdSharedAccounts::EtcdSharedAccounts(EtcdAccountRecords *records, QString location, QObject *parent)
    : SharedAccounts {parent}
    , m_records {records}
    , m_location {std::move(location)}
{
    connect(records, &EtcdAccountRecords::recordsChanged, this, &SharedAccounts::accountsChanged);
    connect(records, &EtcdAccountRecords::tokenKeyChanged, this, &SharedAccounts::tokenKeyChanged);
}

QString EtcdSharedAccounts::locationOf(const StoreConfig &config)
{
    QStringList endpoints;
    for (const QUrl &endpoint : config.etcdEndpoints)
        endpoints.append(endpoint.toString());
    return QStringLiteral("etcd %1 under %2accounts/").arg(endpoints.join(u','), config.etcdPrefix);
}

QList<AccountStore::Account> EtcdSharedAccounts::accounts() const
{
    QList<AccountStore::Account> accounts;
    if (!m_records)
        return accounts;
    const QMap<QString, QByteArray> &records = m_records->records();
    for (auto it = records.cbegin(); it != records.cend(); ++it) {
        if (const auto account = AccountStore::decodeRecord(it.key(), it.value()))
            accounts.append(*account);
        else
            qCWarning(lcAuth).noquote() << "ignoring the account" << it.key() << "in etcd: its record is not readable";
    }
    return accounts;
}

void EtcdSharedAccounts::add(const AccountStore::Account &account, Done done)
{
    if (!m_records)
        return done({503, QStringLiteral("the node is stopping")});
    m_records->add(account.name, AccountStore::encodeRecord(account),
                   [done](const EtcdAccountRecords::Result &result) { done(fromStore(result)); });
}

void EtcdSharedAccounts::remove(const QString &name, Done done)
{
    if (!m_records)
        return done({503, QStringLiteral("the node is stopping")});
    m_records->remove(name, [done](const EtcdAccountRecords::Result &result) { done(fromStore(result)); });
}

QByteArray EtcdSharedAccounts::tokenKey() const
{
    return m_records ? QByteArray::fromBase64(m_records->tokenKey()) : QByteArray();
}

void EtcdSharedAccounts::offerTokenKey(const QByteArray &candidate)
{
    m_candidate = candidate;
    retryTokenKey();
}

void EtcdSharedAccounts::retryTokenKey()
{
    if (!m_records || m_candidate.isEmpty() || !m_records->tokenKey().isEmpty())
        return;
    m_records->ensureTokenKey(m_candidate.toBase64(), [](const EtcdAccountRecords::Result &result) {
        if (!result.ok())
            qCInfo(lcAuth).noquote() << "the cluster's token key is not known yet:" << result.error;
    });
}
