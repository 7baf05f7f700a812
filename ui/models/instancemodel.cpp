// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/instancemodel.h"

#include "bridgetexts.h"
#include "model/instancestatus.h"
#include "views/statuspalette.h"

#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <functional>

InstanceModel::InstanceModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

void InstanceModel::reset(const QList<Instance> &instances)
{
    beginResetModel();
    m_slots.assign(instances.cbegin(), instances.cend());
    m_freeSlots.clear();
    m_slotOfRow.resize(qsizetype(m_slots.size()));
    m_rowOfSlot.resize(qsizetype(m_slots.size()));
    m_slotByKey.clear();
    m_slotByKey.reserve(qsizetype(m_slots.size()));
    for (int slot = 0; slot < int(m_slots.size()); ++slot) {
        m_slotOfRow[slot] = slot;
        m_rowOfSlot[slot] = slot;
        m_slotByKey.insert(keyOf(m_slots[slot]), slot);
    }
    endResetModel();
}

void InstanceModel::clear()
{
    reset({});
}

QList<Instance> InstanceModel::instances() const
{
    QList<Instance> instances;
    instances.reserve(m_slotOfRow.size());
    for (const int slot : m_slotOfRow)
        instances.append(m_slots[slot]);
    return instances;
}

std::optional<Instance> InstanceModel::apply(const RegistryChange &change)
{
    if (change.isServiceChange())
        return std::nullopt;
    const Instance &incoming = change.instance;
    const int row = rowOf(incoming.app, incoming.instanceId);
    std::optional<Instance> previous;
    if (row >= 0)
        previous = at(row);
    switch (change.kind) {
    case RegistryChange::Kind::Cancelled:
    case RegistryChange::Kind::Expired:
        if (row >= 0)
            removeRow(row);
        break;
    default:
        if (row < 0) {
            insert(incoming);
        } else {
            at(row) = incoming;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        break;
    }
    return previous;
}

QList<InstanceModel::Effect> InstanceModel::applyInBulk(const QList<RegistryChange> &changes)
{
    QList<Effect> effects;
    QHash<QString, qsizetype> effectOf;
    for (const auto &change : changes) {
        if (change.isServiceChange())
            continue;
        const QString key = keyOf(change.instance);
        auto found = effectOf.constFind(key);
        if (found == effectOf.cend()) {
            const Instance *held = find(change.instance.app, change.instance.instanceId);
            const auto before = held ? std::optional<Instance>(*held) : std::nullopt;
            effects.append({before, before});
            found = effectOf.insert(key, effects.size() - 1);
        }
        const bool removal = change.kind == RegistryChange::Kind::Cancelled
                          || change.kind == RegistryChange::Kind::Expired;
        effects[*found].after = removal ? std::nullopt : std::optional<Instance>(change.instance);
    }
    QList<int> removed;
    QList<Instance> added;
    qsizetype updated = 0;
    for (const Effect &effect : std::as_const(effects)) {
        if (effect.before && !effect.after)
            removed.append(rowOf(effect.before->app, effect.before->instanceId));
        else if (effect.before)
            ++updated;
        else if (effect.after)
            added.append(*effect.after);
    }
    const bool block = updated + runCount(removed) + (added.isEmpty() ? 0 : 1) > 1;
    if (block)
        emit blockAboutToBeApplied();
    for (const Effect &effect : std::as_const(effects)) {
        if (effect.before && effect.after) {
            const int row = rowOf(effect.before->app, effect.before->instanceId);
            at(row) = *effect.after;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    removeRowsAt(std::move(removed));
    if (!added.isEmpty()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const Instance &instance : std::as_const(added)) {
            const int slot = takeSlot(instance);
            m_rowOfSlot[slot] = int(m_slotOfRow.size());
            m_slotOfRow.append(slot);
        }
        endInsertRows();
    }
    if (block)
        emit blockApplied();
    return effects;
}

void InstanceModel::applyHeartbeats(const QList<Heartbeat> &heartbeats)
{
    const bool block = heartbeats.size() > 1;
    if (block)
        emit blockAboutToBeApplied();
    for (const Heartbeat &heartbeat : heartbeats)
        applyHeartbeat(heartbeat);
    if (block)
        emit blockApplied();
}

void InstanceModel::applyHeartbeat(const Heartbeat &heartbeat)
{
    const int row = rowOf(heartbeat.app, heartbeat.instanceId);
    if (row < 0)
        return;
    at(row).lease.lastRenewalTimestamp = heartbeat.timestamp;
    emit dataChanged(index(row, HeartbeatColumn), index(row, LeaseColumn));
}

void InstanceModel::setTraffic(const GatewayStats &stats)
{
    QHash<QString, GatewayInstanceStats> traffic;
    for (const GatewayServiceStats &service : stats.services) {
        for (const GatewayInstanceStats &instance : service.instances)
            traffic.insert(service.service + u'/' + instance.instanceId, instance);
    }
    if (traffic == m_traffic)
        return;
    m_traffic = std::move(traffic);
    if (rowCount() > 0)
        emit dataChanged(index(0, TrafficColumn), index(rowCount() - 1, TrafficColumn));
}

// The gateway names a service as its paths do: the Eureka app in lower case.
const GatewayInstanceStats *InstanceModel::trafficOf(const Instance &instance) const
{
    const auto it = m_traffic.constFind(instance.app.toLower() + u'/' + instance.instanceId);
    return it == m_traffic.cend() ? nullptr : &*it;
}

QString InstanceModel::trafficText(const GatewayInstanceStats &traffic)
{
    QString text = traffic.errors > 0 ? tr("%1 req, %2 err").arg(traffic.requests).arg(traffic.errors)
                                      : tr("%1 req").arg(traffic.requests);
    text += tr(" · p50 %1 ms · p99 %2 ms").arg(QLocale().toString(traffic.p50Ms, 'g', 3),
                                               QLocale().toString(traffic.p99Ms, 'g', 3));
    if (traffic.ejectedUntilMs != 0)
        text = tr("ejected · %1").arg(text);
    return text;
}

void InstanceModel::insert(const Instance &instance)
{
    const int row = rowCount();
    beginInsertRows({}, row, row);
    const int slot = takeSlot(instance);
    m_rowOfSlot[slot] = row;
    m_slotOfRow.append(slot);
    endInsertRows();
}

int InstanceModel::takeSlot(const Instance &instance)
{
    int slot;
    if (!m_freeSlots.isEmpty()) {
        slot = m_freeSlots.takeLast();
        m_slots[slot] = instance;
    } else {
        slot = int(m_slots.size());
        m_slots.push_back(instance);
        m_rowOfSlot.append(-1);
    }
    m_slotByKey.insert(keyOf(instance), slot);
    return slot;
}

void InstanceModel::removeRow(int row)
{
    removeRowsAt({row});
}

qsizetype InstanceModel::runCount(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    qsizetype runs = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i == 0 || rows[i] != rows[i - 1] + 1)
            ++runs;
    }
    return runs;
}

