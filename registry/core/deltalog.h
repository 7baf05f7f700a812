// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/instancetable.h"
#include "model/instance.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <memory>

class UndoLog;

// What Eureka's delta shows: the instances touched within the retention window, the tombstones of
// cancelled ones (a peer's late copy must not bring one back) and the hashcode a client checks its
// copy against. Every change records its undo step; a purge is refused during a capture.
class DeltaLog
{
public:
    DeltaLog(int retentionSecs, UndoLog &undo);

    // The instance as it is after the change; only a removal keeps a copy.
    void append(qint64 timestampMs, const Instance &instance);
    // Drops entries and tombstones older than the retention window. Returns whether any entry went.
    bool purge(qint64 nowMs);
    // Moves on every change and every purge: what the delta shows depends on nothing else.
    quint64 version() const { return m_version; }
    // Every instance touched within the retention window, once, in its current state (or its last
    // state when the latest touch removed it).
    QList<Instance> instances(const InstanceTable &table, qint64 nowMs) const;

    void bury(const Instance &cancelled, qint64 nowMs);
    void unbury(const QString &instanceId);
    // A copy no newer than the instance that was cancelled here.
    bool isBuriedCopy(const Instance &incoming) const;

    static QString hashcode(const InstanceTable::Applications &applications);

private:
    struct Entry
    {
        qint64 timestamp;
        ActionType action;
        QString app;
        QString instanceId;
        std::shared_ptr<const Instance> removed;   // a pointer: most entries keep none
    };
    struct Tombstone
    {
        QString app;
        qint64 lastDirtyTimestamp;
        qint64 cancelledMs;
    };

    qint64 oldestKept(qint64 nowMs) const { return nowMs - qint64(m_retentionSecs) * 1000; }
    void saveTombstone(const QString &instanceId);

    int m_retentionSecs;
    UndoLog &m_undo;
    std::deque<Entry> m_entries;
    QHash<QString, Tombstone> m_tombstones;   // by instance id
    quint64 m_version = 0;
};
