// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicationapplier.h"

#include "core/registry.h"
#include "replication/replicationlogging.h"

ReplicationApplier::ReplicationApplier(Registry *registry, OwnerExchange owners)
    : m_registry {registry}
    , m_owners {std::move(owners)}
{
}

QJsonObject ReplicationApplier::apply(const PeerBatch::Item &item)
{
    if (!item.action) {
        qCWarning(lcReplication) << "unknown replication action" << item.actionName;
        return PeerBatch::encodeResponse(400);
    }
    const auto found = [](bool applied) { return PeerBatch::encodeResponse(applied ? 200 : 404); };
    switch (*item.action) {
    case ReplicationTask::Action::Register:
        return PeerBatch::encodeResponse(applyRegister(item));
    case ReplicationTask::Action::Heartbeat: {
        const Registry::RenewRequest renewal {item.lastDirtyTimestamp, item.overriddenStatus};
        const auto result = m_registry->renew(item.app, item.instanceId, renewal, WriteOrigin::Peer);
        if (result.outcome == Registry::RenewOutcome::Renewed)
            return PeerBatch::encodeResponse(200);
        if (result.outcome == Registry::RenewOutcome::ReceiverNewer)
            return PeerBatch::encodeResponse(409, result.stored);
        return PeerBatch::encodeResponse(404);
    }
    case ReplicationTask::Action::Cancel:
        if (isStaleCancel(item)) {
            qCDebug(lcReplication) << "ignoring a cancel of" << item.instanceId << "older than the copy held";
            return PeerBatch::encodeResponse(200);
        }
        return found(m_registry->cancel(item.app, item.instanceId, WriteOrigin::Peer));
    case ReplicationTask::Action::StatusUpdate: {
        if (!item.status)
            return PeerBatch::encodeResponse(500);
        const bool applied = m_registry->setStatusOverride(item.app, item.instanceId, *item.status,
                                                           item.lastDirtyTimestamp, WriteOrigin::Peer);
        adoptOwner(item.app, item.instanceId, item.owner);
        return found(applied);
    }
    case ReplicationTask::Action::DeleteStatusOverride: {
        const bool applied = m_registry->removeStatusOverride(item.app, item.instanceId, item.status,
                                                              item.lastDirtyTimestamp, WriteOrigin::Peer);
        adoptOwner(item.app, item.instanceId, item.owner);
        return found(applied);
    }
    }
    return PeerBatch::encodeResponse(400);
}

// A cancel that names the copy it removed, when this node holds a newer one (registered again since).
bool ReplicationApplier::isStaleCancel(const PeerBatch::Item &item) const
{
    if (!item.lastDirtyTimestamp)
        return false;
    const std::optional<Instance> stored = m_registry->instance(item.app, item.instanceId);
    return stored && stored->lastDirtyTimestamp > *item.lastDirtyTimestamp;
}

// Eureka answers 200 to a replicated register even when it rejects the instance.
int ReplicationApplier::applyRegister(const PeerBatch::Item &item)
{
    const std::optional<Instance> &instance = item.instance.instance;
    if (!instance || instance->instanceId.isEmpty() || instance->app.isEmpty()) {
        qCWarning(lcReplication) << "ignoring a replicated register of" << item.app << item.instanceId
                                 << item.instance.error;
        return 200;
    }
    Instance incoming = *instance;
    if (incoming.lastDirtyTimestamp <= 0)
        incoming.lastDirtyTimestamp = m_registry->nowMs();
    registerInstance(std::move(incoming), item.service, item.owner);
    return 200;
}

void ReplicationApplier::upsertService(const Service &service, const QString &owner)
{
    const Service *stored = m_registry->findService(service.serviceId);
    if (!stored)
        m_registry->createService(service, WriteOrigin::Peer);
    else if (service.modifiedMs > stored->modifiedMs)
        m_registry->updateService(service, WriteOrigin::Peer);
    if (m_owners.adoptService && !owner.isEmpty() && m_registry->findService(service.serviceId))
        m_owners.adoptService(service.serviceId, owner);
}

void ReplicationApplier::registerInstance(Instance instance, const std::optional<Service> &service,
                                          const QString &owner)
{
    if (service)
        upsertService(*service);
    const Instance registered = m_registry->registerInstance(std::move(instance), WriteOrigin::Peer);
    adoptOwner(registered.app, registered.instanceId, owner);
}

// Only for an instance the node holds: a copy it refused (cancelled here) has no owner to keep.
void ReplicationApplier::adoptOwner(const QString &app, const QString &instanceId, const QString &owner)
{
    if (m_owners.adopt && !owner.isEmpty() && m_registry->instance(app, instanceId))
        m_owners.adopt(app, instanceId, owner);
}
