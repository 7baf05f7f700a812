// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry.h"

#include "core/clock.h"
#include "model/endpointmapping.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRegistry, "muster.registry", QtInfoMsg)

namespace {
bool isUpOrOutOfService(InstanceStatus status)
{
    return status == InstanceStatus::Up || status == InstanceStatus::OutOfService;
}

// An order on what an instance says, the same at every node. Status is left out: it follows the
// override rules, and status changes travel as their own replication actions.
QString contentOrder(const Instance &instance)
{
    QStringList parts {instance.hostName, instance.ipAddr, QString::number(instance.port.number),
                       QString::number(instance.securePort.number), instance.vipAddress,
                       instance.secureVipAddress, instance.endpoints.join(u' ')};
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(QChar(0x1f));
}

// Whether the stored copy beats an incoming one: the newer wins; on a tie between peers, the one
// that sorts last, so every node keeps the same.
bool storedCopyWins(const Instance &stored, const Instance &incoming, WriteOrigin origin)
{
    return stored.lastDirtyTimestamp > incoming.lastDirtyTimestamp
        || (origin == WriteOrigin::Peer && stored.lastDirtyTimestamp == incoming.lastDirtyTimestamp
            && contentOrder(stored) > contentOrder(incoming));
}
}

Registry::Registry(RegistryConfig config, const Clock *clock, QObject *parent)
    : QObject {parent}
    , m_config {config}
    , m_clock {clock}
    , m_deltaLog {m_config.deltaRetentionSecs, m_undo}
    , m_leases {m_config, clock, m_instances}
{
}

Registry::~Registry() = default;

// Eureka's instance status rules (contract §3.6); the first that applies wins.
InstanceStatus Registry::statusByOverrideRules(const Instance &incoming, const Instance *existing,
                                               WriteOrigin origin) const
{
    if (!isUpOrOutOfService(incoming.status))
        return incoming.status;
    if (const auto overridden = m_instances.overrideOf(incoming.instanceId))
        return *overridden;
    if (origin == WriteOrigin::Client && existing && isUpOrOutOfService(existing->status))
        return existing->status;
    return incoming.status;
}

Instance Registry::registerInstance(Instance incoming, WriteOrigin origin)
{
    const qint64 now = m_clock->nowMs();
    if (incoming.serviceId.isEmpty() || !m_catalogue.find(incoming.serviceId))
        incoming.serviceId = ensureEurekaService(incoming.app, origin);
    completeMapping(incoming);
    const Instance *existing = m_instances.find(incoming.app, incoming.instanceId);

    if (origin == WriteOrigin::Peer && m_deltaLog.isBuriedCopy(incoming)) {
        qCDebug(lcRegistry) << "ignoring a peer's copy of" << incoming.instanceId << "cancelled here";
        return incoming;
    }
    m_deltaLog.unbury(incoming.instanceId);
    if (existing && storedCopyWins(*existing, incoming, origin)) {
        qCDebug(lcRegistry) << "keeping the stored copy of" << incoming.instanceId;
        incoming = *existing;
    }
    startLease(incoming, existing, now);
    adoptOverride(incoming);
    incoming.status = statusByOverrideRules(incoming, existing, origin);
    keepCheckVerdict(incoming, existing, origin);
    takeCheck(incoming, origin);
    if (incoming.status == InstanceStatus::Up && incoming.lease.serviceUpTimestamp == 0)
        incoming.lease.serviceUpTimestamp = now;
    incoming.actionType = ActionType::Added;
    incoming.lastUpdatedTimestamp = now;
    return putInstance(RegistryChange::Kind::Registered, std::move(incoming), origin);
}

void Registry::startLease(Instance &incoming, const Instance *existing, qint64 nowMs) const
{
    incoming.lease.durationSecs = m_leases.durationSecs(incoming);
    incoming.lease.registrationTimestamp = nowMs;
    incoming.lease.lastRenewalTimestamp = nowMs;
    incoming.lease.evictionTimestamp = 0;
    incoming.lease.serviceUpTimestamp = existing ? existing->lease.serviceUpTimestamp : 0;
}

// An override the instance brings is kept unless one is set; the one set is what it shows.
void Registry::adoptOverride(Instance &incoming)
{
    const auto overridden = m_instances.overrideOf(incoming.instanceId);
    if (overridden)
        incoming.overriddenStatus = *overridden;
    else if (incoming.overriddenStatus != InstanceStatus::Unknown)
        m_instances.setOverride(incoming.instanceId, incoming.overriddenStatus);
}

