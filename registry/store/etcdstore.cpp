// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdstore.h"

#include "core/registry.h"
#include "store/storecodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcEtcdStore, "muster.store", QtInfoMsg)

namespace {
constexpr int firstReconnectDelayMs = 250;
// A lease is kept alive at most once a second (a quarter of its TTL when that is shorter), with one
// keep-alive in flight at a time, however often its instance sends heartbeats; and at most this many
// keep-alives wait on etcd at once.
constexpr qint64 keepAliveIntervalMs = 1000;
constexpr qint64 shortestKeepAliveIntervalMs = 250;
constexpr qsizetype maxKeepAlivesInFlight = 16;

// The end of the range of every key that starts with prefix (etcd's convention: prefix + 1).
QByteArray rangeEnd(QByteArray prefix)
{
    for (qsizetype i = prefix.size() - 1; i >= 0; --i) {
        if (quint8(prefix[i]) < 0xff) {
            prefix[i] = char(quint8(prefix[i]) + 1);
            return prefix.left(i + 1);
        }
    }
    return QByteArray(1, '\0');
}

qint64 headerRevision(const QJsonObject &body)
{
    return EtcdClient::integer(body.value(u"header").toObject().value(u"revision"));
}

bool isRemoval(RegistryChange::Kind kind)
{
    return kind == RegistryChange::Kind::Cancelled || kind == RegistryChange::Kind::Expired;
}
}

EtcdStore::EtcdStore(StoreConfig config, Registry *registry, QObject *parent)
    : Store {parent}
    , m_config {std::move(config)}
    , m_registry {registry}
    , m_prefix {m_config.etcdPrefix.toUtf8()}
    , m_client {std::make_unique<EtcdClient>(m_config.etcdEndpoints)}
    , m_reconnectTimer {this}
{
    m_clock.start();
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EtcdStore::reconnect);
    connect(m_client.get(), &EtcdClient::watchCreated, this, &EtcdStore::watchCreated);
    connect(m_client.get(), &EtcdClient::watchEvents, this, &EtcdStore::applyWatchEvents);
    connect(m_client.get(), &EtcdClient::watchEnded, this, &EtcdStore::watchEnded);
    connect(registry, &Registry::renewed, this,
            [this](const QString &app, const QString &id) { keepAlive(app, id); });
}

EtcdStore::~EtcdStore()
{
    stop();
}

void EtcdStore::start(std::function<void()> ready)
{
    m_ready = std::move(ready);
    m_stopped = false;
    load();
}

void EtcdStore::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    ++m_generation;
    m_reconnectTimer.stop();
    m_client->cancelWatch();
    const QList<quint64> ids = m_commits.keys();
    for (quint64 id : ids) {
        finishCommit(id, m_acknowledged.contains(id) ? CommitResult {}
                                                     : CommitResult {503, QStringLiteral("the node is stopping")});
    }
}

StoreStatus EtcdStore::status() const
{
    StoreStatus status;
    status.kind = QStringLiteral("etcd");
    for (const QUrl &endpoint : m_client->endpoints())
        status.endpoints.append(endpoint.toString());
    status.endpoint = m_client->endpoint().toString();
    status.prefix = m_config.etcdPrefix;
    status.connected = m_state == State::Connected;
    status.stale = m_state != State::Connected;
    status.lastError = m_lastError;
    status.lastErrorMs = m_lastErrorMs;
    status.revision = quint64(m_revision);
    status.fullReads = m_fullReads;
    status.watchResumes = m_watchResumes;
    return status;
}

// Segments are percent-encoded, so an id with '/' in it stays one segment.
QByteArray EtcdStore::keyOf(QStringView kind, const QStringList &segments) const
{
    QByteArray key = m_prefix + kind.toUtf8();
    for (const QString &segment : segments)
        key += '/' + QUrl::toPercentEncoding(segment, ":@!$&'()*+,;=");
    return key;
}

QByteArray EtcdStore::serviceKey(const QString &serviceId) const
{
    return keyOf(u"services", {serviceId});
}

QByteArray EtcdStore::instanceKey(const QString &app, const QString &id) const
{
    return keyOf(u"instances", {normalizedAppName(app), id});
}

QByteArray EtcdStore::cancelMarkerKey(const QString &app, const QString &id) const
{
    return keyOf(u"cancelled", {normalizedAppName(app), id});
}

