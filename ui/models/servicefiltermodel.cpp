// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/servicefiltermodel.h"

#include "models/servicemodel.h"

ServiceFilterModel::ServiceFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ServiceFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void ServiceFilterModel::setOrigin(std::optional<Protocol> origin)
{
    m_origin = origin;
    invalidateRowsFilter();
}

bool ServiceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex name = sourceModel()->index(sourceRow, ServiceModel::NameColumn, sourceParent);
    if (m_origin && name.data(ServiceModel::OriginRole).toInt() != int(*m_origin))
        return false;
    if (m_text.isEmpty())
        return true;
    return name.data().toString().contains(m_text, Qt::CaseInsensitive)
        || name.siblingAtColumn(ServiceModel::AppIdColumn).data().toString().contains(m_text, Qt::CaseInsensitive);
}
