// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QVarLengthArray>

#include <array>

// Latencies counted into fixed buckets, as a Prometheus histogram reads them: the count in each
// bucket (not cumulative), the sum and the count. Plain integers: one thread writes and reads it.
struct LatencyHistogram
{
    // Upper bounds in microseconds; a last, implicit bucket holds everything above.
    static constexpr std::array<qint64, 12> boundsUs {100, 250, 500, 1000, 2500, 5000, 10000, 25000,
                                                      50000, 100000, 250000, 1000000};

    std::array<quint64, boundsUs.size() + 1> buckets {};
    quint64 count = 0;
    qint64 sumUs = 0;

    void record(qint64 elapsedUs);
    // The elapsed time below which the given share (0..1) of the records fall, estimated from the
    // buckets; 0 with none.
    qint64 quantileUs(double share) const;
};

// The requests a node answered, by route and status, with a latency histogram per route. It lives
// on the node's thread and only that thread touches it, so recording takes no lock: an index into
// a vector, a short scan of the statuses a route has answered, and a bucket. The label sets stay
// bounded: routes are the router's patterns (requests that match none count as one route), and a
// route answers a handful of statuses. Requests the guard refuses count as the route "guard".
class RequestMetrics
{
public:
    struct StatusCount
    {
        int status = 0;
        quint64 count = 0;
    };

    struct Route
    {
        QByteArray method;             // as the router has it; HEAD counts as GET
        QString pattern;               // "/eureka/apps/{app}/{id}", or "unmatched"
        QString protocol;              // "eureka", "servicecomb", "muster" or "other"
        QVarLengthArray<StatusCount, 4> statuses;
        LatencyHistogram latency;
    };

    // The router's routes (method, pattern) in its order; the index a request matched is its route.
    explicit RequestMetrics(const QList<QPair<QByteArray, QString>> &routes);

    void record(int routeIndex, int status, qint64 elapsedUs);
    // A request the guard refused before any handler ran: counted, with no latency.
    void recordRejected(int status);
    const QList<Route> &routes() const { return m_routes; }

    // The protocol a route pattern belongs to, from its first segment.
    static QString protocolOf(QStringView pattern);

private:
    static void count(Route &route, int status);

    QList<Route> m_routes;             // the router's routes, then "unmatched", then "guard"
};
