// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/nodehandle.h"

#include "node/node.h"
#include "node/nodeurl.h"
#include "node/operationsapi.h"
#include "auth/authservice.h"
#include "core/registry.h"
#include "history/historyapi.h"
#include "history/historyrecorder.h"

#include <QMetaMethod>
#include <QThread>

namespace {
CommandResult notFound(const QString &app, const QString &id)
{
    return CommandResult::failure(CommandResult::Error::NoSuchInstance,
                                  QStringLiteral("no instance %1 in application %2").arg(id, app));
}

CommandResult notRunning(const QString &name)
{
    return CommandResult::failure(CommandResult::Error::NotRunning, QStringLiteral("the node %1 is not running").arg(name));
}

// Answers on context's thread, unless context is gone.
template<typename Result>
void answer(QObject *context, std::function<void(const Result &)> callback, Result result)
{
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(context, [guard, callback = std::move(callback), result = std::move(result)] {
        if (guard)
            callback(result);
    }, Qt::QueuedConnection);
}
}

NodeHandle::NodeHandle(NodeConfig config, QObject *parent)
    : RegistryConnection {parent}
    , m_config {std::move(config)}
    , m_thread {new QThread(this)}
{
    m_thread->setObjectName(QStringLiteral("node-") + m_config.name);
}

NodeHandle::~NodeHandle()
{
    stop();
}

// The node lives on the thread and goes when the thread finishes. What an earlier node signalled
// after it was replaced (its stopped(), queued while stop() waited) no longer applies.
void NodeHandle::createNode()
{
    m_node = new Node(m_config);
    m_node->moveToThread(m_thread);
    const quint64 generation = ++m_generation;
    const auto current = [this, generation] { return generation == m_generation; };
    connect(m_thread, &QThread::finished, m_node, &QObject::deleteLater);
    connect(m_node, &Node::started, this, [this, current](quint16 port) {
        if (!current())
            return;
        m_port.storeRelease(port);
        m_lastPort = port;
        m_lastError.clear();
        setState(State::Running);
        emit started(port);
    });
    connect(m_node, &Node::startFailed, this, [this, current](const QString &error) {
        if (!current())
            return;
        m_lastError = error;
        setState(State::Stopped);
        emit startFailed(error);
    });
    connect(m_node, &Node::stopped, this, [this, current] {
        if (!current())
            return;
        m_port.storeRelease(0);
        setState(State::Stopped);
        emit stopped();
    });
    connect(m_node, &Node::changesReady, this, &RegistryConnection::changesReady);
    connect(m_node, &Node::peerStateChanged, this, &RegistryConnection::peersChanged);
    connect(m_node, &Node::storeStateChanged, this, &RegistryConnection::storeStateChanged);
    connect(m_node, &Node::bridgesChanged, this, &RegistryConnection::bridgesChanged);
    if (m_reportHeartbeats)
        QMetaObject::invokeMethod(m_node, [node = m_node] { node->setHeartbeatReporting(true); }, Qt::QueuedConnection);
}

void NodeHandle::start()
{
    if (!m_thread->isRunning()) {
        createNode();
        m_thread->start();
    }
    if (m_state != State::Running)
        setState(State::Starting);
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
    setState(State::Stopped);
}

void NodeHandle::requestStop()
{
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_node, &Node::stop, Qt::QueuedConnection);
}

void NodeHandle::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

QString NodeHandle::address() const
{
    if (m_lastPort == 0)
        return {};
    return NodeUrl::base(m_config.bindAddress, m_lastPort, m_config.scheme());
}

void NodeHandle::addPeer(const QUrl &serviceUrl, QObject *context, CommandCallback callback)
{
    postCommand([serviceUrl](Node &node) {
        return node.addPeer(serviceUrl)
            ? CommandResult {}
            : CommandResult::failure(CommandResult::Error::PeerRefused,
                                     QStringLiteral("%1 cannot be a peer of this node").arg(serviceUrl.toString()));
    }, context, std::move(callback));
}

void NodeHandle::removePeer(const QUrl &serviceUrl, QObject *context, CommandCallback callback)
{
    postCommand([serviceUrl](Node &node) {
        return node.removePeer(serviceUrl)
            ? CommandResult {}
            : CommandResult::failure(CommandResult::Error::NotAPeer,
                                     QStringLiteral("%1 is not a peer of this node").arg(serviceUrl.toString()));
    }, context, std::move(callback));
}

void NodeHandle::addBridge(BridgeState::Kind kind, const QUrl &url, QObject *context, CommandCallback callback)
{
    postCommand([kind, url](Node &node) {
        const Bridges::AddResult added = node.addBridge({kind, url});
        return added.outcome == Bridges::Outcome::Added
            ? CommandResult {}
            : CommandResult::failure(CommandResult::Error::BridgeRefused, added.detail);
    }, context, std::move(callback));
}

void NodeHandle::removeBridge(const QUrl &url, QObject *context, CommandCallback callback)
{
    postCommand([url](Node &node) {
        return node.removeBridge(url)
            ? CommandResult {}
            : CommandResult::failure(CommandResult::Error::NoSuchBridge,
                                     QStringLiteral("this node has no bridge to %1").arg(url.toString()));
    }, context, std::move(callback));
}

