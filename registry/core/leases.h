// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/selfpreservationstate.h"
#include "core/registryconfig.h"
#include "model/instance.h"
#include "model/measuredrate.h"

#include <QList>
#include <QPair>
#include <QString>

#include <random>

class Clock;
class InstanceTable;

// Leases by Eureka's rules (../shared/contracts/eureka.md §3): expiry, the renewal rate,
// self-preservation and which instances an eviction pass takes. It reads the instances and changes
// none: the registry removes what it names, through the primitives that keep the undo log.
class Leases
{
public:
    using InstanceRefs = QList<QPair<QString, QString>>;   // (app, instance id)

    Leases(const RegistryConfig &config, const Clock *clock, const InstanceTable &instances);

    int durationSecs(const Instance &instance) const;
    // A pinned instance never is.
    bool isExpired(const Instance &instance) const;
    void countRenewal(const Instance &renewed, qint64 nowMs);
    qint64 renewsLastMinute() const;       // every heartbeat, whichever protocol
    qint64 renewsTotal() const { return m_renewsTotal; }
    SelfPreservationState selfPreservation() const;
    bool isExpirationEnabled() const { return selfPreservation().leaseExpirationEnabled; }

    // The expired Eureka leases one eviction pass removes, unless self-preservation holds them.
    InstanceRefs toEvict();
    // Every expired Service-Center lease; these expire exactly, as etcd's do.
    InstanceRefs expiredExactLeases() const;

private:
    InstanceRefs expiredEurekaLeases() const;
    // The leases self-preservation expects heartbeats for: neither Service-Center's nor pinned ones.
    qsizetype eurekaLeaseCount() const;

    const RegistryConfig &m_config;
    const Clock *m_clock;
    const InstanceTable &m_instances;
    MeasuredRate m_renewsPerMinute;
    MeasuredRate m_eurekaRenewsPerMinute;   // what self-preservation compares
    qint64 m_renewsTotal = 0;
    std::mt19937 m_random;
};