EtcdStore::ParsedKey EtcdStore::parseKey(const QByteArray &key) const
{
    if (!key.startsWith(m_prefix))
        return {};
    const QList<QByteArray> parts = key.mid(m_prefix.size()).split('/');
    const auto segment = [&](int i) { return QUrl::fromPercentEncoding(parts.value(i)); };
    if (parts.size() == 2 && parts[0] == "services")
        return {KeyKind::Service, segment(1), {}};
    if (parts.size() == 3 && parts[0] == "instances")
        return {KeyKind::Instance, segment(1), segment(2)};
    if (parts.size() == 3 && parts[0] == "cancelled")
        return {KeyKind::CancelMarker, segment(1), segment(2)};
    return {};
}

void EtcdStore::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Connected)
        qCInfo(lcEtcdStore).noquote() << "etcd connected at" << m_client->endpoint().toString() << "revision"
                                      << m_revision;
    else if (state == State::Disconnected)
        qCWarning(lcEtcdStore).noquote() << "etcd unreachable; serving the cache as it is (stale):" << m_lastError;
    emit stateChanged();
}

void EtcdStore::recordError(const QString &error)
{
    m_lastError = error;
    m_lastErrorMs = QDateTime::currentMSecsSinceEpoch();
    emit stateChanged();
}

QString EtcdStore::refusalReason() const
{
    if (m_state == State::Loading)
        return QStringLiteral("this node has not read etcd yet; the write was not made");
    return QStringLiteral("etcd is unreachable (%1); the write was not made").arg(m_lastError);
}

// ---- reading -------------------------------------------------------------------------------------

void EtcdStore::load()
{
    if (m_stopped)
        return;
    const quint64 generation = ++m_generation;
    const QJsonObject range {{QStringLiteral("key"), EtcdClient::encode(m_prefix)},
                             {QStringLiteral("range_end"), EtcdClient::encode(rangeEnd(m_prefix))}};
    m_client->call(QStringLiteral("kv/range"), range, m_config.etcdRequestTimeoutMs,
                   [this, generation](const EtcdClient::Reply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok) {
            connectionLost(QStringLiteral("reading %1 from etcd failed: %2")
                               .arg(QString::fromUtf8(m_prefix), reply.error));
        } else {
            const qint64 revision = headerRevision(reply.body);
            ++m_fullReads;
            reconcile(reply.body.value(u"kvs").toArray(), revision);
            m_backoffMs = 0;
            m_client->watch(m_prefix, rangeEnd(m_prefix), revision + 1);
            setState(State::Connected);
            emit synced();
            settleAcknowledged();
        }
        if (m_ready)
            std::exchange(m_ready, nullptr)();
    });
}

// Back after an outage: the watch goes on from the last revision the cache saw, so etcd replays
// what happened meanwhile (expiries included); only a compacted history, or an etcd whose revision
// is behind the cache's (a new cluster), needs a full read. The probe picks a live endpoint.
void EtcdStore::reconnect()
{
    if (m_stopped)
        return;
    if (m_fullReads == 0) {
        load();
        return;
    }
    const quint64 generation = ++m_generation;
    const QJsonObject probe {{QStringLiteral("key"), EtcdClient::encode(m_prefix)},
                             {QStringLiteral("range_end"), EtcdClient::encode(rangeEnd(m_prefix))},
                             {QStringLiteral("count_only"), true}};
    m_client->call(QStringLiteral("kv/range"), probe, m_config.etcdRequestTimeoutMs,
                   [this, generation](const EtcdClient::Reply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok) {
            connectionLost(QStringLiteral("etcd did not answer: %1").arg(reply.error));
        } else if (headerRevision(reply.body) < m_revision) {
            qCInfo(lcEtcdStore) << "etcd is behind this cache (a new cluster?); reading everything again";
            load();
        } else {
            m_client->watch(m_prefix, rangeEnd(m_prefix), m_revision + 1);
        }
    });
}

void EtcdStore::watchCreated()
{
    if (m_state == State::Connected)
        return;
    ++m_watchResumes;
    m_backoffMs = 0;
    setState(State::Connected);
    emit synced();
    settleAcknowledged();
}

