// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/registry.h"

#include "core/clock.h"
#include "model/endpointmapping.h"
#include "model/statuscount.h"

#include <QLoggingCategory>

#include <algorithm>
#include <functional>
#include <vector>

Q_LOGGING_CATEGORY(lcRegistry, "muster.registry", QtInfoMsg)

namespace {
constexpr qint64 minuteMs = 60'000;

template<typename Hash>
std::optional<typename Hash::mapped_type> entryOf(const Hash &hash, const typename Hash::key_type &key)
{
    const auto it = hash.constFind(key);
    return it == hash.cend() ? std::nullopt : std::optional<typename Hash::mapped_type>(*it);
}

template<typename Hash>
void restoreEntry(Hash &hash, const typename Hash::key_type &key, const std::optional<typename Hash::mapped_type> &value)
{
    if (value)
        hash.insert(key, *value);
    else
        hash.remove(key);
}

bool isUpOrOutOfService(InstanceStatus status)
{
    return status == InstanceStatus::Up || status == InstanceStatus::OutOfService;
}
}

Registry::Registry(RegistryConfig config, const Clock *clock, QObject *parent)
    : QObject {parent}
    , m_config {config}
    , m_clock {clock}
    , m_renewsPerMinute {minuteMs, clock->nowMs()}
    , m_eurekaRenewsPerMinute {minuteMs, clock->nowMs()}
    , m_random {std::random_device {}()}
{
}

// The undo log of one capture: the first saved copy of each touched entry, restored in reverse.
struct Registry::Capture
{
    CapturedWrites writes;
    std::vector<std::function<void()>> undo;
    QSet<QPair<QString, QString>> savedInstances;
    bool servicesSaved = false;
    qsizetype instanceCount = 0;
    quint64 revision = 0;
    quint64 deltaLogVersion = 0;
    std::size_t deltaLogSize = 0;
};

Registry::~Registry() = default;

Instance *Registry::find(const QString &app, const QString &id)
{
    auto appIt = m_apps.find(normalizedAppName(app));
    if (appIt == m_apps.end())
        return nullptr;
    auto it = appIt->find(id);
    return it == appIt->end() ? nullptr : &*it;
}

const Instance *Registry::find(const QString &app, const QString &id) const
{
    auto appIt = m_apps.constFind(normalizedAppName(app));
    if (appIt == m_apps.cend())
        return nullptr;
    auto it = appIt->constFind(id);
    return it == appIt->cend() ? nullptr : &*it;
}

int Registry::leaseDurationSecs(const Instance &instance) const
{
    return instance.lease.durationSecs > 0 ? instance.lease.durationSecs : m_config.defaultLeaseDurationSecs;
}

// Eureka's instance status rules (contract §3.6); the first that applies wins.
InstanceStatus Registry::statusByOverrideRules(const Instance &incoming, const Instance *existing,
                                               WriteOrigin origin) const
{
    if (!isUpOrOutOfService(incoming.status))
        return incoming.status;
    if (auto it = m_overrides.constFind(incoming.instanceId); it != m_overrides.cend())
        return *it;
    if (origin == WriteOrigin::Client && existing && isUpOrOutOfService(existing->status))
        return existing->status;
    return incoming.status;
}

