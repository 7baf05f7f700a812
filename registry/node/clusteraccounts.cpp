// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/clusteraccounts.h"

#include "node/etcdsharedaccounts.h"
#include "store/etcdaccountrecords.h"
#include "store/etcdclient.h"
#include "store/etcdkeylayout.h"

ClusterAccounts::ClusterAccounts(const StoreConfig &config)
    : m_layout {std::make_unique<EtcdKeyLayout>(config.etcdPrefix.toUtf8())}
    , m_client {std::make_unique<EtcdClient>(config.etcdEndpoints)}
    , m_records {std::make_unique<EtcdAccountRecords>(*m_layout, m_client.get(), config.etcdRequestTimeoutMs)}
    , m_shared {std::make_unique<EtcdSharedAccounts>(m_records.get(), EtcdSharedAccounts::locationOf(config))}
{
}

ClusterAccounts::~ClusterAccounts() = default;

void ClusterAccounts::load(const SharedAccounts::Done &done)
{
    m_records->load([done](const EtcdAccountRecords::Result &result) { done({result.status, result.error}); });
}

SharedAccounts &ClusterAccounts::accounts()
{
    return *m_shared;
}
