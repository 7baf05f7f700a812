// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/gatewaystats.h"
#include "gateway/routingview.h"

#include <QHash>
#include <QString>

#include <array>

class PassiveHealth;

// Latencies in geometric buckets (each 20 % wider than the last, 10 µs to about 2 minutes), over
// the current minute and the one before it, so percentiles follow the traffic of now.
class LatencyWindow
{
public:
    void add(qint64 micros, qint64 nowMs);
    double percentileMs(double fraction, qint64 nowMs);

private:
    static constexpr int bucketCount = 90;
    using Buckets = std::array<quint32, bucketCount>;
    void rotate(qint64 nowMs);
    static int bucketOf(qint64 micros);
    static double upperBoundMs(int bucket);

    Buckets m_current {};
    Buckets m_previous {};
    qint64 m_currentStartMs = 0;
};

// What the gateway counts on its thread: requests, errors and latencies per service and instance.
class TrafficStats
{
public:
    void recordUnknownService();
    // A request the gateway answered itself (503, or 502/504 with no instance to blame).
    void recordServiceError(const QString &service, qint64 micros, qint64 nowMs);
    void recordExchange(const QString &service, const RoutingTarget &target, qint64 micros, bool failed,
                        qint64 nowMs);
    // An attempt at an instance that failed before a retry elsewhere: the instance's count only.
    void recordFailedAttempt(const QString &service, const RoutingTarget &target, qint64 micros, qint64 nowMs);
    GatewayStats snapshot(const PassiveHealth &health, qint64 nowMs);

private:
    struct Counters
    {
        QString address;
        quint64 requests = 0;
        quint64 errors = 0;
        LatencyWindow latency;
    };
    struct ServiceCounters
    {
        Counters total;
        QHash<QString, Counters> instances;   // by instance id
    };
    static void count(Counters &counters, qint64 micros, bool failed, qint64 nowMs);

    QHash<QString, ServiceCounters> m_services;
    quint64 m_requests = 0;
    quint64 m_unknownService = 0;
};
