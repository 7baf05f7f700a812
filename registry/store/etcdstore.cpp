// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdstore.h"

#include "core/registry.h"
#include "store/etcdaccountrecords.h"
#include "store/etcdcachesync.h"
#include "store/etcdclient.h"
#include "store/etcdcommitter.h"
#include "store/etcdleasekeeper.h"

EtcdStore::EtcdStore(StoreConfig config, Registry *registry, QObject *parent)
    : Store {parent}
    , m_config {std::move(config)}
    , m_layout {m_config.etcdPrefix.toUtf8()}
    , m_client {std::make_unique<EtcdClient>(m_config.etcdEndpoints)}
    , m_cache {std::make_unique<EtcdCacheSync>(m_config, m_layout, m_client.get(), registry)}
    , m_leases {std::make_unique<EtcdLeaseKeeper>(m_config, m_layout, m_client.get(), m_cache.get())}
    , m_committer {std::make_unique<EtcdCommitter>(m_config, m_layout, m_client.get(), m_cache.get(), m_leases.get())}
    , m_accounts {std::make_unique<EtcdAccountRecords>(m_layout, m_client.get(), m_config.etcdRequestTimeoutMs)}
{
    m_accounts->follow(m_cache.get());
    connect(m_cache.get(), &EtcdCacheSync::stateChanged, this, &Store::stateChanged);
    connect(m_cache.get(), &EtcdCacheSync::synced, this, &Store::synced);
    connect(m_cache.get(), &EtcdCacheSync::leaseReleased, m_leases.get(), &EtcdLeaseKeeper::forget);
    connect(m_cache.get(), &EtcdCacheSync::instanceOwnerRead, this, &Store::instanceOwnerRead);
    connect(m_cache.get(), &EtcdCacheSync::serviceOwnerRead, this, &Store::serviceOwnerRead);
    m_committer->setOwnerAfter([this](const RegistryChange &change) { return ownerAfter(change); });
    connect(registry, &Registry::renewed, m_leases.get(),
            [this](const QString &app, const QString &id) { m_leases->keepAlive(app, id); });
}

EtcdStore::~EtcdStore()
{
    stop();
}

void EtcdStore::start(std::function<void()> ready)
{
    m_cache->start(std::move(ready));
}

void EtcdStore::stop()
{
    if (m_cache->isStopped())
        return;
    m_cache->stop();
    m_committer->stop();
}

bool EtcdStore::acceptsWrites() const
{
    return m_cache->isConnected();
}

QString EtcdStore::refusalReason() const
{
    if (m_cache->state() == EtcdCacheSync::State::Loading)
        return QStringLiteral("this node has not read etcd yet; the write was not made");
    return QStringLiteral("etcd is unreachable (%1); the write was not made").arg(m_cache->lastError());
}

void EtcdStore::commit(const QList<RegistryChange> &changes, Done done)
{
    if (!acceptsWrites()) {
        done(CommitResult {503, refusalReason()});
        return;
    }
    m_committer->commit(changes, std::move(done));
}

WriteAuthor EtcdStore::authorAt(quint64 revision) const
{
    return m_cache->authorAt(qint64(revision));
}

StoreStatus EtcdStore::status() const
{
    StoreStatus status;
    status.kind = StoreStatus::Kind::Etcd;
    for (const QUrl &endpoint : m_client->endpoints())
        status.endpoints.append(endpoint.toString());
    status.endpoint = m_client->endpoint().toString();
    status.prefix = m_config.etcdPrefix;
    status.connected = m_cache->isConnected();
    status.stale = !m_cache->isConnected();
    status.lastError = m_cache->lastError();
    status.lastErrorMs = m_cache->lastErrorMs();
    status.revision = quint64(m_cache->revision());
    status.fullReads = m_cache->fullReads();
    status.watchResumes = m_cache->watchResumes();
    return status;
}