Instance Registry::registerInstance(Instance incoming, WriteOrigin origin)
{
    const qint64 now = m_clock->nowMs();
    if (incoming.serviceId.isEmpty() || !m_services.contains(incoming.serviceId))
        incoming.serviceId = ensureEurekaService(incoming.app, origin);
    completeMapping(incoming);
    const Instance *existing = find(incoming.app, incoming.instanceId);
    saveInstance(incoming.app, incoming.instanceId);

    if (origin == WriteOrigin::Peer && isBuriedCopy(incoming)) {
        qCDebug(lcRegistry) << "ignoring a peer's copy of" << incoming.instanceId << "cancelled here";
        return incoming;
    }
    m_tombstones.remove(incoming.instanceId);
    // The newer copy wins; on a tie between peers, the one that sorts last, so every node keeps the same.
    const bool keepStored = existing
        && (existing->lastDirtyTimestamp > incoming.lastDirtyTimestamp
            || (origin == WriteOrigin::Peer && existing->lastDirtyTimestamp == incoming.lastDirtyTimestamp
                && contentOrder(*existing) > contentOrder(incoming)));
    if (keepStored) {
        qCDebug(lcRegistry) << "keeping the stored copy of" << incoming.instanceId;
        incoming = *existing;
    }

    incoming.lease.durationSecs = leaseDurationSecs(incoming);
    incoming.lease.registrationTimestamp = now;
    incoming.lease.lastRenewalTimestamp = now;
    incoming.lease.evictionTimestamp = 0;
    incoming.lease.serviceUpTimestamp = existing ? existing->lease.serviceUpTimestamp : 0;

    if (incoming.overriddenStatus != InstanceStatus::Unknown && !m_overrides.contains(incoming.instanceId))
        m_overrides.insert(incoming.instanceId, incoming.overriddenStatus);
    if (auto it = m_overrides.constFind(incoming.instanceId); it != m_overrides.cend())
        incoming.overriddenStatus = *it;

    incoming.status = statusByOverrideRules(incoming, existing, origin);
    if (incoming.status == InstanceStatus::Up && incoming.lease.serviceUpTimestamp == 0)
        incoming.lease.serviceUpTimestamp = now;
    incoming.actionType = ActionType::Added;
    incoming.lastUpdatedTimestamp = now;

    if (!existing)
        ++m_instanceCount;
    // A pinned instance holds no lease of either kind: it never expires and expects no heartbeats.
    if (incoming.origin == Protocol::Eureka || incoming.pinned)
        m_exactLeases.remove(incoming.instanceId);
    else
        m_exactLeases.insert(incoming.instanceId, incoming.app);
    if (incoming.pinned)
        m_pinned.insert(incoming.instanceId, incoming.app);
    else
        m_pinned.remove(incoming.instanceId);
    Instance &stored = m_apps[incoming.app][incoming.instanceId];
    stored = std::move(incoming);
    record(RegistryChange::Kind::Registered, ActionType::Added, stored, origin);
    return stored;
}

Registry::RenewResult Registry::renew(const QString &app, const QString &id, const RenewRequest &request,
                                      WriteOrigin origin)
{
    Instance *stored = find(app, id);
    if (!stored)
        return {RenewOutcome::NotFound, std::nullopt};

    const InstanceStatus ruled = statusByOverrideRules(*stored, stored, origin);
    if (ruled == InstanceStatus::Unknown)
        return {RenewOutcome::NotFound, std::nullopt};

    const qint64 now = m_clock->nowMs();
    stored->lease.lastRenewalTimestamp = now;
    m_renewsPerMinute.increment(now);
    if (stored->origin == Protocol::Eureka && !stored->pinned)
        m_eurekaRenewsPerMinute.increment(now);
    ++m_renewsTotal;
    if (m_capture)
        ++m_capture->writes.renewals;
    if (ruled != stored->status) {
        saveInstance(stored->app, id);
        stored->status = ruled;
        stored->actionType = ActionType::Modified;
        stored->lastUpdatedTimestamp = now;
        record(RegistryChange::Kind::StatusCorrected, ActionType::Modified, *stored, origin);
    }
    emit renewed(stored->app, id, now, origin);

    if (!request.lastDirtyTimestamp)
        return {RenewOutcome::Renewed, std::nullopt};
    const qint64 theirs = *request.lastDirtyTimestamp;
    if (theirs > stored->lastDirtyTimestamp) {
        if (origin == WriteOrigin::Peer && request.overriddenStatus
            && *request.overriddenStatus != InstanceStatus::Unknown) {
            saveInstance(stored->app, id);
            m_overrides.insert(id, *request.overriddenStatus);
            stored->overriddenStatus = *request.overriddenStatus;
        }
        return {RenewOutcome::SenderNewer, std::nullopt};
    }
    if (theirs < stored->lastDirtyTimestamp && origin == WriteOrigin::Peer)
        return {RenewOutcome::ReceiverNewer, *stored};
    return {RenewOutcome::Renewed, std::nullopt};
}

