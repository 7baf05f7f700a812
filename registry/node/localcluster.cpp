// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/localcluster.h"

#include "node/nodehandle.h"
#include "node/nodeurl.h"
#include "replication/linkfaults.h"

#include <QDir>
#include <QPointer>
#include <QTcpServer>
#include <QThreadPool>

#include <memory>

namespace {
// A node this cluster does not hold: answered on context's thread like every answer.
void notInCluster(QObject *context, RegistryConnection::CommandCallback done)
{
    QMetaObject::invokeMethod(context, [guard = QPointer<QObject>(context), done = std::move(done)] {
        if (guard)
            done(CommandResult::failure(CommandResult::Error::NotRunning, QStringLiteral("not a node of this cluster")));
    }, Qt::QueuedConnection);
}
}

LocalCluster::LocalCluster(NodeConfig base, QObject *parent)
    : ClusterControl {parent}
    , m_base {std::move(base)}
{
}

LocalCluster::~LocalCluster()
{
    stopAll();
}

QUrl LocalCluster::serviceUrl(const NodeConfig &config, quint16 port)
{
    return NodeUrl::eurekaServiceUrl(config.bindAddress, port, config.scheme());
}

// The first free port from base.port on (a node that failed to start leaves its port to the next);
// with port 0, a port the system had free a moment ago, so peers can name it before it listens.
NodeConfig LocalCluster::nextConfig()
{
    NodeConfig config = m_base;
    ++m_created;
    config.name = m_base.name + u'-' + QString::number(m_created);
    // One gateway per cluster, on its first node: the others would want the same port.
    config.gateway.enabled = m_base.gateway.enabled && m_created == 1;
    if (!m_base.dataDir.isEmpty())
        config.dataDir = QDir(m_base.dataDir).filePath(config.name);
    else if (!m_base.dataRoot.isEmpty())
        config.previousDataDir = QDir(m_base.dataRoot).filePath(config.name);
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
    return adopt(nextConfig(), true);
}

// A fresh node that peers with no one, so the recording alone fills it and nothing replicates out.
NodeHandle *LocalCluster::addReplayNode(const QString &file, double speed)
{
    NodeConfig config = nextConfig();
    config.name += QStringLiteral("-replay");
    config.peers.clear();
    config.replayFile = file;
    config.replaySpeed = speed;
    return adopt(config, false);
}

