// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "dialogs/connectdialog.h"
#include "consolesettings.h"
#include "eureka/eurekajsoncodec.h"
#include "views/eventspage.h"
#include "views/heartbeatspage.h"
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
#include "views/statuspalette.h"
#include "views/topologyview.h"
#include "workspace.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

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
    , m_services(new ServicesPage(this))
    , m_instances(new InstancesPage(this))
    , m_heartbeats(new HeartbeatsPage(this))
    , m_topology(new TopologyView(this))
    , m_events(new EventsPage(workspace->events(), this))
    , m_addressLabel(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_rateLabel(new QLabel(this))
    , m_preservationLabel(new QLabel(this))
    , m_simulationLabel(new QLabel(this))
{
    setWindowTitle(tr("Muster"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/muster.svg")));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_services, QIcon(QStringLiteral(":/icons/service.svg")), tr("Services"));
    m_tabs->addTab(m_instances, QIcon(QStringLiteral(":/icons/instance.svg")), tr("Instances"));
    m_tabs->addTab(m_heartbeats, QIcon(QStringLiteral(":/icons/heartbeat.svg")), tr("Heartbeats"));
    m_tabs->addTab(m_topology, QIcon(QStringLiteral(":/icons/topology.svg")), tr("Topology"));
    m_tabs->addTab(m_events, QIcon(QStringLiteral(":/icons/events.svg")), tr("Events"));
    setCentralWidget(m_tabs);

    createActions();
    createMenus();
    createNavigator();
    m_instances->setActions({m_register, m_edit, m_deregister, m_removeOverride, m_copyJson});

    for (QLabel *label : {m_simulationLabel, m_addressLabel, m_countLabel, m_rateLabel, m_preservationLabel})
        statusBar()->addPermanentWidget(label);

    connect(m_workspace, &Workspace::sourceAdded, this, [this](RegistrySource *source) {
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
    });
    connect(m_topology, &TopologyView::nodeSelected, this, [this](const QString &key) {
        for (auto *source : m_workspace->sources()) {
            if (keyOfUrl(QUrl(source->address())) == key || source->name() == key)
                selectSource(source);
        }
    });
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
    m_connect = new QAction(QIcon(QStringLiteral(":/icons/remote.svg")), tr("&Connect to registry…"), this);
    m_connect->setStatusTip(tr("Browse and edit a Eureka server, a Service-Center or another Muster node by its URL"));
    m_disconnect = new QAction(tr("&Disconnect"), this);
    m_createService = new QAction(QIcon(QStringLiteral(":/icons/service.svg")), tr("Create &service…"), this);
    m_simulate = new QAction(QIcon(QStringLiteral(":/icons/simulate.svg")), tr("Simulate &load…"), this);
    m_simulate->setStatusTip(tr("Start simulated instances that register and heartbeat against the selected node"));
    m_stopSimulations = new QAction(tr("S&top simulations"), this);
    m_settings = new QAction(tr("&Settings…"), this);
    m_settings->setShortcut(QKeySequence::Preferences);
    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_about = new QAction(tr("&About Muster"), this);

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
    connect(m_connect, &QAction::triggered, this, &MainWindow::connectToRegistry);
    connect(m_disconnect, &QAction::triggered, this, &MainWindow::disconnectRegistry);
    connect(m_createService, &QAction::triggered, this, &MainWindow::createService);
    connect(m_simulate, &QAction::triggered, this, &MainWindow::simulateLoad);
    connect(m_stopSimulations, &QAction::triggered, m_workspace, &Workspace::stopSimulations);
    connect(m_settings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_connect, m_disconnect});
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
    registry->addAction(m_createService);
    registry->addSeparator();
    registry->addActions({m_simulate, m_stopSimulations});
    QMenu *instance = menuBar()->addMenu(tr("&Instance"));
    instance->addActions({m_register, m_edit, m_deregister});
    instance->addSeparator();
    instance->addActions(m_statusActions);
    instance->addAction(m_removeOverride);
    instance->addSeparator();
    instance->addAction(m_copyJson);
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
                             m_connect, m_disconnect});
    dock->setWidget(m_navigator);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {440}, Qt::Horizontal);
    connect(m_workspace->navigator(), &QAbstractItemModel::rowsInserted, m_navigator, &QTreeView::expandAll);
    m_navigator->expandAll();
    connect(m_navigator->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (RegistrySource *source = m_workspace->navigator()->sourceAt(current))
                    setCurrentSource(source);
                updateActions();
            });
}

