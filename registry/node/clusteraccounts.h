// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/sharedaccounts.h"
#include "store/storeconfig.h"

#include <memory>

class EtcdAccountRecords;
class EtcdClient;
class EtcdKeyLayout;
class EtcdSharedAccounts;

// A cluster's accounts in etcd, for a process that runs no node (`muster account … --store
// etcd://…`): the same keys and records a node over that etcd reads, without its registry.
class ClusterAccounts
{
public:
    explicit ClusterAccounts(const StoreConfig &config);
    ~ClusterAccounts();

    // Reads the accounts; done runs on this thread's event loop.
    void load(const SharedAccounts::Done &done);
    SharedAccounts &accounts();

private:
    std::unique_ptr<EtcdKeyLayout> m_layout;
    std::unique_ptr<EtcdClient> m_client;
    std::unique_ptr<EtcdAccountRecords> m_records;
    std::unique_ptr<EtcdSharedAccounts> m_shared;
};
