// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "peerstate.h"
#include "replicationtask.h"

#include <QHash>
#include <QObject>
#include <QPair>
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
        int batchDelayMs = 10;
        int maxBatch = 250;
        int maxQueue = 10'000;
        int requestTimeoutMs = 5'000;
        int maxBackoffMs = 30'000;
    };

    PeerReplicator(QUrl serviceUrl, Registry *registry, QNetworkAccessManager *network, Limits limits,
                   QObject *parent = nullptr);

    void enqueue(ReplicationTask::Action action, const QString &app, const QString &instanceId);
    PeerState state() const;
    QUrl serviceUrl() const { return m_serviceUrl; }

signals:
    void stateChanged();

private:
    void scheduleSend(int delayMs);
    void sendBatch();
    void handleReply(QNetworkReply *reply, const QList<ReplicationTask> &batch);
    void handleItemResponse(const ReplicationTask &task, int status, const QJsonObject &entity);
    void retryLater(const QList<ReplicationTask> &batch, const QString &error, bool congestion);
    void dropOldestHeartbeat();
    QJsonObject encodeTask(const ReplicationTask &task) const;

    QUrl m_serviceUrl;
    Registry *m_registry;
    QNetworkAccessManager *m_network;
    Limits m_limits;
    std::deque<ReplicationTask> m_queue;
    QHash<QPair<QString, QString>, qsizetype> m_queuedHeartbeats;   // instance → heartbeats queued for it
    QTimer m_sendTimer;
    bool m_inFlight = false;
    int m_backoffMs = 0;
    PeerState m_state;
};
