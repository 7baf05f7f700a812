// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/selfregistration.h"

#include "replication/peerrequest.h"

#include "eureka/eurekajsoncodec.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

SelfRegistration::SelfRegistration(std::function<Instance()> ownInstance, QList<QUrl> peers,
                                   QNetworkAccessManager *network, QObject *parent)
    : QObject {parent}
    , m_ownInstance {std::move(ownInstance)}
    , m_peers {std::move(peers)}
    , m_network {network}
    , m_heartbeatTimer {this}
{
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &SelfRegistration::heartbeat);
}

void SelfRegistration::start()
{
    for (const QUrl &peer : std::as_const(m_peers))
        registerAt(peer);
    m_heartbeatTimer.start(m_ownInstance().lease.renewalIntervalSecs * 1000);
}

void SelfRegistration::addPeer(const QUrl &peer)
{
    if (m_peers.contains(peer))
        return;
    m_peers.append(peer);
    if (m_heartbeatTimer.isActive())
        registerAt(peer);
}

void SelfRegistration::removePeer(const QUrl &peer)
{
    m_peers.removeAll(peer);
}

void SelfRegistration::registerAt(const QUrl &peer)
{
    const Instance own = m_ownInstance();
    QNetworkRequest request = peerRequest(peer.resolved(QUrl(QStringLiteral("apps/") + own.app)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network->post(request, EurekaJsonCodec::encodeInstanceDocument(own));
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

// A heartbeat answered 404 means the peer lost us (a restart, an eviction): register again.
void SelfRegistration::heartbeat()
{
    const Instance own = m_ownInstance();
    for (const QUrl &peer : std::as_const(m_peers)) {
        QNetworkRequest request = peerRequest(peer.resolved(QUrl(QStringLiteral("apps/%1/%2").arg(own.app, own.instanceId))));
        request.setTransferTimeout(5000);
        QNetworkReply *reply = m_network->put(request, QByteArray());
        connect(reply, &QNetworkReply::finished, this, [this, reply, peer] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 404)
                registerAt(peer);
        });
    }
}
