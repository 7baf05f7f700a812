// SPDX-License-Identifier: GPL-3.0-or-later
// MeasuredRate: fixed buckets, rolled lazily from the times passed in; the last complete bucket only.
#include "model/measuredrate.h"

#include <QTest>

namespace {
constexpr qint64 start = 1'700'000'000'000;
constexpr qint64 minute = 60'000;
}

class TestMeasuredRate : public QObject
{
    Q_OBJECT

private slots:
    void startsEmpty()
    {
        MeasuredRate rate {minute, start};
        QCOMPARE(rate.currentBucketCount(start), 0);
        QCOMPARE(rate.lastBucketCount(start), 0);
        QCOMPARE(rate.lastBucketCount(start + minute), 0);
    }

    void currentBucketCountsBeforeItIsComplete()
    {
        MeasuredRate rate {minute, start};
        rate.increment(start);
        rate.increment(start + 10);
        rate.increment(start + minute - 1);
        QCOMPARE(rate.currentBucketCount(start + minute - 1), 3);
        // The bucket is not complete yet, so the last complete one is still empty.
        QCOMPARE(rate.lastBucketCount(start + minute - 1), 0);
    }

    void completeBucketBecomesLastAtTheBoundary()
    {
        MeasuredRate rate {minute, start};
        for (int i = 0; i < 5; ++i)
            rate.increment(start + i * 1000);
        QCOMPARE(rate.lastBucketCount(start + minute - 1), 0);
        QCOMPARE(rate.lastBucketCount(start + minute), 5);
        QCOMPARE(rate.currentBucketCount(start + minute), 0);
        // Reading again in the same bucket gives the same answer: reads do not consume counts.
        QCOMPARE(rate.lastBucketCount(start + minute + 30'000), 5);
        QCOMPARE(rate.lastBucketCount(start + 2 * minute - 1), 5);
    }

    void incrementAtTheBoundaryLandsInTheNextBucket()
    {
        MeasuredRate rate {minute, start};
        rate.increment(start + minute - 1);
        rate.increment(start + minute);
        rate.increment(start + minute + 1);
        QCOMPARE(rate.lastBucketCount(start + minute + 1), 1);
        QCOMPARE(rate.currentBucketCount(start + minute + 1), 2);
        QCOMPARE(rate.lastBucketCount(start + 2 * minute), 2);
    }

    void onlyThePreviousBucketCounts()
    {
        MeasuredRate rate {minute, start};
        rate.increment(start + 1);
        rate.increment(start + 2);
        rate.increment(start + minute + 1);
        QCOMPARE(rate.lastBucketCount(start + minute), 2);
        QCOMPARE(rate.lastBucketCount(start + 2 * minute), 1);
        // Nothing happened in the third minute.
        QCOMPARE(rate.lastBucketCount(start + 3 * minute), 0);
    }

    void skippedBucketsGiveZero()
    {
        MeasuredRate rate {minute, start};
        for (int i = 0; i < 7; ++i)
            rate.increment(start + i);
        // Nobody looked during the next minute; two minutes later the complete bucket was empty.
        QCOMPARE(rate.lastBucketCount(start + 2 * minute), 0);
        QCOMPARE(rate.currentBucketCount(start + 2 * minute), 0);
    }

    void bucketsStayAlignedToTheStart()
    {
        MeasuredRate rate {minute, start};
        // The first roll happens late in the second bucket; the bucket must still end at start + 2 min.
        rate.increment(start + minute + 50'000);
        rate.increment(start + 2 * minute - 1);
        QCOMPARE(rate.lastBucketCount(start + 2 * minute - 1), 0);
        QCOMPARE(rate.lastBucketCount(start + 2 * minute), 2);

        // A late, multi-bucket jump keeps the alignment too.
        rate.increment(start + 5 * minute + 59'999);   // in bucket [5 min, 6 min)
        QCOMPARE(rate.lastBucketCount(start + 5 * minute + 59'999), 0);
        QCOMPARE(rate.lastBucketCount(start + 6 * minute), 1);
    }

    void otherBucketSizes()
    {
        MeasuredRate rate {1000, 0};
        rate.increment(0);
        rate.increment(999);
        rate.increment(1000);
        QCOMPARE(rate.lastBucketCount(1000), 2);
        QCOMPARE(rate.lastBucketCount(2000), 1);
        QCOMPARE(rate.lastBucketCount(3000), 0);
    }
};

QTEST_GUILESS_MAIN(TestMeasuredRate)
#include "tst_measuredrate.moc"
