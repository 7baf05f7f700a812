// SPDX-License-Identifier: GPL-3.0-or-later
#include "localnodesource.h"

#include "node/nodeurl.h"

LocalNodeSource::LocalNodeSource(NodeHandle *node, QObject *parent)
    : RegistrySource(parent)
    , m_node(node)
    , m_name(node->config().name)
{
    if (node->isRunning()) {
        m_lastPort = node->port();
        m_state = State::Running;
    }
    connect(node, &NodeHandle::started, this, [this](quint16 port) {
        m_lastPort = port;
        m_lastError.clear();
        setState(State::Running);
    });
    connect(node, &NodeHandle::startFailed, this, [this](const QString &error) {
        m_lastError = error;
        setState(State::Stopped);
    });
    connect(node, &NodeHandle::stopped, this, [this] { setState(State::Stopped); });
    connect(node, &NodeHandle::changesReady, this, &RegistrySource::changesReady);
    connect(node, &NodeHandle::peerStateChanged, this, &RegistrySource::peersChanged);
    connect(node, &NodeHandle::storeStateChanged, this, &RegistrySource::storeStateChanged);
}

QString LocalNodeSource::name() const
{
    return m_name;
}

QString LocalNodeSource::address() const
{
    if (!m_node || m_lastPort == 0)
        return {};
    return NodeUrl::base(m_node->config().bindAddress, m_lastPort);
}

void LocalNodeSource::start()
{
    if (!m_node || m_state == State::Running || m_state == State::Starting)
        return;
    setState(State::Starting);
    m_node->start();
}

void LocalNodeSource::stop()
{
    if (m_node && m_state == State::Running)
        m_node->requestStop();
}

void LocalNodeSource::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

bool LocalNodeSource::refuseWhileStopped(const CommandCallback &callback) const
{
    if (m_node && m_state == State::Running)
        return false;
    callback({false, tr("The node %1 is not running.").arg(name())});
    return true;
}

void LocalNodeSource::requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback)
{
    if (m_node && m_state == State::Running)
        m_node->requestSnapshot(context, std::move(callback));
}

void LocalNodeSource::requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback)
{
    if (m_node && m_state == State::Running)
        m_node->requestStatus(context, std::move(callback));
}

void LocalNodeSource::registerInstance(const Instance &instance, QObject *context, CommandCallback callback)
{
    if (!refuseWhileStopped(callback))
        m_node->registerInstance(instance, context, std::move(callback));
}

void LocalNodeSource::cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback)
{
    if (!refuseWhileStopped(callback))
        m_node->cancelInstance(app, id, context, std::move(callback));
}

void LocalNodeSource::setStatusOverride(const QString &app, const QString &id, InstanceStatus status,
                                        QObject *context, CommandCallback callback)
{
    if (!refuseWhileStopped(callback))
        m_node->setStatusOverride(app, id, status, context, std::move(callback));
}

void LocalNodeSource::removeStatusOverride(const QString &app, const QString &id, QObject *context,
                                           CommandCallback callback)
{
    if (!refuseWhileStopped(callback))
        m_node->removeStatusOverride(app, id, std::nullopt, context, std::move(callback));
}

void LocalNodeSource::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                      QObject *context, CommandCallback callback)
{
    if (!refuseWhileStopped(callback))
        m_node->replaceMetadata(app, id, metadata, context, std::move(callback));
}