NodeHandle *LocalCluster::adopt(const NodeConfig &config, bool peered)
{
    auto owned = std::make_unique<NodeHandle>(config);
    NodeHandle *node = owned.get();
    connect(node, &NodeHandle::started, this, [this, node, peered](quint16 port) {
        for (const auto &other : m_nodes) {
            if (!peered || m_base.store.kind != StoreConfig::Kind::Memory)
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

NodeHandle *LocalCluster::owned(const RegistryConnection *node) const
{
    const auto it = std::find_if(m_nodes.cbegin(), m_nodes.cend(), [node](const auto &n) { return n.get() == node; });
    return it == m_nodes.cend() ? nullptr : it->get();
}

void LocalCluster::removeNode(RegistryConnection *connection)
{
    NodeHandle *node = owned(connection);
    if (!node)
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

void LocalCluster::startNode(RegistryConnection *connection)
{
    NodeHandle *node = owned(connection);
    if (node && node->state() == RegistryConnection::State::Stopped)
        node->start();
}

void LocalCluster::stopNode(RegistryConnection *connection)
{
    NodeHandle *node = owned(connection);
    if (node && node->state() == RegistryConnection::State::Running)
        node->requestStop();
}

void LocalCluster::startGateway(RegistryConnection *connection, quint16 port, const QString &zone, QObject *context,
                                RegistryConnection::CommandCallback done)
{
    NodeHandle *node = owned(connection);
    if (!node)
        return notInCluster(context, std::move(done));
    GatewayConfig gateway = node->config().gateway;
    gateway.bindAddress = node->config().bindAddress;
    gateway.port = port;
    gateway.zone = zone;
    node->startGateway(gateway, context, std::move(done));
}

void LocalCluster::stopGateway(RegistryConnection *connection, QObject *context, RegistryConnection::CommandCallback done)
{
    NodeHandle *node = owned(connection);
    if (!node)
        return notInCluster(context, std::move(done));
    node->stopGateway(context, std::move(done));
}

QUrl LocalCluster::serviceUrlOf(const RegistryConnection *connection) const
{
    const NodeHandle *node = owned(connection);
    if (!node || node->port() == 0)
        return {};
    return serviceUrl(node->config(), node->port());
}

void LocalCluster::linkPeers(RegistryConnection *node, RegistryConnection *other, RegistryConnection::CommandCallback done)
{
    changePeers(node, other, true, std::move(done));
}

void LocalCluster::unlinkPeers(RegistryConnection *node, RegistryConnection *other,
                               RegistryConnection::CommandCallback done)
{
    changePeers(node, other, false, std::move(done));
}

// Both directions, as Eureka servers name each other; the answer is the first failure, if any.
// The other node may belong to another cluster of this process: it is a NodeHandle all the same.
void LocalCluster::changePeers(RegistryConnection *node, RegistryConnection *other, bool link,
                               RegistryConnection::CommandCallback done)
{
    NodeHandle *a = owned(node);
    auto *b = qobject_cast<NodeHandle *>(other);
    if (!a || !b || a == b || a->port() == 0 || b->port() == 0) {
        done(CommandResult::failure(CommandResult::Error::PeerRefused,
                                    QStringLiteral("peers must be two different running nodes of this process")));
        return;
    }
    const QUrl urlOfA = serviceUrl(a->config(), a->port());
    const QUrl urlOfB = serviceUrl(b->config(), b->port());
    auto pending = std::make_shared<int>(2);
    auto failure = std::make_shared<CommandResult>();
    auto finish = [pending, failure, done](const CommandResult &result) {
        if (!result.ok && failure->ok)
            *failure = result;
        if (--*pending == 0)
            done(*failure);
    };
    if (link) {
        a->addPeer(urlOfB, this, finish);
        b->addPeer(urlOfA, this, finish);
    } else {
        a->removePeer(urlOfB, this, finish);
        b->removePeer(urlOfA, this, finish);
    }
}

void LocalCluster::stopAll()
{
    for (const auto &node : m_nodes)
        node->stop();
}

// A node of this cluster by its own URL; one of another cluster of this process by its address.
static QUrl linkEndOf(const LocalCluster &cluster, const RegistryConnection *node)
{
    if (const QUrl own = cluster.serviceUrlOf(node); !own.isEmpty())
        return own;
    return node->address().isEmpty() ? QUrl() : QUrl(node->address() + QStringLiteral("/eureka/"));
}

void LocalCluster::setLinkFault(RegistryConnection *from, RegistryConnection *to, const LinkFault &fault)
{
    const QUrl sender = linkEndOf(*this, from);
    const QUrl receiver = linkEndOf(*this, to);
    if (sender.isEmpty() || receiver.isEmpty())
        return;
    LinkFaults::inProcess().set(sender, receiver, fault);
    emit linkFaultsChanged();
}

LinkFault LocalCluster::linkFault(const RegistryConnection *from, const RegistryConnection *to) const
{
    const QUrl sender = linkEndOf(*this, from);
    const QUrl receiver = linkEndOf(*this, to);
    if (sender.isEmpty() || receiver.isEmpty())
        return {};
    return LinkFaults::inProcess().fault(sender, receiver);
}

// Both snapshots come back on context's thread; the comparison runs on the thread pool and its
// answer returns through a relay made on context's thread, which outlives the work: context itself
// may be gone by then, and is checked on its own thread.
void LocalCluster::measureDivergence(RegistryConnection *first, RegistryConnection *second, QObject *context,
                                     std::function<void(const Divergence &)> done)
{
    struct Pair
    {
        std::optional<RegistrySnapshot> first;
        std::optional<RegistrySnapshot> second;
    };
    auto pair = std::make_shared<Pair>();
    const auto compareWhenBoth = [pair, context, done] {
        if (!pair->first || !pair->second)
            return;
        auto *relay = new QObject;
        QThreadPool::globalInstance()->start([pair, relay, guard = QPointer<QObject>(context), done] {
            const Divergence divergence = Divergence::between(*pair->first, *pair->second);
            QMetaObject::invokeMethod(relay, [relay, guard, divergence, done] {
                relay->deleteLater();
                if (guard)
                    done(divergence);
            }, Qt::QueuedConnection);
        });
    };
    first->requestSnapshot(context, [pair, compareWhenBoth](const RegistrySnapshot &snapshot) {
        pair->first = snapshot;
        compareWhenBoth();
    });
    second->requestSnapshot(context, [pair, compareWhenBoth](const RegistrySnapshot &snapshot) {
        pair->second = snapshot;
        compareWhenBoth();
    });
}
