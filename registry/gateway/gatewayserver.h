// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/gatewaystats.h"
#include "gateway/gatewayconfig.h"
#include "gateway/instancechooser.h"
#include "gateway/routingview.h"

#include <QObject>

#include <memory>

class Gateway;
class QThread;

// The node's side of its gateway: owns the gateway's thread, hands it each new routing view and
// keeps the statistics it sends back. It also answers resolve requests on the node's thread with
// the gateway's way of choosing, over the same view and the ejections the gateway reported.
class GatewayServer : public QObject
{
    Q_OBJECT

public:
    explicit GatewayServer(GatewayConfig config, QObject *parent = nullptr);
    ~GatewayServer() override;

    // Starts the thread and listens; waits only for the gateway's thread to bind its socket.
    bool start(QString *error);
    quint16 port() const { return m_port; }
    QString url() const;
    const GatewayConfig &config() const { return m_config; }
    void publish(std::shared_ptr<const RoutingView> view);
    // The latest statistics from the gateway's thread, with running and url filled in.
    const GatewayStats &stats() const { return m_stats; }

signals:
    void statsChanged();

private:
    void takeStats(const GatewayStats &stats);

    GatewayConfig m_config;
    std::unique_ptr<QThread> m_thread;
    Gateway *m_gateway = nullptr;      // lives on m_thread, deleted there
    quint16 m_port = 0;
    GatewayStats m_stats;
};

// The gateway's choice for scripts: the same policy and zone, over a routing view, minus what the
// gateway ejected.
class GatewayResolver
{
public:
    explicit GatewayResolver(const GatewayConfig &config);

    InstanceChooser::Choice resolve(const RoutedService &service, const GatewayStats &stats);

private:
    InstanceChooser m_chooser;
    GatewayConfig m_config;
};
