// SPDX-License-Identifier: GPL-3.0-or-later
// The history log alone, with made-up entries and made-up times: the state at any moment across
// segments and snapshots, the entries of a range, retention by age and by size, a cut-off last line,
// and a log reopened where it left off.
#include "history/historylog.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Event = HistoryEntry::Event;

namespace {
HistoryEntry instanceEntry(Event event, const QString &id, qint64 time, quint64 revision,
                           InstanceStatus status = InstanceStatus::Up)
{
    HistoryEntry entry;
    entry.event = event;
    entry.timestamp = time;
    entry.revision = revision;
    entry.instance.app = u"APP"_s;
    entry.instance.instanceId = id;
    entry.instance.hostName = id + u".local"_s;
    entry.instance.status = status;
    entry.instance.metadata = {{u"at"_s, QString::number(time)}};
    return entry;
}

QStringList idsAt(const HistoryLog &log, qint64 time)
{
    const auto state = log.stateAt(time);
    if (!state)
        return {u"<none>"_s};
    QStringList ids;
    for (const Instance &instance : state->sortedInstances())
        ids.append(instance.instanceId + u':' + statusName(instance.status));
    return ids;
}

HistoryLog::Limits smallSegments()
{
    HistoryLog::Limits limits;
    limits.segmentEntries = 3;
    return limits;
}
}

class TestHistoryLog : public QObject
{
    Q_OBJECT

private slots:
    void stateAtEveryMomentAcrossSegments()
    {
        QTemporaryDir dir;
        HistoryLog log(dir.path(), HistoryRetention {}, smallSegments());
        QCOMPARE(log.open(1000), QString());
        qint64 time = 1000;
        quint64 revision = 0;
        for (int i = 0; i < 10; ++i) {
            log.append(instanceEntry(Event::Registered, u"i%1"_s.arg(i), time += 10, ++revision));
            QVERIFY(log.flush(time));
        }
        log.append(instanceEntry(Event::StatusChanged, u"i3"_s, time += 10, ++revision, InstanceStatus::OutOfService));
        log.append(instanceEntry(Event::Cancelled, u"i0"_s, time += 10, ++revision));
        QVERIFY(log.flush(time));
        QVERIFY(log.segmentCount() > 3);
        QCOMPARE(idsAt(log, 999), QStringList {u"<none>"_s});
        QCOMPARE(idsAt(log, 1000), QStringList {});
        QCOMPARE(idsAt(log, 1015), QStringList {u"i0:UP"_s});
        QCOMPARE(idsAt(log, 1040).size(), 4);
        QCOMPARE(idsAt(log, 1100).size(), 10);
        QVERIFY(idsAt(log, 1110).contains(u"i3:OUT_OF_SERVICE"_s));
        QVERIFY(idsAt(log, 1110).contains(u"i0:UP"_s));
        QVERIFY(!idsAt(log, 1120).contains(u"i0:UP"_s));
        QCOMPARE(log.stateAt(1120)->revision, revision);
        QCOMPARE(log.stateAt(1035)->revision, quint64(3));

        const QList<HistoryEntry> range = log.entries(1030, 1060, 100);
        QCOMPARE(range.size(), 4);
        QCOMPARE(range.first().instance.instanceId, u"i2"_s);
        QCOMPARE(range.last().instance.instanceId, u"i5"_s);
        QCOMPARE(range.last().instance.metadata.value(u"at"_s), u"1060"_s);
        QCOMPARE(log.entries(1000, 2000, 5).size(), 5);
    }

