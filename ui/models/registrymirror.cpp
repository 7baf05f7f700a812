// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/registrymirror.h"

#include "bridgetexts.h"
#include "models/eventlogmodel.h"
#include "models/instancemodel.h"
#include "models/gatewaytraffic.h"
#include "models/metricshistory.h"
#include "api/registryconnection.h"
#include "models/servicemodel.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace {
QString heartbeatKey(const QString &app, const QString &id)
{
    return app + u'/' + id;
}

QString reachabilityName(PeerState::Reachability reachability)
{
    switch (reachability) {
    case PeerState::Reachability::Reachable: return RegistryMirror::tr("reachable");
    case PeerState::Reachability::Unreachable: return RegistryMirror::tr("unreachable");
    case PeerState::Reachability::Unknown: break;
    }
    return RegistryMirror::tr("unknown");
}
}

RegistryMirror::RegistryMirror(RegistryConnection *source, EventLogModel *events, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_events(events)
    , m_instances(new InstanceModel(this))
    , m_services(new ServiceModel(this))
    , m_metrics(new MetricsHistory(source, this))
    , m_gateway(new GatewayTraffic(source, this))
{
    connect(m_gateway, &GatewayTraffic::updated, this, [this] { m_instances->setTraffic(m_gateway->stats()); });
    m_statusTimer.setInterval(1000);
    m_pendingTimer.setSingleShot(true);
    m_pendingTimer.setInterval(0);
    connect(&m_pendingTimer, &QTimer::timeout, this, &RegistryMirror::applyPending);
    connect(&m_statusTimer, &QTimer::timeout, this, &RegistryMirror::pollStatus);
    connect(source, &RegistryConnection::changesReady, this, &RegistryMirror::applyBatch);
    connect(source, &RegistryConnection::stateChanged, this, &RegistryMirror::onStateChanged);
    connect(source, &RegistryConnection::peersChanged, this, &RegistryMirror::pollStatus);
    connect(source, &RegistryConnection::storeStateChanged, this, &RegistryMirror::pollStatus);
    connect(source, &RegistryConnection::bridgesChanged, this, &RegistryMirror::pollStatus);
    onStateChanged();
}

RegistryMirror::RegistryMirror(const RegistrySnapshot &past, qint64 moment, QObject *parent)
    : QObject(parent)
    , m_events(nullptr)
    , m_instances(new InstanceModel(this))
    , m_services(new ServiceModel(this))
    , m_metrics(new MetricsHistory(nullptr, this))
    , m_gateway(new GatewayTraffic(nullptr, this))   // no traffic in the past: the column stays hidden
    , m_hasSnapshot(true)
    , m_revision(past.revision)
    , m_pastMoment(moment)
{
    m_instances->setClock([moment] { return moment; });
    m_instances->reset(past.instances);
    m_services->reset(past.services, past.instances);
    for (const auto &instance : past.instances)
        recordHeartbeat(heartbeatKey(instance.app, instance.instanceId), instance.lease.lastRenewalTimestamp);
}

RegistryMirror::~RegistryMirror() = default;

void RegistryMirror::onStateChanged()
{
    if (!m_source)
        return;
    if (m_source->state() == RegistryConnection::State::Running) {
        refresh();
        m_statusTimer.start();
    } else if (m_source->state() == RegistryConnection::State::Stopped) {
        m_statusTimer.stop();
    }
}

void RegistryMirror::refresh()
{
    if (!m_source || m_snapshotPending)
        return;
    m_snapshotPending = true;
    m_source->requestSnapshot(this, [this](const RegistrySnapshot &snapshot) {
        m_snapshotPending = false;
        m_pending.clear();             // what they held is in the snapshot or comes after it
        m_pendingTimer.stop();
        m_revision = snapshot.revision;
        m_instances->reset(snapshot.instances);
        m_services->reset(snapshot.services, snapshot.instances);
        m_heartbeats.clear();
        for (const auto &instance : snapshot.instances)
            recordHeartbeat(heartbeatKey(instance.app, instance.instanceId), instance.lease.lastRenewalTimestamp);
        m_checks.clear();
        for (const auto &check : snapshot.checks)
            m_checks.insert(heartbeatKey(check.app, check.instanceId), check);
        m_hasSnapshot = true;
        applyStatus(snapshot.status);
        emit snapshotApplied();
    });
}

void RegistryMirror::applyBatch(const ChangeBatch &batch)
{
    // Batches queued before the snapshot was taken are already in it.
    if (!m_hasSnapshot || m_snapshotPending)
        return;
    PendingBatch pending {batch, {}, 0};
    pending.changes.reserve(batch.changes.size());
    for (const auto &change : batch.changes) {
        if (change.revision == 0 || change.revision > m_revision)
            pending.changes << change;
    }
    m_revision = std::max(m_revision, batch.revision);
    m_pending.push_back(std::move(pending));
    // On the next turn of the event loop: batches that queued up while the thread was busy are then
    // applied under one time budget, not one each.
    if (!m_pendingTimer.isActive())
        m_pendingTimer.start();
}

// Applies what is pending in order until it is done or the slice's time is spent; the rest follows
// after the event loop has painted and handled input.
void RegistryMirror::applyPending()
{
    QElapsedTimer clock;
    clock.start();
    while (!m_pending.empty()) {
        if (clock.elapsed() >= sliceBudgetMs) {
            m_pendingTimer.start();
            return;
        }
        if (!applyNextSlice(m_pending.front()))
            continue;
        const ChangeBatch batch = std::move(m_pending.front().batch);
        m_pending.pop_front();
        finishBatch(batch);
    }
}

// Returns true once the batch's changes are all applied.
bool RegistryMirror::applyNextSlice(PendingBatch &pending)
{
    const QList<RegistryChange> slice = pending.changes.mid(pending.applied, sliceChanges);
    applySlice(slice);
    logEvents(slice);
    pending.applied += slice.size();
    return pending.applied >= pending.changes.size();
}

void RegistryMirror::logEvents(const QList<RegistryChange> &changes)
{
    if (!m_events || changes.isEmpty())
        return;
    const QString registry = m_source ? m_source->name() : QString();
    QList<EventLogModel::Event> events;
    events.reserve(changes.size());
    for (const auto &change : changes)
        events << EventLogModel::eventFor(registry, change);
    m_events->appendAll(events);
}

// A batch's heartbeats and checks follow its changes: a heartbeat may be for an instance they add.
void RegistryMirror::finishBatch(const ChangeBatch &batch)
{
    const qint64 second = QDateTime::currentMSecsSinceEpoch() / 1000;
    qint64 renewals = 0;
    m_instances->applyHeartbeats(batch.heartbeats);
    for (const auto &heartbeat : batch.heartbeats) {
        recordHeartbeat(heartbeatKey(heartbeat.app, heartbeat.instanceId), heartbeat.timestamp);
        renewals += std::max<qint64>(1, heartbeat.count);
    }
    if (renewals > 0) {
        if (!m_renewalCounts.empty() && m_renewalCounts.back().first == second)
            m_renewalCounts.back().second += renewals;
        else
            m_renewalCounts.emplace_back(second, renewals);
        emit heartbeatsRecorded();
    }
    for (const auto &check : batch.checks)
        m_checks.insert(heartbeatKey(check.app, check.instanceId), check);
    if (!batch.checks.isEmpty())
        emit checksRecorded();
    emit batchApplied(batch);
}

// Service changes first, so the counts land on the services they create; a service deleted in the
// slice goes once its instances are counted off.
void RegistryMirror::applySlice(const QList<RegistryChange> &changes)
{
    for (const auto &change : changes) {
        if (change.isServiceChange() && change.kind != RegistryChange::Kind::ServiceDeleted)
            m_services->applyServiceChange(change);
        else if (!change.isServiceChange())
            recordHistory(change);
    }
    for (const auto &effect : m_instances->applyInBulk(changes))
        m_services->countInstance(effect.before, effect.after);
    for (const auto &change : changes) {
        if (change.kind == RegistryChange::Kind::ServiceDeleted)
            m_services->applyServiceChange(change);
    }
}

void RegistryMirror::recordHistory(const RegistryChange &change)
{
    const QString key = heartbeatKey(change.instance.app, change.instance.instanceId);
    if (change.kind == RegistryChange::Kind::Cancelled || change.kind == RegistryChange::Kind::Expired) {
        m_heartbeats.remove(key);
        m_checks.remove(key);
    } else if (change.kind == RegistryChange::Kind::Registered && change.origin == WriteOrigin::Peer) {
        m_checks.remove(key);   // a peer took the registration: the check runs there now
    }
    else if (change.kind == RegistryChange::Kind::Registered)
        recordHeartbeat(key, change.instance.lease.lastRenewalTimestamp);
}

void RegistryMirror::recordHeartbeat(const QString &key, qint64 timestamp)
{
    if (timestamp <= 0)
        return;
    auto &history = m_heartbeats[key];
    if (!history.isEmpty() && history.last() >= timestamp)
        return;
    if (history.size() >= heartbeatHistoryLength)
        history.removeFirst();
    history.append(timestamp);
}

QList<qint64> RegistryMirror::heartbeatsOf(const QString &app, const QString &id) const
{
    return m_heartbeats.value(heartbeatKey(app, id));
}

std::optional<CheckState> RegistryMirror::checkOf(const QString &app, const QString &id) const
{
    const auto it = m_checks.constFind(heartbeatKey(app, id));
    return it == m_checks.cend() ? std::nullopt : std::optional(*it);
}

double RegistryMirror::renewsPerMin() const
{
    const SelfPreservationState &preservation = m_status.selfPreservation;
    return preservation.countsRenewals ? double(preservation.renewsPerMin()) : renewalsSeenPerMin();
}

double RegistryMirror::renewalsSeenPerMin() const
{
    const qint64 nowSecond = QDateTime::currentMSecsSinceEpoch() / 1000;
    qint64 sum = 0;
    for (const auto &[second, count] : m_renewalCounts) {
        if (second > nowSecond - 60)
            sum += count;
    }
    // Over the first minute, scale what has been seen so far.
    const qint64 countedSecs = std::clamp<qint64>(nowSecond - m_countingSinceMs / 1000, 1, 60);
    return double(sum) * 60.0 / double(countedSecs);
}

void RegistryMirror::pollStatus()
{
    if (!m_source || m_source->state() != RegistryConnection::State::Running)
        return;
    m_source->requestStatus(this, [this](const NodeStatus &status) { applyStatus(status); });
}

void RegistryMirror::applyStatus(const NodeStatus &status)
{
    if (m_hasStatus) {
        reportPeerChanges(status);
        reportStoreChanges(status);
        reportBridgeChanges(status);
    }
    m_status = status;
    m_hasStatus = true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_countingSinceMs == 0)
        m_countingSinceMs = now;
    recordRate(now);
    emit statusUpdated();
}

