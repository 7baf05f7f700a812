// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "consolesettings.h"
#include "models/eventlogmodel.h"
#include "client/loadsimulator.h"
#include "node/localcluster.h"
#include "localnodesource.h"
#include "models/navigatormodel.h"
#include "models/registrymirror.h"
#include "remotesource.h"

#include <QDateTime>
#include <QLoggingCategory>

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
        cluster.nodes->stopAll();
}

QList<RegistrySource *> Workspace::sources() const
{
    return m_sources;
}

RegistryMirror *Workspace::mirrorFor(const RegistrySource *source) const
{
    return m_mirrors.value(source);
}

RegistrySource *Workspace::sourceNamed(const QString &name) const
{
    for (auto *source : m_sources) {
        if (source->name() == name)
            return source;
    }
    return nullptr;
}

void Workspace::addCluster(const QString &name, const NodeConfig &base)
{
    if (clusterNamed(name))
        return;
    m_navigator->addGroup(name, tr("Cluster %1").arg(name));
    Cluster cluster {name, std::make_unique<LocalCluster>(base)};
    LocalCluster *nodes = cluster.nodes.get();
    connect(nodes, &LocalCluster::nodeAdded, this, [this, name](NodeHandle *node) { adoptNode(name, node); });
    connect(nodes, &LocalCluster::nodeRemoved, this,
            [this, name](const QString &nodeName) { forgetNode(name, nodeName); });
    connect(nodes, &LocalCluster::nodeStartFailed, this, [this](NodeHandle *node, const QString &error) {
        logNodeEvent(node->config().name, tr("failed to start: %1").arg(error));
    });
    m_clusters.push_back(std::move(cluster));
}

QStringList Workspace::clusterNames() const
{
    QStringList names;
    for (const auto &cluster : m_clusters)
        names << cluster.name;
    return names;
}

QString Workspace::clusterOf(const RegistrySource *source) const
{
    return m_groups.value(source);
}

Workspace::Cluster *Workspace::clusterNamed(const QString &name)
{
    for (auto &cluster : m_clusters) {
        if (cluster.name == name)
            return &cluster;
    }
    return nullptr;
}

void Workspace::addNode(const QString &cluster)
{
    if (Cluster *found = clusterNamed(cluster))
        found->nodes->addNode();
}

void Workspace::adoptNode(const QString &cluster, NodeHandle *node)
{
    auto *source = new LocalNodeSource(node, this);
    connect(source, &RegistrySource::stateChanged, this, [this, source](RegistrySource::State state) {
        if (state == RegistrySource::State::Running)
            logNodeEvent(source->name(), tr("running at %1").arg(source->address()));
        else if (state == RegistrySource::State::Stopped)
            logNodeEvent(source->name(), source->lastError().isEmpty() ? tr("stopped")
                                                                       : tr("stopped: %1").arg(source->lastError()));
    });
    trackSource(cluster, source);
}

void Workspace::trackSource(const QString &group, RegistrySource *source)
{
    auto *mirror = new RegistryMirror(source, m_events, this);
    m_sources << source;
    m_mirrors.insert(source, mirror);
    m_groups.insert(source, group);
    m_navigator->addSource(group, source);
    const auto update = [this, source, mirror] { m_navigator->update(source, mirror); };
    connect(source, &RegistrySource::stateChanged, this, update);
    connect(mirror, &RegistryMirror::statusUpdated, this, update);
    connect(mirror, &RegistryMirror::snapshotApplied, this, update);
    emit sourceAdded(source);
}

void Workspace::forgetNode(const QString &cluster, const QString &nodeName)
{
    const auto found = std::find_if(m_sources.cbegin(), m_sources.cend(), [&](const RegistrySource *source) {
        return m_groups.value(source) == cluster && source->name() == nodeName;
    });
    if (found == m_sources.cend())
        return;
    untrackSource(*found);
    logNodeEvent(nodeName, tr("removed"));
}