// A client registering again does not outvote its check: the verdict stands until the check
// passes. A peer's copy brings the verdict of the node that checks it, and so does the journal.
void Registry::keepCheckVerdict(Instance &incoming, const Instance *existing, WriteOrigin origin) const
{
    if (origin != WriteOrigin::Peer && existing)
        incoming.downByCheck = existing->downByCheck;
    incoming.downByCheck = incoming.downByCheck && incoming.check;
    if (incoming.downByCheck && incoming.status == InstanceStatus::Up
        && !m_instances.overrideOf(incoming.instanceId))
        incoming.status = InstanceStatus::Down;
}

// Over a shared store the node that takes a registration (or a new version of it) from a client
// checks the instance from then on; the others read who does from the instance.
void Registry::takeCheck(Instance &incoming, WriteOrigin origin) const
{
    if (origin == WriteOrigin::Client && !m_config.checkingNode.isEmpty())
        incoming.checkedBy = m_config.checkingNode;
}

Registry::RenewResult Registry::renew(const QString &app, const QString &id, const RenewRequest &request,
                                      WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return {RenewOutcome::NotFound, std::nullopt};

    const InstanceStatus ruled = statusByOverrideRules(*stored, stored, origin);
    if (ruled == InstanceStatus::Unknown)
        return {RenewOutcome::NotFound, std::nullopt};

    const qint64 now = m_clock->nowMs();
    m_instances.renewLease(*stored, now);
    m_leases.countRenewal(*stored, now);
    if (m_captured)
        ++m_captured->renewals;
    if (ruled != stored->status) {
        Instance corrected = *stored;
        corrected.status = ruled;
        corrected.actionType = ActionType::Modified;
        corrected.lastUpdatedTimestamp = now;
        stored = &putInstance(RegistryChange::Kind::StatusCorrected, std::move(corrected), origin);
    }
    emit renewed(stored->app, id, now, origin);

    if (!request.lastDirtyTimestamp)
        return {RenewOutcome::Renewed, std::nullopt};
    const qint64 theirs = *request.lastDirtyTimestamp;
    if (theirs > stored->lastDirtyTimestamp) {
        if (origin == WriteOrigin::Peer && request.overriddenStatus
            && *request.overriddenStatus != InstanceStatus::Unknown) {
            m_instances.setOverride(id, *request.overriddenStatus);
            Instance overridden = *stored;
            overridden.overriddenStatus = *request.overriddenStatus;
            m_instances.put(std::move(overridden));
        }
        return {RenewOutcome::SenderNewer, std::nullopt};
    }
    if (theirs < stored->lastDirtyTimestamp && origin == WriteOrigin::Peer)
        return {RenewOutcome::ReceiverNewer, *stored};
    return {RenewOutcome::Renewed, std::nullopt};
}

bool Registry::cancel(const QString &app, const QString &id, WriteOrigin origin)
{
    if (!m_instances.find(app, id))
        return false;
    eraseInstance(app, id, RegistryChange::Kind::Cancelled, origin);
    return true;
}

bool Registry::setStatusOverride(const QString &app, const QString &id, InstanceStatus status,
                                 std::optional<qint64> lastDirtyTimestamp, WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return false;
    const qint64 now = m_clock->nowMs();
    m_instances.renewLease(*stored, now);
    // Eureka stores nothing, not even the override, when the status is already the one asked for.
    if (stored->status == status)
        return true;

    m_instances.setOverride(id, status);
    Instance changed = *stored;
    changed.overriddenStatus = status;
    changed.status = status;
    if (status == InstanceStatus::Up && changed.lease.serviceUpTimestamp == 0)
        changed.lease.serviceUpTimestamp = now;
    if (lastDirtyTimestamp && *lastDirtyTimestamp > changed.lastDirtyTimestamp)
        changed.lastDirtyTimestamp = *lastDirtyTimestamp;
    changed.actionType = ActionType::Modified;
    changed.lastUpdatedTimestamp = now;
    putInstance(RegistryChange::Kind::StatusChanged, std::move(changed), origin);
    return true;
}

bool Registry::removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                    std::optional<qint64> lastDirtyTimestamp, WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return false;
    const qint64 now = m_clock->nowMs();
    m_instances.renewLease(*stored, now);
    if (!m_instances.overrideOf(id))
        return true;

    m_instances.removeOverride(id);
    Instance changed = *stored;
    changed.overriddenStatus = InstanceStatus::Unknown;
    changed.status = stored->downByCheck ? InstanceStatus::Down : newStatus.value_or(InstanceStatus::Unknown);
    if (lastDirtyTimestamp && *lastDirtyTimestamp > changed.lastDirtyTimestamp)
        changed.lastDirtyTimestamp = *lastDirtyTimestamp;
    changed.actionType = ActionType::Modified;
    changed.lastUpdatedTimestamp = now;
    putInstance(RegistryChange::Kind::OverrideRemoved, std::move(changed), origin);
    return true;
}