// Not a registry write: nothing for the journal or the registry's store to hold.
void NodeHandle::postAccountChange(AccountChange change, QObject *context, CommandCallback callback)
{
    if (!m_thread->isRunning()) {
        answer(context, std::move(callback), notRunning(m_config.name));
        return;
    }
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(m_node, [node = m_node, name = m_config.name, change = std::move(change), guard,
                                       callback = std::move(callback)] {
        const auto deliver = [guard, callback](const CommandResult &result) {
            if (guard)
                QMetaObject::invokeMethod(guard.data(), [result, callback] { callback(result); }, Qt::QueuedConnection);
        };
        if (!node->auth()) {
            deliver(notRunning(name));
            return;
        }
        change(*node->auth(), [deliver](const SharedAccounts::Result &result) {
            deliver(result.ok() ? CommandResult {} : CommandResult::failure(CommandResult::Error::Failed, result.error));
        });
    }, Qt::QueuedConnection);
}

void NodeHandle::requestAccounts(QObject *context, std::function<void(const AccountList &)> callback)
{
    if (!m_thread->isRunning()) {
        AccountList list;
        list.result = notRunning(m_config.name);
        answer(context, std::move(callback), std::move(list));
        return;
    }
    post<AccountList>([name = m_config.name](Node &node) {
        AccountList list;
        if (!node.auth()) {
            list.result = notRunning(name);
            return list;
        }
        AuthService &auth = *node.auth();
        QList<AccountStore::Account> accounts;
        if (const QString error = auth.readAccounts(accounts); !error.isEmpty()) {
            list.result = CommandResult::failure(CommandResult::Error::Failed, error);
            return list;
        }
        for (const AccountStore::Account &account : std::as_const(accounts))
            list.accounts.append({account.name, roleName(account.role)});
        list.authenticationRequired = auth.isRequired();
        list.file = auth.accountsFile();
        return list;
    }, context, std::move(callback));
}

void NodeHandle::addAccount(const QString &name, const QString &role, const QString &password, QObject *context,
                            CommandCallback callback)
{
    postAccountChange([name, role, password](AuthService &auth, const SharedAccounts::Done &done) {
        const auto parsed = parseRole(role);
        if (!parsed)
            return done({400, QStringLiteral("'%1' is not viewer, client, operator or admin").arg(role)});
        auth.addAccount(name, *parsed, password.toUtf8(), done);
    }, context, std::move(callback));
}

void NodeHandle::removeAccount(const QString &name, QObject *context, CommandCallback callback)
{
    postAccountChange([name](AuthService &auth, const SharedAccounts::Done &done) { auth.removeAccount(name, done); },
                      context, std::move(callback));
}

// Heartbeats travel in the batches only once something listens for the batches.
void NodeHandle::connectNotify(const QMetaMethod &signal)
{
    if (signal != QMetaMethod::fromSignal(&RegistryConnection::changesReady))
        return;
    m_reportHeartbeats = true;
    if (m_node)
        QMetaObject::invokeMethod(m_node, [node = m_node] { node->setHeartbeatReporting(true); }, Qt::QueuedConnection);
}

template<typename Result>
void NodeHandle::post(std::function<Result(Node &)> work, QObject *context,
                      std::function<void(const Result &)> callback)
{
    if (!m_thread->isRunning()) {
        answer(context, std::move(callback), Result {});
        return;
    }
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
void NodeHandle::postCommand(std::function<CommandResult(Node &)> work, QObject *context, CommandCallback callback)
{
    if (!m_thread->isRunning()) {
        answer(context, std::move(callback), notRunning(m_config.name));
        return;
    }
    QPointer<QObject> guard {context};
    QMetaObject::invokeMethod(m_node, [node = m_node, name = m_config.name, work = std::move(work), guard,
                                       callback = std::move(callback)] {
        const auto deliver = [guard, callback](const CommandResult &result) {
            if (guard)
                QMetaObject::invokeMethod(guard.data(), [result, callback] { callback(result); }, Qt::QueuedConnection);
        };
        if (!node->registry()) {
            deliver(notRunning(name));
            return;
        }
        node->runWrite([&] { return work(*node); }, deliver);
    }, Qt::QueuedConnection);
}

void NodeHandle::requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback)
{
    post<NodeStatus>([](Node &node) { return node.status(); }, context, std::move(callback));
}

void NodeHandle::requestMetrics(QObject *context, std::function<void(const MetricsSample &)> callback)
{
    post<MetricsSample>([](Node &node) { return OperationsApi::metricsSample(node); }, context, std::move(callback));
}

void NodeHandle::requestGatewayStats(QObject *context, std::function<void(const GatewayStats &)> callback)
{
    if (!m_thread->isRunning())
        return answer(context, std::move(callback), GatewayStats::unavailable(GatewayStats::Availability::NotRunning));
    post<GatewayStats>([](Node &node) {
        return node.isRunning() ? node.gatewayStats() : GatewayStats::unavailable(GatewayStats::Availability::NotRunning);
    }, context, std::move(callback));
}

