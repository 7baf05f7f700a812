// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/gatewaystats.h"
#include "gateway/gatewayconfig.h"
#include "gateway/instancechooser.h"
#include "gateway/routingview.h"
#include "gateway/trafficstats.h"
#include "gateway/upstreampool.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class ProxyConnection;
class QTcpServer;

// The reverse proxy on its own thread: its listening socket, the client connections, the pool of
// upstream connections, the choice of instance and the traffic counts. It never touches the
// registry: the node hands it routing views, and it hands statistics back, both by queued calls.
class Gateway : public QObject
{
    Q_OBJECT

public:
    explicit Gateway(GatewayConfig config, QObject *parent = nullptr);
    ~Gateway() override;

    // On the gateway's thread.
    bool listen();
    quint16 port() const;
    QString errorString() const { return m_error; }
    void setRoutingView(std::shared_ptr<const RoutingView> view);

    // For its connections.
    const GatewayConfig &config() const { return m_config; }
    const RoutedService *find(QStringView service) const;
    InstanceChooser::Choice choose(const RoutedService &service, const QSet<QString> &excluded);
    // True when the failure ejects the instance.
    bool recordFailure(const RoutingTarget &target, bool refused);
    void recordExchange(const QString &service, const RoutingTarget &target, qint64 micros, bool failed);
    PassiveHealth &health() { return m_health; }
    TrafficStats &stats();
    UpstreamPool &pool() { return *m_pool; }

signals:
    void statsUpdated(const GatewayStats &stats);

private:
    void acceptConnections();
    void publishStats();

    GatewayConfig m_config;
    std::unique_ptr<QTcpServer> m_server;
    std::unique_ptr<UpstreamPool> m_pool;
    std::shared_ptr<const RoutingView> m_view;
    InstanceChooser m_chooser;
    PassiveHealth m_health;
    TrafficStats m_stats;
    QSet<ProxyConnection *> m_connections;
    QTimer m_statsTimer;
    bool m_statsDirty = true;
    bool m_hadEjections = false;
    QString m_error;
};
