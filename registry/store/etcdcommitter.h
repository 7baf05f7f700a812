// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/store.h"
#include "store/storeconfig.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>

class EtcdCacheSync;
class EtcdClient;
class EtcdKeyLayout;
class EtcdLeaseKeeper;

// A write's way into etcd: the full states a write left, as one transaction (leases granted
// first, the leases they replace revoked after), answered once the cache has caught up with the
// revision etcd acknowledged, so the writer reads its own write at this node. A commit answers
// within the request timeout whatever etcd does.
class EtcdCommitter : public QObject
{
    Q_OBJECT

public:
    EtcdCommitter(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client, EtcdCacheSync *cache,
                  EtcdLeaseKeeper *leases, QObject *parent = nullptr);

    void commit(const QList<RegistryChange> &changes, Store::Done done);
    // The owner each write keeps beside its instance or service.
    void setOwnerAfter(Store::OwnerAfter ownerAfter) { m_ownerAfter = std::move(ownerAfter); }
    // Answers every commit still waiting: done if etcd acknowledged it, 503 otherwise.
    void stop();

private:
    struct Operation
    {
        QByteArray key;
        QByteArray value {};
        bool remove = false;
        qint64 lease = 0;
        int grantTtlSecs = 0;          // > 0: put with a new lease of that many seconds
        qint64 replacedLease = 0;      // revoked once the put is in
    };
    struct Commit
    {
        QList<Operation> operations;
        Store::Done done;
        QDeadlineTimer deadline;
        int grantsLeft = 0;
    };

    QList<Operation> operationsFor(const QList<RegistryChange> &changes) const;
    QList<Operation> writerOperation(const QList<RegistryChange> &changes) const;
    void grantLeases(quint64 id);
    void sendTransaction(quint64 id);
    void waitForRevision(quint64 id, qint64 revision);
    void settleAcknowledged();
    void finishCommit(quint64 id, const Store::CommitResult &result);

    const StoreConfig &m_config;
    const EtcdKeyLayout &m_layout;
    EtcdClient *m_client;
    EtcdCacheSync *m_cache;
    EtcdLeaseKeeper *m_leases;
    Store::OwnerAfter m_ownerAfter;
    quint64 m_nextCommitId = 0;
    QHash<quint64, Commit> m_commits;             // sent, not answered yet
    QHash<quint64, qint64> m_acknowledged;        // commit → the revision the cache must reach
};