    // A segment read for a past moment stays decoded while it is asked about, follows the entries
    // appended to it (flushed or not), and is let go after a minute nobody asked.
    void decodedSegmentFollowsAppendsAndIsLetGoWhenIdle()
    {
        QTemporaryDir dir;
        HistoryLog log(dir.path(), HistoryRetention {});
        const qint64 start = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(log.open(start), QString());
        log.append(instanceEntry(Event::Registered, u"a"_s, start + 10, 1));
        log.append(instanceEntry(Event::Registered, u"b"_s, start + 20, 2));
        QVERIFY(log.flush(start + 20));
        QCOMPARE(log.decodedEntries(), 0);
        QCOMPARE(idsAt(log, start + 15), QStringList {u"a:UP"_s});
        QCOMPARE(log.decodedEntries(), 2);

        log.append(instanceEntry(Event::StatusChanged, u"a"_s, start + 30, 3, InstanceStatus::Down));
        log.append(instanceEntry(Event::Cancelled, u"b"_s, start + 40, 4));
        QCOMPARE(idsAt(log, start + 35), (QStringList {u"a:DOWN"_s, u"b:UP"_s}));
        QCOMPARE(log.decodedEntries(), 4);
        QVERIFY(log.flush(start + 1000));
        QCOMPARE(idsAt(log, start + 45), QStringList {u"a:DOWN"_s});
        QCOMPARE(log.decodedEntries(), 4);

        QVERIFY(log.flush(QDateTime::currentMSecsSinceEpoch() + 61'000));
        QCOMPARE(log.segmentCount(), 1);
        QCOMPARE(log.decodedEntries(), 0);
        QCOMPARE(idsAt(log, start + 35), (QStringList {u"a:DOWN"_s, u"b:UP"_s}));
    }

    void reopenedLogContinues()
    {
        QTemporaryDir dir;
        {
            HistoryLog log(dir.path(), HistoryRetention {}, smallSegments());
            QCOMPARE(log.open(1000), QString());
            for (int i = 0; i < 5; ++i)
                log.append(instanceEntry(Event::Registered, u"i%1"_s.arg(i), 1010 + i, i + 1));
            QVERIFY(log.flush(1020));
        }
        // A crash while the last line was written.
        const QStringList segments = QDir(dir.path()).entryList({u"segment-*"_s}, QDir::Files, QDir::Name);
        QFile last(dir.path() + u'/' + segments.last());
        QVERIFY(last.open(QIODevice::Append));
        last.write("{\"event\":\"registered\",\"sequ");
        last.close();

        HistoryLog log(dir.path(), HistoryRetention {}, smallSegments());
        QCOMPARE(log.open(2000), QString());
        QCOMPARE(idsAt(log, 1012).size(), 3);
        QCOMPARE(idsAt(log, 1999).size(), 5);
        log.append(instanceEntry(Event::Cancelled, u"i1"_s, 2010, 6));
        QVERIFY(log.flush(2010));
        QCOMPARE(idsAt(log, 2010).size(), 4);
        const QList<HistoryEntry> all = log.entries(0, 3000, 100);
        QCOMPARE(all.size(), 6);
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i).sequence > all.at(i - 1).sequence);
    }

    void retentionDropsOldSegments()
    {
        QTemporaryDir dir;
        HistoryRetention retention;
        retention.maxAgeMs = 100;
        HistoryLog log(dir.path(), retention, smallSegments());
        QCOMPARE(log.open(1000), QString());
        for (int i = 0; i < 30; ++i) {
            log.append(instanceEntry(Event::Registered, u"i%1"_s.arg(i), 1000 + i * 10, i + 1));
            QVERIFY(log.flush(1000 + i * 10));
        }
        QVERIFY(log.earliestTime() >= 1290 - 100 - 30);
        QCOMPARE(idsAt(log, 1050), QStringList {u"<none>"_s});
        QCOMPARE(idsAt(log, 1290).size(), 30);   // the snapshots carry what happened before
        log.waitUntilWritten();                  // files are written on the writer's thread
        const qsizetype files = QDir(dir.path()).entryList(QDir::Files).size();
        QCOMPARE(files, 2 * log.segmentCount());
    }

    void retentionBoundsTheSize()
    {
        QTemporaryDir dir;
        HistoryRetention retention;
        retention.maxBytes = 16 << 10;
        HistoryLog::Limits limits;
        HistoryLog log(dir.path(), retention, limits);
        QCOMPARE(log.open(1000), QString());
        for (int i = 0; i < 400; ++i) {
            log.append(instanceEntry(Event::Registered, u"i%1"_s.arg(i % 20), 1000 + i, i + 1));
            QVERIFY(log.flush(1000 + i));
        }
        // Within the size, give or take the last batch written.
        QVERIFY2(log.diskBytes() <= retention.maxBytes + 1024, QByteArray::number(log.diskBytes()).constData());
        QVERIFY(log.earliestTime() > 1000);
        QCOMPARE(idsAt(log, 1399).size(), 20);
    }

    void retentionParses()
    {
        QString error;
        auto parsed = HistoryRetention::parse(u"3d,200MB"_s, &error);
        QVERIFY(parsed);
        QCOMPARE(parsed->maxAgeMs, qint64(3) * 24 * 3600 * 1000);
        QCOMPARE(parsed->maxBytes, qint64(200) << 20);
        parsed = HistoryRetention::parse(u"12h"_s, &error);
        QVERIFY(parsed);
        QCOMPARE(parsed->maxAgeMs, qint64(12) * 3600 * 1000);
        QVERIFY(!HistoryRetention::parse(u"12 parsecs"_s, &error));
        QVERIFY(error.contains(u"parsecs"_s));
        QVERIFY(!HistoryRetention::parse(u"-1d"_s, &error));
    }
};

QTEST_GUILESS_MAIN(TestHistoryLog)
#include "tst_historylog.moc"
