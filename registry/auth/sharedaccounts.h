// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/accountstore.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

// Where the nodes of a cluster keep one list of accounts and one token signing key, in place of
// each node's accounts.json and token.key (etcd in cluster mode; the node supplies it, so this
// layer knows no store). Changes made at any node arrive as accountsChanged() at every node.
class SharedAccounts : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        int status = 200;              // an HTTP status: 200, 404 (no such account), 409 (exists), 503
        QString error;

        bool ok() const { return status < 300; }
    };
    using Done = std::function<void(const Result &)>;

    using QObject::QObject;
    ~SharedAccounts() override;

    virtual QList<AccountStore::Account> accounts() const = 0;
    // The account carries its password hash; done runs once every node will see it.
    virtual void add(const AccountStore::Account &account, Done done) = 0;
    virtual void remove(const QString &name, Done done) = 0;
    // The cluster's signing key, empty until known; a node that finds none offers candidate.
    virtual QByteArray tokenKey() const = 0;
    virtual void offerTokenKey(const QByteArray &candidate) = 0;
    // Where the accounts are, for people: "etcd http://127.0.0.1:2379 under /muster/accounts/".
    virtual QString location() const = 0;

signals:
    void accountsChanged();
    void tokenKeyChanged();
};
