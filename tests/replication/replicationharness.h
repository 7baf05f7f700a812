// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eurekatestnode.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

// What the replication tests share: free ports to mesh nodes, node configurations, replication
// batches as a peer sends them (contract §4.2), and readers for the peer state in the node API.
class ReplicationHarness
{
public:
    // Ports that were free a moment ago on 127.0.0.1, all distinct (bound together, then released).
    static QList<quint16> reservePorts(int count);
    static QUrl serviceUrl(quint16 port);   // http://127.0.0.1:port/eureka/

    // A node on 127.0.0.1:port (0 = any) replicating to peers.
    static NodeConfig config(const QString &name, quint16 port, const QList<QUrl> &peers = {});
    // The same with self-preservation off and a 1 s eviction timer, so short leases really expire.
    static NodeConfig expiringConfig(const QString &name, quint16 port, const QList<QUrl> &peers = {});

    // Starts node and waits until it serves registry reads (a node with peers answers 403 while it
    // copies the registry from them). Returns false on either failure.
    static bool startReady(EurekaTestNode &node, int timeoutMs = 10000);
    static bool servesReads(EurekaTestNode &node);

    // An InstanceInfo (contract §2.2) with the given lastDirtyTimestamp, lease duration and metadata.
    static QJsonObject instance(const QString &app, const QString &id, qint64 lastDirty,
                                int durationSecs = 90, const QJsonObject &metadata = {});

    // One replicationList item; instanceInfo only for Register, lastDirty/status left out when empty.
    static QJsonObject item(const QString &action, const QString &app, const QString &id,
                            std::optional<qint64> lastDirty = std::nullopt, const QString &status = {},
                            const QJsonObject &instanceInfo = {});
    static QByteArray batchBody(const QJsonArray &items);
    // POST path with a batch body as a peer sends it.
    static HttpReply postBatch(EurekaTestNode &node, const QJsonArray &items,
                               const QString &path = QStringLiteral("/eureka/peerreplication/batch/"));

    // One request on a fresh connection, written in one piece (EurekaTestNode::raw), for counts that
    // must be exact: the request reaches the node exactly once.
    static HttpReply rawRequest(EurekaTestNode &node, const QByteArray &method, const QString &path,
                                const QByteArray &body = {}, const HttpHeaders &headers = {});
    static HttpReply rawRegister(EurekaTestNode &node, const QJsonObject &instance);

    static HttpReply heartbeat(EurekaTestNode &node, const QString &app, const QString &id,
                               const QString &query = {}, const HttpHeaders &headers = {});
    static bool has(EurekaTestNode &node, const QString &app, const QString &id);
    // A field of the instance as GET /eureka/apps/{app}/{id} shows it; empty when absent.
    static QString field(EurekaTestNode &node, const QString &app, const QString &id, const QString &name);
    static QString metadata(EurekaTestNode &node, const QString &app, const QString &id, const QString &key);
    static qint64 dirtyTimestamp(const QJsonObject &instance);   // string or number on the wire

    // The entry for the peer on peerPort in GET /muster/api/v1/node, or empty.
    static QJsonObject peerState(EurekaTestNode &node, quint16 peerPort);
    static QJsonArray peers(EurekaTestNode &node);
    static qint64 revision(EurekaTestNode &node);

    // The ids named by a list of batch items.
    static QStringList ids(const QList<QJsonObject> &items);
    static QStringList actions(const QList<QJsonObject> &items, const QString &id);
};
