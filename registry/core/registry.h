// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/selfpreservationstate.h"
#include "core/deltalog.h"
#include "core/instancetable.h"
#include "core/leases.h"
#include "core/registryconfig.h"
#include "core/servicecatalogue.h"
#include "core/undolog.h"
#include "model/instance.h"
#include "model/registrychange.h"
#include "model/service.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>

#include <optional>

class Clock;

// The registry's façade: Eureka's and Service-Center's write rules (../shared/contracts/eureka.md §3)
// over its parts — the instances, the service catalogue, the delta log and the leases — and the
// revision. A write changes instances and services only through the parts' primitives, which record
// the undo steps of a capture. One thread, no locks, time from the injected Clock.
class Registry : public QObject
{
    Q_OBJECT

public:
    using Applications = InstanceTable::Applications;
    using Services = ServiceCatalogue::Services;

    struct CreateServiceResult
    {
        enum class Outcome
        {
            Created,
            Existing,      // the same key is registered: its id comes back
            Conflict,      // the caller's id belongs to another key, or the key to another id
        };
        Outcome outcome;
        QString serviceId;
    };

    enum class DeleteServiceOutcome
    {
        Deleted,
        NotFound,
        HasConsumers,
        HasInstances,
    };

    enum class RenewOutcome
    {
        Renewed,
        NotFound,          // unknown, or the override rules say UNKNOWN: the client must re-register
        SenderNewer,       // the caller's lastDirtyTimestamp is newer: re-register to send it
        ReceiverNewer,     // a peer sent an older copy: it should adopt ours (409)
    };

    struct RenewResult
    {
        RenewOutcome outcome;
        std::optional<Instance> stored;    // set for ReceiverNewer
    };

    struct RenewRequest
    {
        std::optional<qint64> lastDirtyTimestamp;
        std::optional<InstanceStatus> overriddenStatus;   // honoured from peers only
    };

    // What the writes between beginCapture() and endCapture() did.
    struct CapturedWrites
    {
        QList<RegistryChange> changes;     // in order, each with the state the rules produced
        int renewals = 0;                  // heartbeats of known instances
    };

    Registry(RegistryConfig config, const Clock *clock, QObject *parent = nullptr);
    ~Registry() override;

