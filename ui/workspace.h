// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/loadsimulation.h"
#include "node/nodeconfig.h"
#include "registrysource.h"
#include "client/remoteregistry.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class EventLogModel;
class LoadSimulator;
class LocalCluster;
class NavigatorModel;
class RegistryMirror;

// Everything the console shows and runs: local clusters of nodes (each node on its own thread),
// the mirrors that copy each registry to the GUI thread, the navigator and the event log.
class Workspace : public QObject
{
    Q_OBJECT

public:
    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    EventLogModel *events() const { return m_events; }
    NavigatorModel *navigator() const { return m_navigator; }
    QList<RegistrySource *> sources() const;
    RegistryMirror *mirrorFor(const RegistrySource *source) const;
    RegistrySource *sourceNamed(const QString &name) const;

    // A new cluster of nodes in this process, based on base (each node gets base.name-N).
    void addCluster(const QString &name, const NodeConfig &base);
    QStringList clusterNames() const;
    QString clusterOf(const RegistrySource *source) const;
    void addNode(const QString &cluster);
    // Stops the node and takes it out of its cluster and the others' peer lists.
    void removeNode(RegistrySource *source);
    void startNode(RegistrySource *source);
    void stopNode(RegistrySource *source);
    // Links two local nodes as peers of each other (or unlinks them); done() gets the first failure.
    void linkPeers(RegistrySource *a, RegistrySource *b, std::function<void(const CommandResult &)> done);
    void unlinkPeers(RegistrySource *a, RegistrySource *b, std::function<void(const CommandResult &)> done);
    static QUrl serviceUrlOf(const RegistrySource *source);

    // A registry elsewhere, browsed and edited through its own API; remembered in the settings.
    RegistrySource *connectRemote(const QUrl &url, RemoteRegistry::Kind kind = RemoteRegistry::Kind::Detect);
    void disconnectRemote(RegistrySource *source);

    // Simulated Eureka clients against a node; several may run at once.
    LoadSimulator *startSimulation(const LoadSimulatorOptions &options);
    void stopSimulations();
    QList<LoadSimulator *> simulations() const { return m_simulations; }

    // Stops every local node, waiting for their threads: for shutdown only.
    void shutdown();

signals:
    void sourceAdded(RegistrySource *source);
    void sourceRemoved(RegistrySource *source);
    void simulationsChanged();

private:
    struct Cluster
    {
        QString name;
        std::unique_ptr<LocalCluster> nodes;
    };

    void adoptNode(const QString &cluster, NodeHandle *node);
    void forgetNode(const QString &cluster, const QString &nodeName);
    void trackSource(const QString &group, RegistrySource *source);
    void untrackSource(RegistrySource *source);
    void logNodeEvent(const QString &registry, const QString &text);
    void changePeers(RegistrySource *a, RegistrySource *b, bool link,
                     std::function<void(const CommandResult &)> done);
    Cluster *clusterNamed(const QString &name);

    EventLogModel *m_events;
    NavigatorModel *m_navigator;
    std::vector<Cluster> m_clusters;
    QList<RegistrySource *> m_sources;
    QHash<const RegistrySource *, RegistryMirror *> m_mirrors;
    QHash<const RegistrySource *, QString> m_groups;
    QList<LoadSimulator *> m_simulations;
};