void RegistryMirror::recordRate(qint64 nowMs)
{
    while (!m_renewalCounts.empty() && m_renewalCounts.front().first < nowMs / 1000 - 60)
        m_renewalCounts.pop_front();
    const SelfPreservationState &preservation = m_status.selfPreservation;
    m_rateHistory.push_back({nowMs, renewsPerMin(), preservation.renewsThreshold,
                             preservation.reason() == SelfPreservationState::Reason::HoldingLeases,
                             preservation.reason() == SelfPreservationState::Reason::Measuring});
    while (!m_rateHistory.empty() && m_rateHistory.front().timeMs < nowMs - rateHistoryMs)
        m_rateHistory.pop_front();
}

void RegistryMirror::reportStoreChanges(const NodeStatus &status)
{
    const StoreStatus &before = m_status.store;
    const StoreStatus &now = status.store;
    if (!m_events || (before.stale == now.stale && before.connected == now.connected && before.endpoint == now.endpoint))
        return;
    const QString text = now.stale ? tr("store %1 unreachable; serving cached reads, writes refused: %2")
                                         .arg(storeKindName(now.kind), now.lastError)
                                   : tr("store %1 connected at %2").arg(storeKindName(now.kind), now.endpoint);
    m_events->append({QDateTime::currentMSecsSinceEpoch(), status.name, EventLogModel::Category::Node,
                      status.name, text});
}

