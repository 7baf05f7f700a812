// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "consolesettings.h"
#include "models/eventlogmodel.h"
#include "client/loadsimulator.h"
#include "dialogs/connectdialog.h"
#include "tls/tlsfiles.h"
#include "models/navigatormodel.h"
#include "models/registrymirror.h"
#include "model/urlcredentials.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcUi, "muster.ui", QtInfoMsg)

namespace {
const QString remoteGroup = QStringLiteral("remote");
}

Workspace::Workspace(QObject *parent)
    : QObject(parent)
    , m_events(new EventLogModel(5000, this))
    , m_navigator(new NavigatorModel(this))
{
}

Workspace::~Workspace()
{
    shutdown();
}

void Workspace::shutdown()
{
    stopSimulations();
    for (auto &cluster : m_clusters)
        cluster->stopAll();
}

QList<RegistryConnection *> Workspace::sources() const
{
    return m_sources;
}

RegistryMirror *Workspace::mirrorFor(const RegistryConnection *source) const
{
    return m_mirrors.value(source);
}

RegistryConnection *Workspace::sourceNamed(const QString &name) const
{
    for (auto *source : m_sources) {
        if (source->name() == name)
            return source;
    }
    return nullptr;
}

void Workspace::addCluster(std::unique_ptr<ClusterControl> cluster)
{
    const QString name = cluster->name();
    if (clusterNamed(name))
        return;
    m_navigator->addGroup(name, tr("Cluster %1").arg(name));
    ClusterControl *nodes = cluster.get();
    connect(nodes, &ClusterControl::nodeAdded, this, [this, name](RegistryConnection *node) { adoptNode(name, node); });
    connect(nodes, &ClusterControl::nodeRemoved, this,
            [this, name](const QString &nodeName) { forgetNode(name, nodeName); });
    connect(nodes, &ClusterControl::nodeStartFailed, this, [this](RegistryConnection *node, const QString &error) {
        logNodeEvent(node->name(), tr("failed to start: %1").arg(error));
    });
    m_clusters.push_back(std::move(cluster));
}

bool Workspace::addCluster(const QString &name)
{
    if (!m_clusterFactory || clusterNamed(name))
        return false;
    addCluster(m_clusterFactory(name));
    return true;
}

QStringList Workspace::clusterNames() const
{
    QStringList names;
    for (const auto &cluster : m_clusters)
        names << cluster->name();
    return names;
}

QString Workspace::clusterOf(const RegistryConnection *source) const
{
    return m_groups.value(source);
}

ClusterControl *Workspace::clusterNamed(const QString &name) const
{
    for (const auto &cluster : m_clusters) {
        if (cluster->name() == name)
            return cluster.get();
    }
    return nullptr;
}

ClusterControl *Workspace::clusterHolding(const RegistryConnection *source) const
{
    return source && source->isLocal() ? clusterNamed(m_groups.value(source)) : nullptr;
}

void Workspace::addNode(const QString &cluster)
{
    if (ClusterControl *found = clusterNamed(cluster))
        found->addNode();
}

bool Workspace::addReplayNode(const QString &cluster, const QString &file, double speed)
{
    ClusterControl *found = clusterNamed(cluster);
    if (!found)
        return false;
    found->addReplayNode(file, speed);
    return true;
}

void Workspace::adoptNode(const QString &cluster, RegistryConnection *source)
{
    connect(source, &RegistryConnection::stateChanged, this, [this, source](RegistryConnection::State state) {
        if (state == RegistryConnection::State::Running)
            logNodeEvent(source->name(), tr("running at %1").arg(source->address()));
        else if (state == RegistryConnection::State::Stopped)
            logNodeEvent(source->name(), source->lastError().isEmpty() ? tr("stopped")
                                                                       : tr("stopped: %1").arg(source->lastError()));
    });
    trackSource(cluster, source);
}

