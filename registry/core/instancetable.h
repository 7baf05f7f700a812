// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QHash>
#include <QString>

#include <optional>

class UndoLog;

// The instances, and what is kept by their id: status overrides and the indexes of Service-Center
// leases and pinned entries. The state is private and changes only through the primitives below,
// each of which keeps the indexes and records its undo step: no write can escape a capture's rollback.
class InstanceTable
{
public:
    // app name → (instance id → instance). Hashed for the heartbeat path; readers that need a stable
    // order sort the keys.
    using Applications = QHash<QString, QHash<QString, Instance>>;
    using AppsById = QHash<QString, QString>;   // instance id → app

    explicit InstanceTable(UndoLog &undo);

    const Applications &applications() const { return m_apps; }
    const Instance *find(const QString &app, const QString &id) const;
    qsizetype count() const { return m_count; }
    // Service-Center leases, which expire exactly; a pinned instance holds no lease of either kind.
    const AppsById &exactLeases() const { return m_exactLeases; }
    const AppsById &pinned() const { return m_pinned; }
    std::optional<InstanceStatus> overrideOf(const QString &id) const;

    // Inserts or replaces the instance under its app and id.
    const Instance &put(Instance instance);
    // Takes out an instance that is there, and its override.
    Instance erase(const QString &app, const QString &id);
    void setOverride(const QString &id, InstanceStatus status);
    void removeOverride(const QString &id);
    // Not undone: a heartbeat is this node's own news, whatever becomes of the writes around it.
    void renewLease(const Instance &stored, qint64 timestampMs);

private:
    // An entry as it was, and the index entries of its id: ids are not unique across apps.
    struct SavedInstance
    {
        QString app;
        QString id;
        std::optional<Instance> instance;
        std::optional<QString> exactLease;
        std::optional<QString> pinned;
    };

    void saveInstance(const QString &app, const QString &id);
    void saveOverride(const QString &id);
    void restore(const SavedInstance &saved);
    void index(const Instance &instance);
    void unindex(const QString &id);

    UndoLog &m_undo;
    Applications m_apps;
    qsizetype m_count = 0;
    QHash<QString, InstanceStatus> m_overrides;   // by instance id, as Eureka keys them
    AppsById m_exactLeases;                       // Service-Center instances, unless pinned
    AppsById m_pinned;                            // pinned instances, whichever protocol
};
