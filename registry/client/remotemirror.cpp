// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remotemirror.h"

#include "model/statuscount.h"

#include <QDateTime>
#include <QSet>

namespace {
// The fields a re-registration sets, without those a status change, a metadata update or a
// heartbeat moves, and without the registry's own bookkeeping.
Instance registrationPart(Instance instance)
{
    instance.status = InstanceStatus::Up;
    instance.overriddenStatus = InstanceStatus::Unknown;
    instance.metadata.clear();
    instance.lastDirtyTimestamp = 0;
    instance.lastUpdatedTimestamp = 0;
    instance.actionType = ActionType::Added;
    instance.revision = 0;
    instance.lease.lastRenewalTimestamp = 0;
    instance.lease.evictionTimestamp = 0;
    instance.lease.serviceUpTimestamp = 0;
    return instance;
}

// How a registry got from before to after, in the kinds a node reports; empty when only a
// heartbeat (or bookkeeping) moved.
QList<RegistryChange::Kind> changesBetween(const Instance &before, const Instance &after)
{
    using Kind = RegistryChange::Kind;
    if (registrationPart(before) != registrationPart(after))
        return {Kind::Registered};
    QList<Kind> kinds;
    if (before.overriddenStatus != after.overriddenStatus)
        kinds.append(after.overriddenStatus == InstanceStatus::Unknown ? Kind::OverrideRemoved : Kind::StatusChanged);
    else if (before.status != after.status)
        kinds.append(Kind::StatusChanged);
    if (before.metadata != after.metadata)
        kinds.append(Kind::MetadataChanged);
    return kinds;
}

Service comparable(Service service)
{
    service.revision = 0;
    return service;
}
}

void RemoteMirror::replaceInstances(const QList<Instance> &instances)
{
    QSet<QPair<QString, QString>> present;
    present.reserve(instances.size());
    for (const Instance &instance : instances) {
        present.insert({instance.app, instance.instanceId});
        upsertInstance(instance);
    }
    QList<QPair<QString, QString>> gone;
    for (auto app = m_apps.cbegin(); app != m_apps.cend(); ++app) {
        for (auto it = app->cbegin(); it != app->cend(); ++it) {
            if (!present.contains({app.key(), it.key()}))
                gone.append({app.key(), it.key()});
        }
    }
    for (const auto &[app, id] : std::as_const(gone))
        removeInstance(app, id);
}

void RemoteMirror::upsertInstance(const Instance &instance)
{
    QHash<QString, Instance> &app = m_apps[instance.app];
    const auto existing = app.find(instance.instanceId);
    if (existing == app.end()) {
        Instance &stored = app[instance.instanceId];
        stored = instance;
        ++m_instanceCount;
        record(RegistryChange::Kind::Registered, stored);
        return;
    }
    const QList<RegistryChange::Kind> kinds = changesBetween(*existing, instance);
    const qint64 renewedAt = instance.lease.lastRenewalTimestamp;
    const bool renewed = renewedAt > existing->lease.lastRenewalTimestamp;
    const quint64 revision = existing->revision;
    *existing = instance;
    existing->revision = revision;
    for (RegistryChange::Kind kind : kinds)
        record(kind, *existing);
    if (kinds.isEmpty() && renewed) {
        Heartbeat &heartbeat = m_heartbeats[{instance.app, instance.instanceId}];
        heartbeat.app = instance.app;
        heartbeat.instanceId = instance.instanceId;
        heartbeat.timestamp = renewedAt;
        ++heartbeat.count;
    }
}

void RemoteMirror::removeInstance(const QString &app, const QString &id)
{
    const auto appIt = m_apps.find(app);
    if (appIt == m_apps.end())
        return;
    const auto it = appIt->find(id);
    if (it == appIt->end())
        return;
    Instance removed = std::move(*it);
    appIt->erase(it);
    if (appIt->isEmpty())
        m_apps.erase(appIt);
    --m_instanceCount;
    m_heartbeats.remove({app, id});
    removed.actionType = ActionType::Deleted;
    record(RegistryChange::Kind::Cancelled, removed);
}

void RemoteMirror::replaceServices(const QList<Service> &services)
{
    QSet<QString> present;
    for (const Service &service : services) {
        present.insert(service.serviceId);
        const auto existing = m_services.find(service.serviceId);
        if (existing == m_services.end()) {
            Service &stored = m_services[service.serviceId];
            stored = service;
            recordService(RegistryChange::Kind::ServiceCreated, stored);
        } else if (comparable(*existing) != comparable(service)) {
            *existing = service;
            recordService(RegistryChange::Kind::ServiceUpdated, *existing);
        }
    }
    for (auto it = m_services.begin(); it != m_services.end();) {
        if (present.contains(it.key())) {
            ++it;
            continue;
        }
        Service removed = std::move(*it);
        it = m_services.erase(it);
        recordService(RegistryChange::Kind::ServiceDeleted, removed);
    }
}

void RemoteMirror::replaceChecks(const QList<CheckState> &checks)
{
    QHash<QPair<QString, QString>, CheckState> current;
    current.reserve(checks.size());
    for (const CheckState &check : checks) {
        const QPair<QString, QString> key {check.app, check.instanceId};
        if (m_checks.value(key) != check)
            m_changedChecks.append(check);
        current.insert(key, check);
    }
    m_checks = std::move(current);
}

std::optional<Instance> RemoteMirror::instance(const QString &app, const QString &id) const
{
    const auto appIt = m_apps.constFind(app);
    if (appIt == m_apps.cend())
        return std::nullopt;
    const auto it = appIt->constFind(id);
    if (it == appIt->cend())
        return std::nullopt;
    return *it;
}

QList<Instance> RemoteMirror::instances() const
{
    QList<Instance> list;
    list.reserve(m_instanceCount);
    for (const auto &app : m_apps) {
        for (const Instance &instance : app)
            list.append(instance);
    }
    return list;
}

QString RemoteMirror::eurekaHashcode() const
{
    StatusCount counts;
    for (const auto &app : m_apps) {
        for (const Instance &instance : app)
            counts.add(instance.status);
    }
    return counts.hashcode();
}

RegistrySnapshot RemoteMirror::snapshot() const
{
    RegistrySnapshot snapshot;
    snapshot.revision = m_revision;
    snapshot.instances = instances();
    snapshot.services = services();
    snapshot.checks = m_checks.values();
    snapshot.status = m_status;
    return snapshot;
}

ChangeBatch RemoteMirror::takeBatch()
{
    ChangeBatch batch;
    batch.revision = m_revision;
    batch.changes = std::exchange(m_changes, {});
    batch.heartbeats = m_heartbeats.values();
    m_heartbeats.clear();
    batch.checks = std::exchange(m_changedChecks, {});
    return batch;
}

void RemoteMirror::record(RegistryChange::Kind kind, Instance &instance)
{
    instance.revision = ++m_revision;
    RegistryChange change;
    change.kind = kind;
    change.revision = m_revision;
    change.timestamp = QDateTime::currentMSecsSinceEpoch();
    change.instance = instance;
    m_changes.append(change);
}

void RemoteMirror::recordService(RegistryChange::Kind kind, Service &service)
{
    service.revision = ++m_revision;
    RegistryChange change;
    change.kind = kind;
    change.revision = m_revision;
    change.timestamp = QDateTime::currentMSecsSinceEpoch();
    change.service = service;
    m_changes.append(change);
}
