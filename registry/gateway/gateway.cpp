// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/gateway.h"

#include "gateway/gatewaylogging.h"
#include "gateway/proxyconnection.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>

namespace {
constexpr int statsIntervalMs = 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
}

Gateway::Gateway(GatewayConfig config, QObject *parent)
    : QObject {parent}
    , m_config {std::move(config)}
    , m_view {RoutingView::Builder {}.build()}
    , m_chooser {m_config.zone}
    , m_health {m_config.ejectAfterFailures, m_config.ejectForMs}
    , m_statsTimer {this}
{
}

Gateway::~Gateway()
{
    for (ProxyConnection *connection : std::as_const(m_connections)) {
        connection->disconnect(this);
        delete connection;
    }
}

bool Gateway::listen()
{
    m_pool = std::make_unique<UpstreamPool>();
    m_server = std::make_unique<QTcpServer>();
    m_server->setListenBacklogSize(1024);
    if (!m_server->listen(m_config.bindAddress, m_config.port)) {
        m_error = m_server->errorString();
        m_server.reset();
        return false;
    }
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &Gateway::acceptConnections);
    m_statsTimer.setInterval(statsIntervalMs);
    connect(&m_statsTimer, &QTimer::timeout, this, &Gateway::publishStats);
    m_statsTimer.start();
    publishStats();
    return true;
}

quint16 Gateway::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void Gateway::setRoutingView(std::shared_ptr<const RoutingView> view)
{
    m_view = std::move(view);
}

const RoutedService *Gateway::find(QStringView service) const
{
    return m_view->find(service);
}

InstanceChooser::Choice Gateway::choose(const RoutedService &service, const QSet<QString> &excluded)
{
    return m_chooser.choose(service, m_health, nowMs(), excluded);
}

bool Gateway::recordFailure(const RoutingTarget &target, bool refused)
{
    m_statsDirty = true;
    return m_health.recordFailure(target.address(), nowMs(), refused);
}

void Gateway::recordExchange(const QString &service, const RoutingTarget &target, qint64 micros, bool failed)
{
    m_statsDirty = true;
    m_stats.recordExchange(service, target, micros, failed, nowMs());
}

TrafficStats &Gateway::stats()
{
    m_statsDirty = true;
    return m_stats;
}

void Gateway::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= m_config.maxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new ProxyConnection(socket, *this);
        m_connections.insert(connection);
        m_statsDirty = true;
        connect(connection, &ProxyConnection::closed, this, [this](ProxyConnection *closed) {
            m_connections.remove(closed);
            m_statsDirty = true;
            closed->deleteLater();
        });
    }
}

void Gateway::publishStats()
{
    if (!m_statsDirty && !m_hadEjections)
        return;
    m_statsDirty = false;
    GatewayStats stats = m_stats.snapshot(m_health, nowMs());
    m_hadEjections = std::any_of(stats.services.cbegin(), stats.services.cend(), [](const GatewayServiceStats &service) {
        return std::any_of(service.instances.cbegin(), service.instances.cend(),
                           [](const GatewayInstanceStats &instance) { return instance.ejectedUntilMs != 0; });
    });
    stats.running = true;
    stats.zone = m_config.zone;
    stats.openConnections = int(m_connections.size());
    emit statsUpdated(stats);
}
