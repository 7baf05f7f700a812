// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "model/instance.h"
#include "api/nodestatus.h"
#include "api/registrysnapshot.h"
#include "model/service.h"

#include <QHash>
#include <QList>

#include <optional>

// A client's copy of a remote registry: the instances and services as last read, and what each
// read changed, as the RegistryChange values a node reports. Revisions are the copy's own: each
// change gets the next one, so a snapshot and the batches after it fit together as a node's do.
class RemoteMirror
{
public:
    // Sets every instance; those not in the list are gone.
    void replaceInstances(const QList<Instance> &instances);
    void upsertInstance(const Instance &instance);
    void removeInstance(const QString &app, const QString &id);
    // Sets every service; those not in the list are gone.
    void replaceServices(const QList<Service> &services);
    // Sets the health checks the remote runs; the next batch carries those that changed.
    void replaceChecks(const QList<CheckState> &checks);
    void setStatus(const NodeStatus &status) { m_status = status; }
    const NodeStatus &status() const { return m_status; }

    std::optional<Instance> instance(const QString &app, const QString &id) const;
    QList<Instance> instances() const;
    QList<Service> services() const { return m_services.values(); }
    QStringList appNames() const { return m_apps.keys(); }
    qsizetype instanceCount() const { return m_instanceCount; }
    // Eureka's apps hashcode over the copy, to compare with the one a delta carries.
    QString eurekaHashcode() const;
    quint64 revision() const { return m_revision; }
    RegistrySnapshot snapshot() const;
    // The changes, heartbeats and changed checks seen since the last call.
    ChangeBatch takeBatch();

private:
    void record(RegistryChange::Kind kind, Instance &instance);
    void recordService(RegistryChange::Kind kind, Service &service);

    QHash<QString, QHash<QString, Instance>> m_apps;   // app → instance id → instance
    qsizetype m_instanceCount = 0;
    QHash<QString, Service> m_services;                 // by serviceId
    NodeStatus m_status;
    quint64 m_revision = 0;
    QList<RegistryChange> m_changes;
    QHash<QPair<QString, QString>, Heartbeat> m_heartbeats;
    QHash<QPair<QString, QString>, CheckState> m_checks;   // by app and instance id
    QList<CheckState> m_changedChecks;
};
