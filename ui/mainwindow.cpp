// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "api/selfpreservationtext.h"
#include "bridgetexts.h"
#include "client/instancedocument.h"
#include "commandmessages.h"
#include "credentialstore.h"
#include "dialogs/accountsdialog.h"
#include "dialogs/bridgedialog.h"
#include "dialogs/connectdialog.h"
#include "dialogs/divergencedialog.h"
#include "dialogs/instancehistorydialog.h"
#include "consolesettings.h"
#include "views/eventspage.h"
#include "views/gatewaypage.h"
#include "views/heartbeatspage.h"
#include "views/historypage.h"
#include "dialogs/instancedialog.h"
#include "models/instancemodel.h"
#include "views/instancespage.h"
#include "dialogs/loadsimulationdialog.h"
#include "client/loadsimulator.h"
#include "models/navigatormodel.h"
#include "dialogs/peerdialog.h"
#include "models/registrymirror.h"
#include "dialogs/servicedialog.h"
#include "models/servicemodel.h"
#include "views/servicespage.h"
#include "dialogs/settingsdialog.h"
#include "pastmode.h"
#include "views/statuspalette.h"
#include "views/timebar.h"
#include "views/topologyview.h"
#include "workspace.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace {
QString keyOfUrl(const QUrl &url)
{
    return url.host() + u':' + QString::number(url.port());
}
}