void Workspace::trackSource(const QString &group, RegistryConnection *source)
{
    auto *mirror = new RegistryMirror(source, m_events, this);
    m_sources << source;
    m_mirrors.insert(source, mirror);
    m_groups.insert(source, group);
    m_navigator->addSource(group, source);
    const auto update = [this, source, mirror] { m_navigator->update(source, mirror); };
    connect(source, &RegistryConnection::stateChanged, this, update);
    connect(mirror, &RegistryMirror::statusUpdated, this, update);
    connect(mirror, &RegistryMirror::snapshotApplied, this, update);
    emit sourceAdded(source);
}

void Workspace::forgetNode(const QString &cluster, const QString &nodeName)
{
    const auto found = std::find_if(m_sources.cbegin(), m_sources.cend(), [&](const RegistryConnection *source) {
        return m_groups.value(source) == cluster && source->name() == nodeName;
    });
    if (found == m_sources.cend())
        return;
    untrackSource(*found);
    logNodeEvent(nodeName, tr("removed"));
}

void Workspace::untrackSource(RegistryConnection *source)
{
    m_sources.removeOne(source);
    m_navigator->removeSource(source);
    emit sourceRemoved(source);
    delete m_mirrors.take(source);
    m_groups.remove(source);
}

RegistryConnection *Workspace::connectRemote(const QUrl &url, RemoteRegistry::Kind kind, const QString &caFile)
{
    m_navigator->addGroup(remoteGroup, tr("Remote registries"));
    auto *source = new RemoteRegistry(url, kind, this);
    if (const TlsLoad tls = Tls::clientConfiguration(caFile); tls.ok())
        source->setTlsConfiguration(tls.configuration);
    else
        logNodeEvent(source->name(), tr("the CA file %1 cannot be used: %2").arg(caFile, tls.error));
    connect(source, &RegistryConnection::stateChanged, this, [this, source](RegistryConnection::State state) {
        if (state == RegistryConnection::State::Running)
            logNodeEvent(source->name(), tr("connected (%1)").arg(ConnectDialog::kindName(source->kind())));
        else if (state == RegistryConnection::State::Unreachable && source->certificateRejected())
            logNodeEvent(source->name(), tr("unreachable: its certificate is not trusted. Connect again and give "
                                            "the certificate of the CA that signed it. (%1)")
                                             .arg(source->lastError()));
        else if (state == RegistryConnection::State::Unreachable)
            logNodeEvent(source->name(), tr("unreachable: %1").arg(source->lastError()));
    });
    trackSource(remoteGroup, source);
    source->start();
    // Never a password in the settings file: a remembered secured registry asks for it again.
    ConsoleSettings::addKnownConnection(UrlCredentials::shown(url));
    logNodeEvent(source->name(), tr("connecting to %1").arg(UrlCredentials::shown(url)));
    return source;
}

void Workspace::disconnectRemote(RegistryConnection *source)
{
    if (!source || source->isLocal() || !m_sources.contains(source))
        return;
    logNodeEvent(source->name(), tr("disconnected"));
    untrackSource(source);
    // Its client stops (and joins its thread) when it goes.
    source->deleteLater();
}

LoadSimulator *Workspace::startSimulation(const LoadSimulatorOptions &options)
{
    auto *simulator = new LoadSimulator(this);
    const QString target = options.serviceUrl.authority();
    connect(simulator, &LoadSimulator::started, this, [this, options, target] {
        logNodeEvent(target, tr("simulating %1 instances of %2").arg(options.instanceCount).arg(options.app));
    });
    connect(simulator, &LoadSimulator::error, this, [this, target](const QString &message) {
        logNodeEvent(target, tr("simulation: %1").arg(message));
    });
    connect(simulator, &LoadSimulator::stopped, this, [this, simulator, target] {
        logNodeEvent(target, tr("simulation stopped"));
        m_simulations.removeOne(simulator);
        simulator->deleteLater();
        emit simulationsChanged();
    });
    m_simulations << simulator;
    simulator->start(options);
    emit simulationsChanged();
    return simulator;
}

void Workspace::stopSimulations()
{
    for (auto *simulator : std::as_const(m_simulations))
        simulator->stop();
}