bool Registry::cancel(const QString &app, const QString &id, WriteOrigin origin)
{
    if (!find(app, id))
        return false;
    removeInstance(app, id, RegistryChange::Kind::Cancelled, origin);
    return true;
}

void Registry::removeInstance(const QString &app, const QString &id, RegistryChange::Kind kind,
                              WriteOrigin origin, std::optional<quint64> storedRevision)
{
    saveInstance(app, id);
    const QString appName = normalizedAppName(app);
    auto appIt = m_apps.find(appName);
    Instance removed = appIt->take(id);
    if (appIt->isEmpty())
        m_apps.erase(appIt);
    --m_instanceCount;
    m_overrides.remove(id);
    if (kind == RegistryChange::Kind::Cancelled)
        m_tombstones.insert(id, Tombstone {appName, removed.lastDirtyTimestamp, m_clock->nowMs()});
    m_exactLeases.remove(id);
    m_pinned.remove(id);

    const qint64 now = m_clock->nowMs();
    removed.lease.evictionTimestamp = now;
    removed.lastUpdatedTimestamp = now;
    removed.actionType = ActionType::Deleted;
    record(kind, ActionType::Deleted, removed, origin, storedRevision);
}

bool Registry::setStatusOverride(const QString &app, const QString &id, InstanceStatus status,
                                 std::optional<qint64> lastDirtyTimestamp, WriteOrigin origin)
{
    Instance *stored = find(app, id);
    if (!stored)
        return false;
    const qint64 now = m_clock->nowMs();
    stored->lease.lastRenewalTimestamp = now;
    // Eureka stores nothing, not even the override, when the status is already the one asked for.
    if (stored->status == status)
        return true;

    saveInstance(stored->app, id);
    m_overrides.insert(id, status);
    stored->overriddenStatus = status;
    stored->status = status;
    if (status == InstanceStatus::Up && stored->lease.serviceUpTimestamp == 0)
        stored->lease.serviceUpTimestamp = now;
    if (lastDirtyTimestamp && *lastDirtyTimestamp > stored->lastDirtyTimestamp)
        stored->lastDirtyTimestamp = *lastDirtyTimestamp;
    stored->actionType = ActionType::Modified;
    stored->lastUpdatedTimestamp = now;
    record(RegistryChange::Kind::StatusChanged, ActionType::Modified, *stored, origin);
    return true;
}

bool Registry::removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                    std::optional<qint64> lastDirtyTimestamp, WriteOrigin origin)
{
    Instance *stored = find(app, id);
    if (!stored)
        return false;
    const qint64 now = m_clock->nowMs();
    stored->lease.lastRenewalTimestamp = now;
    if (!m_overrides.contains(id))
        return true;

    saveInstance(stored->app, id);
    m_overrides.remove(id);

    stored->overriddenStatus = InstanceStatus::Unknown;
    stored->status = newStatus.value_or(InstanceStatus::Unknown);
    if (lastDirtyTimestamp && *lastDirtyTimestamp > stored->lastDirtyTimestamp)
        stored->lastDirtyTimestamp = *lastDirtyTimestamp;
    stored->actionType = ActionType::Modified;
    stored->lastUpdatedTimestamp = now;
    record(RegistryChange::Kind::OverrideRemoved, ActionType::Modified, *stored, origin);
    return true;
}

