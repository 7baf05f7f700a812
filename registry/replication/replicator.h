// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replication/peerreplicator.h"
#include "api/peerstate.h"
#include "model/instance.h"
#include "model/registrychange.h"

#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <memory>

class Registry;
class SelfRegistration;
class TlsNetworkAccess;
class ServiceReplicator;

// Sends every write this node's clients make to each peer (never a write that came from a peer:
// peers form a full mesh, contract §4.1). Evictions and heartbeat status corrections stay local.
class Replicator : public QObject
{
    Q_OBJECT

public:
    // tls: how https peers are verified (null: the system's CAs).
    Replicator(Registry *registry, const QList<QUrl> &peers, PeerReplicator::Limits limits = {},
               const QSslConfiguration &tls = {}, QObject *parent = nullptr);
    ~Replicator() override;

    QList<PeerState> peerStates() const;
    // Copies the registry from the first peer that answers; finished() follows.
    void syncFromPeers(int timeoutMs);
    // Registers this node with every peer as app MUSTER and keeps that lease alive.
    void registerWithPeers(std::function<Instance()> ownInstance);
    // A peer joined or left while the node runs. A joining peer is sent the whole registry, so two
    // nodes that ran apart converge; it answers with its own the same way when it adds this node.
    void addPeer(const QUrl &peer);
    bool removePeer(const QUrl &peer);
    // This node's own service URL, under which LinkFaults knows its outgoing links.
    void setOwnServiceUrl(const QUrl &url);
    // The owners this node names to its peers, and where the owners its startup copy brings go.
    void setOwners(OwnerExchange owners);

    // The peers a node should use: normalised to end in '/', without duplicates or itself.
    static QList<QUrl> normalizedPeers(const QList<QUrl> &peers, const QUrl &ownServiceUrl);

signals:
    void peerStateChanged();
    void syncFinished(int instancesCopied, const QUrl &source);

private:
    QList<QUrl> peerUrls() const;
    void replicateChange(const RegistryChange &change);
    void replicateHeartbeat(const QString &app, const QString &id, qint64 timestamp, WriteOrigin origin);
    void enqueueEverywhere(ReplicationTask::Action action, const QString &app, const QString &id,
                           qint64 cancelledDirtyTimestamp = 0);

    Registry *m_registry;
    std::unique_ptr<TlsNetworkAccess> m_network;
    QList<PeerReplicator *> m_peers;
    QList<ServiceReplicator *> m_servicePeers;
    SelfRegistration *m_selfRegistration = nullptr;
    PeerReplicator::Limits m_limits;
    QUrl m_ownServiceUrl;
    OwnerExchange m_owners;
};
