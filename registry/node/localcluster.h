// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/clustercontrol.h"
#include "node/nodehandle.h"

#include <QList>

#include <memory>
#include <vector>


// Several nodes in one process, each on its own thread, fully meshed: the demonstration cluster of
// `--nodes N`, and what the console starts and stops. Adding a node gives it every running node as a
// peer (it copies the registry from them on start) and adds it to theirs; stopping one takes it out
// of their peer lists. Nothing here waits on a node, but stopAll().
class LocalCluster : public ClusterControl
{
    Q_OBJECT

public:
    // Nodes are named base.name-1, -2, … on base.port, base.port + 1, … (or free ports for port 0),
    // each keeping its journal in its own sub-directory of base.dataDir named after it.
    explicit LocalCluster(NodeConfig base, QObject *parent = nullptr);
    ~LocalCluster() override;

    QString name() const override { return m_base.name; }
    NodeHandle *addNode() override;
    NodeHandle *addReplayNode(const QString &file, double speed) override;
    void removeNode(RegistryConnection *node) override;
    void startNode(RegistryConnection *node) override;
    void stopNode(RegistryConnection *node) override;
    void linkPeers(RegistryConnection *node, RegistryConnection *other, RegistryConnection::CommandCallback done) override;
    void unlinkPeers(RegistryConnection *node, RegistryConnection *other,
                     RegistryConnection::CommandCallback done) override;
    // The gateway listens on the node's bind address.
    void startGateway(RegistryConnection *node, quint16 port, const QString &zone, QObject *context,
                      RegistryConnection::CommandCallback done) override;
    void stopGateway(RegistryConnection *node, QObject *context, RegistryConnection::CommandCallback done) override;
    QUrl serviceUrlOf(const RegistryConnection *node) const override;
    void stopAll() override;
    void setLinkFault(RegistryConnection *from, RegistryConnection *to, const LinkFault &fault) override;
    LinkFault linkFault(const RegistryConnection *from, const RegistryConnection *to) const override;
    void measureDivergence(RegistryConnection *first, RegistryConnection *second, QObject *context,
                           std::function<void(const Divergence &)> done) override;

    QList<NodeHandle *> nodes() const;

    static QUrl serviceUrl(const NodeConfig &config, quint16 port);

signals:
    void nodeStarted(NodeHandle *node, quint16 port);

private:
    NodeConfig nextConfig();
    NodeHandle *adopt(const NodeConfig &config, bool peered);
    NodeHandle *owned(const RegistryConnection *node) const;
    void forget(NodeHandle *node);
    void changePeers(RegistryConnection *node, RegistryConnection *other, bool link,
                     RegistryConnection::CommandCallback done);

    NodeConfig m_base;
    int m_created = 0;
    std::vector<std::unique_ptr<NodeHandle>> m_nodes;
};