bool Registry::updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                              WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return false;
    QMap<QString, QString> merged = stored->metadata;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        merged.insert(it.key(), it.value());
    return replaceMetadata(app, id, merged, origin);
}

bool Registry::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                               WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return false;
    Instance changed = *stored;
    changed.metadata = metadata;
    takeCheck(changed, origin);
    // A new version of the instance: peers must prefer it to the copy they hold (Eureka keeps the
    // timestamp, so two nodes' updates can swap). A client's own later re-register is newer still.
    if (origin == WriteOrigin::Client)
        changed.lastDirtyTimestamp = std::max(m_clock->nowMs(), changed.lastDirtyTimestamp + 1);
    changed.actionType = ActionType::Added;   // Eureka re-registers internally
    changed.lastUpdatedTimestamp = m_clock->nowMs();
    putInstance(RegistryChange::Kind::MetadataChanged, std::move(changed), origin);
    return true;
}

bool Registry::applyCheckVerdict(const QString &app, const QString &id, bool failing, WriteOrigin origin)
{
    const Instance *stored = m_instances.find(app, id);
    if (!stored)
        return false;
    if (stored->downByCheck == failing)
        return true;
    const qint64 now = m_clock->nowMs();
    Instance changed = *stored;
    changed.downByCheck = failing;
    if (!m_instances.overrideOf(id)) {
        if (failing)
            changed.status = InstanceStatus::Down;
        else if (changed.status == InstanceStatus::Down)
            changed.status = InstanceStatus::Up;
    }
    if (changed.status == InstanceStatus::Up && changed.lease.serviceUpTimestamp == 0)
        changed.lease.serviceUpTimestamp = now;
    // Peers take the verdict as a newer copy of the instance.
    changed.lastDirtyTimestamp = std::max(now, changed.lastDirtyTimestamp + 1);
    changed.actionType = ActionType::Modified;
    changed.lastUpdatedTimestamp = now;
    putInstance(RegistryChange::Kind::CheckStatusChanged, std::move(changed), origin);
    return true;
}

Registry::CreateServiceResult Registry::createService(Service service, WriteOrigin origin)
{
    using Outcome = CreateServiceResult::Outcome;
    if (const QString existing = m_catalogue.idFor(service.key); !existing.isEmpty()) {
        const bool sameId = service.serviceId.isEmpty() || service.serviceId == existing;
        return {sameId ? Outcome::Existing : Outcome::Conflict, existing};
    }
    if (service.serviceId.isEmpty())
        service.serviceId = service.key.derivedServiceId();
    if (m_catalogue.find(service.serviceId))
        return {Outcome::Conflict, service.serviceId};

    const qint64 now = m_clock->nowMs();
    service.createdMs = now;
    service.modifiedMs = now;
    return {Outcome::Created, putService(RegistryChange::Kind::ServiceCreated, std::move(service), origin).serviceId};
}

bool Registry::updateService(const Service &service, WriteOrigin origin)
{
    const Service *stored = m_catalogue.find(service.serviceId);
    if (!stored)
        return false;
    Service updated = service;
    updated.key = stored->key;
    updated.createdMs = stored->createdMs;
    updated.modifiedMs = m_clock->nowMs();
    putService(RegistryChange::Kind::ServiceUpdated, std::move(updated), origin);
    return true;
}

Registry::DeleteServiceOutcome Registry::deleteService(const QString &serviceId, bool force, WriteOrigin origin)
{
    const Service *stored = m_catalogue.find(serviceId);
    if (!stored)
        return DeleteServiceOutcome::NotFound;
    const QList<Instance> instances = instancesOf(serviceId);
    if (!force) {
        QSet<QString> consumers = consumersOf(*stored);
        consumers.remove(serviceId);
        if (!consumers.isEmpty())
            return DeleteServiceOutcome::HasConsumers;
        if (!instances.isEmpty())
            return DeleteServiceOutcome::HasInstances;
    }
    for (const Instance &instance : instances)
        eraseInstance(instance.app, instance.instanceId, RegistryChange::Kind::Cancelled, origin);

    Service removed = m_catalogue.erase(serviceId);
    removed.revision = nextRevision({});
    recordService(RegistryChange::Kind::ServiceDeleted, removed, origin);
    return DeleteServiceOutcome::Deleted;
}

void Registry::addDependency(const QString &consumerId, const ServiceKey &provider)
{
    m_catalogue.addDependency(consumerId, provider);
}