// One removal per run of adjacent rows, the last run first, so the rows of the runs still to go
// keep their numbers. The rows above a run are numbered again once, with the last (lowest) run, not
// after each: until then rowOf() is behind for them, while instanceAt() and data() are exact.
void InstanceModel::removeRowsAt(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (qsizetype run = 0; run < rows.size();) {
        qsizetype end = run + 1;
        while (end < rows.size() && rows[end] == rows[end - 1] - 1)
            ++end;
        const int last = rows[run];
        const int first = rows[end - 1];
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row) {
            const int slot = m_slotOfRow[row];
            m_slotByKey.remove(keyOf(m_slots[slot]));
            m_slots[slot] = Instance();
            m_rowOfSlot[slot] = -1;
            m_freeSlots.append(slot);
        }
        m_slotOfRow.remove(first, last - first + 1);
        if (end == rows.size())
            renumberFrom(first);
        endRemoveRows();
        run = end;
    }
}

void InstanceModel::renumberFrom(int row)
{
    for (; row < m_slotOfRow.size(); ++row)
        m_rowOfSlot[m_slotOfRow[row]] = row;
}

const Instance *InstanceModel::instanceAt(int row) const
{
    return row >= 0 && row < m_slotOfRow.size() ? &at(row) : nullptr;
}

