// SPDX-License-Identifier: GPL-3.0-or-later
#include "remotesource.h"

RemoteSource::RemoteSource(const QUrl &url, RemoteRegistry::Kind kind, QObject *parent)
    : RegistrySource(parent)
    , m_remote(std::make_unique<RemoteRegistry>(url, kind))
{
    connect(m_remote.get(), &RemoteRegistry::stateChanged, this, [this] { emit stateChanged(state()); });
    connect(m_remote.get(), &RemoteRegistry::changesReady, this, &RegistrySource::changesReady);
    m_remote->start();
}

RemoteSource::~RemoteSource()
{
    m_remote->stop();
}

QString RemoteSource::name() const
{
    const QUrl url = m_remote->url();
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

QString RemoteSource::kindName(RemoteRegistry::Kind kind)
{
    switch (kind) {
    case RemoteRegistry::Kind::Eureka: return tr("Eureka");
    case RemoteRegistry::Kind::ServiceComb: return tr("Service-Center");
    case RemoteRegistry::Kind::Muster: return tr("Muster");
    case RemoteRegistry::Kind::Detect: break;
    }
    return tr("detecting…");
}

RegistrySource::State RemoteSource::state() const
{
    switch (m_remote->state()) {
    case RemoteRegistry::State::Connecting: return State::Starting;
    case RemoteRegistry::State::Connected: return State::Running;
    case RemoteRegistry::State::Unreachable: return State::Unreachable;
    }
    return State::Unreachable;
}

void RemoteSource::requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback)
{
    m_remote->requestSnapshot(context, std::move(callback));
}

void RemoteSource::requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback)
{
    m_remote->requestStatus(context, std::move(callback));
}

void RemoteSource::registerInstance(const Instance &instance, QObject *context, CommandCallback callback)
{
    m_remote->registerInstance(instance, context, std::move(callback));
}

void RemoteSource::cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback)
{
    m_remote->cancelInstance(app, id, context, std::move(callback));
}

void RemoteSource::setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                     CommandCallback callback)
{
    m_remote->setStatusOverride(app, id, status, context, std::move(callback));
}

void RemoteSource::removeStatusOverride(const QString &app, const QString &id, QObject *context,
                                        CommandCallback callback)
{
    m_remote->removeStatusOverride(app, id, std::nullopt, context, std::move(callback));
}

void RemoteSource::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                   QObject *context, CommandCallback callback)
{
    m_remote->updateMetadata(app, id, metadata, context, std::move(callback));
}
