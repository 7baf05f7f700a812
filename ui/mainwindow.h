// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instancestatus.h"
#include "api/registryconnection.h"
#include "views/topologyview.h"

#include <QMainWindow>
#include <QPointer>
#include <QHash>
#include <QSet>
#include <QTimer>

class EventsPage;
class GatewayPage;
class HeartbeatsPage;
class HistoryPage;
class InstancesPage;
class PastBanner;
class PastMode;
class QLabel;
class QMenu;
class QTabWidget;
class QTreeView;
class RegistryMirror;
class ServicesPage;
class TimeBar;
class Workspace;

// The console's window: the registries on the left; services, instances, heartbeats, topology and
// events of the selected one in tabs; its address, counts and renewal rate in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Workspace *workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    RegistryConnection *currentSource() const { return m_current; }
    void selectSource(RegistryConnection *source);

    // The pages, for tests and screenshots.
    QTabWidget *tabs() const { return m_tabs; }
    ServicesPage *servicesPage() const { return m_services; }
    InstancesPage *instancesPage() const { return m_instances; }
    HeartbeatsPage *heartbeatsPage() const { return m_heartbeats; }
    TopologyView *topologyView() const { return m_topology; }
    EventsPage *eventsPage() const { return m_events; }
    HistoryPage *historyPage() const { return m_history; }
    GatewayPage *gatewayPage() const { return m_gateway; }
    // The moment the Services, Instances and Topology views show: the present, or one in the past.
    PastMode *pastMode() const { return m_past; }
    TimeBar *timeBar() const { return m_timeBar; }
    PastBanner *pastBanner() const { return m_pastBanner; }
    QTreeView *navigatorView() const { return m_navigator; }
    QString statusText() const;

    // The actions, by what they do; tests trigger them as a user would.
    QAction *registerAction() const { return m_register; }
    QAction *editAction() const { return m_edit; }
    QAction *deregisterAction() const { return m_deregister; }
    QAction *removeOverrideAction() const { return m_removeOverride; }
    QAction *copyJsonAction() const { return m_copyJson; }
    QAction *statusAction(InstanceStatus status) const;
    QAction *addNodeAction() const { return m_addNode; }
    QAction *linkPeersAction() const { return m_linkPeers; }
    QAction *addBridgeAction() const { return m_addBridge; }
    QAction *removeBridgeAction() const { return m_removeBridge; }
    QAction *connectAction() const { return m_connect; }
    QAction *createServiceAction() const { return m_createService; }
    QAction *accountsAction() const { return m_accounts; }
    QAction *simulateAction() const { return m_simulate; }
    QAction *exportHistoryAction() const { return m_exportHistory; }
    QAction *replayHistoryAction() const { return m_replayHistory; }
    // Plays an export into a new node of the selected node's cluster (or the first one).
    bool replayHistory(const QString &file, double speed);
    QAction *instanceHistoryAction() const { return m_instanceHistory; }
    // The menu a right click on the link between two topology nodes (by key) opens: the faults of
    // both directions, a partition, healing, the divergence. Empty unless both are local nodes.
    QMenu *linkMenu(const QString &first, const QString &second);

signals:
    // A command the user gave has been answered; error is empty when it succeeded.
    void commandFinished(const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createNavigator();
    void restoreLayout();
    void saveLayout() const;
    void setCurrentSource(RegistryConnection *source);
    void updateActions();
    void updateStatusBar();
    void updateTopology();
    void addBridgesToTopology(const QString &nodeKey, const QList<BridgeState> &bridges, QSet<QString> &known,
                              QList<TopologyNodeItem::Info> &nodes, QList<TopologyView::Link> &links) const;
    static QString bridgeTopologyKey(const QString &url);
    void updateInstanceActions(bool running);
    // In the past nothing is edited: the actions that change a registry say why they are off.
    void disableEditsInThePast();
    void showPastOrPresent();
    void onSourceRemoved(RegistryConnection *source);
    void registerInstance();
    void editInstance();
    void deregisterInstances();
    void setStatus(InstanceStatus status);
    void removeOverride();
    void copyInstanceJson();
    void addNode();
    void addCluster();
    void startOrStopNode(bool start);
    void removeNode();
    void changePeers(bool link);
    void addBridge();
    void removeBridge();
    // A node of this console, or a remote Muster node: the registries that keep bridges.
    bool canBridge(const RegistryConnection *source) const;
    void connectToRegistry();
    void keepPassword(const QUrl &url, bool remember, const QString &registry);
    void disconnectRegistry();
    void createService();
    void manageAccounts();
    void simulateLoad();
    void showSettings();
    void showInstanceHistory();
    RegistryConnection *localNodeWithKey(const QString &key) const;
    // " · drop all", " · +200 ms", … for the label of a link direction; empty without a fault.
    QString faultText(const RegistryConnection *from, const RegistryConnection *to) const;
    void measureDivergences(const QList<QPair<RegistryConnection *, RegistryConnection *>> &pairs);
    void showAbout();
    // Reports a command's answer: an error in a message box naming the operation, success in the status bar.
    RegistryConnection::CommandCallback reportTo(const QString &operation);

    Workspace *m_workspace;
    QPointer<RegistryConnection> m_current;
    QTreeView *m_navigator = nullptr;
    QTabWidget *m_tabs;
    PastMode *m_past;                  // before the views: the History tab binds to it
    ServicesPage *m_services;
    InstancesPage *m_instances;
    HeartbeatsPage *m_heartbeats;
    TopologyView *m_topology;
    EventsPage *m_events;
    HistoryPage *m_history;
    GatewayPage *m_gateway;
    TimeBar *m_timeBar;
    PastBanner *m_pastBanner;
    QHash<QString, qsizetype> m_divergence;   // by the pair of node keys, first < second
    qint64 m_lastDivergenceMs = 0;
    QLabel *m_addressLabel;
    QLabel *m_countLabel;
    QLabel *m_rateLabel;
    QLabel *m_preservationLabel;
    QLabel *m_simulationLabel;
    QTimer m_refreshTimer;

    QAction *m_register = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_deregister = nullptr;
    QAction *m_removeOverride = nullptr;
    QAction *m_copyJson = nullptr;
    QList<QAction *> m_statusActions;
    QAction *m_addNode = nullptr;
    QAction *m_addCluster = nullptr;
    QAction *m_startNode = nullptr;
    QAction *m_stopNode = nullptr;
    QAction *m_removeNode = nullptr;
    QAction *m_linkPeers = nullptr;
    QAction *m_unlinkPeers = nullptr;
    QAction *m_addBridge = nullptr;
    QAction *m_removeBridge = nullptr;
    QAction *m_connect = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_createService = nullptr;
    QAction *m_accounts = nullptr;
    QAction *m_simulate = nullptr;
    QAction *m_stopSimulations = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_about = nullptr;
    QAction *m_exportHistory = nullptr;
    QAction *m_replayHistory = nullptr;
    QAction *m_instanceHistory = nullptr;
};
