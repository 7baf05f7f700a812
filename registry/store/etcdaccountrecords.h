// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>

class EtcdCacheSync;
class EtcdClient;
class EtcdKeyLayout;

// A cluster's accounts and its token signing key in etcd (docs/etcd.md, "Keys"): one key per
// account under <prefix>accounts/, holding a record the auth layer makes (the role and the password
// hash, never a password), and <prefix>auth/token-key, which the first node to need it creates with
// a compare-and-swap so that every node signs with the same key. The values are opaque here.
// A node follows them through its cache's watch (follow()); the command line reads them (load()).
class EtcdAccountRecords : public QObject
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

    EtcdAccountRecords(const EtcdKeyLayout &layout, EtcdClient *client, int timeoutMs, QObject *parent = nullptr);

    // Learns every change from the cache's watch, and answers a write once the cache shows it, so
    // the writer reads its own write at this node.
    void follow(EtcdCacheSync *cache);
    // One read of the accounts and the token key, for a process that does not follow a cache.
    void load(Done done);
    const QMap<QString, QByteArray> &records() const { return m_records; }
    QByteArray tokenKey() const { return m_tokenKey; }

    // 409 when an account of that name exists.
    void add(const QString &name, const QByteArray &record, Done done);
    // 404 when there is no such account.
    void remove(const QString &name, Done done);
    // Makes candidate the cluster's key unless a node made one before; either way tokenKey() is
    // the cluster's key once done runs with success.
    void ensureTokenKey(const QByteArray &candidate, Done done);

signals:
    void recordsChanged();
    void tokenKeyChanged();

private:
    void keyPut(const QByteArray &key, const QByteArray &value);
    void keyDeleted(const QByteArray &key);
    void setTokenKey(const QByteArray &value);
    // Runs done once this node's cache has reached revision (at once without a cache).
    void answerAt(qint64 revision, const Result &result, Done done);
    // Answers the writes the cache has caught up with, and the one overdue.
    void settle(quint64 overdue = 0);
    static Result failure(const QString &what, const QString &error);

    const EtcdKeyLayout &m_layout;
    EtcdClient *m_client;
    int m_timeoutMs;
    EtcdCacheSync *m_cache = nullptr;
    QMap<QString, QByteArray> m_records;
    QByteArray m_tokenKey;
    struct Waiting
    {
        quint64 id = 0;
        qint64 revision = 0;
        Result result;
        Done done;
    };
    QList<Waiting> m_waiting;
    quint64 m_lastWaitingId = 0;
};