void MainWindow::selectSource(RegistrySource *source)
{
    const QModelIndex index = m_workspace->navigator()->indexOf(source);
    if (index.isValid())
        m_navigator->setCurrentIndex(index);
    setCurrentSource(source);
}

void MainWindow::setCurrentSource(RegistrySource *source)
{
    if (m_current == source)
        return;
    if (m_current)
        disconnect(m_current, nullptr, this, nullptr);
    m_current = source;
    RegistryMirror *mirror = source ? m_workspace->mirrorFor(source) : nullptr;
    m_services->setMirror(mirror);
    m_instances->setMirror(mirror);
    m_heartbeats->setMirror(mirror);
    if (source) {
        connect(source, &RegistrySource::stateChanged, this, [this] {
            updateActions();
            updateStatusBar();
        });
        m_topology->selectNode(keyOfUrl(QUrl(source->address())));
    }
    updateActions();
    updateStatusBar();
}

void MainWindow::onSourceRemoved(RegistrySource *source)
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
    const bool running = m_current && m_current->state() == RegistrySource::State::Running;
    const bool hasInstance = running && m_instances->currentInstance().has_value();
    m_register->setEnabled(running);
    for (QAction *action : {m_edit, m_deregister, m_removeOverride, m_copyJson})
        action->setEnabled(hasInstance);
    for (QAction *action : std::as_const(m_statusActions))
        action->setEnabled(hasInstance);
    const bool local = m_current && m_current->isLocal();
    m_startNode->setEnabled(local && m_current->state() == RegistrySource::State::Stopped);
    m_stopNode->setEnabled(local && running);
    m_removeNode->setEnabled(local);
    m_addNode->setEnabled(!m_workspace->clusterNames().isEmpty());
    m_disconnect->setEnabled(m_current && !local);
    m_createService->setEnabled(local && running);
    m_simulate->setEnabled(local && running);
    m_stopSimulations->setEnabled(!m_workspace->simulations().isEmpty());
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
    m_rateLabel->setText(tr("%1 renewals/min").arg(qRound(mirror->measuredRenewsPerMin())));
    const auto &preservation = mirror->status().selfPreservation;
    const bool leasesInEtcd = mirror->status().store.kind == StoreStatus::Kind::Etcd;
    m_preservationLabel->setText(!mirror->hasStatus()      ? QString()
                                 : leasesInEtcd           ? tr("leases expire in etcd")
                                 : !preservation.enabled  ? tr("self-preservation off")
                                 : preservation.active    ? tr("SELF-PRESERVATION: leases held")
                                                          : tr("self-preservation armed"));
    m_preservationLabel->setToolTip(HeartbeatsPage::explain(preservation));
    QPalette palette = m_preservationLabel->palette();
    palette.setColor(QPalette::WindowText, preservation.active && !leasesInEtcd ? StatusPalette::warning()
                                                               : QApplication::palette().color(QPalette::WindowText));
    m_preservationLabel->setPalette(palette);
}

void MainWindow::updateTopology()
{
    QList<TopologyNodeItem::Info> nodes;
    QList<TopologyView::Link> links;
    QSet<QString> known;
    for (auto *source : m_workspace->sources()) {
        if (!source->isLocal())
            continue;
        RegistryMirror *mirror = m_workspace->mirrorFor(source);
        const QString key = source->address().isEmpty() ? source->name() : keyOfUrl(QUrl(source->address()));
        known.insert(key);
        const bool running = source->state() == RegistrySource::State::Running;
        const QColor color = running ? StatusPalette::healthy()
                           : source->state() == RegistrySource::State::Starting ? StatusPalette::accent()
                                                                                 : StatusPalette::inactive();
        const QString detail = running && mirror ? QString::number(mirror->instances()->rowCount())
                                                 : NavigatorModel::stateName(int(source->state()));
        nodes.append({key, source->name(), source->address(), detail, color, false});
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
            links.append({key, keyOfUrl(QUrl(peer.url)), direction});
        }
    }
    // Peers outside this console are drawn too, with a dashed outline.
    for (const auto &link : std::as_const(links)) {
        if (known.contains(link.to))
            continue;
        known.insert(link.to);
        nodes.append({link.to, link.to, tr("outside this console"), QString(), StatusPalette::inactive(), true});
    }
    m_topology->setTopology(nodes, links);
    if (m_current)
        m_topology->selectNode(keyOfUrl(QUrl(m_current->address())));
}

