// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "api/gatewaystats.h"
#include "model/instance.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <deque>
#include <functional>
#include <optional>

// Every instance of one registry, one row each, in the order they arrived. Changes arrive in batches
// and are applied row by row: a heartbeat updates two cells, a registration inserts a row, a cancel
// removes one; never a reset, except for a new snapshot. A burst goes in blocks (applyInBulk): the
// new rows as one insertion at the end, the removed ones as one removal per run of adjacent rows.
// A block that takes more than one signal is framed by blockAboutToBeApplied and blockApplied, so
// that the Instances view's proxy (InstanceFilterModel) takes it in one pass over its 100 000 rows,
// not one per run; a batch's heartbeats likewise (applyHeartbeats).
// Instances live in slots that do not move; a row names a slot, so removing rows shifts integers only.
class InstanceModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        AppColumn,
        IdColumn,
        HostColumn,
        IpColumn,
        PortColumn,
        StatusColumn,
        OverrideColumn,
        HeartbeatColumn,
        LeaseColumn,
        OriginColumn,
        SourceColumn,                  // where the entry comes from: empty for the node's own, or a bridge's URL
        TrafficColumn,                 // what the node's gateway sent it: requests, errors, latency
        MetadataColumn,
        ColumnCount,
    };

    enum Role
    {
        StatusRole = Qt::UserRole + 1,   // InstanceStatus as int
        LeaseFractionRole,               // 0..1 of the lease left, or -1 for none (pinned)
        ServiceKeyRole,                  // the service row this instance counts under
        SortRole,
        MetadataTextRole,                // key=value pairs, for filtering
        ForeignRole,                     // true for an entry a bridge mirrors from an external registry
    };

    using Clock = std::function<qint64()>;

    explicit InstanceModel(QObject *parent = nullptr);

    // Milliseconds since the epoch; the view's idea of now for ages and lease bars.
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // The lease length used when an instance names none (the node's configured default).
    void setDefaultLeaseSecs(int secs) { m_defaultLeaseSecs = secs; }

    void reset(const QList<Instance> &instances);
    // Applies one change; returns the instance's previous state, if it existed.
    std::optional<Instance> apply(const RegistryChange &change);
    // What a change did to an instance: its state before and after (none: not there).
    struct Effect
    {
        std::optional<Instance> before;
        std::optional<Instance> after;
    };
    // Applies many changes at once, for bursts of registrations or cancels: the removals as runs of
    // adjacent rows, the updates in place, the new instances as one block at the end. Returns each
    // instance's net effect, in the order first seen.
    QList<Effect> applyInBulk(const QList<RegistryChange> &changes);
    void applyHeartbeat(const Heartbeat &heartbeat);
    void applyHeartbeats(const QList<Heartbeat> &heartbeats);
    // The gateway's numbers per instance, for the traffic column; instances it has not carried
    // traffic to show nothing.
    void setTraffic(const GatewayStats &stats);
    const GatewayInstanceStats *trafficOf(const Instance &instance) const;
    QList<Instance> instances() const;
    void clear();

    const Instance *instanceAt(int row) const;
    const Instance *find(const QString &app, const QString &id) const;
    int rowOf(const QString &app, const QString &id) const;
    QStringList apps() const;

    static QString serviceKeyFor(const Instance &instance);
    static QString endpointText(const Instance &instance);
    static QString metadataText(const Instance &instance);
    static QString trafficText(const GatewayInstanceStats &traffic);
    qint64 leaseExpiryMs(const Instance &instance) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // Around the signals of one block of changes, when it sends more than one: the rows it inserts,
    // removes and changes are all in the model once blockApplied is sent.
    void blockAboutToBeApplied();
    void blockApplied();

private:
    static QString keyOf(const QString &app, const QString &id) { return app + u'/' + id; }
    static QString keyOf(const Instance &instance) { return keyOf(instance.app, instance.instanceId); }
    Instance &at(int row) { return m_slots[m_slotOfRow[row]]; }
    const Instance &at(int row) const { return m_slots[m_slotOfRow[row]]; }
    int takeSlot(const Instance &instance);
    static qsizetype runCount(QList<int> rows);
    void removeRowsAt(QList<int> rows);
    void renumberFrom(int row);
    QVariant displayData(const Instance &instance, int column) const;
    QVariant sortData(const Instance &instance, int column) const;
    double leaseFraction(const Instance &instance) const;
    QString trafficToolTip(const Instance &instance) const;
    void insert(const Instance &instance);
    void removeRow(int row);

    // Never move: a removed instance's slot is reused, and growing by one does not copy the others
    // (a QList of 100 000 would, once, in the middle of a burst).
    std::deque<Instance> m_slots;
    QList<int> m_freeSlots;
    QList<int> m_slotOfRow;
    QList<int> m_rowOfSlot;            // -1 for a free slot
    QHash<QString, int> m_slotByKey;
    QHash<QString, GatewayInstanceStats> m_traffic;   // by the gateway's service name and instance id
    Clock m_clock;
    int m_defaultLeaseSecs = 90;
};