// A full read at revision: what the cache lacks or holds older is applied, what etcd no longer
// holds is removed (a lease that ended while this node was away is an expiry).
void EtcdStore::reconcile(const QJsonArray &kvs, qint64 revision)
{
    QHash<QByteArray, QJsonObject> present;
    QSet<QByteArray> cancelled;
    QList<QByteArray> services;
    QList<QByteArray> others;
    for (const QJsonValue &value : kvs) {
        const QJsonObject kv = value.toObject();
        const QByteArray key = EtcdClient::decode(kv.value(u"key"));
        present.insert(key, kv);
        const ParsedKey parsed = parseKey(key);
        if (parsed.kind == KeyKind::CancelMarker)
            cancelled.insert(instanceKey(parsed.first, parsed.second));
        (parsed.kind == KeyKind::Service ? services : others).append(key);
    }
    QList<QByteArray> gone;
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it) {
        if (!present.contains(it.key()))
            gone.append(it.key());
    }
    // Instances go before their services, and services come before their instances.
    std::stable_partition(gone.begin(), gone.end(),
                          [this](const QByteArray &key) { return parseKey(key).kind != KeyKind::Service; });
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

void EtcdStore::applyPut(const QByteArray &key, const QByteArray &value, qint64 modRevision, qint64 lease, bool force)
{
    const ParsedKey parsed = parseKey(key);
    if (parsed.kind == KeyKind::Unknown)
        return;
    KeyState &known = m_keys[key];
    // The node's own writes come back through the watch after a full read may have shown them.
    if (!force && modRevision <= known.modRevision)
        return;
    known = KeyState {modRevision, lease};
    if (parsed.kind == KeyKind::Service) {
        const auto service = StoreCodec::decodeService(value);
        if (service && service->serviceId == parsed.first)
            m_registry->applyStoredService(*service, quint64(modRevision));
        else
            qCWarning(lcEtcdStore) << "ignoring an unreadable service at" << key;
    } else if (parsed.kind == KeyKind::Instance) {
        const auto stored = StoreCodec::decodeInstance(value);
        if (stored && stored->instance.instanceId == parsed.second) {
            known.ttlSecs = stored->instance.lease.durationSecs;
            m_registry->applyStoredInstance(stored->instance, stored->kind, quint64(modRevision));
        } else
            qCWarning(lcEtcdStore) << "ignoring an unreadable instance at" << key;
    }
}

void EtcdStore::applyDelete(const QByteArray &key, qint64 revision, bool cancelled)
{
    const auto it = m_keys.constFind(key);
    if (it == m_keys.cend())
        return;
    const qint64 lease = it->lease;
    m_keys.erase(it);
    const ParsedKey parsed = parseKey(key);
    if (parsed.kind == KeyKind::Service) {
        m_registry->removeStoredService(parsed.first, quint64(revision));
    } else if (parsed.kind == KeyKind::Instance) {
        // A cancel leaves a marker in the same revision; a leased key that goes without one expired.
        const auto kind = lease != 0 && !cancelled ? RegistryChange::Kind::Expired : RegistryChange::Kind::Cancelled;
        m_registry->removeStoredInstance(parsed.first, parsed.second, kind, quint64(revision));
        m_keepAliveSentMs.remove(lease);
    }
}

