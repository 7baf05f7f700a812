// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/leases.h"

#include "core/clock.h"
#include "core/instancetable.h"

#include <algorithm>

namespace {
constexpr qint64 minuteMs = 60'000;
}

Leases::Leases(const RegistryConfig &config, const Clock *clock, const InstanceTable &instances)
    : m_config {config}
    , m_clock {clock}
    , m_instances {instances}
    , m_renewsPerMinute {minuteMs, clock->nowMs()}
    , m_eurekaRenewsPerMinute {minuteMs, clock->nowMs()}
    , m_random {std::random_device {}()}
{
}

int Leases::durationSecs(const Instance &instance) const
{
    return instance.lease.durationSecs > 0 ? instance.lease.durationSecs : m_config.defaultLeaseDurationSecs;
}

bool Leases::isExpired(const Instance &instance) const
{
    if (instance.pinned || m_config.leasesEndInStore)
        return false;
    const qint64 durationMs = qint64(durationSecs(instance)) * 1000;
    return m_clock->nowMs() > instance.lease.lastRenewalTimestamp + durationMs;
}

void Leases::countRenewal(const Instance &renewed, qint64 nowMs)
{
    m_renewsPerMinute.increment(nowMs);
    if (renewed.origin == Protocol::Eureka && !renewed.pinned)
        m_eurekaRenewsPerMinute.increment(nowMs);
    ++m_renewsTotal;
}

qint64 Leases::renewsLastMinute() const
{
    return m_renewsPerMinute.lastBucketCount(m_clock->nowMs());
}

SelfPreservationState Leases::selfPreservation() const
{
    SelfPreservationState state;
    state.enabled = m_config.selfPreservationEnabled;
    state.renewalPercentThreshold = m_config.renewalPercentThreshold;
    state.renewalIntervalSecs = std::max(1, m_config.expectedClientRenewalIntervalSecs);
    state.expectedClients = eurekaLeaseCount();
    const double expectedPerMinute =
        double(state.expectedClients) * (60.0 / std::max(1, m_config.expectedClientRenewalIntervalSecs));
    state.expectedRenewsPerMin = qRound64(expectedPerMinute);
    state.renewsThreshold = qint64(expectedPerMinute * m_config.renewalPercentThreshold);
    const qint64 nowMs = m_clock->nowMs();
    state.countsRenewals = true;
    state.renewsLastMin = m_eurekaRenewsPerMinute.lastBucketCount(nowMs);
    state.renewsThisMin = m_eurekaRenewsPerMinute.currentBucketCount(nowMs);
    // Until then renewsLastMin is 0 for want of a measurement, and leases are held as an Eureka
    // server holds them: not a sign of trouble, which the reason says.
    if (nowMs < m_eurekaRenewsPerMinute.firstCompleteAtMs())
        state.measuringUntilMs = m_eurekaRenewsPerMinute.firstCompleteAtMs();
    state.leaseExpirationEnabled = !state.enabled
        || (state.renewsThreshold > 0 && state.renewsLastMin > state.renewsThreshold);
    state.active = state.enabled && !state.leaseExpirationEnabled && state.expectedClients > 0;
    return state;
}

Leases::InstanceRefs Leases::toEvict()
{
    if (m_config.leasesEndInStore || !isExpirationEnabled())
        return {};
    InstanceRefs expired = expiredEurekaLeases();
    if (expired.isEmpty() || !m_config.selfPreservationEnabled)
        return expired;
    // Like Eureka, evict at most the share of the registry that the threshold allows per pass, chosen
    // at random, so a mass expiry (a network split) drains slowly. Without self-preservation there is no cap.
    const auto size = eurekaLeaseCount();
    const qsizetype limit = std::min(expired.size(), size - qsizetype(double(size) * m_config.renewalPercentThreshold));
    std::shuffle(expired.begin(), expired.end(), m_random);
    expired.resize(limit);
    return expired;
}

Leases::InstanceRefs Leases::expiredExactLeases() const
{
    if (m_config.leasesEndInStore)
        return {};
    InstanceRefs expired;
    const auto &leases = m_instances.exactLeases();
    for (auto it = leases.cbegin(); it != leases.cend(); ++it) {
        const Instance *instance = m_instances.find(it.value(), it.key());
        if (instance && isExpired(*instance))
            expired.append({it.value(), it.key()});
    }
    return expired;
}

Leases::InstanceRefs Leases::expiredEurekaLeases() const
{
    InstanceRefs expired;
    for (const auto &app : m_instances.applications()) {
        for (const auto &instance : app) {
            if (instance.origin == Protocol::Eureka && !instance.pinned && isExpired(instance))
                expired.append({instance.app, instance.instanceId});
        }
    }
    return expired;
}

qsizetype Leases::eurekaLeaseCount() const
{
    return m_instances.count() - m_instances.exactLeases().size() - m_instances.pinned().size();
}
