// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/servicemodel.h"

#include "models/instancemodel.h"
#include "views/statuspalette.h"

ServiceModel::ServiceModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

qsizetype ServiceModel::Row::total() const
{
    qsizetype sum = 0;
    for (const auto count : counts)
        sum += count;
    return sum;
}

void ServiceModel::reset(const QList<Service> &services, const QList<Instance> &instances)
{
    beginResetModel();
    m_rows.clear();
    m_rowByKey.clear();
    for (const auto &service : services) {
        m_rowByKey.insert(service.serviceId, int(m_rows.size()));
        m_rows.append({service.serviceId, service, true, {}});
    }
    for (const auto &instance : instances) {
        const QString key = InstanceModel::serviceKeyFor(instance);
        int row = m_rowByKey.value(key, -1);
        if (row < 0) {
            row = int(m_rows.size());
            m_rowByKey.insert(key, row);
            Service made;
            made.serviceId = key;
            made.key.serviceName = instance.app;
            made.origin = instance.origin;
            m_rows.append({key, made, false, {}});
        }
        ++m_rows[row].counts[bucketOf(instance.status)];
    }
    endResetModel();
}

void ServiceModel::applyServiceChange(const RegistryChange &change)
{
    const QString key = change.service.serviceId;
    const int row = rowOf(key);
    if (change.kind == RegistryChange::Kind::ServiceDeleted) {
        if (row >= 0 && m_rows[row].total() == 0)
            removeRowAt(row);
        else if (row >= 0)
            m_rows[row].known = false;
        return;
    }
    if (row >= 0) {
        m_rows[row].service = change.service;
        m_rows[row].known = true;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int newRow = int(m_rows.size());
    beginInsertRows({}, newRow, newRow);
    m_rowByKey.insert(key, newRow);
    m_rows.append({key, change.service, true, {}});
    endInsertRows();
}

void ServiceModel::countInstance(const std::optional<Instance> &before, const std::optional<Instance> &after)
{
    if (before && after && bucketOf(before->status) == bucketOf(after->status)
        && InstanceModel::serviceKeyFor(*before) == InstanceModel::serviceKeyFor(*after))
        return;
    if (before)
        addCount(*before, -1);
    if (after)
        addCount(*after, +1);
}

void ServiceModel::addCount(const Instance &instance, int delta)
{
    const int row = delta > 0 ? ensureRow(instance) : rowOf(InstanceModel::serviceKeyFor(instance));
    if (row < 0)
        return;
    auto &count = m_rows[row].counts[bucketOf(instance.status)];
    count = std::max<qsizetype>(0, count + delta);
    if (!m_rows[row].known && m_rows[row].total() == 0) {
        removeRowAt(row);
        return;
    }
    emit dataChanged(index(row, InstancesColumn), index(row, HealthColumn));
}

int ServiceModel::ensureRow(const Instance &instance)
{
    const QString key = InstanceModel::serviceKeyFor(instance);
    if (const int row = rowOf(key); row >= 0)
        return row;
    Service made;
    made.serviceId = key;
    made.key.serviceName = instance.app;
    made.origin = instance.origin;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rowByKey.insert(key, row);
    m_rows.append({key, made, false, {}});
    endInsertRows();
    return row;
}

void ServiceModel::removeRowAt(int row)
{
    const int last = int(m_rows.size()) - 1;
    m_rowByKey.remove(m_rows[row].key);
    if (row != last) {
        m_rows[row] = m_rows[last];
        m_rowByKey.insert(m_rows[row].key, row);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    beginRemoveRows({}, last, last);
    m_rows.removeLast();
    endRemoveRows();
}

QList<Service> ServiceModel::knownServices() const
{
    QList<Service> services;
    for (const auto &row : m_rows) {
        if (row.known)
            services << row.service;
    }
    return services;
}

QString ServiceModel::serviceKeyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].key : QString();
}

QString ServiceModel::displayNameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? displayName(m_rows[row]) : QString();
}

ServiceModel::Health ServiceModel::healthAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? health(m_rows[row]) : Health::NoInstances;
}

ServiceModel::Bucket ServiceModel::bucketOf(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up: return Up;
    case InstanceStatus::Down: return Down;
    case InstanceStatus::Starting: return Starting;
    case InstanceStatus::OutOfService: return OutOfService;
    default: return Other;
    }
}

// Eureka apps are called by their upper-case app name; Service-Center services by their own name.
QString ServiceModel::displayName(const Row &row)
{
    if (row.service.origin == Protocol::Eureka && row.service.key.appId == QStringLiteral("eureka"))
        return EurekaServiceMapping::appForService(row.service.key.serviceName);
    return row.service.key.serviceName;
}

ServiceModel::Health ServiceModel::health(const Row &row)
{
    const qsizetype total = row.total();
    if (total == 0)
        return Health::NoInstances;
    if (row.counts[Up] == total)
        return Health::Healthy;
    return row.counts[Up] == 0 ? Health::Down : Health::Degraded;
}

QString ServiceModel::healthText(Health health) const
{
    switch (health) {
    case Health::NoInstances: return tr("no instances");
    case Health::Healthy: return tr("healthy");
    case Health::Degraded: return tr("degraded");
    case Health::Down: return tr("down");
    }
    return {};
}

int ServiceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServiceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServiceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const int column = index.column();
    if (role == ServiceKeyRole)
        return row.key;
    if (role == OriginRole)
        return int(row.service.origin);
    if (role == HealthRole)
        return int(health(row));
    if (role == Qt::ForegroundRole && column == HealthColumn) {
        switch (health(row)) {
        case Health::Healthy: return StatusPalette::healthy();
        case Health::Degraded: return StatusPalette::warning();
        case Health::Down: return StatusPalette::failing();
        case Health::NoInstances: return StatusPalette::inactive();
        }
    }
    if (role == Qt::TextAlignmentRole && column >= InstancesColumn && column <= OtherColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && column == NameColumn && !row.service.description.isEmpty())
        return row.service.description;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
    case NameColumn: return displayName(row);
    case AppIdColumn: return row.known ? row.service.key.appId : QString();
    case VersionColumn: return row.known ? row.service.key.version : QString();
    case OriginColumn: return row.service.origin == Protocol::ServiceComb ? tr("ServiceComb") : tr("Eureka");
    case InstancesColumn: return row.total();
    case UpColumn: return row.counts[Up];
    case DownColumn: return row.counts[Down];
    case StartingColumn: return row.counts[Starting];
    case OutOfServiceColumn: return row.counts[OutOfService];
    case OtherColumn: return row.counts[Other];
    case HealthColumn: return healthText(health(row));
    default: return {};
    }
}

QVariant ServiceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Service");
    case AppIdColumn: return tr("App ID");
    case VersionColumn: return tr("Version");
    case OriginColumn: return tr("Protocol");
    case InstancesColumn: return tr("Instances");
    case UpColumn: return tr("Up");
    case DownColumn: return tr("Down");
    case StartingColumn: return tr("Starting");
    case OutOfServiceColumn: return tr("Out of service");
    case OtherColumn: return tr("Other");
    case HealthColumn: return tr("Health");
    default: return {};
    }
}
