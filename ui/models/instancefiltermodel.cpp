// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/instancefiltermodel.h"

#include "models/instancemodel.h"

InstanceFilterModel::InstanceFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(InstanceModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void InstanceFilterModel::setServiceKey(const QString &serviceKey)
{
    m_serviceKey = serviceKey;
    invalidateRowsFilter();
}

void InstanceFilterModel::setStatus(std::optional<InstanceStatus> status)
{
    m_status = status;
    invalidateRowsFilter();
}

void InstanceFilterModel::setHostFilter(const QString &text)
{
    m_host = text.trimmed();
    invalidateRowsFilter();
}

void InstanceFilterModel::setMetadataFilter(const QString &text)
{
    m_metadata = text.trimmed();
    invalidateRowsFilter();
}

void InstanceFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool InstanceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const InstanceModel *>(sourceModel());
    const Instance *instance = model ? model->instanceAt(sourceRow) : nullptr;
    if (!instance || sourceParent.isValid())
        return false;
    if (!m_serviceKey.isEmpty() && InstanceModel::serviceKeyFor(*instance) != m_serviceKey)
        return false;
    if (m_status && instance->status != *m_status)
        return false;
    if (!m_host.isEmpty() && !instance->hostName.contains(m_host, Qt::CaseInsensitive))
        return false;
    if (!m_metadata.isEmpty() && !InstanceModel::metadataText(*instance).contains(m_metadata, Qt::CaseInsensitive))
        return false;
    if (m_text.isEmpty())
        return true;
    for (const QString *field : {&instance->app, &instance->instanceId, &instance->hostName, &instance->ipAddr}) {
        if (field->contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
