// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/protocol.h"

#include <QSortFilterProxyModel>

#include <optional>

// Services narrowed by a name search and by the protocol they came from.
class ServiceFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ServiceFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    void setOrigin(std::optional<Protocol> origin);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    std::optional<Protocol> m_origin;
};
