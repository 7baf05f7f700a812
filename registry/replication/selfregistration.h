// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

// Registers the node with each peer as an ordinary Eureka client, as app MUSTER, and keeps the lease
// alive (Eureka's "peer awareness": servers register with each other, so each lists the others).
class SelfRegistration : public QObject
{
    Q_OBJECT

public:
    SelfRegistration(std::function<Instance()> ownInstance, QList<QUrl> peers, QNetworkAccessManager *network,
                     QObject *parent = nullptr);

    void start();
    void addPeer(const QUrl &peer);
    void removePeer(const QUrl &peer);

private:
    void registerAt(const QUrl &peer);
    void heartbeat();

    std::function<Instance()> m_ownInstance;
    QList<QUrl> m_peers;
    QNetworkAccessManager *m_network;
    QTimer m_heartbeatTimer;
};
