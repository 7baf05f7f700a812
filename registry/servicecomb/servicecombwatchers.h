// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "model/registrychange.h"
#include "servicecomb/servicecombconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;
class Registry;

// Service-Center's websockets (contract servicecomb.md §2.7, §2.12): the watcher, which pushes
// CREATE, UPDATE and DELETE events of the providers a consumer has found, and the heartbeat socket,
// whose pongs renew an instance's lease. Both ping at their configured intervals. Qt answers client
// pings itself and does not report them, so watchers are pinged even when their client pings too.
class ServiceCombWatchers : public QObject
{
    Q_OBJECT

public:
    ServiceCombWatchers(Registry *registry, ServiceCombConfig config, QObject *parent = nullptr);
    ~ServiceCombWatchers() override;

    // The HTTP side: accepts a websocket upgrade, answers anything else with 400.
    HttpResponse upgrade(const HttpRequest &request) const;
    // The socket side: the transport hands over each upgraded connection.
    void accept(std::unique_ptr<QWebSocket> socket);

    qsizetype watcherCount() const { return m_watchers.size(); }

private:
    struct Watcher
    {
        QString tenant;
        QString consumerId;
        QElapsedTimer lastHeard;
    };

    struct HeartbeatLink
    {
        QString tenant;
        QString serviceId;
        QString instanceId;
    };

    void acceptWatcher(QWebSocket *socket, const QString &tenant, const QString &consumerId);
    void acceptHeartbeat(QWebSocket *socket, const QString &tenant, const QString &serviceId, const QString &instanceId);
    void publish(const RegistryChange &change);
    void pingWatchers();
    void pingHeartbeats();
    bool renew(const HeartbeatLink &link);
    void forget(QWebSocket *socket);
    void refuse(QWebSocket *socket, const QByteArray &errorJson);

    Registry *m_registry;
    ServiceCombConfig m_config;
    QHash<QWebSocket *, Watcher> m_watchers;
    QHash<QWebSocket *, HeartbeatLink> m_heartbeats;
    QTimer m_watcherPing;
    QTimer m_heartbeatPing;
};
