// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/nodeconfig.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

class NodeHandle;

// Several nodes in one process, each on its own thread, fully meshed: the demonstration cluster of
// `--nodes N`, and what the console starts and stops. Adding a node gives it every running node as a
// peer (it copies the registry from them on start) and adds it to theirs; stopping one takes it out
// of their peer lists. Nothing here waits on a node.
class LocalCluster : public QObject
{
    Q_OBJECT

public:
    // Nodes are named base.name-1, -2, … on base.port, base.port + 1, … (or free ports for port 0),
    // each keeping its journal in its own sub-directory of base.dataDir named after it.
    explicit LocalCluster(NodeConfig base, QObject *parent = nullptr);
    ~LocalCluster() override;

    NodeHandle *addNode();
    // Stops the node and drops it from the others' peers; nodeRemoved() follows once it has stopped.
    void removeNode(NodeHandle *node);
    QList<NodeHandle *> nodes() const;
    // Stops every node and waits for their threads: for shutdown only.
    void stopAll();

    static QUrl serviceUrl(const NodeConfig &config, quint16 port);

signals:
    void nodeAdded(NodeHandle *node);
    void nodeStarted(NodeHandle *node, quint16 port);
    void nodeStartFailed(NodeHandle *node, const QString &error);
    void nodeRemoved(const QString &name);

private:
    NodeConfig nextConfig();
    void forget(NodeHandle *node);

    NodeConfig m_base;
    int m_created = 0;
    std::vector<std::unique_ptr<NodeHandle>> m_nodes;
};