    // Writes. Each returns whether the instance was found, and emits changed() when something changed.
    Instance registerInstance(Instance instance, WriteOrigin origin = WriteOrigin::Client);
    RenewResult renew(const QString &app, const QString &id, const RenewRequest &request = {},
                      WriteOrigin origin = WriteOrigin::Client);
    bool cancel(const QString &app, const QString &id, WriteOrigin origin = WriteOrigin::Client);
    bool setStatusOverride(const QString &app, const QString &id, InstanceStatus status,
                           std::optional<qint64> lastDirtyTimestamp = {},
                           WriteOrigin origin = WriteOrigin::Client);
    bool removeStatusOverride(const QString &app, const QString &id,
                              std::optional<InstanceStatus> newStatus = {},
                              std::optional<qint64> lastDirtyTimestamp = {},
                              WriteOrigin origin = WriteOrigin::Client);
    bool updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                        WriteOrigin origin = WriteOrigin::Client);
    bool replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         WriteOrigin origin = WriteOrigin::Client);
    // A health check's verdict: failing puts the instance DOWN, passing again puts it back UP. An
    // override set by a user keeps deciding the status; the verdict is kept beside it.
    bool applyCheckVerdict(const QString &app, const QString &id, bool failing,
                           WriteOrigin origin = WriteOrigin::Check);

    // Services. A service without an id gets its key's derived id.
    CreateServiceResult createService(Service service, WriteOrigin origin = WriteOrigin::Client);
    // Replaces a stored service's properties, schemas, tags and descriptive fields; the key stays.
    bool updateService(const Service &service, WriteOrigin origin = WriteOrigin::Client);
    // With force, the service's instances are cancelled first; without, instances or consumers refuse.
    DeleteServiceOutcome deleteService(const QString &serviceId, bool force, WriteOrigin origin = WriteOrigin::Client);
    // Records that a consumer has looked the provider's name up: it now hears of its instances.
    void addDependency(const QString &consumerId, const ServiceKey &provider);

    // Writes that a store must accept before they count (etcd): between beginCapture() and
    // endCapture() writes run every rule as usual but emit no change; endCapture() undoes them and
    // returns the changes they made. Heartbeats stay: a renewal is this node's own news.
    void beginCapture();
    CapturedWrites endCapture();
    bool isCapturing() const { return m_undo.isRecording(); }

    // A store's copy applied as it is, with no rules: the state some node's rules produced. The
    // revision is the store's (etcd's mod revision), so every node over one store shows the same.
    void applyStoredInstance(Instance instance, RegistryChange::Kind kind, quint64 revision);
    bool removeStoredInstance(const QString &app, const QString &id, RegistryChange::Kind kind, quint64 revision);
    void applyStoredService(Service service, quint64 revision);
    bool removeStoredService(const QString &serviceId, quint64 revision);
    // After a full read of the store at revision: the registry shows that revision from now on.
    void moveToRevision(quint64 revision);

    // The eviction pass over Eureka leases: removes expired ones unless self-preservation holds them.
    // Returns how many.
    int evictExpired();
    // Removes every expired Service-Center lease; these expire exactly, as etcd's do. Returns how many.
    int expireExactLeases();
    // Drops delta entries older than the retention window. Returns whether any were dropped.
    bool purgeDeltaLog();

    // Reads.
    const Applications &applications() const { return m_instances.applications(); }
    std::optional<Instance> instance(const QString &app, const QString &id) const;
    std::optional<Instance> findInstance(const QString &id) const;
    QList<Instance> pinnedInstances() const;
    // A pinned instance never is.
    bool isExpired(const Instance &instance) const;
    const Services &services() const { return m_catalogue.services(); }
    const Service *findService(const QString &serviceId) const;
    QString serviceIdFor(const ServiceKey &key) const;
    // Every version of (tenant, environment, app, name), matching the name or the alias.
    QList<const Service *> servicesNamed(const ServiceKey &key) const;
    QList<Instance> instancesOf(const QString &serviceId) const;
    bool hasInstances(const QString &serviceId) const;
    // The consumers that have looked up a service with this provider's name.
    QSet<QString> consumersOf(const Service &provider) const;
    // Every version of every service the consumer has looked up.
    QList<const Service *> providersOf(const QString &consumerId) const;
    QList<Instance> deltaInstances() const;
    QString appsHashcode() const;
    quint64 revision() const { return m_revision; }
    qint64 nowMs() const;
    // Moves on every change and every purge: what the delta shows depends on nothing else.
    quint64 deltaLogVersion() const { return m_deltaLog.version(); }
    qsizetype instanceCount() const { return m_instances.count(); }
    qint64 renewsLastMinute() const { return m_leases.renewsLastMinute(); }   // every heartbeat, whichever protocol
    qint64 renewsTotal() const { return m_leases.renewsTotal(); }
    SelfPreservationState selfPreservation() const;
    bool isLeaseExpirationEnabled() const;
    const RegistryConfig &config() const { return m_config; }

    void setSelfPreservationEnabled(bool enabled);

signals:
    void changed(const RegistryChange &change);
    void renewed(const QString &app, const QString &id, qint64 timestamp, WriteOrigin origin);

private:
    InstanceStatus statusByOverrideRules(const Instance &incoming, const Instance *existing,
                                         WriteOrigin origin) const;
    void startLease(Instance &incoming, const Instance *existing, qint64 nowMs) const;
    void adoptOverride(Instance &incoming);
    void keepCheckVerdict(Instance &incoming, const Instance *existing, WriteOrigin origin) const;
    void takeCheck(Instance &incoming, WriteOrigin origin) const;
    const Instance &putInstance(RegistryChange::Kind kind, Instance instance, WriteOrigin origin,
                                std::optional<quint64> storedRevision = {});
    void eraseInstance(const QString &app, const QString &id, RegistryChange::Kind kind,
                       WriteOrigin origin, std::optional<quint64> storedRevision = {});
    void record(RegistryChange::Kind kind, const Instance &instance, WriteOrigin origin);
    const Service &putService(RegistryChange::Kind kind, Service service, WriteOrigin origin,
                              std::optional<quint64> storedRevision = {});
    void recordService(RegistryChange::Kind kind, const Service &service, WriteOrigin origin);
    void announce(RegistryChange change);
    quint64 nextRevision(std::optional<quint64> storedRevision);
    QString ensureEurekaService(const QString &app, WriteOrigin origin);
    void completeMapping(Instance &instance) const;
    int removeExpired(const Leases::InstanceRefs &expired);

    RegistryConfig m_config;
    const Clock *m_clock;
    UndoLog m_undo;
    InstanceTable m_instances {m_undo};
    ServiceCatalogue m_catalogue {m_undo};
    DeltaLog m_deltaLog;
    Leases m_leases;
    quint64 m_revision = 0;
    std::optional<CapturedWrites> m_captured;
};