MainWindow::MainWindow(Workspace *workspace, QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_tabs(new QTabWidget(this))
    , m_past(new PastMode(workspace, this))
    , m_services(new ServicesPage(this))
    , m_instances(new InstancesPage(this))
    , m_heartbeats(new HeartbeatsPage(this))
    , m_topology(new TopologyView(this))
    , m_events(new EventsPage(workspace->events(), this))
    , m_history(new HistoryPage(m_past, this))
    , m_gateway(new GatewayPage(workspace, this))
    , m_timeBar(new TimeBar(m_past, this))
    , m_pastBanner(new PastBanner(m_past, this))
    , m_addressLabel(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_rateLabel(new QLabel(this))
    , m_preservationLabel(new QLabel(this))
    , m_simulationLabel(new QLabel(this))
{
    m_preservationLabel->setObjectName(QStringLiteral("selfPreservationLabel"));
    setWindowTitle(tr("Muster"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/muster.svg")));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_services, QIcon(QStringLiteral(":/icons/service.svg")), tr("Services"));
    m_tabs->addTab(m_instances, QIcon(QStringLiteral(":/icons/instance.svg")), tr("Instances"));
    m_tabs->addTab(m_heartbeats, QIcon(QStringLiteral(":/icons/heartbeat.svg")), tr("Heartbeats"));
    m_tabs->addTab(m_topology, QIcon(QStringLiteral(":/icons/topology.svg")), tr("Topology"));
    m_tabs->addTab(m_events, QIcon(QStringLiteral(":/icons/events.svg")), tr("Events"));
    m_tabs->addTab(m_history, QIcon(QStringLiteral(":/icons/events.svg")), tr("History"));
    m_tabs->addTab(m_gateway, QIcon(QStringLiteral(":/icons/gateway.svg")), tr("Gateway"));
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_pastBanner);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    QToolBar *timeToolBar = addToolBar(tr("Time"));
    timeToolBar->setObjectName(QStringLiteral("timeToolBar"));
    timeToolBar->addWidget(m_timeBar);
    connect(m_past, &PastMode::pastShown, this, &MainWindow::showPastOrPresent);
    connect(m_past, &PastMode::nowShown, this, &MainWindow::showPastOrPresent);
    connect(m_past, &PastMode::topologyRead, this, &MainWindow::updateTopology);

    createActions();
    createMenus();
    createNavigator();
    m_instances->setActions({m_register, m_edit, m_deregister, m_removeOverride, m_copyJson, m_instanceHistory});

    for (QLabel *label : {m_simulationLabel, m_addressLabel, m_countLabel, m_rateLabel, m_preservationLabel})
        statusBar()->addPermanentWidget(label);

    connect(m_workspace, &Workspace::sourceAdded, this, [this](RegistryConnection *source) {
        if (!m_current)
            selectSource(source);
        QStringList names;
        for (auto *each : m_workspace->sources())
            names << each->name();
        m_events->setRegistries(names);
        updateTopology();
    });
    connect(m_workspace, &Workspace::sourceRemoved, this, &MainWindow::onSourceRemoved);
    connect(m_workspace, &Workspace::simulationsChanged, this, &MainWindow::updateActions);
    connect(m_services, &ServicesPage::serviceActivated, this, [this](const QString &key) {
        m_instances->showService(key);
        m_tabs->setCurrentWidget(m_instances);
    });
    connect(m_instances, &InstancesPage::currentInstanceChanged, this, [this] {
        m_heartbeats->setInstance(m_instances->currentInstance());
        updateActions();
        if (const auto current = m_instances->currentInstance(); current && !current->bridge.isEmpty())
            statusBar()->showMessage(BridgeTexts::foreignEntryNote(current->bridge), 8000);
    });
    connect(m_topology, &TopologyView::nodeSelected, this, [this](const QString &key) {
        for (auto *source : m_workspace->sources()) {
            if (keyOfUrl(QUrl(source->address())) == key || source->name() == key)
                selectSource(source);
        }
    });
    connect(m_topology, &TopologyView::linkMenuRequested, this,
            [this](const QString &first, const QString &second, const QPoint &globalPos) {
                if (QMenu *menu = linkMenu(first, second)) {
                    menu->setAttribute(Qt::WA_DeleteOnClose);
                    menu->popup(globalPos);
                }
            });
    connect(m_workspace, &Workspace::linkFaultsChanged, this, &MainWindow::updateTopology);
    m_refreshTimer.setInterval(1000);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        updateStatusBar();
        updateTopology();
    });
    m_refreshTimer.start();

    for (auto *source : m_workspace->sources()) {
        if (!m_current)
            selectSource(source);
    }
    restoreLayout();
    updateActions();
    updateStatusBar();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_register = new QAction(QIcon(QStringLiteral(":/icons/add.svg")), tr("&Register instance…"), this);
    m_register->setShortcut(QKeySequence::New);
    m_register->setStatusTip(tr("Register an instance by hand, or pin an entry for a service that cannot register itself"));
    m_edit = new QAction(QIcon(QStringLiteral(":/icons/edit.svg")), tr("&Edit instance…"), this);
    m_edit->setShortcut(tr("Ctrl+E"));
    m_deregister = new QAction(QIcon(QStringLiteral(":/icons/remove.svg")), tr("&Deregister…"), this);
    m_deregister->setShortcut(QKeySequence::Delete);
    m_removeOverride = new QAction(tr("Remove status &override"), this);
    m_copyJson = new QAction(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy as JSON"), this);
    m_copyJson->setShortcut(QKeySequence::Copy);
    for (const auto status : {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                              InstanceStatus::OutOfService}) {
        auto *action = new QAction(tr("Set status %1").arg(statusName(status)), this);
        action->setData(int(status));
        connect(action, &QAction::triggered, this, [this, status] { setStatus(status); });
        m_statusActions << action;
    }
    m_addNode = new QAction(QIcon(QStringLiteral(":/icons/node.svg")), tr("&Add node"), this);
    m_addNode->setStatusTip(tr("Start another node in the selected cluster, peered with the others"));
    m_addCluster = new QAction(QIcon(QStringLiteral(":/icons/cluster.svg")), tr("New &cluster…"), this);
    m_startNode = new QAction(QIcon(QStringLiteral(":/icons/start.svg")), tr("&Start node"), this);
    m_stopNode = new QAction(QIcon(QStringLiteral(":/icons/stop.svg")), tr("S&top node"), this);
    m_removeNode = new QAction(tr("Re&move node"), this);
    m_linkPeers = new QAction(QIcon(QStringLiteral(":/icons/link.svg")), tr("&Link peers…"), this);
    m_unlinkPeers = new QAction(tr("&Unlink peers…"), this);
    m_addBridge = new QAction(QIcon(QStringLiteral(":/icons/bridge.svg")), tr("Add &bridge…"), this);
    m_addBridge->setStatusTip(tr("Sync the selected node both ways with an external Eureka server or Service-Center"));
    m_removeBridge = new QAction(tr("Remove b&ridge…"), this);
    m_removeBridge->setStatusTip(tr("Stop the bridge selected in the navigator; the entries it pulled leave the node"));
    m_connect = new QAction(QIcon(QStringLiteral(":/icons/remote.svg")), tr("&Connect to registry…"), this);
    m_connect->setStatusTip(tr("Browse and edit a Eureka server, a Service-Center or another Muster node by its URL"));
    m_disconnect = new QAction(tr("&Disconnect"), this);
    m_createService = new QAction(QIcon(QStringLiteral(":/icons/service.svg")), tr("Create &service…"), this);
    m_accounts = new QAction(tr("&Accounts…"), this);
    m_accounts->setStatusTip(tr("Who may read and change the selected node once it requires authentication"));
    m_simulate = new QAction(QIcon(QStringLiteral(":/icons/simulate.svg")), tr("Simulate &load…"), this);
    m_simulate->setStatusTip(tr("Start simulated instances that register and heartbeat against the selected node"));
    m_stopSimulations = new QAction(tr("S&top simulations"), this);
    m_settings = new QAction(tr("&Settings…"), this);
    m_settings->setShortcut(QKeySequence::Preferences);
    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_about = new QAction(tr("&About Muster"), this);
    m_exportHistory = new QAction(tr("&Export history…"), this);
    m_exportHistory->setStatusTip(tr("Write the selected node's history between two moments to a file that can be replayed"));
    m_replayHistory = new QAction(tr("&Replay history…"), this);
    m_replayHistory->setStatusTip(tr("Play an exported history into a new node, so the incident unfolds again"));
    m_instanceHistory = new QAction(tr("&History of this instance…"), this);
    m_instanceHistory->setStatusTip(tr("What the node recorded about the instance: registrations, overrides, gaps in its renewals, its end"));

    connect(m_register, &QAction::triggered, this, &MainWindow::registerInstance);
    connect(m_edit, &QAction::triggered, this, &MainWindow::editInstance);
    connect(m_deregister, &QAction::triggered, this, &MainWindow::deregisterInstances);
    connect(m_removeOverride, &QAction::triggered, this, &MainWindow::removeOverride);
    connect(m_copyJson, &QAction::triggered, this, &MainWindow::copyInstanceJson);
    connect(m_addNode, &QAction::triggered, this, &MainWindow::addNode);
    connect(m_addCluster, &QAction::triggered, this, &MainWindow::addCluster);
    connect(m_startNode, &QAction::triggered, this, [this] { startOrStopNode(true); });
    connect(m_stopNode, &QAction::triggered, this, [this] { startOrStopNode(false); });
    connect(m_removeNode, &QAction::triggered, this, &MainWindow::removeNode);
    connect(m_linkPeers, &QAction::triggered, this, [this] { changePeers(true); });
    connect(m_unlinkPeers, &QAction::triggered, this, [this] { changePeers(false); });
    connect(m_addBridge, &QAction::triggered, this, &MainWindow::addBridge);
    connect(m_removeBridge, &QAction::triggered, this, &MainWindow::removeBridge);
    connect(m_connect, &QAction::triggered, this, &MainWindow::connectToRegistry);
    connect(m_disconnect, &QAction::triggered, this, &MainWindow::disconnectRegistry);
    connect(m_createService, &QAction::triggered, this, &MainWindow::createService);
    connect(m_accounts, &QAction::triggered, this, &MainWindow::manageAccounts);
    connect(m_simulate, &QAction::triggered, this, &MainWindow::simulateLoad);
    connect(m_stopSimulations, &QAction::triggered, m_workspace, &Workspace::stopSimulations);
    connect(m_settings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_exportHistory, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_history);
        m_history->exportRange();
    });
    connect(m_instanceHistory, &QAction::triggered, this, &MainWindow::showInstanceHistory);
    connect(m_replayHistory, &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Replay history"), QString(),
                                                          tr("History exports (*.json)"));
        if (file.isEmpty())
            return;
        bool ok = false;
        const double speed = QInputDialog::getDouble(this, tr("Replay history"), tr("Speed (times the recorded pace):"),
                                                     10, 0.1, 10000, 1, &ok);
        if (ok && !replayHistory(file, speed))
            QMessageBox::warning(this, tr("Replay history"), tr("There is no cluster of nodes in this console to replay into."));
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_connect, m_disconnect});
    file->addSeparator();
    file->addAction(m_exportHistory);
    file->addAction(m_replayHistory);
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *registry = menuBar()->addMenu(tr("&Registry"));
    registry->addActions({m_addNode, m_addCluster});
    registry->addSeparator();
    registry->addActions({m_startNode, m_stopNode, m_removeNode});
    registry->addSeparator();
    registry->addActions({m_linkPeers, m_unlinkPeers});
    registry->addSeparator();
    registry->addActions({m_addBridge, m_removeBridge});
    registry->addSeparator();
    registry->addAction(m_createService);
    registry->addAction(m_accounts);
    registry->addSeparator();
    registry->addActions({m_simulate, m_stopSimulations});
    QMenu *instance = menuBar()->addMenu(tr("&Instance"));
    instance->addActions({m_register, m_edit, m_deregister});
    instance->addSeparator();
    instance->addActions(m_statusActions);
    instance->addAction(m_removeOverride);
    instance->addSeparator();
    instance->addAction(m_copyJson);
    instance->addAction(m_instanceHistory);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int index = 0; index < m_tabs->count(); ++index) {
        QAction *show = view->addAction(m_tabs->tabIcon(index), m_tabs->tabText(index));
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
        connect(show, &QAction::triggered, this, [this, index] { m_tabs->setCurrentIndex(index); });
    }
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
}

