// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/trafficstats.h"

#include "gateway/instancechooser.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double firstBoundMicros = 10;
constexpr double growth = 1.2;
constexpr qint64 windowMs = 60'000;
}

int LatencyWindow::bucketOf(qint64 micros)
{
    if (micros <= firstBoundMicros)
        return 0;
    const int bucket = int(std::ceil(std::log(double(micros) / firstBoundMicros) / std::log(growth)));
    return std::min(bucket, bucketCount - 1);
}

double LatencyWindow::upperBoundMs(int bucket)
{
    return firstBoundMicros * std::pow(growth, bucket) / 1000.0;
}

void LatencyWindow::rotate(qint64 nowMs)
{
    if (nowMs - m_currentStartMs < windowMs)
        return;
    m_previous = nowMs - m_currentStartMs < 2 * windowMs ? m_current : Buckets {};
    m_current = {};
    m_currentStartMs = nowMs;
}

void LatencyWindow::add(qint64 micros, qint64 nowMs)
{
    rotate(nowMs);
    ++m_current[bucketOf(micros)];
}

double LatencyWindow::percentileMs(double fraction, qint64 nowMs)
{
    rotate(nowMs);
    quint64 total = 0;
    for (int i = 0; i < bucketCount; ++i)
        total += quint64(m_current[i]) + m_previous[i];
    if (total == 0)
        return 0;
    const auto rank = quint64(std::ceil(fraction * double(total)));
    quint64 seen = 0;
    for (int i = 0; i < bucketCount; ++i) {
        seen += quint64(m_current[i]) + m_previous[i];
        if (seen >= rank)
            return upperBoundMs(i);
    }
    return upperBoundMs(bucketCount - 1);
}

void TrafficStats::count(Counters &counters, qint64 micros, bool failed, qint64 nowMs)
{
    ++counters.requests;
    if (failed)
        ++counters.errors;
    counters.latency.add(micros, nowMs);
}

void TrafficStats::recordUnknownService()
{
    ++m_requests;
    ++m_unknownService;
}

void TrafficStats::recordServiceError(const QString &service, qint64 micros, qint64 nowMs)
{
    ++m_requests;
    count(m_services[service].total, micros, true, nowMs);
}

void TrafficStats::recordExchange(const QString &service, const RoutingTarget &target, qint64 micros, bool failed,
                                  qint64 nowMs)
{
    ++m_requests;
    ServiceCounters &counters = m_services[service];
    count(counters.total, micros, failed, nowMs);
    Counters &instance = counters.instances[target.instanceId];
    instance.address = target.address();
    count(instance, micros, failed, nowMs);
}

void TrafficStats::recordFailedAttempt(const QString &service, const RoutingTarget &target, qint64 micros,
                                       qint64 nowMs)
{
    Counters &instance = m_services[service].instances[target.instanceId];
    instance.address = target.address();
    count(instance, micros, true, nowMs);
}

GatewayStats TrafficStats::snapshot(const PassiveHealth &health, qint64 nowMs)
{
    GatewayStats stats;
    stats.requests = m_requests;
    stats.unknownServiceRequests = m_unknownService;
    for (auto it = m_services.begin(); it != m_services.end(); ++it) {
        GatewayServiceStats service {it.key(), it->total.requests, it->total.errors,
                                     it->total.latency.percentileMs(0.5, nowMs),
                                     it->total.latency.percentileMs(0.99, nowMs), {}};
        for (auto instance = it->instances.begin(); instance != it->instances.end(); ++instance) {
            service.instances.append(GatewayInstanceStats {
                instance.key(), instance->address, instance->requests, instance->errors,
                instance->latency.percentileMs(0.5, nowMs), instance->latency.percentileMs(0.99, nowMs),
                health.ejectedUntil(instance->address, nowMs)});
        }
        std::sort(service.instances.begin(), service.instances.end(),
                  [](const auto &a, const auto &b) { return a.instanceId < b.instanceId; });
        stats.services.append(std::move(service));
    }
    std::sort(stats.services.begin(), stats.services.end(),
              [](const auto &a, const auto &b) { return a.service < b.service; });
    return stats;
}
