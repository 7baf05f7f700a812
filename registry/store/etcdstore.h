// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/etcdkeylayout.h"
#include "store/store.h"
#include "store/storeconfig.h"

#include <memory>

class EtcdAccountRecords;
class EtcdCacheSync;
class EtcdClient;
class EtcdCommitter;
class EtcdLeaseKeeper;
class Registry;

// Cluster mode (docs/etcd.md): the node's state lives in etcd under a key prefix, one etcd lease
// per instance, and the Registry is this node's cache of the whole prefix, filled by a range read
// and kept current by a watch from the next revision. Reads never wait on etcd. A write is
// evaluated by the registry's rules, put to etcd in one transaction, and answered once the watch
// has brought it back into the cache (so the writer reads its own write); the cache changes only
// through etcd, in etcd's revision order, which is why every node over one etcd answers alike.
// This class wires the parts: the key layout, the cache sync, the committer and the lease keeper,
// and the accounts that live beside the registry under the same prefix.
class EtcdStore : public Store
{
    Q_OBJECT

public:
    EtcdStore(StoreConfig config, Registry *registry, QObject *parent = nullptr);
    ~EtcdStore() override;

    void start(std::function<void()> ready) override;
    void stop() override;
    bool acceptsWrites() const override;
    QString refusalReason() const override;
    void commit(const QList<RegistryChange> &changes, Done done) override;
    StoreStatus status() const override;
    WriteAuthor authorAt(quint64 revision) const override;
    // The cluster's accounts and token key, kept current by the same watch as the registry.
    EtcdAccountRecords *accountRecords() const { return m_accounts.get(); }

private:
    StoreConfig m_config;
    EtcdKeyLayout m_layout;
    std::unique_ptr<EtcdClient> m_client;
    std::unique_ptr<EtcdCacheSync> m_cache;
    std::unique_ptr<EtcdLeaseKeeper> m_leases;
    std::unique_ptr<EtcdCommitter> m_committer;
    std::unique_ptr<EtcdAccountRecords> m_accounts;
};
