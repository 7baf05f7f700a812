// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replication/ownerexchange.h"

#include <QList>
#include <QObject>
#include <QUrl>

class QJsonObject;
class QNetworkAccessManager;
class QNetworkReply;
class Registry;

// Copies the full registry from the first peer that answers (contract §4.5) before a node opens for
// reads. Leases start fresh; nothing copied is replicated again. With no peer answering, the node
// opens with what it has. A Muster peer's snapshot names the owner of each instance and service when
// this node's account may replicate; those go to the owner exchange.
class StartupSync : public QObject
{
    Q_OBJECT

public:
    StartupSync(Registry *registry, QList<QUrl> peers, QNetworkAccessManager *network, int timeoutMs,
                OwnerExchange owners = {}, QObject *parent = nullptr);

    void start();

signals:
    // source is empty when no peer answered.
    void finished(int instancesCopied, const QUrl &source);

private:
    void tryPeer(qsizetype index, bool snapshot);
    void handleReply(QNetworkReply *reply, qsizetype index, bool snapshot);
    int copySnapshot(const QJsonObject &snapshot);
    int copyApplications(const QByteArray &body);

    Registry *m_registry;
    QList<QUrl> m_peers;
    QNetworkAccessManager *m_network;
    int m_timeoutMs;
    OwnerExchange m_owners;
};
