// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/metricssample.h"

#include <cmath>

void CumulativeHistogram::add(const CumulativeHistogram &other)
{
    if (upperBoundsSeconds.isEmpty()) {
        *this = other;
        return;
    }
    if (upperBoundsSeconds != other.upperBoundsSeconds)
        return;
    for (qsizetype i = 0; i < cumulativeCounts.size(); ++i)
        cumulativeCounts[i] += other.cumulativeCounts[i];
}

CumulativeHistogram CumulativeHistogram::since(const CumulativeHistogram &earlier) const
{
    if (earlier.upperBoundsSeconds.isEmpty())
        return *this;
    if (earlier.upperBoundsSeconds != upperBoundsSeconds)
        return {};
    CumulativeHistogram difference {upperBoundsSeconds, {}};
    difference.cumulativeCounts.reserve(cumulativeCounts.size());
    for (qsizetype i = 0; i < cumulativeCounts.size(); ++i) {
        if (cumulativeCounts[i] < earlier.cumulativeCounts[i])
            return {};
        difference.cumulativeCounts.append(cumulativeCounts[i] - earlier.cumulativeCounts[i]);
    }
    return difference;
}

double CumulativeHistogram::quantileSeconds(double share) const
{
    const quint64 total = count();
    if (total == 0)
        return 0;
    const double rank = share * double(total);
    quint64 below = 0;
    double lowerBound = 0;
    for (qsizetype i = 0; i < cumulativeCounts.size(); ++i) {
        const double upperBound = upperBoundsSeconds[i];
        const quint64 inBucket = cumulativeCounts[i] - below;
        if (double(cumulativeCounts[i]) >= rank && inBucket > 0) {
            if (std::isinf(upperBound))
                return lowerBound;     // above the last finite bound: that bound is all that is known
            return lowerBound + (rank - double(below)) / double(inBucket) * (upperBound - lowerBound);
        }
        below = cumulativeCounts[i];
        if (!std::isinf(upperBound))
            lowerBound = upperBound;
    }
    return lowerBound;
}

MetricsSample MetricsSample::unavailable(Availability why, const QString &error)
{
    MetricsSample sample;
    sample.availability = why;
    sample.error = error;
    return sample;
}
