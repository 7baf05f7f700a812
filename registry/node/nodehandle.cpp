// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/nodehandle.h"

#include "node/node.h"
#include "core/registry.h"

#include <QMetaMethod>
#include <QThread>

namespace {
CommandResult notFound(const QString &app, const QString &id)
{
    return {false, QStringLiteral("no instance %1 in application %2").arg(id, app)};
}

CommandResult notRunning()
{
    return {false, QStringLiteral("the node is not running")};
}
}

NodeHandle::NodeHandle(NodeConfig config, QObject *parent)
    : QObject {parent}
    , m_config {std::move(config)}
    , m_thread {new QThread(this)}
    , m_node {new Node(m_config)}
{
    m_thread->setObjectName(QStringLiteral("node-") + m_config.name);
    m_node->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_node, &QObject::deleteLater);
    connect(m_node, &Node::started, this, [this](quint16 port) {
        m_port.storeRelease(port);
        emit started(port);
    });
    connect(m_node, &Node::startFailed, this, &NodeHandle::startFailed);
    connect(m_node, &Node::stopped, this, [this] {
        m_port.storeRelease(0);
        emit stopped();
    });
    connect(m_node, &Node::changesReady, this, &NodeHandle::changesReady);
    connect(m_node, &Node::peerStateChanged, this, &NodeHandle::peerStateChanged);
    connect(m_node, &Node::storeStateChanged, this, &NodeHandle::storeStateChanged);
}

NodeHandle::~NodeHandle()
{
    stop();
}

void NodeHandle::start()
{
    if (!m_thread->isRunning())
        m_thread->start();
    QMetaObject::invokeMethod(m_node, &Node::start, Qt::QueuedConnection);
}

void NodeHandle::stop()
{
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(m_node, &Node::stop, Qt::BlockingQueuedConnection);
    m_port.storeRelease(0);
    m_thread->quit();
    m_thread->wait();
}

void NodeHandle::requestStop()
{
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_node, &Node::stop, Qt::QueuedConnection);
}

void NodeHandle::addPeer(const QUrl &serviceUrl, QObject *context, std::function<void(const CommandResult &)> callback)
{
    postCommand([serviceUrl](Node &node) {
        return node.addPeer(serviceUrl)
            ? CommandResult {}
            : CommandResult {false, QStringLiteral("%1 cannot be a peer of this node").arg(serviceUrl.toString())};
    }, context, std::move(callback));
}

void NodeHandle::removePeer(const QUrl &serviceUrl, QObject *context,
                            std::function<void(const CommandResult &)> callback)
{
    postCommand([serviceUrl](Node &node) {
        return node.removePeer(serviceUrl)
            ? CommandResult {}
            : CommandResult {false, QStringLiteral("%1 is not a peer of this node").arg(serviceUrl.toString())};
    }, context, std::move(callback));
}

// Heartbeats travel in the batches only once something listens for the batches.
void NodeHandle::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&NodeHandle::changesReady))
        QMetaObject::invokeMethod(m_node, [node = m_node] { node->setHeartbeatReporting(true); }, Qt::QueuedConnection);
}