void MainWindow::createNavigator()
{
    auto *dock = new QDockWidget(tr("Registries"), this);
    dock->setObjectName(QStringLiteral("registriesDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_navigator = new QTreeView(dock);
    m_navigator->setModel(m_workspace->navigator());
    m_navigator->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_navigator->setUniformRowHeights(true);
    m_navigator->setAllColumnsShowFocus(true);
    m_navigator->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_navigator->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_navigator->addActions({m_addNode, m_startNode, m_stopNode, m_removeNode, m_linkPeers, m_unlinkPeers,
                             m_addBridge, m_removeBridge, m_connect, m_disconnect});
    dock->setWidget(m_navigator);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {280}, Qt::Horizontal);
    connect(m_workspace->navigator(), &QAbstractItemModel::rowsInserted, m_navigator, &QTreeView::expandAll);
    m_navigator->expandAll();
    connect(m_navigator->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (RegistryConnection *source = m_workspace->navigator()->sourceAt(current))
                    setCurrentSource(source);
                updateActions();
            });
}

void MainWindow::selectSource(RegistryConnection *source)
{
    const QModelIndex index = m_workspace->navigator()->indexOf(source);
    if (index.isValid())
        m_navigator->setCurrentIndex(index);
    setCurrentSource(source);
}

void MainWindow::setCurrentSource(RegistryConnection *source)
{
    if (m_current == source)
        return;
    if (m_current)
        disconnect(m_current, nullptr, this, nullptr);
    m_current = source;
    RegistryMirror *mirror = source ? m_workspace->mirrorFor(source) : nullptr;
    m_past->setSource(source);
    // In the past the views wait for the new registry's moment (PastMode::pastShown).
    m_services->setMirror(m_past->isActive() ? nullptr : mirror);
    m_instances->setMirror(m_past->isActive() ? nullptr : mirror);
    m_heartbeats->setMirror(mirror);
    m_gateway->setSource(source, mirror);
    m_history->setNode(source && !source->address().isEmpty() ? QUrl(source->address()) : QUrl(),
                       source ? source->name() : QString());
    if (source) {
        connect(source, &RegistryConnection::stateChanged, this, [this, source] {
            updateActions();
            updateStatusBar();
            // A node's address is known once it runs (and may change when it starts again).
            if (const QUrl address(source->address()); address != m_history->node())
                m_history->setNode(address, source->name());
        });
        m_topology->selectNode(keyOfUrl(QUrl(source->address())));
    }
    updateActions();
    updateStatusBar();
}

void MainWindow::onSourceRemoved(RegistryConnection *source)
{
    if (m_current == source) {
        setCurrentSource(nullptr);
        const auto sources = m_workspace->sources();
        for (auto *other : sources) {
            if (other != source) {
                selectSource(other);
                break;
            }
        }
    }
    updateTopology();
}

