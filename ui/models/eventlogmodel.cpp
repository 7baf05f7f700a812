// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/eventlogmodel.h"

#include "model/instancestatus.h"
#include "views/statuspalette.h"

#include <QDateTime>

#include <algorithm>

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{
}

// In time order: an event reported late (a change the registry made before the node event logged
// just now) goes where its time puts it, usually at the end.
void EventLogModel::append(const Event &event)
{
    if (int(m_events.size()) >= m_capacity) {
        if (event.timeMs < m_events.front().timeMs)
            return;
        beginRemoveRows({}, 0, 0);
        m_events.pop_front();
        endRemoveRows();
    }
    const auto position = std::upper_bound(m_events.cbegin(), m_events.cend(), event.timeMs,
                                           [](qint64 timeMs, const Event &other) { return timeMs < other.timeMs; });
    const int row = int(position - m_events.cbegin());
    beginInsertRows({}, row, row);
    m_events.insert(position, event);
    endInsertRows();
}

void EventLogModel::appendAll(const QList<Event> &events)
{
    if (events.isEmpty())
        return;
    QList<Event> kept = events.mid(std::max<qsizetype>(0, events.size() - m_capacity));
    std::stable_sort(kept.begin(), kept.end(), [](const Event &a, const Event &b) { return a.timeMs < b.timeMs; });
    if (!m_events.empty() && kept.first().timeMs < m_events.back().timeMs) {
        for (const Event &event : kept)
            append(event);
        return;
    }
    const int overflow = int(m_events.size() + kept.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_events.erase(m_events.begin(), m_events.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(kept.size()) - 1);
    m_events.insert(m_events.end(), kept.cbegin(), kept.cend());
    endInsertRows();
}

void EventLogModel::appendChange(const QString &registry, const RegistryChange &change)
{
    append(eventFor(registry, change));
}

EventLogModel::Event EventLogModel::eventFor(const QString &registry, const RegistryChange &change)
{
    const Instance &instance = change.instance;
    Event event;
    event.timeMs = change.timestamp > 0 ? change.timestamp : QDateTime::currentMSecsSinceEpoch();
    event.registry = registry;
    event.subject = instance.app + u'/' + instance.instanceId;
    const QString fromPeer = change.origin == WriteOrigin::Peer ? tr(" (from a peer)") : QString();
    using Kind = RegistryChange::Kind;
    switch (change.kind) {
    case Kind::Registered:
        event.category = Category::Registration;
        event.detail = tr("registered as %1 at %2").arg(statusName(instance.status), instance.ipAddr) + fromPeer;
        break;
    case Kind::Cancelled:
        event.category = Category::Cancel;
        event.detail = tr("deregistered") + fromPeer;
        break;
    case Kind::Expired:
        event.category = Category::Expiry;
        event.detail = tr("lease expired: no heartbeat since %1")
                           .arg(QDateTime::fromMSecsSinceEpoch(instance.lease.lastRenewalTimestamp)
                                    .toString(QStringLiteral("HH:mm:ss")));
        break;
    case Kind::StatusChanged:
        event.category = Category::Status;
        event.detail = tr("status overridden to %1").arg(statusName(instance.status)) + fromPeer;
        break;
    case Kind::StatusCorrected:
        event.category = Category::Status;
        event.detail = tr("status is now %1").arg(statusName(instance.status)) + fromPeer;
        break;
    case Kind::OverrideRemoved:
        event.category = Category::Status;
        event.detail = tr("override removed; status %1").arg(statusName(instance.status)) + fromPeer;
        break;
    case Kind::MetadataChanged:
        event.category = Category::Metadata;
        event.detail = tr("metadata changed") + fromPeer;
        break;
    case Kind::CheckStatusChanged:
        event.category = Category::Status;
        event.detail = (instance.downByCheck ? tr("health check failing; status %1")
                                             : tr("health check passing; status %1"))
                           .arg(statusName(instance.status));
        break;
    case Kind::ServiceCreated:
    case Kind::ServiceUpdated:
    case Kind::ServiceDeleted:
        event.category = Category::Service;
        event.subject = change.service.key.appId + u'/' + change.service.key.serviceName + u'/'
                      + change.service.key.version;
        event.detail = change.kind == Kind::ServiceCreated ? tr("service created")
                     : change.kind == Kind::ServiceUpdated ? tr("service updated")
                                                           : tr("service deleted");
        event.detail += fromPeer;
        break;
    }
    if (!change.author.address.isEmpty()) {
        const QString account = change.author.account.isEmpty() ? tr("anonymous") : change.author.account;
        event.detail += tr(" — by %1 from %2").arg(account, change.author.address);
    }
    return event;
}

QString EventLogModel::categoryName(Category category)
{
    switch (category) {
    case Category::Registration: return tr("Registration");
    case Category::Cancel: return tr("Cancel");
    case Category::Expiry: return tr("Expiry");
    case Category::Status: return tr("Status");
    case Category::Metadata: return tr("Metadata");
    case Category::Service: return tr("Service");
    case Category::Replication: return tr("Replication");
    case Category::Peer: return tr("Peer");
    case Category::Node: return tr("Node");
    case Category::Bridge: return tr("Bridge");
    }
    return {};
}

QList<EventLogModel::Category> EventLogModel::categories()
{
    return {Category::Registration, Category::Cancel, Category::Expiry, Category::Status, Category::Metadata,
            Category::Service, Category::Replication, Category::Peer, Category::Node, Category::Bridge};
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event &event = m_events[size_t(index.row())];
    if (role == CategoryRole)
        return int(event.category);
    if (role == TimestampRole)
        return event.timeMs;
    if (role == Qt::ForegroundRole && index.column() == CategoryColumn) {
        switch (event.category) {
        case Category::Expiry:
        case Category::Replication: return StatusPalette::failing();
        case Category::Cancel:
        case Category::Peer: return StatusPalette::warning();
        case Category::Registration: return StatusPalette::healthy();
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return event.detail;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case RegistryColumn: return event.registry;
    case CategoryColumn: return categoryName(event.category);
    case SubjectColumn: return event.subject;
    case DetailColumn: return event.detail;
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case RegistryColumn: return tr("Registry");
    case CategoryColumn: return tr("Event");
    case SubjectColumn: return tr("Subject");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}