void RegistryMirror::reportPeerChanges(const NodeStatus &status)
{
    if (!m_events)
        return;
    QHash<QString, PeerState> before;
    for (const auto &peer : m_status.peers)
        before.insert(peer.url, peer);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &peer : status.peers) {
        const auto old = before.constFind(peer.url);
        if (old == before.cend()) {
            m_events->append({now, status.name, EventLogModel::Category::Peer, peer.url, tr("peer added")});
            continue;
        }
        if (old->reachability != peer.reachability)
            m_events->append({now, status.name, EventLogModel::Category::Peer, peer.url,
                              tr("peer is %1").arg(reachabilityName(peer.reachability))});
        if (peer.lastErrorMs != old->lastErrorMs && !peer.lastError.isEmpty())
            m_events->append({now, status.name, EventLogModel::Category::Replication, peer.url,
                              tr("replication failed: %1").arg(peer.lastError)});
        before.remove(peer.url);
    }
    for (const auto &gone : std::as_const(before))
        m_events->append({now, status.name, EventLogModel::Category::Peer, gone.url, tr("peer removed")});
}

void RegistryMirror::reportBridgeChanges(const NodeStatus &status)
{
    if (!m_events)
        return;
    QHash<QString, BridgeState> before;
    for (const auto &bridge : m_status.bridges)
        before.insert(bridge.url, bridge);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto log = [&](const BridgeState &bridge, const QString &text) {
        m_events->append({now, status.name, EventLogModel::Category::Bridge, bridge.url, text});
    };
    for (const auto &bridge : status.bridges) {
        const auto old = before.constFind(bridge.url);
        if (old == before.cend()) {
            log(bridge, tr("bridge to the %1 added").arg(BridgeTexts::kindName(bridge.kind)));
            continue;
        }
        if (old->phase != bridge.phase)
            log(bridge, tr("bridge is %1").arg(BridgeTexts::phaseName(bridge.phase)));
        if (bridge.lastErrorMs != old->lastErrorMs && !bridge.lastError.isEmpty())
            log(bridge, tr("bridge failed: %1").arg(bridge.lastError));
        before.remove(bridge.url);
    }
    for (const auto &gone : std::as_const(before))
        log(gone, tr("bridge removed"));
}
