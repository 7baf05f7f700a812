// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replication/ownerexchange.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>

class Registry;
class QNetworkAccessManager;
class QNetworkReply;

// Replicates service writes (Service-Center's services, schemas, properties, tags and deletions)
// to one peer through Muster's own endpoint, POST /muster/api/v1/replication/services: Eureka's
// batch format has no place for them. Only the latest state of each service is sent; a peer that
// answers 404 is not a Muster node, and gets instance replication only. Each service goes with the
// account that owns it, when the node knows one (see OwnerExchange).
class ServiceReplicator : public QObject
{
    Q_OBJECT

public:
    ServiceReplicator(const QUrl &serviceUrl, Registry *registry, QNetworkAccessManager *network,
                      QObject *parent = nullptr);

    void enqueue(const QString &serviceId);
    void setOwnerOf(OwnerExchange::ServiceOwnerOf ownerOf) { m_ownerOf = std::move(ownerOf); }
    qsizetype queueLength() const { return m_pending.size(); }
    bool isMusterPeer() const { return m_musterPeer; }

    // The endpoint at a peer given by its Eureka service URL (…/eureka/ → …/muster/api/v1/…).
    static QUrl musterUrl(const QUrl &serviceUrl, const QString &path);

private:
    void send();
    void handleReply(QNetworkReply *reply, const QStringList &sent);

    QUrl m_endpoint;
    Registry *m_registry;
    QNetworkAccessManager *m_network;
    OwnerExchange::ServiceOwnerOf m_ownerOf;
    QHash<QString, bool> m_pending;    // service id → queued (a set; the value is unused)
    QTimer m_sendTimer;
    bool m_inFlight = false;
    bool m_musterPeer = true;
    int m_backoffMs = 0;
};