bool Registry::updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                              WriteOrigin origin)
{
    const Instance *stored = find(app, id);
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
    Instance *stored = find(app, id);
    if (!stored)
        return false;
    saveInstance(stored->app, id);
    stored->metadata = metadata;
    // A new version of the instance: peers must prefer it to the copy they hold (Eureka keeps the
    // timestamp, so two nodes' updates can swap). A client's own later re-register is newer still.
    if (origin == WriteOrigin::Client)
        stored->lastDirtyTimestamp = std::max(m_clock->nowMs(), stored->lastDirtyTimestamp + 1);
    stored->actionType = ActionType::Added;   // Eureka re-registers internally
    stored->lastUpdatedTimestamp = m_clock->nowMs();
    record(RegistryChange::Kind::MetadataChanged, ActionType::Added, *stored, origin);
    return true;
}

Registry::CreateServiceResult Registry::createService(Service service, WriteOrigin origin)
{
    using Outcome = CreateServiceResult::Outcome;
    const QString indexKey = service.key.indexKey();
    if (const auto existing = m_serviceIdByKey.constFind(indexKey); existing != m_serviceIdByKey.cend()) {
        const bool sameId = service.serviceId.isEmpty() || service.serviceId == *existing;
        return {sameId ? Outcome::Existing : Outcome::Conflict, *existing};
    }
    if (service.serviceId.isEmpty())
        service.serviceId = service.key.derivedServiceId();
    if (m_services.contains(service.serviceId))
        return {Outcome::Conflict, service.serviceId};

    const qint64 now = m_clock->nowMs();
    service.createdMs = now;
    service.modifiedMs = now;
    saveServices();
    indexService(service);
    Service &stored = m_services[service.serviceId];
    stored = std::move(service);
    recordService(RegistryChange::Kind::ServiceCreated, stored, origin);
    return {Outcome::Created, stored.serviceId};
}

bool Registry::updateService(const Service &service, WriteOrigin origin)
{
    auto it = m_services.find(service.serviceId);
    if (it == m_services.end())
        return false;
    saveServices();
    const ServiceKey key = it->key;
    const qint64 createdMs = it->createdMs;
    *it = service;
    it->key = key;
    it->createdMs = createdMs;
    it->modifiedMs = m_clock->nowMs();
    recordService(RegistryChange::Kind::ServiceUpdated, *it, origin);
    return true;
}

Registry::DeleteServiceOutcome Registry::deleteService(const QString &serviceId, bool force, WriteOrigin origin)
{
    auto it = m_services.find(serviceId);
    if (it == m_services.end())
        return DeleteServiceOutcome::NotFound;
    const QList<Instance> instances = instancesOf(serviceId);
    if (!force) {
        QSet<QString> consumers = consumersOf(*it);
        consumers.remove(serviceId);
        if (!consumers.isEmpty())
            return DeleteServiceOutcome::HasConsumers;
        if (!instances.isEmpty())
            return DeleteServiceOutcome::HasInstances;
    }
    for (const Instance &instance : instances)
        removeInstance(instance.app, instance.instanceId, RegistryChange::Kind::Cancelled, origin);

    saveServices();
    Service removed = m_services.take(serviceId);
    unindexService(removed);
    recordService(RegistryChange::Kind::ServiceDeleted, removed, origin);
    return DeleteServiceOutcome::Deleted;
}

void Registry::indexService(const Service &service)
{
    m_serviceIdByKey.insert(service.key.indexKey(), service.serviceId);
    m_serviceIdsByName[nameIndexKey(service.key)].append(service.serviceId);
}

// Forgets a service that has left m_services: its indexes, and the lookups it made as a consumer.
void Registry::unindexService(const Service &service)
{
    const QString &serviceId = service.serviceId;
    m_serviceIdByKey.remove(service.key.indexKey());
    const QString nameKey = nameIndexKey(service.key);
    if (auto ids = m_serviceIdsByName.find(nameKey); ids != m_serviceIdsByName.end()) {
        ids->removeAll(serviceId);
        if (ids->isEmpty()) {
            m_serviceIdsByName.erase(ids);
            m_consumersByProvider.remove(nameKey);
        }
    }
    for (auto consumers = m_consumersByProvider.begin(); consumers != m_consumersByProvider.end();) {
        consumers->remove(serviceId);
        consumers = consumers->isEmpty() ? m_consumersByProvider.erase(consumers) : std::next(consumers);
    }
}

