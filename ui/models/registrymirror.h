// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "api/nodestatus.h"
#include "api/registryconnection.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>

class EventLogModel;
class GatewayTraffic;
class InstanceModel;
class MetricsHistory;

class ServiceModel;

// The console's copy of one registry, on the GUI thread: a snapshot, then the batches that follow it,
// applied to the instance and service models in blocks (InstanceModel::applyInBulk): the sorted
// Instances view of 100 000 rows pays one O(rows) pass per block, not one per row or run of rows. A burst (thousands of registrations or cancels in
// one batch) goes in slices of blocks, a few milliseconds of them per turn of the event loop, so the
// window keeps painting; the batches behind it wait their turn. It also keeps what the node does not:
// each instance's recent heartbeats, and the node's renewal rate over time.
class RegistryMirror : public QObject
{
    Q_OBJECT

public:
    struct RateSample
    {
        qint64 timeMs = 0;
        double renewsPerMin = 0;          // renewsPerMin() at that time
        qint64 threshold = 0;             // self-preservation's threshold at that time
        bool selfPreservationActive = false;   // holding leases for want of renewals
        bool measuring = false;                // the node's first minute: renewsPerMin counts it so far
    };

    static constexpr int heartbeatHistoryLength = 64;
    // Changes applied as one block. The Instances view's proxy takes a block in one pass over its
    // rows, whatever the block holds: at 100 000 rows a block of 1 000 scattered cancels costs about
    // 20 ms of CPU with the paint, where ten blocks of 100 cost 75 ms (bench/README.md).
    static constexpr int sliceChanges = 1000;
    // How long the mirror applies changes before the event loop gets a turn.
    static constexpr int sliceBudgetMs = 8;
    static constexpr qint64 rateHistoryMs = 10 * 60 * 1000;

    RegistryMirror(RegistryConnection *source, EventLogModel *events, QObject *parent = nullptr);
    // The registry at a past moment, from its history (RegistryConnection::requestStateAt): it
    // follows no source and never changes; ages and lease bars are as they were at that moment.
    RegistryMirror(const RegistrySnapshot &past, qint64 moment, QObject *parent = nullptr);
    ~RegistryMirror() override;

    bool isPast() const { return m_pastMoment != 0; }
    qint64 pastMoment() const { return m_pastMoment; }

    RegistryConnection *source() const { return m_source; }
    InstanceModel *instances() const { return m_instances; }
    ServiceModel *services() const { return m_services; }
    // The registry's traffic over the last minutes; it polls only while a chart shows it.
    MetricsHistory *metrics() const { return m_metrics; }
    // The node's gateway and its traffic; it polls only while a view shows it.
    GatewayTraffic *gateway() const { return m_gateway; }
    const NodeStatus &status() const { return m_status; }
    bool hasStatus() const { return m_hasStatus; }
    bool hasSnapshot() const { return m_hasSnapshot; }
    quint64 revision() const { return m_revision; }
    // The renewals received from an instance, oldest first (registration counts as the first).
    QList<qint64> heartbeatsOf(const QString &app, const QString &id) const;
    // The state of the health check the node runs on the instance, if it runs one.
    std::optional<CheckState> checkOf(const QString &app, const QString &id) const;
    const std::deque<RateSample> &rateHistory() const { return m_rateHistory; }
    // The renewals per minute that self-preservation compares with its threshold, as the registry
    // counts them: the last full minute, or the minute so far while it has not measured one. For a
    // registry that reports no count, what the console saw over the last minute.
    double renewsPerMin() const;

    // Reads the whole registry again (after a start, or when asked).
    void refresh();
    void applyBatch(const ChangeBatch &batch);

signals:
    void snapshotApplied();
    void batchApplied(const ChangeBatch &batch);
    void statusUpdated();
    void heartbeatsRecorded();
    void checksRecorded();

private:
    void onStateChanged();
    void pollStatus();
    void applyStatus(const NodeStatus &status);
    void reportPeerChanges(const NodeStatus &status);
    void reportStoreChanges(const NodeStatus &status);
    void reportBridgeChanges(const NodeStatus &status);
    void recordHeartbeat(const QString &key, qint64 timestamp);
    struct PendingBatch
    {
        ChangeBatch batch;
        QList<RegistryChange> changes;   // those newer than what the models hold
        qsizetype applied = 0;
    };
    void applyPending();
    bool applyNextSlice(PendingBatch &pending);
    void finishBatch(const ChangeBatch &batch);
    void logEvents(const QList<RegistryChange> &changes);
    void applySlice(const QList<RegistryChange> &changes);
    void recordHistory(const RegistryChange &change);
    void recordRate(qint64 nowMs);
    double renewalsSeenPerMin() const;

    QPointer<RegistryConnection> m_source;
    EventLogModel *m_events;
    InstanceModel *m_instances;
    ServiceModel *m_services;
    MetricsHistory *m_metrics = nullptr;
    GatewayTraffic *m_gateway = nullptr;
    NodeStatus m_status;
    bool m_hasStatus = false;
    bool m_hasSnapshot = false;
    bool m_snapshotPending = false;
    quint64 m_revision = 0;
    QTimer m_statusTimer;
    std::deque<PendingBatch> m_pending;
    QTimer m_pendingTimer;             // the next slice, after the event loop's turn
    QHash<QString, QList<qint64>> m_heartbeats;
    QHash<QString, CheckState> m_checks;
    std::deque<QPair<qint64, qint64>> m_renewalCounts;   // (second, renewals in it)
    qint64 m_countingSinceMs = 0;
    std::deque<RateSample> m_rateHistory;
    qint64 m_pastMoment = 0;
};
