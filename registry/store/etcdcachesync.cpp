// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdcachesync.h"

#include "core/registry.h"
#include "store/etcdclient.h"
#include "store/etcdkeylayout.h"
#include "store/storecodec.h"
#include "store/storelogging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace {
constexpr int firstReconnectDelayMs = 250;
}

EtcdCacheSync::EtcdCacheSync(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client,
                             Registry *registry, QObject *parent)
    : QObject {parent}
    , m_config {config}
    , m_layout {keys}
    , m_client {client}
    , m_registry {registry}
    , m_reconnectTimer {this}
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EtcdCacheSync::reconnect);
    connect(m_client, &EtcdClient::watchCreated, this, &EtcdCacheSync::watchCreated);
    connect(m_client, &EtcdClient::watchEvents, this, &EtcdCacheSync::applyWatchEvents);
    connect(m_client, &EtcdClient::watchEnded, this, &EtcdCacheSync::watchEnded);
}

void EtcdCacheSync::start(std::function<void()> ready)
{
    m_ready = std::move(ready);
    m_stopped = false;
    load();
}

void EtcdCacheSync::stop()
{
    m_stopped = true;
    ++m_generation;
    m_reconnectTimer.stop();
    m_client->cancelWatch();
}

void EtcdCacheSync::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Connected)
        qCInfo(lcStore).noquote() << "etcd connected at" << m_client->endpoint().toString() << "revision" << m_revision;
    else if (state == State::Disconnected)
        qCWarning(lcStore).noquote() << "etcd unreachable; serving the cache as it is (stale):" << m_lastError;
    emit stateChanged();
}

void EtcdCacheSync::recordError(const QString &error)
{
    m_lastError = error;
    m_lastErrorMs = QDateTime::currentMSecsSinceEpoch();
    emit stateChanged();
}

void EtcdCacheSync::load()
{
    if (m_stopped)
        return;
    const quint64 generation = ++m_generation;
    const QJsonObject range {{QStringLiteral("key"), EtcdClient::encode(m_layout.prefix())},
                             {QStringLiteral("range_end"), EtcdClient::encode(m_layout.rangeEnd())}};
    m_client->call(QStringLiteral("kv/range"), range, m_config.etcdRequestTimeoutMs,
                   [this, generation](const EtcdClient::Reply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok) {
            connectionLost(QStringLiteral("reading %1 from etcd failed: %2")
                               .arg(QString::fromUtf8(m_layout.prefix()), reply.error));
        } else {
            const qint64 revision = EtcdClient::headerRevision(reply.body);
            ++m_fullReads;
            reconcile(reply.body.value(u"kvs").toArray(), revision);
            m_backoffMs = 0;
            m_client->watch(m_layout.prefix(), m_layout.rangeEnd(), revision + 1);
            setState(State::Connected);
            emit synced();
            emit revisionApplied();
        }
        if (m_ready)
            std::exchange(m_ready, nullptr)();
    });
}

// Back after an outage: the watch goes on from the last revision the cache saw, so etcd replays
// what happened meanwhile (expiries included); only a compacted history, or an etcd whose revision
// is behind the cache's (a new cluster), needs a full read. The probe picks a live endpoint.
void EtcdCacheSync::reconnect()
{
    if (m_stopped)
        return;
    if (m_fullReads == 0) {
        load();
        return;
    }
    const quint64 generation = ++m_generation;
    const QJsonObject probe {{QStringLiteral("key"), EtcdClient::encode(m_layout.prefix())},
                             {QStringLiteral("range_end"), EtcdClient::encode(m_layout.rangeEnd())},
                             {QStringLiteral("count_only"), true}};
    m_client->call(QStringLiteral("kv/range"), probe, m_config.etcdRequestTimeoutMs,
                   [this, generation](const EtcdClient::Reply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok) {
            connectionLost(QStringLiteral("etcd did not answer: %1").arg(reply.error));
        } else if (EtcdClient::headerRevision(reply.body) < m_revision) {
            qCInfo(lcStore) << "etcd is behind this cache (a new cluster?); reading everything again";
            load();
        } else {
            m_client->watch(m_layout.prefix(), m_layout.rangeEnd(), m_revision + 1);
        }
    });
}

void EtcdCacheSync::watchCreated()
{
    if (m_state == State::Connected)
        return;
    ++m_watchResumes;
    m_backoffMs = 0;
    setState(State::Connected);
    emit synced();
    emit revisionApplied();
}

// A full read at revision: what the cache lacks or holds older is applied, what etcd no longer
// holds is removed (a lease that ended while this node was away is an expiry).
void EtcdCacheSync::reconcile(const QJsonArray &kvs, qint64 revision)
{
    using Kind = EtcdKeyLayout::Kind;
    QHash<QByteArray, QJsonObject> present;
    QSet<QByteArray> cancelled;
    QList<QByteArray> services;
    QList<QByteArray> others;
    for (const QJsonValue &value : kvs) {
        const QJsonObject kv = value.toObject();
        const QByteArray key = EtcdClient::decode(kv.value(u"key"));
        present.insert(key, kv);
        const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(key);
        if (parsed.kind == Kind::CancelMarker)
            cancelled.insert(m_layout.instanceKey(parsed.first, parsed.second));
        (parsed.kind == Kind::Service ? services : others).append(key);
    }
    QList<QByteArray> gone;
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        if (!present.contains(it.key()))
            gone.append(it.key());
    }
    // Instances go before their services, and services come before their instances.
    std::stable_partition(gone.begin(), gone.end(),
                          [this](const QByteArray &key) { return m_layout.parse(key).kind != Kind::Service; });
    for (const QByteArray &key : std::as_const(gone))
        applyDelete(key, revision, cancelled.contains(key));
    for (const QList<QByteArray> *keys : {&services, &others}) {
        for (const QByteArray &key : *keys) {
            const QJsonObject kv = present.value(key);
            const qint64 modRevision = EtcdClient::integer(kv.value(u"mod_revision"));
            if (m_keys.value(key).modRevision != modRevision) {
                applyPut(key, EtcdClient::decode(kv.value(u"value")), modRevision,
                         EtcdClient::integer(kv.value(u"lease")), true);
            }
        }
    }
    m_revision = revision;
    m_registry->moveToRevision(quint64(revision));
}