void Registry::beginCapture()
{
    Q_ASSERT(!isCapturing());
    m_undo.begin();
    m_captured.emplace();
    m_undo.record([this, revision = m_revision] { m_revision = revision; });
}

Registry::CapturedWrites Registry::endCapture()
{
    if (!isCapturing())
        return {};
    m_undo.rollBack();
    return *std::exchange(m_captured, std::nullopt);
}

void Registry::applyStoredInstance(Instance instance, RegistryChange::Kind kind, quint64 revision)
{
    instance.app = normalizedAppName(instance.app);
    const QString id = instance.instanceId;
    if (const Instance *existing = m_instances.find(instance.app, id)) {
        // The store holds the writer's renewal time; this node's own heartbeats may be later.
        instance.lease.lastRenewalTimestamp =
            std::max(instance.lease.lastRenewalTimestamp, existing->lease.lastRenewalTimestamp);
    } else {
        kind = RegistryChange::Kind::Registered;
    }
    m_deltaLog.unbury(id);
    if (instance.overriddenStatus != InstanceStatus::Unknown)
        m_instances.setOverride(id, instance.overriddenStatus);
    else
        m_instances.removeOverride(id);
    putInstance(kind, std::move(instance), WriteOrigin::Client, revision);
}

bool Registry::removeStoredInstance(const QString &app, const QString &id, RegistryChange::Kind kind,
                                    quint64 revision)
{
    if (!m_instances.find(app, id))
        return false;
    eraseInstance(app, id, kind, WriteOrigin::Client, revision);
    return true;
}

void Registry::applyStoredService(Service service, quint64 revision)
{
    const auto kind = m_catalogue.find(service.serviceId) ? RegistryChange::Kind::ServiceUpdated
                                                          : RegistryChange::Kind::ServiceCreated;
    putService(kind, std::move(service), WriteOrigin::Client, revision);
}

bool Registry::removeStoredService(const QString &serviceId, quint64 revision)
{
    if (!m_catalogue.find(serviceId))
        return false;
    Service removed = m_catalogue.erase(serviceId);
    removed.revision = nextRevision(revision);
    recordService(RegistryChange::Kind::ServiceDeleted, removed, WriteOrigin::Client);
    return true;
}

void Registry::moveToRevision(quint64 revision)
{
    m_revision = std::max(m_revision, revision);
}

quint64 Registry::nextRevision(std::optional<quint64> storedRevision)
{
    if (!storedRevision)
        return ++m_revision;
    m_revision = std::max(m_revision, *storedRevision);
    return *storedRevision;
}

const Instance &Registry::putInstance(RegistryChange::Kind kind, Instance instance, WriteOrigin origin,
                                      std::optional<quint64> storedRevision)
{
    instance.revision = nextRevision(storedRevision);
    const Instance &stored = m_instances.put(std::move(instance));
    record(kind, stored, origin);
    return stored;
}

void Registry::eraseInstance(const QString &app, const QString &id, RegistryChange::Kind kind,
                             WriteOrigin origin, std::optional<quint64> storedRevision)
{
    Instance removed = m_instances.erase(app, id);
    const qint64 now = m_clock->nowMs();
    if (kind == RegistryChange::Kind::Cancelled)
        m_deltaLog.bury(removed, now);
    removed.lease.evictionTimestamp = now;
    removed.lastUpdatedTimestamp = now;
    removed.actionType = ActionType::Deleted;
    removed.revision = nextRevision(storedRevision);
    record(kind, removed, origin);
}

void Registry::record(RegistryChange::Kind kind, const Instance &instance, WriteOrigin origin)
{
    const qint64 now = m_clock->nowMs();
    m_deltaLog.append(now, instance);
    announce({kind, instance.revision, now, origin, instance, {}});
}

const Service &Registry::putService(RegistryChange::Kind kind, Service service, WriteOrigin origin,
                                    std::optional<quint64> storedRevision)
{
    service.revision = nextRevision(storedRevision);
    const Service &stored = m_catalogue.put(std::move(service));
    recordService(kind, stored, origin);
    return stored;
}

void Registry::recordService(RegistryChange::Kind kind, const Service &service, WriteOrigin origin)
{
    announce({kind, service.revision, m_clock->nowMs(), origin, {}, service});
}

// During a capture a change is kept for the store instead of told.
void Registry::announce(RegistryChange change)
{
    if (m_captured)
        m_captured->changes.append(std::move(change));
    else
        emit changed(change);
}

QSet<QString> Registry::consumersOf(const Service &provider) const
{
    return m_catalogue.consumersOf(provider);
}

