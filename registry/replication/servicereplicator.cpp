// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/servicereplicator.h"

#include "model/urlcredentials.h"
#include "replication/peerrequest.h"

#include "core/registry.h"
#include "model/musterjson.h"
#include "replication/replicationlogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {
constexpr int sendDelayMs = 10;
constexpr int firstBackoffMs = 500;
constexpr int maxBackoffMs = 30'000;
constexpr int requestTimeoutMs = 5'000;
}

ServiceReplicator::ServiceReplicator(const QUrl &serviceUrl, Registry *registry, QNetworkAccessManager *network,
                                     QObject *parent)
    : QObject {parent}
    , m_endpoint {musterUrl(serviceUrl, QStringLiteral("replication/services"))}
    , m_registry {registry}
    , m_network {network}
    , m_sendTimer {this}
{
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &ServiceReplicator::send);
}

QUrl ServiceReplicator::musterUrl(const QUrl &serviceUrl, const QString &path)
{
    // The Eureka service URL ends in "/eureka/" or "/eureka/v2/"; Muster's API sits at the root.
    QUrl url = serviceUrl;
    url.setPath(QStringLiteral("/muster/api/v1/") + path);
    return url;
}

void ServiceReplicator::enqueue(const QString &serviceId)
{
    if (!m_musterPeer)
        return;
    m_pending.insert(serviceId, true);
    if (!m_inFlight && !m_sendTimer.isActive())
        m_sendTimer.start(sendDelayMs);
}

void ServiceReplicator::send()
{
    if (m_inFlight || m_pending.isEmpty())
        return;
    QJsonArray items;
    const QStringList ids = m_pending.keys();
    for (const QString &id : ids) {
        const Service *service = m_registry->findService(id);
        if (!service) {
            items.append(QJsonObject {{QStringLiteral("deleted"), id}});
            continue;
        }
        QJsonObject item {{QStringLiteral("service"), MusterJson::encodeService(*service)}};
        if (const QString owner = m_ownerOf ? m_ownerOf(id) : QString(); !owner.isEmpty())
            item.insert(QStringLiteral("owner"), owner);
        items.append(item);
    }
    m_pending.clear();
    QNetworkRequest request = peerRequest(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(requestTimeoutMs);
    m_inFlight = true;
    QNetworkReply *reply = m_network->post(
        request, QJsonDocument(QJsonObject {{QStringLiteral("services"), items}}).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, ids] {
        reply->deleteLater();
        handleReply(reply, ids);
    });
}

void ServiceReplicator::handleReply(QNetworkReply *reply, const QStringList &sent)
{
    m_inFlight = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404 || status == 405) {
        qCInfo(lcReplication).noquote() << UrlCredentials::shown(m_endpoint) << "is not a Muster node: services are not replicated there";
        m_musterPeer = false;
        m_pending.clear();
        return;
    }
    if (status >= 200 && status < 300) {
        m_backoffMs = 0;
        if (!m_pending.isEmpty())
            m_sendTimer.start(0);
        return;
    }
    // Back in the queue: whatever state the services have when the retry goes out is what is sent.
    for (const QString &id : sent)
        m_pending.insert(id, true);
    m_backoffMs = m_backoffMs == 0 ? firstBackoffMs : std::min(m_backoffMs * 2, maxBackoffMs);
    m_sendTimer.start(m_backoffMs);
}