void Registry::addDependency(const QString &consumerId, const ServiceKey &provider)
{
    saveServices();
    m_consumersByProvider[nameIndexKey(provider)].insert(consumerId);
}

void Registry::beginCapture()
{
    Q_ASSERT(!m_capture);
    m_capture = std::make_unique<Capture>();
    m_capture->instanceCount = m_instanceCount;
    m_capture->revision = m_revision;
    m_capture->deltaLogVersion = m_deltaLogVersion;
    m_capture->deltaLogSize = m_deltaLog.size();
}

Registry::CapturedWrites Registry::endCapture()
{
    const std::unique_ptr<Capture> capture = std::exchange(m_capture, nullptr);
    if (!capture)
        return {};
    for (auto undo = capture->undo.rbegin(); undo != capture->undo.rend(); ++undo)
        (*undo)();
    m_instanceCount = capture->instanceCount;
    m_revision = capture->revision;
    m_deltaLogVersion = capture->deltaLogVersion;
    m_deltaLog.erase(m_deltaLog.begin() + qsizetype(capture->deltaLogSize), m_deltaLog.end());
    return std::move(capture->writes);
}

void Registry::saveInstance(const QString &app, const QString &id)
{
    if (!m_capture)
        return;
    const QString appName = normalizedAppName(app);
    if (m_capture->savedInstances.contains({appName, id}))
        return;
    m_capture->savedInstances.insert({appName, id});
    m_capture->undo.push_back([this, appName, id, saved = instance(appName, id), override = entryOf(m_overrides, id),
                               tombstone = entryOf(m_tombstones, id), exactLease = entryOf(m_exactLeases, id),
                               pinned = entryOf(m_pinned, id)] {
        restoreEntry(m_overrides, id, override);
        restoreEntry(m_tombstones, id, tombstone);
        restoreEntry(m_exactLeases, id, exactLease);
        restoreEntry(m_pinned, id, pinned);
        if (saved) {
            m_apps[appName][id] = *saved;
        } else if (auto app = m_apps.find(appName); app != m_apps.end()) {
            app->remove(id);
            if (app->isEmpty())
                m_apps.erase(app);
        }
    });
}

// Services are few: a capture that touches one keeps a copy of them all (shared until written).
void Registry::saveServices()
{
    if (!m_capture || m_capture->servicesSaved)
        return;
    m_capture->servicesSaved = true;
    m_capture->undo.push_back([this, services = m_services, byKey = m_serviceIdByKey, byName = m_serviceIdsByName,
                               consumers = m_consumersByProvider] {
        m_services = services;
        m_serviceIdByKey = byKey;
        m_serviceIdsByName = byName;
        m_consumersByProvider = consumers;
    });
}

void Registry::applyStoredInstance(Instance instance, RegistryChange::Kind kind, quint64 revision)
{
    instance.app = normalizedAppName(instance.app);
    const QString id = instance.instanceId;
    const Instance *existing = find(instance.app, id);
    if (existing) {
        // The store holds the writer's renewal time; this node's own heartbeats may be later.
        instance.lease.lastRenewalTimestamp =
            std::max(instance.lease.lastRenewalTimestamp, existing->lease.lastRenewalTimestamp);
    } else {
        ++m_instanceCount;
        kind = RegistryChange::Kind::Registered;
    }
    m_tombstones.remove(id);
    if (instance.overriddenStatus != InstanceStatus::Unknown)
        m_overrides.insert(id, instance.overriddenStatus);
    else
        m_overrides.remove(id);
    if (instance.origin == Protocol::Eureka || instance.pinned)
        m_exactLeases.remove(id);
    else
        m_exactLeases.insert(id, instance.app);
    if (instance.pinned)
        m_pinned.insert(id, instance.app);
    else
        m_pinned.remove(id);
    Instance &stored = m_apps[instance.app][id];
    stored = std::move(instance);
    record(kind, stored.actionType, stored, WriteOrigin::Client, revision);
}

