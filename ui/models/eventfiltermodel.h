// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/eventlogmodel.h"

#include <QSortFilterProxyModel>

#include <optional>

// The event log narrowed to one kind of event, one registry and a text.
class EventFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterModel(QObject *parent = nullptr);

    void setCategory(std::optional<EventLogModel::Category> category);
    void setRegistry(const QString &registry);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // By the time itself in the time column, not by its text (which starts again every day).
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    std::optional<EventLogModel::Category> m_category;
    QString m_registry;
    QString m_text;
};
