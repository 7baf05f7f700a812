// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/deltalog.h"

#include "core/undolog.h"
#include "model/statuscount.h"

#include <QMap>
#include <QPair>

#include <optional>

DeltaLog::DeltaLog(int retentionSecs, UndoLog &undo)
    : m_retentionSecs {retentionSecs}
    , m_undo {undo}
{
}

void DeltaLog::append(qint64 timestampMs, const Instance &instance)
{
    const bool removal = instance.actionType == ActionType::Deleted;
    m_entries.push_back({timestampMs, instance.actionType, instance.app, instance.instanceId,
                         removal ? std::make_shared<const Instance>(instance) : nullptr});
    ++m_version;
    if (m_undo.isRecording()) {
        m_undo.record([this] {
            m_entries.pop_back();
            --m_version;
        });
    }
}

bool DeltaLog::purge(qint64 nowMs)
{
    if (m_undo.isRecording())
        return false;   // the undo steps take entries off the back; they would not put these back
    const qint64 oldest = oldestKept(nowMs);
    bool purged = false;
    while (!m_entries.empty() && m_entries.front().timestamp < oldest) {
        m_entries.pop_front();
        purged = true;
    }
    m_tombstones.removeIf([oldest](const auto &entry) { return entry.value().cancelledMs < oldest; });
    if (purged)
        ++m_version;
    return purged;
}

QList<Instance> DeltaLog::instances(const InstanceTable &table, qint64 nowMs) const
{
    QMap<QPair<QString, QString>, const Entry *> latest;
    const qint64 oldest = oldestKept(nowMs);
    for (const auto &entry : m_entries) {
        if (entry.timestamp >= oldest)
            latest.insert({entry.app, entry.instanceId}, &entry);
    }
    QList<Instance> result;
    result.reserve(latest.size());
    for (const Entry *entry : std::as_const(latest)) {
        if (entry->removed) {
            result.append(*entry->removed);
        } else if (const Instance *current = table.find(entry->app, entry->instanceId)) {
            result.append(*current);
            result.last().actionType = entry->action;
        }
    }
    return result;
}

void DeltaLog::bury(const Instance &cancelled, qint64 nowMs)
{
    saveTombstone(cancelled.instanceId);
    m_tombstones.insert(cancelled.instanceId,
                        Tombstone {normalizedAppName(cancelled.app), cancelled.lastDirtyTimestamp, nowMs});
}

void DeltaLog::unbury(const QString &instanceId)
{
    if (!m_tombstones.contains(instanceId))
        return;
    saveTombstone(instanceId);
    m_tombstones.remove(instanceId);
}

bool DeltaLog::isBuriedCopy(const Instance &incoming) const
{
    const auto tombstone = m_tombstones.constFind(incoming.instanceId);
    return tombstone != m_tombstones.cend() && tombstone->app == normalizedAppName(incoming.app)
        && incoming.lastDirtyTimestamp <= tombstone->lastDirtyTimestamp;
}

QString DeltaLog::hashcode(const InstanceTable::Applications &applications)
{
    StatusCount counts;
    for (const auto &app : applications) {
        for (const auto &instance : app)
            counts.add(instance.status);
    }
    return counts.hashcode();
}

void DeltaLog::saveTombstone(const QString &instanceId)
{
    if (!m_undo.isRecording())
        return;
    const auto it = m_tombstones.constFind(instanceId);
    m_undo.record([this, instanceId, saved = it == m_tombstones.cend() ? std::nullopt : std::optional(*it)] {
        if (saved)
            m_tombstones.insert(instanceId, *saved);
        else
            m_tombstones.remove(instanceId);
    });
}
