// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/gatewaystats.h"
#include "api/registryconnection.h"

#include <QPointer>
#include <QWidget>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;
class RegistryMirror;
class Workspace;

// The selected node's gateway (docs/gateway.md): where it listens and whether it runs, start and
// stop for a node of this console, and what it carried by service and instance: requests, errors,
// p50 and p99 latency, and the instances it ejected. It reads the numbers only while it is shown.
class GatewayPage : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        AddressColumn,
        RequestsColumn,
        ErrorsColumn,
        P50Column,
        P99Column,
        StateColumn,
        ColumnCount,
    };

    explicit GatewayPage(Workspace *workspace, QWidget *parent = nullptr);
    ~GatewayPage() override;

    void setSource(RegistryConnection *source, RegistryMirror *mirror);
    // What the page says about the gateway, and the last start or stop that failed (empty if none).
    QString stateText() const;
    QString errorText() const;
    QTreeWidget *table() const { return m_table; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *zoneEdit() const { return m_zone; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }

signals:
    // A start or stop was answered; error is empty when it worked.
    void commandFinished(const QString &error);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();
    void updateControls(const GatewayStats *stats);
    QString describe(const GatewayStats &stats) const;
    QString summarize(const GatewayStats &stats) const;
    void showServices(const GatewayStats &stats);
    void fillRow(QTreeWidgetItem *item, const QString &name, const QString &address, quint64 requests, quint64 errors,
                 double p50Ms, double p99Ms) const;
    void startGateway();
    void stopGateway();
    RegistryConnection::CommandCallback reportTo(const QString &operation);
    void watch(bool watched);

    Workspace *m_workspace;
    QPointer<RegistryConnection> m_source;
    QPointer<RegistryMirror> m_mirror;
    QLabel *m_state;
    QLabel *m_summary;
    QGroupBox *m_controls;
    QSpinBox *m_port;
    QLineEdit *m_zone;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_remoteNote;
    QLabel *m_error;
    QTreeWidget *m_table;
    bool m_commandPending = false;
};
