// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombwatchers.h"

#include "core/registry.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombrequest.h"
#include "servicecomb/servicecombwire.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcWatch, "muster.servicecomb.watch", QtInfoMsg)

namespace {
using Error = ServiceCombError;

constexpr qsizetype maxSockets = 4096;
constexpr qint64 readTimeoutMs = 120'000;
constexpr qsizetype maxClientFrameBytes = 64;
const auto instanceGone = QWebSocketProtocol::CloseCode(4001);

QString actionOf(RegistryChange::Kind kind)
{
    switch (kind) {
    case RegistryChange::Kind::Registered: return QStringLiteral("CREATE");
    case RegistryChange::Kind::Cancelled:
    case RegistryChange::Kind::Expired: return QStringLiteral("DELETE");
    case RegistryChange::Kind::StatusChanged:
    case RegistryChange::Kind::StatusCorrected:
    case RegistryChange::Kind::OverrideRemoved:
    case RegistryChange::Kind::MetadataChanged:
    case RegistryChange::Kind::CheckStatusChanged: return QStringLiteral("UPDATE");
    case RegistryChange::Kind::ServiceCreated:
    case RegistryChange::Kind::ServiceUpdated:
    case RegistryChange::Kind::ServiceDeleted: break;
    }
    return {};
}

QString tenantOf(const QWebSocket &socket, const QString &project)
{
    QString domain = QString::fromUtf8(socket.request().rawHeader("X-Domain-Name")).trimmed();
    return (domain.isEmpty() ? QStringLiteral("default") : domain) + u'/'
        + (project.isEmpty() ? QStringLiteral("default") : project);
}
}

ServiceCombWatchers::ServiceCombWatchers(Registry *registry, ServiceCombConfig config, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_config {config}
    , m_watcherPing {this}
    , m_heartbeatPing {this}
{
    connect(m_registry, &Registry::changed, this, &ServiceCombWatchers::publish);
    m_watcherPing.setInterval(std::max(10, m_config.watcherPingIntervalMs));
    m_heartbeatPing.setInterval(std::max(10, m_config.heartbeatPingIntervalMs));
    connect(&m_watcherPing, &QTimer::timeout, this, &ServiceCombWatchers::pingWatchers);
    connect(&m_heartbeatPing, &QTimer::timeout, this, &ServiceCombWatchers::pingHeartbeats);
    m_watcherPing.start();
    m_heartbeatPing.start();
}

ServiceCombWatchers::~ServiceCombWatchers()
{
    const auto sockets = m_watchers.keys() + m_heartbeats.keys();
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

HttpResponse ServiceCombWatchers::upgrade(const HttpRequest &request) const
{
    if (request.header("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return HttpResponse::webSocketUpgrade();
    return Error(Error::InvalidParams, QStringLiteral("websocket: the client is not using the websocket protocol: "
                                                      "'upgrade' token not found in 'Connection' header"))
        .toResponse();
}

void ServiceCombWatchers::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { forget(socket); });
    if (m_watchers.size() + m_heartbeats.size() >= maxSockets) {
        refuse(socket, "too many websockets");
        return;
    }
    // /v4/{project}/registry/microservices/{id}/watcher and …/{id}/instances/{instanceId}/heartbeat
    const QStringList segments = socket->requestUrl().path().split(u'/', Qt::SkipEmptyParts);
    const QString tenant = tenantOf(*socket, segments.value(1));
    if (segments.size() == 6 && segments.at(5) == u"watcher")
        acceptWatcher(socket, tenant, segments.at(4));
    else if (segments.size() == 8 && segments.at(7) == u"heartbeat")
        acceptHeartbeat(socket, tenant, segments.at(4), segments.at(6));
    else
        refuse(socket, "no websocket at this path");
}

void ServiceCombWatchers::refuse(QWebSocket *socket, const QByteArray &errorJson)
{
    socket->sendTextMessage(QString::fromUtf8(errorJson));
    socket->close(QWebSocketProtocol::CloseCodeNormal);
    socket->deleteLater();
}

void ServiceCombWatchers::acceptWatcher(QWebSocket *socket, const QString &tenant, const QString &consumerId)
{
    const Service *consumer = m_registry->findService(consumerId);
    if (!consumer || (consumer->key.domainProject != tenant && !ServiceCombRequest::isGlobal(*consumer))) {
        refuse(socket, QJsonDocument(Error(Error::ServiceNotExists,
                                           QStringLiteral("service does not exist: %1").arg(consumerId)).toJson())
                           .toJson(QJsonDocument::Compact));
        return;
    }
    Watcher &watcher = m_watchers[socket];
    watcher.tenant = tenant;
    watcher.consumerId = consumerId;
    watcher.lastHeard.start();
    const auto heard = [this, socket] {
        if (auto it = m_watchers.find(socket); it != m_watchers.end())
            it->lastHeard.start();
    };
    connect(socket, &QWebSocket::pong, this, heard);
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket, heard](const QString &message) {
        heard();
        if (message.toUtf8().size() > maxClientFrameBytes)
            socket->close(QWebSocketProtocol::CloseCodeTooMuchData);
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [socket, heard](const QByteArray &message) {
        heard();
        if (message.size() > maxClientFrameBytes)
            socket->close(QWebSocketProtocol::CloseCodeTooMuchData);
    });
    qCDebug(lcWatch) << "watcher of" << consumerId << "connected";
}

void ServiceCombWatchers::acceptHeartbeat(QWebSocket *socket, const QString &tenant, const QString &serviceId,
                                          const QString &instanceId)
{
    const HeartbeatLink link {tenant, serviceId, instanceId};
    if (!renew(link)) {
        socket->close(instanceGone, QStringLiteral("instance does not exist"));
        socket->deleteLater();
        return;
    }
    m_heartbeats.insert(socket, link);
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        const auto it = m_heartbeats.constFind(socket);
        if (it != m_heartbeats.cend() && !renew(*it))
            socket->close(instanceGone, QStringLiteral("instance does not exist"));
    });
}