QAction *MainWindow::statusAction(InstanceStatus status) const
{
    for (QAction *action : m_statusActions) {
        if (action->data().toInt() == int(status))
            return action;
    }
    return nullptr;
}

RegistrySource::CommandCallback MainWindow::reportTo(const QString &operation)
{
    return [this, operation](const CommandResult &result) {
        if (result.ok) {
            statusBar()->showMessage(tr("%1: done").arg(operation), 4000);
        } else {
            QMessageBox::warning(this, operation, tr("%1 failed: %2").arg(operation, result.error));
        }
        emit commandFinished(result.ok ? QString() : result.error);
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
    QPointer<RegistrySource> source = m_current;
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
    QPointer<RegistrySource> source = m_current;
    connect(dialog, &QDialog::accepted, this, [this, dialog, source, instance] {
        if (!source)
            return;
        const QString operation = tr("Edit %1").arg(instance->instanceId);
        if (dialog->status() != instance->status)
            source->setStatusOverride(instance->app, instance->instanceId, dialog->status(), this, reportTo(operation));
        if (dialog->metadata() != instance->metadata)
            source->replaceMetadata(instance->app, instance->instanceId, dialog->metadata(), this, reportTo(operation));
    });
    dialog->open();
}

void MainWindow::deregisterInstances()
{
    const QList<Instance> selected = m_instances->selectedInstances();
    if (!m_current || selected.isEmpty())
        return;
    const QString question = selected.size() == 1
        ? tr("Deregister %1 from %2?").arg(selected.first().instanceId, selected.first().app)
        : tr("Deregister %n instance(s)?", nullptr, int(selected.size()));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Deregister"),
                                question + u'\n' + tr("Clients stop seeing it at their next fetch. An instance that "
                                                      "still heartbeats will register again."),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    QPointer<RegistrySource> source = m_current;
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
        m_current->removeStatusOverride(instance.app, instance.instanceId, this,
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
        json += EurekaJsonCodec::encodeInstanceDocument(instance) + '\n';
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
    NodeConfig base;
    base.name = name;
    base.port = 0;
    base.registerWithPeers = true;
    m_workspace->addCluster(name, base);
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
    QList<RegistrySource *> running;
    for (auto *source : m_workspace->sources()) {
        if (source->isLocal() && source->state() == RegistrySource::State::Running)
            running << source;
    }
    auto *dialog = new PeerDialog(running, link, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_current)
        dialog->setFirst(m_current);
    connect(dialog, &QDialog::accepted, this, [this, dialog, link] {
        RegistrySource *a = dialog->first();
        RegistrySource *b = dialog->second();
        const QString operation = link ? tr("Link %1 and %2").arg(a->name(), b->name())
                                       : tr("Unlink %1 and %2").arg(a->name(), b->name());
        if (link)
            m_workspace->linkPeers(a, b, reportTo(operation));
        else
            m_workspace->unlinkPeers(a, b, reportTo(operation));
    });
    dialog->open();
}

void MainWindow::connectToRegistry()
{
    auto *dialog = new ConnectDialog(ConsoleSettings::knownConnections(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        selectSource(m_workspace->connectRemote(dialog->url(), dialog->kind()));
    });
    dialog->open();
}

void MainWindow::disconnectRegistry()
{
    if (m_current && !m_current->isLocal())
        m_workspace->disconnectRemote(m_current);
}

void MainWindow::createService()
{
    if (!m_current || !m_current->localNode())
        return;
    auto *dialog = new ServiceDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<NodeHandle> node = m_current->localNode();
    connect(dialog, &QDialog::accepted, this, [this, dialog, node] {
        if (!node)
            return;
        const Service service = dialog->service();
        auto report = reportTo(tr("Create %1").arg(service.key.serviceName));
        node->createService(service, this, [report](const ServiceResult &result) { report(result.result); });
    });
    dialog->open();
}

void MainWindow::simulateLoad()
{
    const QUrl serviceUrl = m_current ? Workspace::serviceUrlOf(m_current) : QUrl();
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
