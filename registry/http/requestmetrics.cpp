// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/requestmetrics.h"

#include <algorithm>

void LatencyHistogram::record(qint64 elapsedUs)
{
    const auto bound = std::lower_bound(boundsUs.cbegin(), boundsUs.cend(), elapsedUs);
    ++buckets[std::size_t(bound - boundsUs.cbegin())];
    ++count;
    sumUs += elapsedUs;
}

qint64 LatencyHistogram::quantileUs(double share) const
{
    if (count == 0)
        return 0;
    const double rank = share * double(count);
    quint64 seen = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        const quint64 before = seen;
        seen += buckets[i];
        if (double(seen) < rank || buckets[i] == 0)
            continue;
        const qint64 lower = i == 0 ? 0 : boundsUs[i - 1];
        if (i == boundsUs.size())
            return lower;   // above the last bound: the bound is all that is known
        const double within = (rank - double(before)) / double(buckets[i]);
        return lower + qint64(within * double(boundsUs[i] - lower));
    }
    return boundsUs.back();
}

RequestMetrics::RequestMetrics(const QList<QPair<QByteArray, QString>> &routes)
{
    m_routes.reserve(routes.size() + 2);
    for (const auto &[method, pattern] : routes)
        m_routes.append(Route {method, pattern, protocolOf(pattern), {}, {}});
    m_routes.append(Route {QByteArrayLiteral("any"), QStringLiteral("unmatched"), QStringLiteral("other"), {}, {}});
    m_routes.append(Route {QByteArrayLiteral("any"), QStringLiteral("guard"), QStringLiteral("other"), {}, {}});
}

void RequestMetrics::record(int routeIndex, int status, qint64 elapsedUs)
{
    const qsizetype unmatched = m_routes.size() - 2;
    Route &route = routeIndex >= 0 && routeIndex < unmatched ? m_routes[routeIndex] : m_routes[unmatched];
    route.latency.record(elapsedUs);
    count(route, status);
}

void RequestMetrics::recordRejected(int status)
{
    count(m_routes.last(), status);
}

void RequestMetrics::count(Route &route, int status)
{
    for (StatusCount &counted : route.statuses) {
        if (counted.status == status) {
            ++counted.count;
            return;
        }
    }
    route.statuses.append(StatusCount {status, 1});
}

QString RequestMetrics::protocolOf(QStringView pattern)
{
    const QStringView first = pattern.mid(pattern.startsWith(u'/') ? 1 : 0).split(u'/').front();
    if (first == u"eureka")
        return QStringLiteral("eureka");
    if (first == u"v4" || first == u"version" || first == u"health")
        return QStringLiteral("servicecomb");
    if (first == u"muster" || first == u"metrics" || first == u"healthz" || first == u"readyz")
        return QStringLiteral("muster");
    return QStringLiteral("other");
}