void MainWindow::updateActions()
{
    const bool running = m_current && m_current->state() == RegistryConnection::State::Running;
    updateInstanceActions(running);
    const bool local = m_current && m_current->isLocal();
    m_startNode->setEnabled(local && m_current->state() == RegistryConnection::State::Stopped);
    m_stopNode->setEnabled(local && running);
    m_removeNode->setEnabled(local);
    m_addNode->setEnabled(!m_workspace->clusterNames().isEmpty());
    m_disconnect->setEnabled(m_current && !local);
    m_addBridge->setEnabled(running && canBridge(m_current));
    m_removeBridge->setEnabled(running && !m_workspace->navigator()->bridgeUrlAt(m_navigator->currentIndex()).isEmpty());
    m_createService->setEnabled(local && running);
    m_accounts->setEnabled(local && running);
    m_simulate->setEnabled(local && running);
    m_stopSimulations->setEnabled(!m_workspace->simulations().isEmpty());
    disableEditsInThePast();
}

void MainWindow::disableEditsInThePast()
{
    QList<QAction *> edits {m_register, m_edit, m_deregister, m_removeOverride, m_createService, m_addBridge, m_removeBridge};
    edits += m_statusActions;
    const QString why = m_past->isActive()
        ? tr("The views show the past: go back to now (the time bar or the banner) to change the registry")
        : QString();
    for (QAction *action : std::as_const(edits)) {
        if (m_past->isActive()) {
            action->setEnabled(false);
            action->setToolTip(why);
        } else if (action != m_deregister && action != m_edit) {
            action->setToolTip(QString());   // those two have their own, set with the instance actions
        }
    }
}

// The Services and Instances views follow the past moment or the live mirror; all three are tinted in the past.
void MainWindow::showPastOrPresent()
{
    RegistryMirror *mirror = m_past->isActive() ? m_past->mirror()
                           : m_current           ? m_workspace->mirrorFor(m_current)
                                                 : nullptr;
    m_services->setMirror(mirror);
    m_instances->setMirror(mirror);
    for (QWidget *view : std::initializer_list<QWidget *> {m_services->table(), m_instances->table(), m_topology})
        PastBanner::tint(view, m_past->isActive());
    updateActions();
    updateTopology();
}

// An entry a bridge mirrors belongs to its external registry: it is deregistered and its metadata
// changed there. A status override is the node's own, as Eureka allows for any instance it holds.
void MainWindow::updateInstanceActions(bool running)
{
    const auto current = running ? m_instances->currentInstance() : std::nullopt;
    const QList<Instance> selected = current ? m_instances->selectedInstances() : QList<Instance>();
    const bool allForeign = !selected.isEmpty() && std::all_of(selected.cbegin(), selected.cend(), [](const Instance &each) {
        return !each.bridge.isEmpty();
    });
    m_register->setEnabled(running);
    for (QAction *action : {m_edit, m_removeOverride, m_copyJson, m_instanceHistory})
        action->setEnabled(current.has_value());
    for (QAction *action : std::as_const(m_statusActions))
        action->setEnabled(current.has_value());
    m_deregister->setEnabled(current && !allForeign);
    const QString foreignNote = allForeign ? BridgeTexts::foreignEntryNote(selected.first().bridge) : QString();
    // An empty tooltip gives the action's text back as its tooltip.
    m_deregister->setToolTip(allForeign ? tr("Deregister is not offered here. %1").arg(foreignNote) : QString());
    m_deregister->setStatusTip(foreignNote);
    m_edit->setToolTip(current && !current->bridge.isEmpty()
                           ? tr("Edit the status override; the metadata of a mirrored entry cannot be edited here")
                           : QString());
}

QString MainWindow::statusText() const
{
    return QStringList {m_addressLabel->text(), m_countLabel->text(), m_rateLabel->text(),
                        m_preservationLabel->text()}.join(QStringLiteral(" | "));
}

void MainWindow::updateStatusBar()
{
    QStringList simulations;
    for (const auto *simulator : m_workspace->simulations()) {
        const auto counters = simulator->counters();
        simulations << tr("simulating %1 instances, %2 heartbeats/s").arg(counters.instances)
                           .arg(counters.heartbeatsPerSecond);
    }
    m_simulationLabel->setText(simulations.join(QStringLiteral("; ")));
    RegistryMirror *mirror = m_current ? m_workspace->mirrorFor(m_current) : nullptr;
    if (!m_current || !mirror) {
        m_addressLabel->setText(tr("No registry selected"));
        m_countLabel->clear();
        m_rateLabel->clear();
        m_preservationLabel->clear();
        return;
    }
    QString state = NavigatorModel::stateName(int(m_current->state()));
    const StoreStatus &store = mirror->status().store;
    if (mirror->hasStatus() && store.kind == StoreStatus::Kind::Etcd)
        state = store.stale ? tr("etcd unreachable: reads are cached, writes refused") : tr("on etcd at %1").arg(store.endpoint);
    m_addressLabel->setText(tr("%1 at %2 (%3)").arg(m_current->name(),
                                                   m_current->address().isEmpty() ? tr("no address")
                                                                                  : m_current->address(),
                                                   state));
    const int services = mirror->services()->rowCount();
    const int instances = mirror->instances()->rowCount();
    m_countLabel->setText(tr("%n service(s)", nullptr, services) + QStringLiteral(", ")
                          + tr("%n instance(s)", nullptr, instances));
    const auto &preservation = mirror->status().selfPreservation;
    const bool measuring = mirror->hasStatus() && preservation.measuringUntilMs > 0;
    m_rateLabel->setText(measuring ? tr("%1 renewals so far this minute").arg(qRound(mirror->renewsPerMin()))
                                   : tr("%1 renewals/min").arg(qRound(mirror->renewsPerMin())));
    const bool leasesInEtcd = mirror->status().store.kind == StoreStatus::Kind::Etcd;
    const bool held = preservation.active && !leasesInEtcd
        && preservation.reason() == SelfPreservationState::Reason::HoldingLeases;
    m_preservationLabel->setText(!mirror->hasStatus()      ? QString()
                                 : leasesInEtcd           ? tr("leases expire in etcd")
                                 : !preservation.enabled  ? tr("self-preservation off")
                                 : preservation.reason() == SelfPreservationState::Reason::Measuring
                                     ? tr("self-preservation: measuring until %1").arg(SelfPreservationText::measuredAt(preservation))
                                 : held                   ? tr("SELF-PRESERVATION: leases held")
                                                          : tr("self-preservation armed"));
    m_preservationLabel->setToolTip(HeartbeatsPage::explain(preservation));
    QPalette palette = m_preservationLabel->palette();
    palette.setColor(QPalette::WindowText, held ? StatusPalette::warning()
                                                               : QApplication::palette().color(QPalette::WindowText));
    m_preservationLabel->setPalette(palette);
}