const Instance *InstanceModel::find(const QString &app, const QString &id) const
{
    return instanceAt(rowOf(app, id));
}

int InstanceModel::rowOf(const QString &app, const QString &id) const
{
    const int slot = m_slotByKey.value(keyOf(app, id), -1);
    return slot < 0 ? -1 : m_rowOfSlot[slot];
}

QStringList InstanceModel::apps() const
{
    QSet<QString> apps;
    for (const int slot : m_slotOfRow)
        apps.insert(m_slots[slot].app);
    QStringList sorted(apps.begin(), apps.end());
    sorted.sort();
    return sorted;
}

QString InstanceModel::serviceKeyFor(const Instance &instance)
{
    return instance.serviceId.isEmpty() ? QStringLiteral("app:") + instance.app : instance.serviceId;
}

QString InstanceModel::endpointText(const Instance &instance)
{
    if (!instance.endpoints.isEmpty() && instance.origin == Protocol::ServiceComb)
        return instance.endpoints.join(QStringLiteral(", "));
    QStringList ports;
    if (instance.port.enabled)
        ports << QString::number(instance.port.number);
    if (instance.securePort.enabled)
        ports << QStringLiteral("%1 (TLS)").arg(instance.securePort.number);
    return ports.join(QStringLiteral(", "));
}

QString InstanceModel::metadataText(const Instance &instance)
{
    QStringList pairs;
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it)
        pairs << it.key() + u'=' + it.value();
    return pairs.join(QStringLiteral(", "));
}

qint64 InstanceModel::leaseExpiryMs(const Instance &instance) const
{
    if (instance.healthCheck && instance.origin == Protocol::ServiceComb)
        return instance.lease.lastRenewalTimestamp
             + qint64(instance.healthCheck->intervalSecs) * (instance.healthCheck->times + 1) * 1000;
    const int secs = instance.lease.durationSecs > 0 ? instance.lease.durationSecs : m_defaultLeaseSecs;
    return instance.lease.lastRenewalTimestamp + qint64(secs) * 1000;
}

double InstanceModel::leaseFraction(const Instance &instance) const
{
    if (instance.pinned)
        return -1;
    const qint64 expiry = leaseExpiryMs(instance);
    const qint64 length = expiry - instance.lease.lastRenewalTimestamp;
    if (length <= 0)
        return 0;
    return std::clamp(double(expiry - m_clock()) / double(length), 0.0, 1.0);
}

int InstanceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_slotOfRow.size());
}

int InstanceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InstanceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Instance &instance = at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(instance, index.column());
    case Qt::ToolTipRole:
        if (index.column() == MetadataColumn || index.column() == PortColumn)
            return displayData(instance, index.column());
        if (index.column() == TrafficColumn)
            return trafficToolTip(instance);
        if (index.column() == LeaseColumn)
            return instance.pinned ? tr("Pinned: never expires")
                                   : tr("Expires at %1").arg(QDateTime::fromMSecsSinceEpoch(leaseExpiryMs(instance))
                                                                 .toString(QStringLiteral("HH:mm:ss")));
        if (!instance.bridge.isEmpty() && (index.column() == SourceColumn || index.column() == IdColumn))
            return BridgeTexts::foreignEntryNote(instance.bridge);
        return {};
    case Qt::DecorationRole:
        // The bridge's mark on the id too: the source column may be scrolled out of sight.
        if ((index.column() == SourceColumn || index.column() == IdColumn) && !instance.bridge.isEmpty())
            return QIcon(QStringLiteral(":/icons/bridge.svg"));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return StatusPalette::color(instance.status);
        if (index.column() == OverrideColumn && instance.overriddenStatus != InstanceStatus::Unknown)
            return StatusPalette::color(instance.overriddenStatus);
        if (index.column() == TrafficColumn) {
            const GatewayInstanceStats *traffic = trafficOf(instance);
            if (traffic && traffic->ejectedUntilMs != 0)
                return StatusPalette::failing();
            if (traffic && traffic->errors > 0)
                return StatusPalette::warning();
        }
        return {};
    case StatusRole:
        return int(instance.status);
    case LeaseFractionRole:
        return leaseFraction(instance);
    case ServiceKeyRole:
        return serviceKeyFor(instance);
    case SortRole:
        return sortData(instance, index.column());
    case MetadataTextRole:
        return metadataText(instance);
    case ForeignRole:
        return !instance.bridge.isEmpty();
    default:
        return {};
    }
}

