// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/peerstate.h"
#include "replication/ownerexchange.h"
#include "replication/replicationtask.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <deque>

class Registry;
class QNetworkAccessManager;
class QNetworkReply;

// Replicates this node's writes to one peer in Eureka's batch format (contract §4.2): a bounded
// queue, heartbeats coalesced per instance, batches of at most maxBatch tasks with one in flight,
// retries with back-off, and the 404/409 conflict rules.
class PeerReplicator : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        int batchDelayMs = 2;
        int maxBatch = 250;
        // Qt 6.4's QNetworkAccessManager writes a request body larger than 16 KiB in two pieces
        // without TCP_NODELAY, so Nagle's algorithm holds the second piece until the peer's delayed
        // ACK: every such batch took 44 ms on loopback instead of 1.5 ms, and under sustained load the
        // queue then grew without end (bench/README.md, "Replication convergence").
        int maxBatchBytes = 16 * 1024;
        int maxQueue = 10'000;
        int requestTimeoutMs = 5'000;
        int maxBackoffMs = 30'000;            // after timeouts and 503s
        int maxTransientBackoffMs = 1'000;    // after connection errors (see retryLater)
        int reRegisterDelayMs = 1'000;        // from a 404 to the Register it calls for (see handleItemResponse)
    };

    PeerReplicator(QUrl serviceUrl, Registry *registry, QNetworkAccessManager *network, Limits limits,
                   QObject *parent = nullptr);

    // cancelledDirtyTimestamp: for a Cancel, the lastDirtyTimestamp of the copy that was removed.
    void enqueue(ReplicationTask::Action action, const QString &app, const QString &instanceId,
                 qint64 cancelledDirtyTimestamp = 0);
    PeerState state() const;
    QUrl serviceUrl() const { return m_serviceUrl; }
    // This node's own service URL, to look up the faults on the link to the peer (LinkFaults).
    void setOwnServiceUrl(const QUrl &url) { m_ownServiceUrl = url; }
    // Who owns each instance, named to a Muster peer in the items about it.
    void setOwnerOf(OwnerExchange::OwnerOf ownerOf) { m_ownerOf = std::move(ownerOf); }

signals:
    void stateChanged();

private:
    void scheduleSend(int delayMs);
    void sendBatch();
    void post(const QByteArray &body, const QList<ReplicationTask> &batch, bool extended);
    ReplicationTask takeFront();
    // extended: the batch carried Muster's own fields (the "muster" member of an item).
    void handleReply(QNetworkReply *reply, const QList<ReplicationTask> &batch, bool extended);
    void putBack(const QList<ReplicationTask> &batch);
    void handleItemResponse(const ReplicationTask &task, int status, const QJsonObject &entity);
    void retryLater(const QList<ReplicationTask> &batch, const QString &error, bool congestion);
    void scheduleReRegister(const QString &app, const QString &instanceId);
    void enqueueDueReRegisters();
    void dropOldestHeartbeat();
    bool isOutdated(const ReplicationTask &task) const;
    QJsonObject encodeTask(const ReplicationTask &task) const;

    QUrl m_serviceUrl;
    QUrl m_ownServiceUrl;
    Registry *m_registry;
    QNetworkAccessManager *m_network;
    Limits m_limits;
    OwnerExchange::OwnerOf m_ownerOf;
    std::deque<ReplicationTask> m_queue;
    QHash<QPair<QString, QString>, qsizetype> m_queuedHeartbeats;   // instance → heartbeats queued for it
    QTimer m_sendTimer;
    struct PendingReRegister
    {
        QDeadlineTimer due;
        QString app;
        QString instanceId;
    };
    std::deque<PendingReRegister> m_reRegisters;                     // in order of due time
    QSet<QPair<QString, QString>> m_reRegisterKeys;
    QTimer m_reRegisterTimer;
    bool m_inFlight = false;
    qint64 m_inFlightSinceMs = 0;      // when the oldest task of the batch in flight was queued
    // Pinned and Service-Center instances carry a "muster" member for Muster peers; false once the
    // peer has refused it (a Netflix Eureka server).
    bool m_sendsExtensions = true;
    int m_backoffMs = 0;
    PeerState m_state;
};