bool ServiceCombWatchers::renew(const HeartbeatLink &link)
{
    const Service *service = m_registry->findService(link.serviceId);
    if (!service || (service->key.domainProject != link.tenant && !ServiceCombRequest::isGlobal(*service)))
        return false;
    const QString app = EurekaServiceMapping::appForService(service->key.serviceName);
    const auto instance = m_registry->instance(app, link.instanceId);
    return instance && instance->serviceId == link.serviceId
        && m_registry->renew(app, link.instanceId).outcome == Registry::RenewOutcome::Renewed;
}

void ServiceCombWatchers::forget(QWebSocket *socket)
{
    m_watchers.remove(socket);
    m_heartbeats.remove(socket);
    socket->deleteLater();
}

void ServiceCombWatchers::publish(const RegistryChange &change)
{
    if (change.isServiceChange() || m_watchers.isEmpty())
        return;
    const QString action = actionOf(change.kind);
    const Service *provider = m_registry->findService(change.instance.serviceId);
    if (action.isEmpty() || !provider)
        return;
    const QSet<QString> consumers = m_registry->consumersOf(*provider);
    if (consumers.isEmpty())
        return;
    const QJsonObject key {{QStringLiteral("tenant"), provider->key.domainProject},
                           {QStringLiteral("environment"), provider->key.environment},
                           {QStringLiteral("appId"), provider->key.appId},
                           {QStringLiteral("serviceName"), provider->key.serviceName},
                           {QStringLiteral("version"), provider->key.version}};
    const QString event = QString::fromUtf8(QJsonDocument(QJsonObject {
        {QStringLiteral("action"), action},
        {QStringLiteral("key"), key},
        {QStringLiteral("instance"), ServiceCombCodec::encodeInstance(change.instance, provider->key.version)}})
                                                .toJson(QJsonDocument::Compact));
    for (auto it = m_watchers.cbegin(); it != m_watchers.cend(); ++it) {
        if (consumers.contains(it->consumerId))
            it.key()->sendTextMessage(event);
    }
}

void ServiceCombWatchers::pingWatchers()
{
    const qint64 timeoutMs = std::max<qint64>(readTimeoutMs, 4LL * m_config.watcherPingIntervalMs);
    for (auto it = m_watchers.begin(); it != m_watchers.end(); ++it) {
        QWebSocket *socket = it.key();
        if (!m_registry->findService(it->consumerId) || it->lastHeard.hasExpired(timeoutMs)) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway);
            continue;
        }
        socket->ping();
    }
}

void ServiceCombWatchers::pingHeartbeats()
{
    for (auto it = m_heartbeats.cbegin(); it != m_heartbeats.cend(); ++it)
        it.key()->ping();
}