void MainWindow::updateTopology()
{
    QList<TopologyNodeItem::Info> nodes;
    QList<TopologyView::Link> links;
    QSet<QString> known;
    QList<QPair<RegistryConnection *, RegistryConnection *>> divergencePairs;
    for (auto *source : m_workspace->sources()) {
        if (!source->isLocal())
            continue;
        RegistryMirror *mirror = m_workspace->mirrorFor(source);
        const QString key = source->address().isEmpty() ? source->name() : keyOfUrl(QUrl(source->address()));
        known.insert(key);
        const bool running = source->state() == RegistryConnection::State::Running;
        const QColor color = running ? StatusPalette::healthy()
                           : source->state() == RegistryConnection::State::Starting ? StatusPalette::accent()
                                                                                 : StatusPalette::inactive();
        const QString detail = running && mirror ? QString::number(mirror->instances()->rowCount())
                                                 : NavigatorModel::stateName(int(source->state()));
        if (m_past->isActive()) {
            // What each node held then; the links' states are not in the history.
            const auto then = m_past->instancesAt(source);
            nodes.append({key, source->name(), source->address(), then ? QString::number(*then) : tr("no history"),
                          then ? StatusPalette::inactive() : StatusPalette::failing(), false,
                          TopologyNodeItem::Shape::Node,
                          tr("%1 in the past: the instances it held then. Its links to peers are not in the "
                             "history, so none are drawn.").arg(source->name())});
            continue;
        }
        nodes.append({key, source->name(), source->address(), detail, color, false, TopologyNodeItem::Shape::Node, {}});
        if (!running || !mirror || !mirror->hasStatus())
            continue;
        for (const auto &peer : mirror->status().peers) {
            TopologyLinkItem::Direction direction;
            direction.present = true;
            switch (peer.reachability) {
            case PeerState::Reachability::Reachable:
                direction.color = peer.queueLength > 0 ? StatusPalette::warning() : StatusPalette::healthy();
                direction.label = tr("queue %1 · lag %2 ms").arg(peer.queueLength).arg(peer.lagMs);
                break;
            case PeerState::Reachability::Unreachable:
                direction.color = StatusPalette::failing();
                direction.label = tr("unreachable · queue %1").arg(peer.queueLength);
                break;
            case PeerState::Reachability::Unknown:
                direction.color = StatusPalette::inactive();
                direction.label = tr("not contacted yet");
                break;
            }
            const QString peerKey = keyOfUrl(QUrl(peer.url));
            if (RegistryConnection *peerNode = localNodeWithKey(peerKey)) {
                if (const QString fault = faultText(source, peerNode); !fault.isEmpty()) {
                    direction.label += fault;
                    direction.style = Qt::DashLine;
                    direction.toolTip = tr("A fault is injected on this link; right-click it to change or heal it");
                }
                const QString pairKey = std::min(key, peerKey) + u'|' + std::max(key, peerKey);
                if (key < peerKey && m_divergence.value(pairKey, 0) > 0)
                    direction.label += tr(" · %n diverging", nullptr, int(m_divergence.value(pairKey)));
                if (key < peerKey)
                    divergencePairs.append(qMakePair(source, peerNode));
            }
            links.append({key, peerKey, direction});
        }
        addBridgesToTopology(key, mirror->status().bridges, known, nodes, links);
    }
    // Peers outside this console are drawn too, with a dashed outline.
    for (const auto &link : std::as_const(links)) {
        if (known.contains(link.to))
            continue;
        known.insert(link.to);
        nodes.append({link.to, link.to, tr("outside this console"), QString(), StatusPalette::inactive(), true,
                      TopologyNodeItem::Shape::Node, {}});
    }
    m_topology->setTopology(nodes, links);
    if (m_current)
        m_topology->selectNode(keyOfUrl(QUrl(m_current->address())));
    measureDivergences(divergencePairs);
}

RegistryConnection *MainWindow::localNodeWithKey(const QString &key) const
{
    for (auto *source : m_workspace->sources()) {
        if (source->isLocal() && !source->address().isEmpty() && keyOfUrl(QUrl(source->address())) == key)
            return source;
    }
    return nullptr;
}

QString MainWindow::faultText(const RegistryConnection *from, const RegistryConnection *to) const
{
    const LinkFault fault = m_workspace->linkFault(from, to);
    QString text;
    if (fault.dropAll)
        text += tr(" · drops all");
    else if (fault.dropShare > 0)
        text += tr(" · drops %1 %").arg(qRound(fault.dropShare * 100));
    if (fault.latencyMs > 0)
        text += tr(" · +%1 ms").arg(fault.latencyMs);
    return text;
}

