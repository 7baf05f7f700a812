// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/measuredrate.h"

MeasuredRate::MeasuredRate(qint64 bucketMs, qint64 startMs)
    : m_bucketMs {bucketMs}
    , m_firstCompleteAtMs {startMs + bucketMs}
    , m_bucketStart {startMs}
{
}

void MeasuredRate::increment(qint64 nowMs)
{
    roll(nowMs);
    ++m_current;
}

qint64 MeasuredRate::lastBucketCount(qint64 nowMs) const
{
    roll(nowMs);
    return m_last;
}

qint64 MeasuredRate::currentBucketCount(qint64 nowMs) const
{
    roll(nowMs);
    return m_current;
}

void MeasuredRate::roll(qint64 nowMs) const
{
    if (nowMs < m_bucketStart + m_bucketMs)
        return;
    const qint64 elapsedBuckets = (nowMs - m_bucketStart) / m_bucketMs;
    m_last = elapsedBuckets == 1 ? m_current : 0;
    m_current = 0;
    m_bucketStart += elapsedBuckets * m_bucketMs;
}