void NodeHandle::startGateway(const GatewayConfig &gateway, QObject *context, CommandCallback callback)
{
    GatewayConfig kept = gateway;
    kept.enabled = true;
    postControl([kept](Node &node) {
        if (const QString error = node.startGateway(kept); !error.isEmpty())
            return CommandResult::failure(CommandResult::Error::GatewayRefused, error);
        node.setGatewayOnStart(kept);
        return CommandResult {};
    }, this, [this, kept, guard = QPointer<QObject>(context), callback = std::move(callback)](const CommandResult &result) {
        if (result.ok)
            m_config.gateway = kept;
        if (guard)
            callback(result);
    });
}

void NodeHandle::stopGateway(QObject *context, CommandCallback callback)
{
    m_config.gateway.enabled = false;
    postControl([gateway = m_config.gateway](Node &node) {
        node.stopGateway();
        node.setGatewayOnStart(gateway);
        return CommandResult {};
    }, context, std::move(callback));
}

void NodeHandle::postControl(std::function<CommandResult(Node &)> work, QObject *context, CommandCallback callback)
{
    if (!m_thread->isRunning())
        return answer(context, std::move(callback), notRunning(m_config.name));
    post<CommandResult>([name = m_config.name, work = std::move(work)](Node &node) {
        return node.registry() ? work(node) : notRunning(name);
    }, context, std::move(callback));
}

namespace {
// The node's history at time, or only its bounds without one.
PastRegistry pastOf(const Node &node, std::optional<qint64> time)
{
    const HistoryRecorder *history = node.history();
    if (!history)
        return PastRegistry::failure(time.value_or(0), HistoryApi::noHistoryReason());
    PastRegistry past;
    past.time = time.value_or(0);
    past.earliest = history->log().earliestTime();
    if (!time)
        return past;
    const auto state = history->log().stateAt(*time);
    if (!state)
        return PastRegistry::failure(*time, HistoryApi::beginsAfterReason(past.earliest, *time));
    past.state = state->toSnapshot();
    return past;
}
}

void NodeHandle::requestHistoryBounds(QObject *context, std::function<void(const PastRegistry &)> callback)
{
    if (!isRunning())
        return answer(context, std::move(callback), PastRegistry::failure(0, notRunning(m_config.name).error));
    post<PastRegistry>([](Node &node) { return pastOf(node, std::nullopt); }, context, std::move(callback));
}

void NodeHandle::requestStateAt(qint64 time, QObject *context, std::function<void(const PastRegistry &)> callback)
{
    if (!isRunning())
        return answer(context, std::move(callback), PastRegistry::failure(time, notRunning(m_config.name).error));
    post<PastRegistry>([time](Node &node) { return pastOf(node, time); }, context, std::move(callback));
}

void NodeHandle::requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback)
{
    post<RegistrySnapshot>([](Node &node) { return node.snapshot(); }, context, std::move(callback));
}

void NodeHandle::registerInstance(const Instance &instance, QObject *context,
                                  CommandCallback callback)
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
            return CommandResult::failure(CommandResult::Error::ServiceConflict,
                                          QStringLiteral("the service id or key conflicts: %1 is registered as %2")
                                              .arg(pinned.key.indexKey(), created.serviceId));
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
                               CommandCallback callback)
{
    postCommand([serviceId, force](Node &node) {
        switch (node.registry()->deleteService(serviceId, force)) {
        case Registry::DeleteServiceOutcome::Deleted:
            return CommandResult {};
        case Registry::DeleteServiceOutcome::NotFound:
            break;
        case Registry::DeleteServiceOutcome::HasInstances:
            return CommandResult::failure(CommandResult::Error::ServiceHasInstances,
                                          QStringLiteral("service %1 has instances").arg(serviceId));
        case Registry::DeleteServiceOutcome::HasConsumers:
            return CommandResult::failure(CommandResult::Error::ServiceHasConsumers,
                                          QStringLiteral("other services depend on service %1").arg(serviceId));
        }
        return CommandResult::failure(CommandResult::Error::NoSuchService, QStringLiteral("no service %1").arg(serviceId));
    }, context, std::move(callback));
}

void NodeHandle::cancelInstance(const QString &app, const QString &id, QObject *context,
                                CommandCallback callback)
{
    postCommand([app, id](Node &node) {
        return node.registry()->cancel(app, id) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                   CommandCallback callback)
{
    postCommand([app, id, status](Node &node) {
        return node.registry()->setStatusOverride(app, id, status) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                      QObject *context, CommandCallback callback)
{
    postCommand([app, id, newStatus](Node &node) {
        return node.registry()->removeStatusOverride(app, id, newStatus) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                QObject *context, CommandCallback callback)
{
    postCommand([app, id, metadata](Node &node) {
        return node.registry()->updateMetadata(app, id, metadata) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}

void NodeHandle::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 QObject *context, CommandCallback callback)
{
    postCommand([app, id, metadata](Node &node) {
        return node.registry()->replaceMetadata(app, id, metadata) ? CommandResult {} : notFound(app, id);
    }, context, std::move(callback));
}
