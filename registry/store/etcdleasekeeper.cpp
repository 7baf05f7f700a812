// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdleasekeeper.h"

#include "store/etcdcachesync.h"
#include "store/etcdkeylayout.h"

#include <algorithm>

namespace {
constexpr int batchDelayMs = 20;
constexpr qsizetype maxKeepAlivesPerBatch = 1000;
constexpr int maxBatchesInFlight = 2;
constexpr int defaultDurationSecs = 90;

int refreshWindowSecs(int durationSecs)
{
    return std::max(1, (std::max(1, durationSecs) + 2) / 3);
}
}

int EtcdLeaseKeeper::leaseTtlSecs(int durationSecs)
{
    return std::max(1, durationSecs) + refreshWindowSecs(durationSecs);
}

qint64 EtcdLeaseKeeper::refreshWindowMs(int durationSecs)
{
    return refreshWindowSecs(durationSecs) * qint64(1000);
}

EtcdLeaseKeeper::EtcdLeaseKeeper(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client,
                                 EtcdCacheSync *cache, QObject *parent)
    : QObject {parent}
    , m_config {config}
    , m_layout {keys}
    , m_client {client}
    , m_cache {cache}
{
    m_clock.start();
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(batchDelayMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &EtcdLeaseKeeper::sendKeepAlives);
}

void EtcdLeaseKeeper::grant(int ttlSecs, int timeoutMs, Granted granted)
{
    m_client->call(QStringLiteral("lease/grant"), {{QStringLiteral("TTL"), ttlSecs}}, timeoutMs,
                   [granted = std::move(granted)](const EtcdClient::Reply &reply) {
        granted(reply.ok ? EtcdClient::integer(reply.body.value(u"ID")) : 0, reply);
    });
}

void EtcdLeaseKeeper::revoke(qint64 lease)
{
    m_client->call(QStringLiteral("lease/revoke"), {{QStringLiteral("ID"), QString::number(lease)}},
                   m_config.etcdRequestTimeoutMs, [](const EtcdClient::Reply &) {});
}

void EtcdLeaseKeeper::keepAlive(const QString &app, const QString &id)
{
    if (!m_cache->isConnected())
        return;
    const EtcdCacheSync::KeyState known = m_cache->keyState(m_layout.instanceKey(app, id));
    if (known.lease == 0)
        return;
    const qint64 lease = known.lease;
    const qint64 now = m_clock.elapsed();
    const qint64 interval = refreshWindowMs(known.ttlSecs > 0 ? known.ttlSecs : defaultDurationSecs);
    const auto sent = m_keepAliveSentMs.constFind(lease);
    if (m_keepAlivesInFlight.contains(lease) || (sent != m_keepAliveSentMs.cend() && now - *sent < interval))
        return;
    m_keepAlivesInFlight.insert(lease);
    m_keepAliveSentMs.insert(lease, now);
    m_dueKeepAlives.append(lease);
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void EtcdLeaseKeeper::sendKeepAlives()
{
    if (m_dueKeepAlives.isEmpty() || m_batchesInFlight >= maxBatchesInFlight)
        return;
    const QList<qint64> leases = m_dueKeepAlives.first(std::min(m_dueKeepAlives.size(), maxKeepAlivesPerBatch));
    m_dueKeepAlives.remove(0, leases.size());
    QList<QJsonObject> messages;
    messages.reserve(leases.size());
    for (qint64 lease : leases)
        messages.append({{QStringLiteral("ID"), QString::number(lease)}});
    ++m_batchesInFlight;
    const quint64 generation = m_cache->generation();
    m_client->callStream(QStringLiteral("lease/keepalive"), messages, m_config.etcdRequestTimeoutMs,
                         [this, leases, generation](const EtcdClient::Reply &reply) {
        --m_batchesInFlight;
        for (qint64 lease : leases)
            m_keepAlivesInFlight.remove(lease);
        // A lease that is gone answers without a TTL: etcd removes its keys, and the watch says so.
        if (reply.unreachable && generation == m_cache->generation())
            m_cache->connectionLost(reply.error);
        if (!m_dueKeepAlives.isEmpty() && !m_batchTimer.isActive())
            m_batchTimer.start();
    });
    if (!m_dueKeepAlives.isEmpty())
        m_batchTimer.start();
}

void EtcdLeaseKeeper::forget(qint64 lease)
{
    m_keepAliveSentMs.remove(lease);
}
