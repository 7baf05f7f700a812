// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicator.h"

#include "registry.h"
#include "selfregistration.h"
#include "startupsync.h"

#include <QHostAddress>
#include <QNetworkAccessManager>

Replicator::Replicator(Registry *registry, const QList<QUrl> &peers, PeerReplicator::Limits limits, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_network {std::make_unique<QNetworkAccessManager>()}
{
    for (const QUrl &peer : peers) {
        auto *replicator = new PeerReplicator(peer, registry, m_network.get(), limits, this);
        connect(replicator, &PeerReplicator::stateChanged, this, &Replicator::peerStateChanged);
        m_peers.append(replicator);
    }
    connect(registry, &Registry::changed, this, &Replicator::replicateChange);
    connect(registry, &Registry::renewed, this, &Replicator::replicateHeartbeat);
}

Replicator::~Replicator()
{
    qDeleteAll(m_peers);
    m_peers.clear();
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
    auto *sync = new StartupSync(m_registry, peerUrls(), m_network.get(), timeoutMs, this);
    connect(sync, &StartupSync::finished, this, [this, sync](int copied, const QUrl &source) {
        sync->deleteLater();
        emit syncFinished(copied, source);
    });
    sync->start();
}

void Replicator::registerWithPeers(std::function<Instance()> ownInstance)
{
    auto *registration = new SelfRegistration(std::move(ownInstance), peerUrls(), m_network.get(), this);
    registration->start();
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
        if (url != own && !result.contains(url))
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
    }
}

void Replicator::replicateHeartbeat(const QString &app, const QString &id, qint64, WriteOrigin origin)
{
    if (origin == WriteOrigin::Client)
        enqueueEverywhere(ReplicationTask::Action::Heartbeat, app, id);
}

void Replicator::enqueueEverywhere(ReplicationTask::Action action, const QString &app, const QString &id,
                                   qint64 cancelledDirtyTimestamp)
{
    for (PeerReplicator *peer : std::as_const(m_peers))
        peer->enqueue(action, app, id, cancelledDirtyTimestamp);
}