template<typename Result>
void NodeHandle::post(std::function<Result(Node &)> work, QObject *context,
                      std::function<void(const Result &)> callback)
{
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(m_node, [node = m_node, work = std::move(work), guard, callback = std::move(callback)] {
        Result result = work(*node);
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard.data(), [result = std::move(result), callback] { callback(result); },
                                  Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

// Commands are writes: in etcd mode their answer waits for etcd, so it comes back on its own time.
void NodeHandle::postCommand(std::function<CommandResult(Node &)> work, QObject *context,
                             std::function<void(const CommandResult &)> callback)
{
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(m_node, [node = m_node, work = std::move(work), guard, callback = std::move(callback)] {
        const auto answer = [guard, callback](const CommandResult &result) {
            if (guard)
                QMetaObject::invokeMethod(guard.data(), [result, callback] { callback(result); }, Qt::QueuedConnection);
        };
        if (!node->registry()) {
            answer(notRunning());
            return;
        }
        node->runWrite([&] { return work(*node); }, answer);
    }, Qt::QueuedConnection);
}

void NodeHandle::requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback)
{
    post<NodeStatus>([](Node &node) { return node.status(); }, context, std::move(callback));
}

void NodeHandle::requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback)
{
    post<RegistrySnapshot>([](Node &node) { return node.snapshot(); }, context, std::move(callback));
}

void NodeHandle::registerInstance(const Instance &instance, QObject *context,
                                  std::function<void(const CommandResult &)> callback)
{
    postCommand([instance](Node &node) {
        Registry &registry = *node.registry();
        Instance registered = instance;
        if (registered.pinned) {
            const auto existing = registry.instance(registered.app, registered.instanceId);
            registered.lastDirtyTimestamp = std::max(registry.nowMs(), existing ? existing->lastDirtyTimestamp + 1 : 0);
        } else if (registered.lastDirtyTimestamp <= 0) {
            registered.lastDirtyTimestamp = registry.nowMs();
        }
        registry.registerInstance(registered);
        return CommandResult {};
    }, context, std::move(callback));
}

void NodeHandle::createService(const Service &service, QObject *context,
                               std::function<void(const ServiceResult &)> callback)
{
    // The id is known once the registry has evaluated the write; the answer may come later (etcd).
    auto serviceId = std::make_shared<QString>();
    postCommand([service, serviceId](Node &node) {
        Registry &registry = *node.registry();
        Service pinned = service;
        pinned.pinned = true;
        using Outcome = Registry::CreateServiceResult::Outcome;
        const Registry::CreateServiceResult created = registry.createService(pinned);
        *serviceId = created.serviceId;
        if (created.outcome == Outcome::Conflict)
            return CommandResult {false, QStringLiteral("the service id or key conflicts: %1 is registered as %2")
                                             .arg(pinned.key.indexKey(), created.serviceId)};
        if (created.outcome == Outcome::Existing) {
            if (Service stored = *registry.findService(created.serviceId); !stored.pinned) {
                stored.pinned = true;
                registry.updateService(stored);
            }
        }
        return CommandResult {};
    }, context, [serviceId, callback = std::move(callback)](const CommandResult &result) {
        callback(ServiceResult {result, *serviceId});
    });
}

void NodeHandle::deleteService(const QString &serviceId, bool force, QObject *context,
                               std::function<void(const CommandResult &)> callback)
{
    postCommand([serviceId, force](Node &node) {
        switch (node.registry()->deleteService(serviceId, force)) {
        case Registry::DeleteServiceOutcome::Deleted:
            return CommandResult {};
        case Registry::DeleteServiceOutcome::NotFound:
            break;
        case Registry::DeleteServiceOutcome::HasInstances:
            return CommandResult {false, QStringLiteral("service %1 has instances").arg(serviceId)};
        case Registry::DeleteServiceOutcome::HasConsumers:
            return CommandResult {false, QStringLiteral("other services depend on service %1").arg(serviceId)};
        }
        return CommandResult {false, QStringLiteral("no service %1").arg(serviceId)};
    }, context, std::move(callback));
}

void NodeHandle::cancelInstance(const QString &app, const QString &id, QObject *context,
                                std::function<void(const CommandResult &)> callback)
{
    postCommand([app, id](Node &node) {
        return node.registry()->cancel(app, id) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                   std::function<void(const CommandResult &)> callback)
{
    postCommand([app, id, status](Node &node) {
        return node.registry()->setStatusOverride(app, id, status) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                      QObject *context, std::function<void(const CommandResult &)> callback)
{
    postCommand([app, id, newStatus](Node &node) {
        return node.registry()->removeStatusOverride(app, id, newStatus) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                QObject *context, std::function<void(const CommandResult &)> callback)
{
    postCommand([app, id, metadata](Node &node) {
        return node.registry()->updateMetadata(app, id, metadata) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 QObject *context, std::function<void(const CommandResult &)> callback)
{
    postCommand([app, id, metadata](Node &node) {
        return node.registry()->replaceMetadata(app, id, metadata) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}