void Workspace::untrackSource(RegistrySource *source)
{
    m_sources.removeOne(source);
    m_navigator->removeSource(source);
    emit sourceRemoved(source);
    delete m_mirrors.take(source);
    m_groups.remove(source);
    source->deleteLater();
}

RegistrySource *Workspace::connectRemote(const QUrl &url, RemoteRegistry::Kind kind)
{
    m_navigator->addGroup(remoteGroup, tr("Remote registries"));
    auto *source = new RemoteSource(url, kind, this);
    connect(source, &RegistrySource::stateChanged, this, [this, source](RegistrySource::State state) {
        if (state == RegistrySource::State::Running)
            logNodeEvent(source->name(), tr("connected (%1)").arg(source->kindName()));
        else if (state == RegistrySource::State::Unreachable)
            logNodeEvent(source->name(), tr("unreachable: %1").arg(source->lastError()));
    });
    trackSource(remoteGroup, source);
    ConsoleSettings::addKnownConnection(url.toString());
    logNodeEvent(source->name(), tr("connecting to %1").arg(url.toString()));
    return source;
}

void Workspace::disconnectRemote(RegistrySource *source)
{
    if (!source || source->isLocal() || !m_sources.contains(source))
        return;
    logNodeEvent(source->name(), tr("disconnected"));
    untrackSource(source);
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

void Workspace::removeNode(RegistrySource *source)
{
    Cluster *cluster = clusterNamed(m_groups.value(source));
    if (cluster && source->localNode())
        cluster->nodes->removeNode(source->localNode());
}

void Workspace::startNode(RegistrySource *source)
{
    if (auto *local = qobject_cast<LocalNodeSource *>(source))
        local->start();
}

void Workspace::stopNode(RegistrySource *source)
{
    if (auto *local = qobject_cast<LocalNodeSource *>(source))
        local->stop();
}

QUrl Workspace::serviceUrlOf(const RegistrySource *source)
{
    if (!source->localNode() || source->localNode()->port() == 0)
        return {};
    return LocalCluster::serviceUrl(source->localNode()->config(), source->localNode()->port());
}

void Workspace::linkPeers(RegistrySource *a, RegistrySource *b, std::function<void(const CommandResult &)> done)
{
    changePeers(a, b, true, std::move(done));
}

void Workspace::unlinkPeers(RegistrySource *a, RegistrySource *b, std::function<void(const CommandResult &)> done)
{
    changePeers(a, b, false, std::move(done));
}

void Workspace::changePeers(RegistrySource *a, RegistrySource *b, bool link,
                            std::function<void(const CommandResult &)> done)
{
    const QUrl urlOfA = serviceUrlOf(a);
    const QUrl urlOfB = serviceUrlOf(b);
    if (a == b || urlOfA.isEmpty() || urlOfB.isEmpty()) {
        done({false, tr("Peers must be two different running nodes of this console.")});
        return;
    }
    // Both directions, as Eureka servers name each other; the answer is the first failure, if any.
    auto pending = std::make_shared<int>(2);
    auto failure = std::make_shared<CommandResult>();
    auto finish = [pending, failure, done](const CommandResult &result) {
        if (!result.ok && failure->ok)
            *failure = result;
        if (--*pending == 0)
            done(*failure);
    };
    if (link) {
        a->localNode()->addPeer(urlOfB, this, finish);
        b->localNode()->addPeer(urlOfA, this, finish);
    } else {
        a->localNode()->removePeer(urlOfB, this, finish);
        b->localNode()->removePeer(urlOfA, this, finish);
    }
    logNodeEvent(a->name(), link ? tr("peered with %1").arg(b->name()) : tr("unpeered from %1").arg(b->name()));
}

void Workspace::logNodeEvent(const QString &registry, const QString &text)
{
    qCInfo(lcUi).noquote() << registry << text;
    m_events->append({QDateTime::currentMSecsSinceEpoch(), registry, EventLogModel::Category::Node, registry, text});
}