QList<const Service *> Registry::providersOf(const QString &consumerId) const
{
    return m_catalogue.providersOf(consumerId);
}

const Service *Registry::findService(const QString &serviceId) const
{
    return m_catalogue.find(serviceId);
}

QString Registry::serviceIdFor(const ServiceKey &key) const
{
    return m_catalogue.idFor(key);
}

QList<const Service *> Registry::servicesNamed(const ServiceKey &key) const
{
    return m_catalogue.named(key);
}

QList<Instance> Registry::instancesOf(const QString &serviceId) const
{
    QList<Instance> result;
    const Service *service = findService(serviceId);
    if (!service)
        return result;
    const auto &apps = m_instances.applications();
    const auto app = apps.constFind(EurekaServiceMapping::appForService(service->key.serviceName));
    if (app == apps.cend())
        return result;
    for (const Instance &instance : *app) {
        if (instance.serviceId == serviceId)
            result.append(instance);
    }
    return result;
}

bool Registry::hasInstances(const QString &serviceId) const
{
    const Service *service = findService(serviceId);
    if (!service)
        return false;
    const auto &apps = m_instances.applications();
    const auto app = apps.constFind(EurekaServiceMapping::appForService(service->key.serviceName));
    if (app == apps.cend())
        return false;
    return std::any_of(app->cbegin(), app->cend(),
                       [&](const Instance &instance) { return instance.serviceId == serviceId; });
}

QString Registry::ensureEurekaService(const QString &app, WriteOrigin origin)
{
    const ServiceKey key = EurekaServiceMapping::keyForApp(app);
    if (const QString id = serviceIdFor(key); !id.isEmpty())
        return id;
    return createService(EurekaServiceMapping::serviceForApp(app, m_clock->nowMs()), origin).serviceId;
}

// Both protocols read the same instance: whichever wrote it, fill what the other one shows.
void Registry::completeMapping(Instance &instance) const
{
    const Service *service = findService(instance.serviceId);
    if (instance.origin == Protocol::Eureka) {
        instance.app = normalizedAppName(instance.app);
        instance.endpoints = EndpointMapping::endpointsFromPorts(instance);
        return;
    }
    if (!service)
        return;
    instance.app = EurekaServiceMapping::appForService(service->key.serviceName);
    instance.appGroupName = service->key.appId;
    instance.vipAddress = service->key.serviceName;
    instance.secureVipAddress = service->key.serviceName;
    EndpointMapping::applyEndpointsToPorts(instance);
}

bool Registry::isExpired(const Instance &instance) const
{
    return m_leases.isExpired(instance);
}

int Registry::evictExpired()
{
    purgeDeltaLog();
    return removeExpired(m_leases.toEvict());
}

int Registry::expireExactLeases()
{
    return removeExpired(m_leases.expiredExactLeases());
}

int Registry::removeExpired(const Leases::InstanceRefs &expired)
{
    for (const auto &[app, id] : expired) {
        qCDebug(lcRegistry) << "lease expired:" << app << id;
        eraseInstance(app, id, RegistryChange::Kind::Expired, WriteOrigin::Client);
    }
    return int(expired.size());
}

bool Registry::purgeDeltaLog()
{
    return m_deltaLog.purge(m_clock->nowMs());
}

std::optional<Instance> Registry::instance(const QString &app, const QString &id) const
{
    if (const Instance *stored = m_instances.find(app, id))
        return *stored;
    return std::nullopt;
}

QList<Instance> Registry::pinnedInstances() const
{
    const auto &pinned = m_instances.pinned();
    QList<Instance> result;
    result.reserve(pinned.size());
    for (auto it = pinned.cbegin(); it != pinned.cend(); ++it) {
        if (const Instance *instance = m_instances.find(it.value(), it.key()))
            result.append(*instance);
    }
    return result;
}

std::optional<Instance> Registry::findInstance(const QString &id) const
{
    for (const auto &app : m_instances.applications()) {
        if (auto it = app.constFind(id); it != app.cend())
            return *it;
    }
    return std::nullopt;
}

QList<Instance> Registry::deltaInstances() const
{
    return m_deltaLog.instances(m_instances, m_clock->nowMs());
}

QString Registry::appsHashcode() const
{
    return DeltaLog::hashcode(m_instances.applications());
}

qint64 Registry::nowMs() const
{
    return m_clock->nowMs();
}

SelfPreservationState Registry::selfPreservation() const
{
    return m_leases.selfPreservation();
}

bool Registry::isLeaseExpirationEnabled() const
{
    return m_leases.isExpirationEnabled();
}

void Registry::setSelfPreservationEnabled(bool enabled)
{
    m_config.selfPreservationEnabled = enabled;
}