// Each pair of linked local nodes is compared off the GUI thread; the counts show on a later refresh.
void MainWindow::measureDivergences(const QList<QPair<RegistryConnection *, RegistryConnection *>> &pairs)
{
    // A snapshot of each node per pair: not on every refresh.
    constexpr qint64 intervalMs = 3000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastDivergenceMs < intervalMs)
        return;
    m_lastDivergenceMs = now;
    for (const auto &[first, second] : pairs) {
        const QString a = keyOfUrl(QUrl(first->address()));
        const QString b = keyOfUrl(QUrl(second->address()));
        const QString pairKey = std::min(a, b) + u'|' + std::max(a, b);
        m_workspace->measureDivergence(first, second, this, [this, pairKey](const Divergence &divergence) {
            m_divergence.insert(pairKey, divergence.count());
        });
    }
}

QMenu *MainWindow::linkMenu(const QString &first, const QString &second)
{
    RegistryConnection *a = localNodeWithKey(first);
    RegistryConnection *b = localNodeWithKey(second);
    if (!a || !b)
        return nullptr;
    auto *menu = new QMenu(this);
    const auto addFaults = [this, menu](RegistryConnection *from, RegistryConnection *to) {
        QMenu *direction = menu->addMenu(tr("%1 → %2").arg(from->name(), to->name()));
        const LinkFault current = m_workspace->linkFault(from, to);
        const auto add = [this, direction, from, to](const QString &text, LinkFault fault, bool checked) {
            QAction *action = direction->addAction(text);
            action->setCheckable(true);
            action->setChecked(checked);
            connect(action, &QAction::triggered, this, [this, from, to, fault] {
                m_workspace->setLinkFault(from, to, fault);
            });
        };
        add(tr("Drop everything"), LinkFault {true, 0, 0}, current.dropAll);
        add(tr("Drop 30 % of batches"), LinkFault {false, 0.3, current.latencyMs}, !current.dropAll && current.dropShare > 0);
        add(tr("Add 500 ms of latency"), LinkFault {current.dropAll, current.dropShare, 500}, current.latencyMs > 0);
        add(tr("Heal"), LinkFault {}, current.isNone());
    };
    addFaults(a, b);
    addFaults(b, a);
    menu->addSeparator();
    QAction *partition = menu->addAction(tr("Partition (cut both directions)"));
    connect(partition, &QAction::triggered, this, [this, a, b] {
        m_workspace->setLinkFault(a, b, LinkFault {true, 0, 0});
        m_workspace->setLinkFault(b, a, LinkFault {true, 0, 0});
    });
    QAction *heal = menu->addAction(tr("Heal both directions"));
    connect(heal, &QAction::triggered, this, [this, a, b] {
        m_workspace->setLinkFault(a, b, {});
        m_workspace->setLinkFault(b, a, {});
    });
    menu->addSeparator();
    QAction *divergence = menu->addAction(tr("Divergence…"));
    connect(divergence, &QAction::triggered, this, [this, a, b] {
        auto *dialog = new DivergenceDialog(m_workspace, a, b, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    return menu;
}

bool MainWindow::replayHistory(const QString &file, double speed)
{
    const QString cluster = m_current ? m_workspace->clusterOf(m_current) : QString();
    return m_workspace->addReplayNode(cluster, file, speed)
        || m_workspace->addReplayNode(m_workspace->clusterNames().value(0), file, speed);
}

void MainWindow::showInstanceHistory()
{
    const auto current = m_instances->currentInstance();
    if (!current || !m_current || m_current->address().isEmpty())
        return;
    auto *dialog = new InstanceHistoryDialog(QUrl(m_current->address()), current->app, current->instanceId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

// Each external registry is one shape however many nodes bridge to it; each bridge is a link with a
// lane for what it pulls and one for what it pushes.
void MainWindow::addBridgesToTopology(const QString &nodeKey, const QList<BridgeState> &bridges, QSet<QString> &known,
                                      QList<TopologyNodeItem::Info> &nodes, QList<TopologyView::Link> &links) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const BridgeState &bridge : bridges) {
        const QString registryKey = bridgeTopologyKey(bridge.url);
        const QString details = BridgeTexts::details(bridge, now);
        if (!known.contains(registryKey)) {
            known.insert(registryKey);
            TopologyNodeItem::Info registry;
            registry.key = registryKey;
            registry.name = BridgeTexts::kindName(bridge.kind);
            registry.address = bridge.url;
            registry.color = StatusPalette::inactive();
            registry.shape = TopologyNodeItem::Shape::ExternalRegistry;
            registry.toolTip = tr("External registry: %1 at %2").arg(BridgeTexts::kindName(bridge.kind), bridge.url);
            nodes.append(registry);
        }
        TopologyLinkItem::Direction push;
        push.present = true;
        push.color = BridgeTexts::phaseColor(bridge.phase);
        push.style = bridge.phase == BridgeState::Phase::Cut ? Qt::DashLine
                   : bridge.phase == BridgeState::Phase::Connecting ? Qt::DotLine
                                                                    : Qt::SolidLine;
        push.toolTip = details;
        TopologyLinkItem::Direction pull = push;
        push.label = bridge.queued > 0 ? tr("↑ %1 · queue %2 · lag %3 ms").arg(bridge.pushed).arg(bridge.queued)
                                             .arg(bridge.lagMs)
                                       : tr("↑ %1 pushed").arg(bridge.pushed);
        pull.label = tr("↓ %1 pulled · %2").arg(bridge.pulled).arg(BridgeTexts::phaseName(bridge.phase));
        links.append({nodeKey, registryKey, push});
        links.append({registryKey, nodeKey, pull});
    }
}

QString MainWindow::bridgeTopologyKey(const QString &url)
{
    return QStringLiteral("bridge:") + url;
}

QAction *MainWindow::statusAction(InstanceStatus status) const
{
    for (QAction *action : m_statusActions) {
        if (action->data().toInt() == int(status))
            return action;
    }
    return nullptr;
}

RegistryConnection::CommandCallback MainWindow::reportTo(const QString &operation)
{
    return [this, operation](const CommandResult &result) {
        if (result.ok) {
            statusBar()->showMessage(tr("%1: done").arg(operation), 4000);
            emit commandFinished({});
            return;
        }
        qCInfo(lcUi).noquote() << operation << "failed:" << result.error;
        const QString message = CommandMessages::describe(result);
        QMessageBox::warning(this, operation, tr("%1 failed: %2").arg(operation, message));
        emit commandFinished(message);
    };
}

void MainWindow::registerInstance()
{
    if (!m_current)
        return;
    auto *dialog = new InstanceDialog(InstanceDialog::Mode::Register, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (RegistryMirror *mirror = m_workspace->mirrorFor(m_current))
        dialog->setKnownApps(mirror->instances()->apps());
    dialog->setPinnable(m_current->isLocal());
    QPointer<RegistryConnection> source = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source] {
        if (source)
            source->registerInstance(dialog->instance(), this, reportTo(tr("Register %1").arg(dialog->instance().instanceId)));
    });
    dialog->open();
}

void MainWindow::editInstance()
{
    const auto instance = m_instances->currentInstance();
    if (!m_current || !instance)
        return;
    auto *dialog = new InstanceDialog(InstanceDialog::Mode::Edit, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setInstance(*instance);
    QPointer<RegistryConnection> source = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source, instance] {
        if (!source)
            return;
        const QString operation = tr("Edit %1").arg(instance->instanceId);
        if (dialog->status() != instance->status)
            source->setStatusOverride(instance->app, instance->instanceId, dialog->status(), this, reportTo(operation));
        if (instance->bridge.isEmpty() && dialog->metadata() != instance->metadata)
            source->replaceMetadata(instance->app, instance->instanceId, dialog->metadata(), this, reportTo(operation));
    });
    dialog->open();
}

void MainWindow::deregisterInstances()
{
    QList<Instance> selected = m_instances->selectedInstances();
    const qsizetype foreign = selected.removeIf([](const Instance &instance) { return !instance.bridge.isEmpty(); });
    if (!m_current || selected.isEmpty())
        return;
    const QString question = selected.size() == 1
        ? tr("Deregister %1 from %2?").arg(selected.first().instanceId, selected.first().app)
        : tr("Deregister %n instance(s)?", nullptr, int(selected.size()));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Deregister"),
                                question + u'\n' + tr("Clients stop seeing it at their next fetch. An instance that "
                                                      "still heartbeats will register again.")
                                    + (foreign > 0 ? u'\n' + tr("%n entry(s) mirrored by a bridge stay: they are "
                                                                 "deregistered at their own registry.", nullptr,
                                                                 int(foreign))
                                                   : QString()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    QPointer<RegistryConnection> source = m_current;
    connect(box, &QMessageBox::accepted, this, [this, source, selected] {
        for (const auto &instance : selected) {
            if (source)
                source->cancelInstance(instance.app, instance.instanceId, this,
                                       reportTo(tr("Deregister %1").arg(instance.instanceId)));
        }
    });
    box->open();
}

void MainWindow::setStatus(InstanceStatus status)
{
    for (const auto &instance : m_instances->selectedInstances()) {
        m_current->setStatusOverride(instance.app, instance.instanceId, status, this,
                                     reportTo(tr("Set %1 to %2").arg(instance.instanceId, statusName(status))));
    }
}

void MainWindow::removeOverride()
{
    for (const auto &instance : m_instances->selectedInstances()) {
        m_current->removeStatusOverride(instance.app, instance.instanceId, std::nullopt, this,
                                        reportTo(tr("Remove the override of %1").arg(instance.instanceId)));
    }
}

void MainWindow::copyInstanceJson()
{
    const QList<Instance> selected = m_instances->selectedInstances();
    if (selected.isEmpty())
        return;
    QByteArray json;
    for (const auto &instance : selected)
        json += InstanceDocument::eurekaJson(instance) + '\n';
    QApplication::clipboard()->setText(QString::fromUtf8(json));
    statusBar()->showMessage(tr("Copied %n instance(s) as JSON", nullptr, int(selected.size())), 4000);
}

void MainWindow::addNode()
{
    QString cluster = m_current ? m_workspace->clusterOf(m_current) : QString();
    if (cluster.isEmpty())
        cluster = m_workspace->navigator()->groupAt(m_navigator->currentIndex());
    if (!m_workspace->clusterNames().contains(cluster) && !m_workspace->clusterNames().isEmpty())
        cluster = m_workspace->clusterNames().first();
    m_workspace->addNode(cluster);
}

void MainWindow::addCluster()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New cluster"), tr("Name of the cluster's nodes:"),
                                               QLineEdit::Normal,
                                               QStringLiteral("cluster%1").arg(m_workspace->clusterNames().size() + 1),
                                               &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    if (m_workspace->clusterNames().contains(name)) {
        QMessageBox::warning(this, tr("New cluster"), tr("A cluster named %1 exists already.").arg(name));
        return;
    }
    if (m_workspace->addCluster(name))
        m_workspace->addNode(name);
}

void MainWindow::startOrStopNode(bool start)
{
    if (!m_current)
        return;
    if (start)
        m_workspace->startNode(m_current);
    else
        m_workspace->stopNode(m_current);
}

void MainWindow::removeNode()
{
    if (!m_current || !m_current->isLocal())
        return;
    const auto answer = QMessageBox::question(this, tr("Remove node"),
                                              tr("Stop %1 and remove it from its cluster? Its peers stop "
                                                 "replicating to it.").arg(m_current->name()));
    if (answer == QMessageBox::Yes)
        m_workspace->removeNode(m_current);
}

void MainWindow::changePeers(bool link)
{
    QList<RegistryConnection *> running;
    for (auto *source : m_workspace->sources()) {
        if (source->isLocal() && source->state() == RegistryConnection::State::Running)
            running << source;
    }
    auto *dialog = new PeerDialog(running, link, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_current)
        dialog->setFirst(m_current);
    connect(dialog, &QDialog::accepted, this, [this, dialog, link] {
        RegistryConnection *a = dialog->first();
        RegistryConnection *b = dialog->second();
        const QString operation = link ? tr("Link %1 and %2").arg(a->name(), b->name())
                                       : tr("Unlink %1 and %2").arg(a->name(), b->name());
        if (link)
            m_workspace->linkPeers(a, b, reportTo(operation));
        else
            m_workspace->unlinkPeers(a, b, reportTo(operation));
    });
    dialog->open();
}

bool MainWindow::canBridge(const RegistryConnection *source) const
{
    if (!source)
        return false;
    const auto *remote = qobject_cast<const RemoteRegistry *>(source);
    return source->isLocal() || (remote && remote->kind() == RemoteRegistry::Kind::Muster);
}

void MainWindow::addBridge()
{
    if (!canBridge(m_current))
        return;
    QStringList bridged;
    if (RegistryMirror *mirror = m_workspace->mirrorFor(m_current)) {
        for (const BridgeState &bridge : mirror->status().bridges)
            bridged << bridge.url;
    }
    auto *dialog = new BridgeDialog(m_current->name(), QUrl(m_current->address()), bridged, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<RegistryConnection> source = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source] {
        if (source)
            source->addBridge(dialog->kind(), dialog->url(), this,
                              reportTo(tr("Add a bridge to %1").arg(dialog->url().toString())));
    });
    dialog->open();
}