void EtcdStore::applyWatchEvents(const QJsonObject &result)
{
    const QJsonArray events = result.value(u"events").toArray();
    QSet<QByteArray> cancelled;
    for (const QJsonValue &event : events) {
        const ParsedKey parsed = parseKey(EtcdClient::decode(event[u"kv"][u"key"]));
        if (parsed.kind == KeyKind::CancelMarker && event[u"type"].toString() != u"DELETE")
            cancelled.insert(instanceKey(parsed.first, parsed.second));
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
    m_revision = std::max(m_revision, headerRevision(result));
    settleAcknowledged();
}

void EtcdStore::watchEnded(const QString &reason, qint64 compactRevision)
{
    if (compactRevision > 0) {
        qCInfo(lcEtcdStore) << "the watch's start revision was compacted (now" << compactRevision
                            << "); reading everything again";
        load();
        return;
    }
    connectionLost(QStringLiteral("the etcd watch ended: %1").arg(reason));
}

void EtcdStore::connectionLost(const QString &error)
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

// ---- writing -------------------------------------------------------------------------------------

// The last change of each key wins; services are put before the instances that point at them and
// deleted after the instances that went with them.
QList<EtcdStore::Operation> EtcdStore::operationsFor(const QList<RegistryChange> &changes) const
{
    QList<QByteArray> order;
    QHash<QByteArray, const RegistryChange *> latest;
    for (const RegistryChange &change : changes) {
        const QByteArray key = change.isServiceChange() ? serviceKey(change.service.serviceId)
                                                        : instanceKey(change.instance.app, change.instance.instanceId);
        if (!latest.contains(key))
            order.append(key);
        latest.insert(key, &change);
    }
    QList<Operation> servicePuts;
    QList<Operation> instanceOperations;
    QList<Operation> serviceDeletes;
    for (const QByteArray &key : std::as_const(order)) {
        const RegistryChange &change = *latest.value(key);
        const KeyState known = m_keys.value(key);
        Operation operation {key};
        if (change.isServiceChange()) {
            operation.remove = change.kind == RegistryChange::Kind::ServiceDeleted;
            if (!operation.remove)
                operation.value = StoreCodec::encodeService(change.service);
            (operation.remove ? serviceDeletes : servicePuts).append(operation);
            continue;
        }
        const Instance &instance = change.instance;
        if (isRemoval(change.kind)) {
            operation.remove = true;
            instanceOperations.append(operation);
            if (known.lease != 0) {
                // Goes with the lease; tells every node this removal was a cancel, not an expiry.
                Operation marker {cancelMarkerKey(instance.app, instance.instanceId)};
                marker.lease = known.lease;
                instanceOperations.append(marker);
            }
            continue;
        }
        operation.value = StoreCodec::encodeInstance(instance, change.kind);
        if (instance.pinned) {
            operation.replacedLease = known.lease;
        } else if (change.kind == RegistryChange::Kind::Registered || known.lease == 0) {
            operation.grantTtlSecs = std::max(1, instance.lease.durationSecs);
            operation.replacedLease = known.lease;
        } else {
            operation.lease = known.lease;
        }
        instanceOperations.append(operation);
    }
    return servicePuts + instanceOperations + serviceDeletes;
}

void EtcdStore::commit(const QList<RegistryChange> &changes, Done done)
{
    if (!acceptsWrites()) {
        done(CommitResult {503, refusalReason()});
        return;
    }
    if (changes.isEmpty()) {
        done({});
        return;
    }
    const quint64 id = ++m_nextCommitId;
    Commit &commit = m_commits[id];
    commit.operations = operationsFor(changes);
    commit.done = std::move(done);
    commit.deadline = QDeadlineTimer(m_config.etcdRequestTimeoutMs);
    // Every call ends within the deadline; this is the last word if the watch is late.
    QTimer::singleShot(m_config.etcdRequestTimeoutMs + 500, this, [this, id] {
        if (m_acknowledged.contains(id))
            finishCommit(id, {});
        else
            finishCommit(id, {503, QStringLiteral("etcd did not acknowledge the write in time")});
    });
    grantLeases(id);
}

void EtcdStore::grantLeases(quint64 id)
{
    Commit &commit = m_commits[id];
    for (qsizetype i = 0; i < commit.operations.size(); ++i) {
        const int ttl = commit.operations[i].grantTtlSecs;
        if (ttl <= 0)
            continue;
        ++commit.grantsLeft;
        m_client->call(QStringLiteral("lease/grant"), {{QStringLiteral("TTL"), ttl}},
                       int(std::max<qint64>(1, commit.deadline.remainingTime())),
                       [this, id, i](const EtcdClient::Reply &reply) {
            const auto it = m_commits.find(id);
            if (it == m_commits.end())
                return;
            if (!reply.ok) {
                if (reply.unreachable)
                    connectionLost(reply.error);
                finishCommit(id, {503, QStringLiteral("etcd did not grant a lease: %1").arg(reply.error)});
                return;
            }
            it->operations[i].lease = EtcdClient::integer(reply.body.value(u"ID"));
            if (--it->grantsLeft == 0)
                sendTransaction(id);
        });
    }
    if (commit.grantsLeft == 0)
        sendTransaction(id);
}

// One transaction: the write is all in etcd, or none of it is.
void EtcdStore::sendTransaction(quint64 id)
{
    const Commit &commit = m_commits[id];
    QJsonArray requests;
    for (const Operation &operation : commit.operations) {
        if (operation.remove) {
            requests.append(QJsonObject {{QStringLiteral("request_delete_range"),
                                          QJsonObject {{QStringLiteral("key"), EtcdClient::encode(operation.key)}}}});
            continue;
        }
        QJsonObject put {{QStringLiteral("key"), EtcdClient::encode(operation.key)},
                         {QStringLiteral("value"), EtcdClient::encode(operation.value)}};
        if (operation.lease != 0)
            put.insert(QStringLiteral("lease"), QString::number(operation.lease));
        requests.append(QJsonObject {{QStringLiteral("request_put"), put}});
    }
    m_client->call(QStringLiteral("kv/txn"), {{QStringLiteral("success"), requests}},
                   int(std::max<qint64>(1, commit.deadline.remainingTime())),
                   [this, id](const EtcdClient::Reply &reply) {
        const auto it = m_commits.constFind(id);
        if (it == m_commits.cend())
            return;
        if (reply.ok) {
            for (const Operation &operation : it->operations) {
                if (operation.replacedLease != 0 && operation.replacedLease != operation.lease) {
                    m_client->call(QStringLiteral("lease/revoke"),
                                   {{QStringLiteral("ID"), QString::number(operation.replacedLease)}},
                                   m_config.etcdRequestTimeoutMs, [](const EtcdClient::Reply &) {});
                }
            }
            waitForRevision(id, headerRevision(reply.body));
            return;
        }
        if (reply.unreachable) {
            connectionLost(reply.error);
            finishCommit(id, {503, QStringLiteral("etcd is unreachable (%1); the write was not made").arg(reply.error)});
        } else if (reply.error.contains(u"lease not found")) {
            finishCommit(id, {404, QStringLiteral("the instance's lease ended in etcd before this write")});
        } else {
            finishCommit(id, {503, QStringLiteral("etcd refused the write: %1").arg(reply.error)});
        }
    });
}

// Acknowledged: answer once the watch has brought the write into this node's cache.
void EtcdStore::waitForRevision(quint64 id, qint64 revision)
{
    if (m_revision >= revision)
        finishCommit(id, {});
    else
        m_acknowledged.insert(id, revision);
}

void EtcdStore::settleAcknowledged()
{
    QList<quint64> settled;
    for (auto it = m_acknowledged.cbegin(); it != m_acknowledged.cend(); ++it) {
        if (it.value() <= m_revision)
            settled.append(it.key());
    }
    for (quint64 id : std::as_const(settled))
        finishCommit(id, {});
}

void EtcdStore::finishCommit(quint64 id, const CommitResult &result)
{
    m_acknowledged.remove(id);
    const auto it = m_commits.find(id);
    if (it == m_commits.end())
        return;
    const Done done = std::move(it->done);
    m_commits.erase(it);
    done(result);
}

void EtcdStore::keepAlive(const QString &app, const QString &id)
{
    if (m_state != State::Connected)
        return;
    const auto known = m_keys.constFind(instanceKey(app, id));
    if (known == m_keys.cend() || known->lease == 0)
        return;
    const qint64 lease = known->lease;
    const qint64 now = m_clock.elapsed();
    const qint64 interval = known->ttlSecs > 0
        ? std::clamp(qint64(known->ttlSecs) * 250, shortestKeepAliveIntervalMs, keepAliveIntervalMs)
        : keepAliveIntervalMs;
    const auto sent = m_keepAliveSentMs.constFind(lease);
    if (m_keepAlivesInFlight.contains(lease) || (sent != m_keepAliveSentMs.cend() && now - *sent < interval)
        || m_keepAlivesInFlight.size() >= maxKeepAlivesInFlight)
        return;
    m_keepAlivesInFlight.insert(lease);
    m_keepAliveSentMs.insert(lease, now);
    const quint64 generation = m_generation;
    m_client->call(QStringLiteral("lease/keepalive"), {{QStringLiteral("ID"), QString::number(lease)}},
                   m_config.etcdRequestTimeoutMs, [this, lease, generation](const EtcdClient::Reply &reply) {
        m_keepAlivesInFlight.remove(lease);
        // A lease that is gone answers without a TTL: etcd removes its keys, and the watch says so.
        if (reply.unreachable && generation == m_generation)
            connectionLost(reply.error);
    });
}
