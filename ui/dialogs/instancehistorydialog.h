// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/historyclient.h"

#include <QDialog>

class QLabel;
class QTreeWidget;

// "History of this instance": what the node recorded about one instance within its retention —
// registrations, overrides, metadata changes, gaps in its renewals, its expiry or cancel — with
// times, origin and author. Read from the node's HTTP API without waiting.
class InstanceHistoryDialog : public QDialog
{
    Q_OBJECT

public:
    InstanceHistoryDialog(const QUrl &node, const QString &app, const QString &instanceId, QWidget *parent = nullptr);

    QTreeWidget *entries() const { return m_entries; }
    static QString describe(const HistoryClient::Record &record);

signals:
    void loaded();

private:
    void showChanges(const HistoryClient::Changes &changes);

    QString m_app;
    QString m_instanceId;
    QLabel *m_summary;
    QTreeWidget *m_entries;
};
