// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class InstanceFilterModel;
class QComboBox;
class QLineEdit;
class QTableView;
class QToolBar;
class RegistryMirror;

// The instances of the selected registry: one service or all, filtered by status, host and metadata,
// sortable, with the lease drawn as a draining bar and the last heartbeat as an age.
class InstancesPage : public QWidget
{
    Q_OBJECT

public:
    explicit InstancesPage(QWidget *parent = nullptr);

    void setMirror(RegistryMirror *mirror);
    void setActions(const QList<QAction *> &actions);
    // Narrows the table to one service (by ServiceModel's key); an empty key shows all.
    void showService(const QString &serviceKey);
    std::optional<Instance> currentInstance() const;
    QList<Instance> selectedInstances() const;
    QTableView *table() const { return m_table; }
    InstanceFilterModel *filter() const { return m_proxy; }

signals:
    void currentInstanceChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showTrafficWhenGatewayRuns();
    void watchGateway(bool watched);
    void refreshServiceChoices();
    void showSourceWhenBridged();
    void rememberCurrent();
    void restoreCurrent();

    RegistryMirror *m_mirror = nullptr;
    QToolBar *m_toolBar;
    QComboBox *m_service;
    QComboBox *m_status;
    QLineEdit *m_host;
    QLineEdit *m_metadata;
    QLineEdit *m_search;
    QTableView *m_table;
    InstanceFilterModel *m_proxy;
    QTimer m_ageTimer;
    QPair<QString, QString> m_remembered;   // app and id of the current row across a model reset
};
