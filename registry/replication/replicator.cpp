// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicator.h"

#include "model/urlcredentials.h"

#include "core/registry.h"
#include "replication/selfregistration.h"
#include "replication/servicereplicator.h"
#include "replication/startupsync.h"

#include <QHostAddress>
#include "tls/tlsnetworkaccess.h"

Replicator::Replicator(Registry *registry, const QList<QUrl> &peers, PeerReplicator::Limits limits,
                       const QSslConfiguration &tls, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_network {std::make_unique<TlsNetworkAccess>()}
    , m_limits {limits}
{
    m_network->setTlsConfiguration(tls);
    for (const QUrl &peer : peers) {
        auto *replicator = new PeerReplicator(peer, registry, m_network.get(), limits, this);
        connect(replicator, &PeerReplicator::stateChanged, this, &Replicator::peerStateChanged);
        m_peers.append(replicator);
        m_servicePeers.append(new ServiceReplicator(peer, registry, m_network.get(), this));
    }
    connect(registry, &Registry::changed, this, &Replicator::replicateChange);
    connect(registry, &Registry::renewed, this, &Replicator::replicateHeartbeat);
}

Replicator::~Replicator()
{
    qDeleteAll(m_peers);
    m_peers.clear();
    qDeleteAll(m_servicePeers);
    m_servicePeers.clear();
}

QList<QUrl> Replicator::peerUrls() const
{
    QList<QUrl> urls;
    for (const PeerReplicator *peer : m_peers)
        urls.append(peer->serviceUrl());
    return urls;
}

void Replicator::syncFromPeers(int timeoutMs)
{
    auto *sync = new StartupSync(m_registry, peerUrls(), m_network.get(), timeoutMs, m_owners, this);
    connect(sync, &StartupSync::finished, this, [this, sync](int copied, const QUrl &source) {
        sync->deleteLater();
        emit syncFinished(copied, source);
    });
    sync->start();
}

void Replicator::registerWithPeers(std::function<Instance()> ownInstance)
{
    m_selfRegistration = new SelfRegistration(std::move(ownInstance), peerUrls(), m_network.get(), this);
    m_selfRegistration->start();
}

void Replicator::setOwnServiceUrl(const QUrl &url)
{
    m_ownServiceUrl = url;
    for (PeerReplicator *peer : std::as_const(m_peers))
        peer->setOwnServiceUrl(url);
}

void Replicator::setOwners(OwnerExchange owners)
{
    m_owners = std::move(owners);
    for (PeerReplicator *peer : std::as_const(m_peers))
        peer->setOwnerOf(m_owners.ownerOf);
    for (ServiceReplicator *peer : std::as_const(m_servicePeers))
        peer->setOwnerOf(m_owners.serviceOwnerOf);
}

void Replicator::addPeer(const QUrl &peer)
{
    if (peerUrls().contains(peer))
        return;
    auto *replicator = new PeerReplicator(peer, m_registry, m_network.get(), m_limits, this);
    replicator->setOwnServiceUrl(m_ownServiceUrl);
    replicator->setOwnerOf(m_owners.ownerOf);
    connect(replicator, &PeerReplicator::stateChanged, this, &Replicator::peerStateChanged);
    auto *services = new ServiceReplicator(peer, m_registry, m_network.get(), this);
    services->setOwnerOf(m_owners.serviceOwnerOf);
    for (const Service &service : m_registry->services()) {
        if (service.origin != Protocol::Eureka)
            services->enqueue(service.serviceId);
    }
    for (const auto &app : m_registry->applications()) {
        for (const Instance &instance : app)
            replicator->enqueue(ReplicationTask::Action::Register, instance.app, instance.instanceId);
    }
    m_peers.append(replicator);
    m_servicePeers.append(services);
    if (m_selfRegistration)
        m_selfRegistration->addPeer(peer);
    emit peerStateChanged();
}

bool Replicator::removePeer(const QUrl &peer)
{
    const qsizetype index = peerUrls().indexOf(peer);
    if (index < 0)
        return false;
    delete m_peers.takeAt(index);
    delete m_servicePeers.takeAt(index);
    if (m_selfRegistration)
        m_selfRegistration->removePeer(peer);
    emit peerStateChanged();
    return true;
}

QList<PeerState> Replicator::peerStates() const
{
    QList<PeerState> states;
    for (const PeerReplicator *peer : m_peers)
        states.append(peer->state());
    return states;
}

QList<QUrl> Replicator::normalizedPeers(const QList<QUrl> &peers, const QUrl &ownServiceUrl)
{
    const auto normalized = [](QUrl url) {
        if (!url.path().endsWith(u'/'))
            url.setPath(url.path() + u'/');
        if (QHostAddress(url.host()).isLoopback())
            url.setHost(QStringLiteral("127.0.0.1"));
        return url.adjusted(QUrl::NormalizePathSegments);
    };
    const QUrl own = normalized(ownServiceUrl);
    QList<QUrl> result;
    for (const QUrl &peer : peers) {
        const QUrl url = normalized(peer);
        if (UrlCredentials::withoutCredentials(url) != own && !result.contains(url))
            result.append(url);
    }
    return result;
}

void Replicator::replicateChange(const RegistryChange &change)
{
    if (change.origin == WriteOrigin::Peer)
        return;
    const Instance &instance = change.instance;
    switch (change.kind) {
    case RegistryChange::Kind::Registered:
    case RegistryChange::Kind::MetadataChanged:
    case RegistryChange::Kind::CheckStatusChanged:   // the verdict travels in the instance
        enqueueEverywhere(ReplicationTask::Action::Register, instance.app, instance.instanceId);
        break;
    case RegistryChange::Kind::Cancelled:
        enqueueEverywhere(ReplicationTask::Action::Cancel, instance.app, instance.instanceId,
                          instance.lastDirtyTimestamp);
        break;
    case RegistryChange::Kind::StatusChanged:
        enqueueEverywhere(ReplicationTask::Action::StatusUpdate, instance.app, instance.instanceId);
        break;
    case RegistryChange::Kind::OverrideRemoved:
        enqueueEverywhere(ReplicationTask::Action::DeleteStatusOverride, instance.app, instance.instanceId);
        break;
    case RegistryChange::Kind::Expired:
    case RegistryChange::Kind::StatusCorrected:
        break;   // every node evicts and corrects on its own
    case RegistryChange::Kind::ServiceCreated:
    case RegistryChange::Kind::ServiceUpdated:
    case RegistryChange::Kind::ServiceDeleted:
        // Eureka's batch format carries instances only; an Eureka app's service is made by its instances.
        if (change.service.origin != Protocol::Eureka) {
            for (ServiceReplicator *peer : std::as_const(m_servicePeers))
                peer->enqueue(change.service.serviceId);
        }
        break;
    }
}

void Replicator::replicateHeartbeat(const QString &app, const QString &id, qint64, WriteOrigin origin)
{
    if (origin != WriteOrigin::Peer)
        enqueueEverywhere(ReplicationTask::Action::Heartbeat, app, id);
}

void Replicator::enqueueEverywhere(ReplicationTask::Action action, const QString &app, const QString &id,
                                   qint64 cancelledDirtyTimestamp)
{
    for (PeerReplicator *peer : std::as_const(m_peers))
        peer->enqueue(action, app, id, cancelledDirtyTimestamp);
}
