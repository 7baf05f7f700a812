// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/etcdclient.h"
#include "store/storeconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

class EtcdCacheSync;
class EtcdKeyLayout;

// An instance's lease in etcd: granted for a registration, revoked when replaced, and kept alive
// by heartbeats. The lease is longer than the instance's lease duration by a refresh window, a
// third of the duration, and a heartbeat sends a keep-alive only when none went out for that lease
// within the window: an instance still ends between its duration and its duration plus the window
// after its last heartbeat (Eureka's own eviction runs once a minute), while a lease costs etcd at
// most one keep-alive per window however often its instance heartbeats. The keep-alives due within
// 20 ms go to etcd together, as the messages of one streaming request (up to 1 000 in one, two such
// requests in flight), so a thousand instances' keep-alives cost one HTTP request, not a thousand.
// A lease is in at most one of them; one that is due again while etcd has not answered is skipped,
// not queued.
class EtcdLeaseKeeper : public QObject
{
    Q_OBJECT

public:
    // lease is 0 when etcd granted none; reply says why.
    using Granted = std::function<void(qint64 lease, const EtcdClient::Reply &reply)>;

    EtcdLeaseKeeper(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client, EtcdCacheSync *cache,
                    QObject *parent = nullptr);

    void grant(int ttlSecs, int timeoutMs, Granted granted);
    // The TTL of the lease for an instance whose lease lasts durationSecs, and how long a keep-alive
    // for it keeps the next one from going out.
    static int leaseTtlSecs(int durationSecs);
    static qint64 refreshWindowMs(int durationSecs);
    // Fire and forget: a lease left behind ends by itself.
    void revoke(qint64 lease);
    // A heartbeat for the instance: keeps its lease alive, unless one went out recently.
    void keepAlive(const QString &app, const QString &id);
    // The lease's key is gone: nothing more to keep alive.
    void forget(qint64 lease);

private:
    void sendKeepAlives();

    const StoreConfig &m_config;
    const EtcdKeyLayout &m_layout;
    EtcdClient *m_client;
    EtcdCacheSync *m_cache;
    QElapsedTimer m_clock;
    QHash<qint64, qint64> m_keepAliveSentMs;      // lease → when its last keep-alive went out
    QSet<qint64> m_keepAlivesInFlight;            // queued for the next batch, or sent and not answered
    QList<qint64> m_dueKeepAlives;                // the next batch
    QTimer m_batchTimer;
    int m_batchesInFlight = 0;
};
