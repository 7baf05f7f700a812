// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/eventfiltermodel.h"

EventFilterModel::EventFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void EventFilterModel::setCategory(std::optional<EventLogModel::Category> category)
{
    m_category = category;
    invalidateRowsFilter();
}

void EventFilterModel::setRegistry(const QString &registry)
{
    m_registry = registry;
    invalidateRowsFilter();
}

void EventFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool EventFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *log = qobject_cast<const EventLogModel *>(sourceModel());
    if (!log || sourceParent.isValid())
        return false;
    const auto &event = log->eventAt(sourceRow);
    if (m_category && event.category != *m_category)
        return false;
    if (!m_registry.isEmpty() && event.registry != m_registry)
        return false;
    return m_text.isEmpty() || event.subject.contains(m_text, Qt::CaseInsensitive)
        || event.detail.contains(m_text, Qt::CaseInsensitive);
}

bool EventFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == EventLogModel::TimeColumn && right.column() == EventLogModel::TimeColumn)
        return left.data(EventLogModel::TimestampRole).toLongLong() < right.data(EventLogModel::TimestampRole).toLongLong();
    return QSortFilterProxyModel::lessThan(left, right);
}