void EtcdCacheSync::applyPut(const QByteArray &key, const QByteArray &value, qint64 modRevision, qint64 lease,
                             bool force)
{
    using Kind = EtcdKeyLayout::Kind;
    const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(key);
    if (parsed.kind == Kind::Unknown)
        return;
    KeyState &known = m_keys[key];
    // The node's own writes come back through the watch after a full read may have shown them.
    if (!force && modRevision <= known.modRevision)
        return;
    known = KeyState {modRevision, lease};
    if (parsed.kind == Kind::Writer) {
        m_writer = StoreCodec::decodeAuthor(value);
        m_writerRevision = modRevision;
    } else if (parsed.kind == Kind::Account || parsed.kind == Kind::TokenKey) {
        emit authKeyPut(key, value);
    } else if (parsed.kind == Kind::Service) {
        const auto stored = StoreCodec::decodeService(value);
        if (stored && stored->service.serviceId == parsed.first) {
            m_registry->applyStoredService(stored->service, quint64(modRevision));
            if (!stored->owner.isEmpty())
                emit serviceOwnerRead(parsed.first, stored->owner);
        } else
            qCWarning(lcStore) << "ignoring an unreadable service at" << key;
    } else if (parsed.kind == Kind::Instance) {
        const auto stored = StoreCodec::decodeInstance(value);
        if (stored && stored->instance.instanceId == parsed.second) {
            known.ttlSecs = stored->instance.lease.durationSecs;
            m_registry->applyStoredInstance(stored->instance, stored->kind, quint64(modRevision));
            if (!stored->owner.isEmpty())
                emit instanceOwnerRead(stored->instance.app, parsed.second, stored->owner);
        } else
            qCWarning(lcStore) << "ignoring an unreadable instance at" << key;
    }
}

void EtcdCacheSync::applyDelete(const QByteArray &key, qint64 revision, bool cancelled)
{
    using Kind = EtcdKeyLayout::Kind;
    const auto it = m_keys.constFind(key);
    if (it == m_keys.cend())
        return;
    const qint64 lease = it->lease;
    m_keys.erase(it);
    const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(key);
    if (parsed.kind == Kind::Account || parsed.kind == Kind::TokenKey) {
        emit authKeyDeleted(key);
    } else if (parsed.kind == Kind::Service) {
        m_registry->removeStoredService(parsed.first, quint64(revision));
    } else if (parsed.kind == Kind::Instance) {
        // A cancel leaves a marker in the same revision; a leased key that goes without one expired.
        const auto kind = lease != 0 && !cancelled ? RegistryChange::Kind::Expired : RegistryChange::Kind::Cancelled;
        m_registry->removeStoredInstance(parsed.first, parsed.second, kind, quint64(revision));
        emit leaseReleased(lease);
    }
}

void EtcdCacheSync::applyWatchEvents(const QJsonObject &result)
{
    const QJsonArray events = result.value(u"events").toArray();
    QSet<QByteArray> cancelled;
    for (const QJsonValue &event : events) {
        const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(EtcdClient::decode(event[u"kv"][u"key"]));
        if (parsed.kind == EtcdKeyLayout::Kind::CancelMarker && event[u"type"].toString() != u"DELETE")
            cancelled.insert(m_layout.instanceKey(parsed.first, parsed.second));
    }
    for (const QJsonValue &event : events) {
        const QJsonObject kv = event[u"kv"].toObject();
        const QByteArray key = EtcdClient::decode(kv.value(u"key"));
        const qint64 modRevision = EtcdClient::integer(kv.value(u"mod_revision"));
        if (event[u"type"].toString() == u"DELETE")
            applyDelete(key, modRevision, cancelled.contains(key));
        else
            applyPut(key, EtcdClient::decode(kv.value(u"value")), modRevision, EtcdClient::integer(kv.value(u"lease")));
    }
    m_revision = std::max(m_revision, EtcdClient::headerRevision(result));
    emit revisionApplied();
}

void EtcdCacheSync::watchEnded(const QString &reason, qint64 compactRevision)
{
    if (compactRevision > 0) {
        qCInfo(lcStore) << "the watch's start revision was compacted (now" << compactRevision
                        << "); reading everything again";
        load();
        return;
    }
    connectionLost(QStringLiteral("the etcd watch ended: %1").arg(reason));
}

void EtcdCacheSync::connectionLost(const QString &error)
{
    if (m_stopped)
        return;
    recordError(error);
    m_client->cancelWatch();
    setState(State::Disconnected);
    if (!m_reconnectTimer.isActive()) {
        m_backoffMs = m_backoffMs == 0 ? firstReconnectDelayMs : std::min(2 * m_backoffMs, m_config.etcdReconnectMaxMs);
        m_reconnectTimer.start(m_backoffMs);
    }
}
