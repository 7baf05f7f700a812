// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/sharedaccounts.h"

#include "store/storeconfig.h"

#include <QPointer>

class EtcdAccountRecords;

// The cluster's accounts and token key in etcd (store/etcdaccountrecords.h), as the auth layer sees
// them: each record is AccountStore's encoding of one account, and the key is kept base64-encoded.
// A node whose cluster has no token key yet offers one each time the store is back in sync, until
// one is there.
class EtcdSharedAccounts : public SharedAccounts
{
    Q_OBJECT

public:
    EtcdSharedAccounts(EtcdAccountRecords *records, QString location, QObject *parent = nullptr);

    QList<AccountStore::Account> accounts() const override;
    void add(const AccountStore::Account &account, Done done) override;
    void remove(const QString &name, Done done) override;
    QByteArray tokenKey() const override;
    void offerTokenKey(const QByteArray &candidate) override;
    QString location() const override { return m_location; }
    // Where a store configuration keeps the accounts, for people.
    static QString locationOf(const StoreConfig &config);
    // Offers the candidate key again (after the store is back): the last offer may not have arrived.
    void retryTokenKey();

private:
    QPointer<EtcdAccountRecords> m_records;
    QString m_location;
    QByteArray m_candidate;
};
