// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instancestatus.h"

#include <QSortFilterProxyModel>

#include <optional>

// The instance table as the user narrows it: one service or all, one status or all, a host and a
// metadata text, and free text over service, id, host and ip. Sorts by each column's natural order.
class InstanceFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit InstanceFilterModel(QObject *parent = nullptr);

    void setServiceKey(const QString &serviceKey);
    QString serviceKey() const { return m_serviceKey; }
    void setStatus(std::optional<InstanceStatus> status);
    void setHostFilter(const QString &text);
    void setMetadataFilter(const QString &text);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_serviceKey;
    std::optional<InstanceStatus> m_status;
    QString m_host;
    QString m_metadata;
    QString m_text;
};
