// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

// Latencies as Prometheus keeps a histogram: cumulative counts at upper bounds (seconds), the last
// bound +Inf. The difference of two readings of one histogram holds the requests in between.
struct CumulativeHistogram
{
    QList<double> upperBoundsSeconds;
    QList<quint64> cumulativeCounts;   // one per bound, non-decreasing

    quint64 count() const { return cumulativeCounts.isEmpty() ? 0 : cumulativeCounts.last(); }
    // Adds other's counts; both must have the same bounds (an empty histogram takes other's).
    void add(const CumulativeHistogram &other);
    // What this reading counted since earlier; empty when the bounds differ or a count went down
    // (the node restarted).
    CumulativeHistogram since(const CumulativeHistogram &earlier) const;
    // The time (seconds) below which share (0..1) of the requests fall, interpolated within its
    // bucket; the last finite bound when it lies above it; 0 with no requests.
    double quantileSeconds(double share) const;
};

// What a node has counted up to one moment, for charts: the counters are cumulative, so a reader
// takes the difference of two samples for a rate. A sample of a registry that has no such numbers
// says why instead.
struct MetricsSample
{
    enum class Availability
    {
        Available,
        NotRunning,                    // a stopped node, or a remote not read yet
        MetricsOff,                    // the node counts no requests (--metrics off)
        NotMuster,                     // an Eureka server or a Service-Center: no such metrics
        Failed,                        // reading them failed; error says why
    };

    struct PeerLag
    {
        QString url;                   // the peer's Eureka service URL
        double lagSeconds = 0;         // how long the oldest write queued for it has waited
        double queueLength = 0;
    };

    Availability availability = Availability::NotRunning;
    QString error;
    qint64 timeMs = 0;                 // when it was taken (ms since the epoch, the reader's clock)
    QMap<QString, quint64> requestsByProtocol;                 // "eureka", "servicecomb", "muster", "other"
    QMap<QString, CumulativeHistogram> latencyByProtocol;
    QList<PeerLag> peers;

    bool isAvailable() const { return availability == Availability::Available; }
    static MetricsSample unavailable(Availability why, const QString &error = {});
};

Q_DECLARE_METATYPE(MetricsSample)