QVariant InstanceModel::displayData(const Instance &instance, int column) const
{
    switch (column) {
    case AppColumn:
        return instance.app;
    case IdColumn:
        return instance.instanceId;
    case HostColumn:
        return instance.hostName;
    case IpColumn:
        return instance.ipAddr;
    case PortColumn:
        return endpointText(instance);
    case StatusColumn:
        // Set by its health check, not by anyone's override.
        if (instance.downByCheck && instance.status == InstanceStatus::Down)
            return tr("%1 (check)").arg(statusName(instance.status));
        return statusName(instance.status);
    case OverrideColumn:
        return instance.overriddenStatus == InstanceStatus::Unknown ? QString() : statusName(instance.overriddenStatus);
    case HeartbeatColumn: {
        if (instance.lease.lastRenewalTimestamp <= 0)
            return tr("never");
        const qint64 secs = std::max<qint64>(0, (m_clock() - instance.lease.lastRenewalTimestamp) / 1000);
        return secs < 120 ? tr("%n s ago", nullptr, int(secs)) : tr("%n min ago", nullptr, int(secs / 60));
    }
    case LeaseColumn:
        return instance.pinned ? tr("pinned") : QString();
    case OriginColumn:
        return instance.origin == Protocol::ServiceComb ? tr("ServiceComb") : tr("Eureka");
    case SourceColumn:
        return instance.bridge;
    case TrafficColumn: {
        const GatewayInstanceStats *traffic = trafficOf(instance);
        return traffic ? trafficText(*traffic) : QString();
    }
    case MetadataColumn:
        return metadataText(instance);
    default:
        return {};
    }
}

QString InstanceModel::trafficToolTip(const Instance &instance) const
{
    const GatewayInstanceStats *traffic = trafficOf(instance);
    if (!traffic)
        return {};
    QString tip = tr("Through the node's gateway: %n request(s)", nullptr, int(traffic->requests))
                + u'\n' + tr("%n error(s): failed to connect, reset, timed out or answered 5xx", nullptr, int(traffic->errors))
                + u'\n' + tr("Latency to the last byte over the last minute or two: p50 %1 ms, p99 %2 ms")
                              .arg(QLocale().toString(traffic->p50Ms, 'g', 3), QLocale().toString(traffic->p99Ms, 'g', 3));
    if (traffic->ejectedUntilMs != 0)
        tip += u'\n' + tr("Ejected after failing: no traffic until %1, then one trial request")
                           .arg(QDateTime::fromMSecsSinceEpoch(traffic->ejectedUntilMs).toString(QStringLiteral("HH:mm:ss")));
    return tip;
}

QVariant InstanceModel::sortData(const Instance &instance, int column) const
{
    switch (column) {
    case HeartbeatColumn:
        return instance.lease.lastRenewalTimestamp;
    case LeaseColumn:
        return instance.pinned ? std::numeric_limits<qint64>::max() : leaseExpiryMs(instance);
    case PortColumn:
        return instance.port.number;
    case TrafficColumn: {
        const GatewayInstanceStats *traffic = trafficOf(instance);
        return traffic ? qint64(traffic->requests) : qint64(-1);
    }
    default:
        return displayData(instance, column);
    }
}

QVariant InstanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AppColumn: return tr("Service");
    case IdColumn: return tr("Instance ID");
    case HostColumn: return tr("Host");
    case IpColumn: return tr("IP");
    case PortColumn: return tr("Ports / endpoints");
    case StatusColumn: return tr("Status");
    case OverrideColumn: return tr("Override");
    case HeartbeatColumn: return tr("Last heartbeat");
    case LeaseColumn: return tr("Lease");
    case OriginColumn: return tr("Protocol");
    case SourceColumn: return tr("Source");
    case TrafficColumn: return tr("Gateway traffic");
    case MetadataColumn: return tr("Metadata");
    default: return {};
    }
}
