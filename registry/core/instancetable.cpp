// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/instancetable.h"

#include "core/undolog.h"

namespace {
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
}

InstanceTable::InstanceTable(UndoLog &undo)
    : m_undo {undo}
{
}

const Instance *InstanceTable::find(const QString &app, const QString &id) const
{
    auto appIt = m_apps.constFind(normalizedAppName(app));
    if (appIt == m_apps.cend())
        return nullptr;
    auto it = appIt->constFind(id);
    return it == appIt->cend() ? nullptr : &*it;
}

std::optional<InstanceStatus> InstanceTable::overrideOf(const QString &id) const
{
    return entryOf(m_overrides, id);
}

const Instance &InstanceTable::put(Instance instance)
{
    saveInstance(instance.app, instance.instanceId);
    index(instance);
    auto &instances = m_apps[instance.app];
    auto it = instances.find(instance.instanceId);
    if (it == instances.end()) {
        ++m_count;
        const QString id = instance.instanceId;
        return *instances.insert(id, std::move(instance));
    }
    *it = std::move(instance);
    return *it;
}

Instance InstanceTable::erase(const QString &app, const QString &id)
{
    const QString appName = normalizedAppName(app);
    saveInstance(appName, id);
    saveOverride(id);
    auto appIt = m_apps.find(appName);
    Instance removed = appIt->take(id);
    if (appIt->isEmpty())
        m_apps.erase(appIt);
    --m_count;
    m_overrides.remove(id);
    unindex(id);
    return removed;
}

void InstanceTable::setOverride(const QString &id, InstanceStatus status)
{
    saveOverride(id);
    m_overrides.insert(id, status);
}

void InstanceTable::removeOverride(const QString &id)
{
    saveOverride(id);
    m_overrides.remove(id);
}

void InstanceTable::renewLease(const Instance &stored, qint64 timestampMs)
{
    Q_ASSERT(find(stored.app, stored.instanceId) == &stored);
    // stored is an element of m_apps, handed out const so that nothing else changes it unsaved.
    const_cast<Instance &>(stored).lease.lastRenewalTimestamp = timestampMs;
}

void InstanceTable::saveInstance(const QString &app, const QString &id)
{
    if (!m_undo.isRecording())
        return;
    const Instance *stored = find(app, id);
    SavedInstance saved {app, id, stored ? std::optional(*stored) : std::nullopt, entryOf(m_exactLeases, id),
                         entryOf(m_pinned, id)};
    m_undo.record([this, saved = std::move(saved)] { restore(saved); });
}

void InstanceTable::saveOverride(const QString &id)
{
    if (!m_undo.isRecording())
        return;
    m_undo.record([this, id, saved = entryOf(m_overrides, id)] { restoreEntry(m_overrides, id, saved); });
}

void InstanceTable::restore(const SavedInstance &saved)
{
    restoreEntry(m_exactLeases, saved.id, saved.exactLease);
    restoreEntry(m_pinned, saved.id, saved.pinned);
    auto app = m_apps.find(saved.app);
    const bool present = app != m_apps.end() && app->contains(saved.id);
    if (saved.instance) {
        m_count += present ? 0 : 1;
        m_apps[saved.app].insert(saved.id, *saved.instance);
    } else if (present) {
        --m_count;
        app->remove(saved.id);
        if (app->isEmpty())
            m_apps.erase(app);
    }
}

void InstanceTable::index(const Instance &instance)
{
    const QString &id = instance.instanceId;
    if (instance.origin == Protocol::Eureka || instance.pinned)
        m_exactLeases.remove(id);
    else
        m_exactLeases.insert(id, instance.app);
    if (instance.pinned)
        m_pinned.insert(id, instance.app);
    else
        m_pinned.remove(id);
}

void InstanceTable::unindex(const QString &id)
{
    m_exactLeases.remove(id);
    m_pinned.remove(id);
}
