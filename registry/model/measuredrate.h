// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// Counts events in fixed buckets and reports the last complete one, like Eureka's MeasuredRate.
// The buckets roll lazily from the times passed in, so a fake clock drives them.
class MeasuredRate
{
public:
    explicit MeasuredRate(qint64 bucketMs, qint64 startMs);

    void increment(qint64 nowMs);
    qint64 lastBucketCount(qint64 nowMs) const;
    qint64 currentBucketCount(qint64 nowMs) const;
    // When the first bucket is complete: before then, lastBucketCount() has measured nothing.
    qint64 firstCompleteAtMs() const { return m_firstCompleteAtMs; }

private:
    void roll(qint64 nowMs) const;

    qint64 m_bucketMs;
    qint64 m_firstCompleteAtMs;
    mutable qint64 m_bucketStart;
    mutable qint64 m_current = 0;
    mutable qint64 m_last = 0;
};