void MainWindow::removeBridge()
{
    const QModelIndex index = m_navigator->currentIndex();
    RegistryConnection *source = m_workspace->navigator()->sourceAt(index);
    const QString url = m_workspace->navigator()->bridgeUrlAt(index);
    if (!source || url.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove bridge"),
                                tr("Remove the bridge from %1 to %2?").arg(source->name(), url) + u'\n'
                                    + tr("The entries it mirrored leave %1, and it stops registering the node's "
                                         "instances there.").arg(source->name()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    QPointer<RegistryConnection> target = source;
    connect(box, &QMessageBox::accepted, this, [this, target, url] {
        if (target)
            target->removeBridge(QUrl(url), this, reportTo(tr("Remove the bridge to %1").arg(url)));
    });
    box->open();
}

void MainWindow::connectToRegistry()
{
    auto *dialog = new ConnectDialog(ConsoleSettings::knownConnections(), CredentialStore::instance(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QUrl url = dialog->url();
        RegistryConnection *source = m_workspace->connectRemote(url, dialog->kind(), dialog->caFile());
        selectSource(source);
        keepPassword(url, dialog->rememberPassword(), source->name());
    });
    dialog->open();
}

// The password goes to the keyring (or the fallback file, with a warning in the event log), never
// to the settings; unticking "remember" forgets one kept before.
void MainWindow::keepPassword(const QUrl &url, bool remember, const QString &registry)
{
    if (url.userName().isEmpty())
        return;
    const QString key = ConnectDialog::credentialKey(url);
    const auto report = [this, registry](const CredentialStore::Outcome &outcome) {
        if (!outcome.warning.isEmpty()) {
            m_workspace->logNodeEvent(registry, outcome.warning);
            statusBar()->showMessage(outcome.warning, 10000);
        }
    };
    if (remember && !url.password().isEmpty())
        CredentialStore::instance()->save(key, url.password(), report);
    else if (!remember)
        CredentialStore::instance()->forget(key, report);
}

void MainWindow::disconnectRegistry()
{
    if (m_current && !m_current->isLocal())
        m_workspace->disconnectRemote(m_current);
}

void MainWindow::manageAccounts()
{
    if (!m_current || !m_current->isLocal())
        return;
    auto *dialog = new AccountsDialog(m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::createService()
{
    if (!m_current || !m_current->isLocal())
        return;
    auto *dialog = new ServiceDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<RegistryConnection> source = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source] {
        if (!source)
            return;
        const Service service = dialog->service();
        auto report = reportTo(tr("Create %1").arg(service.key.serviceName));
        source->createService(service, this, [report](const ServiceResult &result) { report(result.result); });
    });
    dialog->open();
}

void MainWindow::simulateLoad()
{
    const QUrl serviceUrl = m_current ? m_workspace->serviceUrlOf(m_current) : QUrl();
    if (serviceUrl.isEmpty())
        return;
    auto *dialog = new LoadSimulationDialog(serviceUrl, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_workspace->startSimulation(dialog->options()); });
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [dialog] { dialog->save(); });
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Muster"),
                       tr("<h3>Muster %1</h3><p>A service registry that speaks Eureka and ServiceComb "
                          "Service-Center, with this console to watch and edit it live.</p>"
                          "<p>Licensed under the GNU GPL, version 3 or later.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 780);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_instances->table()->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("window/instancesHeader")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/instancesHeader"), m_instances->table()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}