bool Registry::removeStoredInstance(const QString &app, const QString &id, RegistryChange::Kind kind,
                                    quint64 revision)
{
    if (!find(app, id))
        return false;
    removeInstance(app, id, kind, WriteOrigin::Client, revision);
    return true;
}

void Registry::applyStoredService(Service service, quint64 revision)
{
    auto it = m_services.find(service.serviceId);
    if (it == m_services.end()) {
        indexService(service);
        Service &stored = m_services[service.serviceId];
        stored = std::move(service);
        recordService(RegistryChange::Kind::ServiceCreated, stored, WriteOrigin::Client, revision);
        return;
    }
    if (it->key.indexKey() != service.key.indexKey()) {
        unindexService(*it);
        indexService(service);
    }
    *it = std::move(service);
    recordService(RegistryChange::Kind::ServiceUpdated, *it, WriteOrigin::Client, revision);
}

bool Registry::removeStoredService(const QString &serviceId, quint64 revision)
{
    auto it = m_services.find(serviceId);
    if (it == m_services.end())
        return false;
    Service removed = std::move(*it);
    m_services.erase(it);
    unindexService(removed);
    recordService(RegistryChange::Kind::ServiceDeleted, removed, WriteOrigin::Client, revision);
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

QSet<QString> Registry::consumersOf(const Service &provider) const
{
    return m_consumersByProvider.value(nameIndexKey(provider.key));
}

QList<const Service *> Registry::providersOf(const QString &consumerId) const
{
    QList<const Service *> providers;
    for (auto it = m_consumersByProvider.cbegin(); it != m_consumersByProvider.cend(); ++it) {
        if (!it->contains(consumerId))
            continue;
        for (const QString &id : m_serviceIdsByName.value(it.key())) {
            if (const Service *service = findService(id))
                providers.append(service);
        }
    }
    return providers;
}

const Service *Registry::findService(const QString &serviceId) const
{
    auto it = m_services.constFind(serviceId);
    return it == m_services.cend() ? nullptr : &*it;
}

QString Registry::serviceIdFor(const ServiceKey &key) const
{
    return m_serviceIdByKey.value(key.indexKey());
}

QList<const Service *> Registry::servicesNamed(const ServiceKey &key) const
{
    QList<const Service *> result;
    for (const QString &id : m_serviceIdsByName.value(nameIndexKey(key))) {
        if (const Service *service = findService(id))
            result.append(service);
    }
    if (!result.isEmpty())
        return result;
    for (const Service &service : m_services) {
        if (!service.alias.isEmpty() && service.alias == key.serviceName && service.key.appId == key.appId
            && service.key.environment == key.environment && service.key.domainProject == key.domainProject)
            result.append(&service);
    }
    return result;
}

QList<Instance> Registry::instancesOf(const QString &serviceId) const
{
    QList<Instance> result;
    const Service *service = findService(serviceId);
    if (!service)
        return result;
    const auto app = m_apps.constFind(EurekaServiceMapping::appForService(service->key.serviceName));
    if (app == m_apps.cend())
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
    const auto app = m_apps.constFind(EurekaServiceMapping::appForService(service->key.serviceName));
    if (app == m_apps.cend())
        return false;
    return std::any_of(app->cbegin(), app->cend(),
                       [&](const Instance &instance) { return instance.serviceId == serviceId; });
}

QString Registry::nameIndexKey(const ServiceKey &key)
{
    return key.domainProject + u'/' + key.environment + u'/' + key.appId + u'/' + key.serviceName;
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

void Registry::recordService(RegistryChange::Kind kind, Service &service, WriteOrigin origin,
                             std::optional<quint64> storedRevision)
{
    service.revision = nextRevision(storedRevision);
    RegistryChange change {kind, service.revision, m_clock->nowMs(), origin, {}, service};
    if (m_capture)
        m_capture->writes.changes.append(std::move(change));
    else
        emit changed(change);
}

void Registry::record(RegistryChange::Kind kind, ActionType action, Instance &instance, WriteOrigin origin,
                      std::optional<quint64> storedRevision)
{
    const qint64 now = m_clock->nowMs();
    instance.revision = nextRevision(storedRevision);
    ++m_deltaLogVersion;
    m_deltaLog.push_back({now, action, instance.app, instance.instanceId,
                          action == ActionType::Deleted ? std::make_shared<const Instance>(instance) : nullptr});
    RegistryChange change {kind, instance.revision, now, origin, instance, {}};
    if (m_capture)
        m_capture->writes.changes.append(std::move(change));
    else
        emit changed(change);
}

bool Registry::isExpired(const Instance &instance) const
{
    if (instance.pinned || m_config.leasesEndInStore)
        return false;
    const qint64 durationMs = qint64(leaseDurationSecs(instance)) * 1000;
    return m_clock->nowMs() > instance.lease.lastRenewalTimestamp + durationMs;
}

int Registry::evictExpired()
{
    purgeDeltaLog();
    if (m_config.leasesEndInStore || !isLeaseExpirationEnabled())
        return 0;

    QList<QPair<QString, QString>> expired;
    for (const auto &app : std::as_const(m_apps)) {
        for (const auto &instance : app) {
            if (instance.origin == Protocol::Eureka && !instance.pinned && isExpired(instance))
                expired.append({instance.app, instance.instanceId});
        }
    }
    if (expired.isEmpty())
        return 0;

    // Like Eureka, evict at most the share of the registry that the threshold allows per pass, chosen
    // at random, so a mass expiry (a network split) drains slowly. Without self-preservation there is no cap.
    qsizetype limit = expired.size();
    if (m_config.selfPreservationEnabled) {
        const auto size = eurekaLeaseCount();
        limit = std::min(limit, size - qsizetype(double(size) * m_config.renewalPercentThreshold));
        std::shuffle(expired.begin(), expired.end(), m_random);
    }
    for (qsizetype i = 0; i < limit; ++i) {
        qCInfo(lcRegistry) << "lease expired:" << expired[i].first << expired[i].second;
        removeInstance(expired[i].first, expired[i].second, RegistryChange::Kind::Expired, WriteOrigin::Client);
    }
    return int(limit);
}

bool Registry::isBuriedCopy(const Instance &incoming) const
{
    const auto tombstone = m_tombstones.constFind(incoming.instanceId);
    return tombstone != m_tombstones.cend() && tombstone->app == normalizedAppName(incoming.app)
        && incoming.lastDirtyTimestamp <= tombstone->lastDirtyTimestamp;
}

// An order on what an instance says, the same at every node. Status is left out: it follows the
// override rules, and status changes travel as their own replication actions.
QString Registry::contentOrder(const Instance &instance)
{
    QStringList parts {instance.hostName, instance.ipAddr, QString::number(instance.port.number),
                       QString::number(instance.securePort.number), instance.vipAddress,
                       instance.secureVipAddress, instance.endpoints.join(u' ')};
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(QChar(0x1f));
}

int Registry::expireExactLeases()
{
    if (m_config.leasesEndInStore)
        return 0;
    QList<QPair<QString, QString>> expired;
    for (auto it = m_exactLeases.cbegin(); it != m_exactLeases.cend(); ++it) {
        const Instance *instance = find(it.value(), it.key());
        if (instance && isExpired(*instance))
            expired.append({it.value(), it.key()});
    }
    for (const auto &[app, id] : std::as_const(expired)) {
        qCInfo(lcRegistry) << "lease expired:" << app << id;
        removeInstance(app, id, RegistryChange::Kind::Expired, WriteOrigin::Client);
    }
    return int(expired.size());
}

bool Registry::purgeDeltaLog()
{
    if (m_capture)
        return false;   // the undo log keeps the delta log's length, not what left its front
    const qint64 oldest = m_clock->nowMs() - qint64(m_config.deltaRetentionSecs) * 1000;
    bool purged = false;
    while (!m_deltaLog.empty() && m_deltaLog.front().timestamp < oldest) {
        m_deltaLog.pop_front();
        purged = true;
    }
    m_tombstones.removeIf([oldest](const auto &entry) { return entry.value().cancelledMs < oldest; });
    if (purged)
        ++m_deltaLogVersion;
    return purged;
}

std::optional<Instance> Registry::instance(const QString &app, const QString &id) const
{
    if (const Instance *stored = find(app, id))
        return *stored;
    return std::nullopt;
}

QList<Instance> Registry::pinnedInstances() const
{
    QList<Instance> result;
    result.reserve(m_pinned.size());
    for (auto it = m_pinned.cbegin(); it != m_pinned.cend(); ++it) {
        if (const Instance *instance = find(it.value(), it.key()))
            result.append(*instance);
    }
    return result;
}

std::optional<Instance> Registry::findInstance(const QString &id) const
{
    for (const auto &app : m_apps) {
        if (auto it = app.constFind(id); it != app.cend())
            return *it;
    }
    return std::nullopt;
}

// Every instance touched within the retention window, once, in its current state (or its last state
// when the latest touch removed it).
QList<Instance> Registry::deltaInstances() const
{
    QMap<QPair<QString, QString>, const DeltaEntry *> latest;
    const qint64 oldest = m_clock->nowMs() - qint64(m_config.deltaRetentionSecs) * 1000;
    for (const auto &entry : m_deltaLog) {
        if (entry.timestamp >= oldest)
            latest.insert({entry.app, entry.instanceId}, &entry);
    }
    QList<Instance> result;
    result.reserve(latest.size());
    for (const DeltaEntry *entry : std::as_const(latest)) {
        if (entry->removed) {
            result.append(*entry->removed);
        } else if (const Instance *current = find(entry->app, entry->instanceId)) {
            result.append(*current);
            result.last().actionType = entry->action;
        }
    }
    return result;
}

QString Registry::appsHashcode() const
{
    StatusCount counts;
    for (const auto &app : m_apps) {
        for (const auto &instance : app)
            counts.add(instance.status);
    }
    return counts.hashcode();
}

qint64 Registry::nowMs() const
{
    return m_clock->nowMs();
}

qint64 Registry::renewsLastMinute() const
{
    return m_renewsPerMinute.lastBucketCount(m_clock->nowMs());
}

SelfPreservationState Registry::selfPreservation() const
{
    SelfPreservationState state;
    state.enabled = m_config.selfPreservationEnabled;
    state.renewalPercentThreshold = m_config.renewalPercentThreshold;
    state.expectedClients = eurekaLeaseCount();
    const double expectedPerMinute =
        double(state.expectedClients) * (60.0 / std::max(1, m_config.expectedClientRenewalIntervalSecs));
    state.expectedRenewsPerMin = qRound64(expectedPerMinute);
    state.renewsThreshold = qint64(expectedPerMinute * m_config.renewalPercentThreshold);
    state.renewsLastMin = m_eurekaRenewsPerMinute.lastBucketCount(m_clock->nowMs());
    state.leaseExpirationEnabled = !state.enabled
        || (state.renewsThreshold > 0 && state.renewsLastMin > state.renewsThreshold);
    state.active = state.enabled && !state.leaseExpirationEnabled && state.expectedClients > 0;
    return state;
}

bool Registry::isLeaseExpirationEnabled() const
{
    return selfPreservation().leaseExpirationEnabled;
}

void Registry::setSelfPreservationEnabled(bool enabled)
{
    m_config.selfPreservationEnabled = enabled;
}
