// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/localcluster.h"

#include "node/nodehandle.h"
#include "node/nodeurl.h"

#include <QDir>
#include <QTcpServer>

LocalCluster::LocalCluster(NodeConfig base, QObject *parent)
    : QObject {parent}
    , m_base {std::move(base)}
{
}

LocalCluster::~LocalCluster()
{
    stopAll();
}

QUrl LocalCluster::serviceUrl(const NodeConfig &config, quint16 port)
{
    return NodeUrl::eurekaServiceUrl(config.bindAddress, port);
}

// The first free port from base.port on (a node that failed to start leaves its port to the next);
// with port 0, a port the system had free a moment ago, so peers can name it before it listens.
NodeConfig LocalCluster::nextConfig()
{
    NodeConfig config = m_base;
    ++m_created;
    config.name = m_base.name + u'-' + QString::number(m_created);
    if (!m_base.dataDir.isEmpty())
        config.dataDir = QDir(m_base.dataDir).filePath(config.name);
    if (m_base.port == 0) {
        QTcpServer probe;
        probe.listen(m_base.bindAddress, 0);
        config.port = probe.serverPort();
    } else {
        config.port = quint16(m_base.port + m_created - 1);
    }
    // Over one etcd the nodes share their state: no replication between them.
    if (m_base.store.kind == StoreConfig::Kind::Memory) {
        for (const auto &node : m_nodes)
            config.peers.append(serviceUrl(node->config(), node->config().port));
    }
    return config;
}

NodeHandle *LocalCluster::addNode()
{
    const NodeConfig config = nextConfig();
    auto owned = std::make_unique<NodeHandle>(config);
    NodeHandle *node = owned.get();
    connect(node, &NodeHandle::started, this, [this, node](quint16 port) {
        for (const auto &other : m_nodes) {
            if (m_base.store.kind != StoreConfig::Kind::Memory)
                break;
            if (other.get() != node)
                other->addPeer(serviceUrl(node->config(), port), this, [](const CommandResult &) {});
        }
        emit nodeStarted(node, port);
    });
    connect(node, &NodeHandle::startFailed, this, [this, node](const QString &error) {
        emit nodeStartFailed(node, error);
    });
    m_nodes.push_back(std::move(owned));
    emit nodeAdded(node);
    node->start();
    return node;
}

void LocalCluster::removeNode(NodeHandle *node)
{
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [node](const auto &owned) { return owned.get() == node; });
    if (it == m_nodes.end())
        return;
    const QUrl url = serviceUrl(node->config(), node->config().port);
    for (const auto &other : m_nodes) {
        if (other.get() != node)
            other->removePeer(url, this, [](const CommandResult &) {});
    }
    if (!node->isRunning()) {
        forget(node);
        return;
    }
    connect(node, &NodeHandle::stopped, this, [this, node] { forget(node); });
    node->requestStop();
}

void LocalCluster::forget(NodeHandle *node)
{
    const auto owned = std::find_if(m_nodes.begin(), m_nodes.end(), [node](const auto &n) { return n.get() == node; });
    if (owned == m_nodes.end())
        return;
    const QString name = node->config().name;
    // The handle joins its thread when it goes; that is quick once the node has stopped.
    owned->release()->deleteLater();
    m_nodes.erase(owned);
    emit nodeRemoved(name);
}

QList<NodeHandle *> LocalCluster::nodes() const
{
    QList<NodeHandle *> list;
    for (const auto &node : m_nodes)
        list.append(node.get());
    return list;
}

void LocalCluster::stopAll()
{
    for (const auto &node : m_nodes)
        node->stop();
}