void Workspace::removeNode(RegistryConnection *source)
{
    if (ClusterControl *cluster = clusterHolding(source))
        cluster->removeNode(source);
}

namespace {
void refuseGatewayCommand(QObject *context, RegistryConnection::CommandCallback done)
{
    QMetaObject::invokeMethod(context, [guard = QPointer<QObject>(context), done = std::move(done)] {
        if (guard)
            done(CommandResult::failure(CommandResult::Error::Unsupported,
                                        QStringLiteral("the console starts gateways only for its own nodes")));
    }, Qt::QueuedConnection);
}
}

void Workspace::startGateway(RegistryConnection *source, quint16 port, const QString &zone, QObject *context,
                             RegistryConnection::CommandCallback done)
{
    if (ClusterControl *cluster = clusterHolding(source))
        cluster->startGateway(source, port, zone, context, std::move(done));
    else
        refuseGatewayCommand(context, std::move(done));
}

void Workspace::stopGateway(RegistryConnection *source, QObject *context, RegistryConnection::CommandCallback done)
{
    if (ClusterControl *cluster = clusterHolding(source))
        cluster->stopGateway(source, context, std::move(done));
    else
        refuseGatewayCommand(context, std::move(done));
}

void Workspace::startNode(RegistryConnection *source)
{
    if (ClusterControl *cluster = clusterHolding(source))
        cluster->startNode(source);
}

void Workspace::stopNode(RegistryConnection *source)
{
    if (ClusterControl *cluster = clusterHolding(source))
        cluster->stopNode(source);
}

QUrl Workspace::serviceUrlOf(const RegistryConnection *source) const
{
    const ClusterControl *cluster = clusterHolding(source);
    return cluster ? cluster->serviceUrlOf(source) : QUrl();
}

void Workspace::linkPeers(RegistryConnection *a, RegistryConnection *b, RegistryConnection::CommandCallback done)
{
    changePeers(a, b, true, std::move(done));
}

void Workspace::unlinkPeers(RegistryConnection *a, RegistryConnection *b, RegistryConnection::CommandCallback done)
{
    changePeers(a, b, false, std::move(done));
}

void Workspace::changePeers(RegistryConnection *a, RegistryConnection *b, bool link,
                            RegistryConnection::CommandCallback done)
{
    ClusterControl *cluster = clusterHolding(a);
    if (!cluster || a == b || serviceUrlOf(a).isEmpty() || serviceUrlOf(b).isEmpty()) {
        done(CommandResult::failure(CommandResult::Error::PeerRefused,
                                    QStringLiteral("peers must be two different running nodes of this console")));
        return;
    }
    if (link)
        cluster->linkPeers(a, b, std::move(done));
    else
        cluster->unlinkPeers(a, b, std::move(done));
    logNodeEvent(a->name(), link ? tr("peered with %1").arg(b->name()) : tr("unpeered from %1").arg(b->name()));
}

void Workspace::logNodeEvent(const QString &registry, const QString &text)
{
    qCInfo(lcUi).noquote() << registry << text;
    m_events->append({QDateTime::currentMSecsSinceEpoch(), registry, EventLogModel::Category::Node, registry, text});
}

bool Workspace::setLinkFault(RegistryConnection *from, RegistryConnection *to, const LinkFault &fault)
{
    ClusterControl *cluster = clusterHolding(from);
    if (!cluster || !clusterHolding(to))
        return false;
    cluster->setLinkFault(from, to, fault);
    emit linkFaultsChanged();
    return true;
}

LinkFault Workspace::linkFault(const RegistryConnection *from, const RegistryConnection *to) const
{
    const ClusterControl *cluster = clusterHolding(from);
    return cluster && clusterHolding(to) ? cluster->linkFault(from, to) : LinkFault {};
}

bool Workspace::measureDivergence(RegistryConnection *first, RegistryConnection *second, QObject *context,
                                  std::function<void(const Divergence &)> done)
{
    ClusterControl *cluster = clusterHolding(first);
    if (!cluster || !clusterHolding(second))
        return false;
    cluster->measureDivergence(first, second, context, std::move(done));
    return true;
}
