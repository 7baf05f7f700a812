// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/clustercontrol.h"
#include "api/registryconnection.h"
#include "client/loadsimulation.h"
#include "client/remoteregistry.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class EventLogModel;
class LoadSimulator;
class NavigatorModel;
class RegistryMirror;

// Everything the console shows and runs: the clusters of nodes in this process (handed in by the
// app, each node on its own thread), the registries elsewhere it connects to, the mirrors that copy
// each registry to the GUI thread, the navigator and the event log.
class Workspace : public QObject
{
    Q_OBJECT

public:
    // A line in the event log about a registry (a node, a remote, a bridge target).
    void logNodeEvent(const QString &registry, const QString &text);
    // Makes a new cluster named name; the app knows how nodes are configured.
    using ClusterFactory = std::function<std::unique_ptr<ClusterControl>(const QString &name)>;

    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    EventLogModel *events() const { return m_events; }
    NavigatorModel *navigator() const { return m_navigator; }
    QList<RegistryConnection *> sources() const;
    RegistryMirror *mirrorFor(const RegistryConnection *source) const;
    RegistryConnection *sourceNamed(const QString &name) const;

    // A cluster of nodes in this process, shown as its own group; its nodes appear as it adds them.
    void addCluster(std::unique_ptr<ClusterControl> cluster);
    // How addCluster(name) makes new clusters; without one, it makes none.
    void setClusterFactory(ClusterFactory factory) { m_clusterFactory = std::move(factory); }
    bool addCluster(const QString &name);
    QStringList clusterNames() const;
    QString clusterOf(const RegistryConnection *source) const;
    void addNode(const QString &cluster);
    // A new node of the cluster, peered with no one, that plays a history export at speed.
    bool addReplayNode(const QString &cluster, const QString &file, double speed);
    // Stops the node and takes it out of its cluster and the others' peer lists.
    void removeNode(RegistryConnection *source);
    void startNode(RegistryConnection *source);
    void stopNode(RegistryConnection *source);
    // Links two local nodes as peers of each other (or unlinks them); done() gets the first failure.
    void linkPeers(RegistryConnection *a, RegistryConnection *b, RegistryConnection::CommandCallback done);
    void unlinkPeers(RegistryConnection *a, RegistryConnection *b, RegistryConnection::CommandCallback done);
    // Starts a local node's gateway on port (0: any free port) with zone, or stops it; done gets the
    // answer on context's thread, a failure for a registry that is not a node of this console.
    void startGateway(RegistryConnection *source, quint16 port, const QString &zone, QObject *context,
                      RegistryConnection::CommandCallback done);
    void stopGateway(RegistryConnection *source, QObject *context, RegistryConnection::CommandCallback done);
    // Where Eureka clients reach a running local node, or empty.
    QUrl serviceUrlOf(const RegistryConnection *source) const;
    // Faults on the replication link from one local node to another (docs/faults.md), and how far
    // two local nodes disagree; false / no call when either is not a local node.
    bool setLinkFault(RegistryConnection *from, RegistryConnection *to, const LinkFault &fault);
    LinkFault linkFault(const RegistryConnection *from, const RegistryConnection *to) const;
    bool measureDivergence(RegistryConnection *first, RegistryConnection *second, QObject *context,
                           std::function<void(const Divergence &)> done);

    // A registry elsewhere, browsed and edited through its own API; remembered in the settings.
    // caFile: PEM CA certificates trusted for an https registry beside the system's (empty: none).
    RegistryConnection *connectRemote(const QUrl &url, RemoteRegistry::Kind kind = RemoteRegistry::Kind::Detect,
                                      const QString &caFile = {});
    void disconnectRemote(RegistryConnection *source);

    // Simulated Eureka clients against a node; several may run at once.
    LoadSimulator *startSimulation(const LoadSimulatorOptions &options);
    void stopSimulations();
    QList<LoadSimulator *> simulations() const { return m_simulations; }

    // Stops every local node, waiting for their threads: for shutdown only.
    void shutdown();

signals:
    void sourceAdded(RegistryConnection *source);
    void sourceRemoved(RegistryConnection *source);
    void simulationsChanged();
    void linkFaultsChanged();

private:
    void adoptNode(const QString &cluster, RegistryConnection *node);
    void forgetNode(const QString &cluster, const QString &nodeName);
    void trackSource(const QString &group, RegistryConnection *source);
    void untrackSource(RegistryConnection *source);
    void changePeers(RegistryConnection *a, RegistryConnection *b, bool link, RegistryConnection::CommandCallback done);
    ClusterControl *clusterNamed(const QString &name) const;
    ClusterControl *clusterHolding(const RegistryConnection *source) const;

    EventLogModel *m_events;
    NavigatorModel *m_navigator;
    std::vector<std::unique_ptr<ClusterControl>> m_clusters;
    ClusterFactory m_clusterFactory;
    QList<RegistryConnection *> m_sources;
    QHash<const RegistryConnection *, RegistryMirror *> m_mirrors;
    QHash<const RegistryConnection *, QString> m_groups;
    QList<LoadSimulator *> m_simulations;
};
