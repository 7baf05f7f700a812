// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/gatewayserver.h"

#include "gateway/gateway.h"
#include "gateway/gatewaylogging.h"

#include <QDateTime>
#include <QThread>

GatewayServer::GatewayServer(GatewayConfig config, QObject *parent)
    : QObject {parent}
    , m_config {std::move(config)}
{
    qRegisterMetaType<GatewayStats>();
}

GatewayServer::~GatewayServer()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
}

bool GatewayServer::start(QString *error)
{
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("gateway"));
    m_gateway = new Gateway(m_config);
    m_gateway->moveToThread(m_thread.get());
    connect(m_gateway, &Gateway::statsUpdated, this, &GatewayServer::takeStats);
    connect(m_thread.get(), &QThread::finished, m_gateway, &QObject::deleteLater);
    m_thread->start();
    bool listening = false;
    QString listenError;
    QMetaObject::invokeMethod(m_gateway, [this, &listening, &listenError] {
        listening = m_gateway->listen();
        m_port = m_gateway->port();
        listenError = m_gateway->errorString();
    }, Qt::BlockingQueuedConnection);
    if (!listening) {
        *error = QStringLiteral("the gateway cannot listen on %1:%2: %3")
                     .arg(m_config.bindAddress.toString()).arg(m_config.port).arg(listenError);
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
        return false;
    }
    m_stats.running = true;
    m_stats.url = url();
    m_stats.zone = m_config.zone;
    qCInfo(lcGateway).noquote() << "gateway listening on" << url();
    return true;
}

QString GatewayServer::url() const
{
    const QString host = m_config.bindAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + m_config.bindAddress.toString() + u']'
        : m_config.bindAddress.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

void GatewayServer::publish(std::shared_ptr<const RoutingView> view)
{
    QMetaObject::invokeMethod(m_gateway, [gateway = m_gateway, view = std::move(view)]() mutable {
        gateway->setRoutingView(std::move(view));
    });
}

void GatewayServer::takeStats(const GatewayStats &stats)
{
    m_stats = stats;
    m_stats.url = url();
    emit statsChanged();
}

GatewayResolver::GatewayResolver(const GatewayConfig &config)
    : m_chooser {config.zone}
    , m_config {config}
{
}

InstanceChooser::Choice GatewayResolver::resolve(const RoutedService &service, const GatewayStats &stats)
{
    PassiveHealth health(m_config.ejectAfterFailures, m_config.ejectForMs);
    for (const GatewayServiceStats &counted : stats.services) {
        if (counted.service != service.name)
            continue;
        for (const GatewayInstanceStats &instance : counted.instances)
            health.setEjectedUntil(instance.address, instance.ejectedUntilMs);
    }
    return m_chooser.choose(service, health, QDateTime::currentMSecsSinceEpoch());
}
