// SPDX-License-Identifier: GPL-3.0-or-later
// Record and replay: a range exported from one node's history (GET /muster/api/v1/history/export),
// played into a fresh node at ten times the pace, makes that node go through the same sequence of
// full fetches; replayed instances do not expire unless the recording says so; a file that is not
// an export stops the node from starting, with a message naming the problem.
#include "eurekatestnode.h"
#include "history/historyapi.h"
#include "history/historyexport.h"
#include "node/nodehandle.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString rfc3339(qint64 ms)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs)));
}

// A full fetch without its revision, which is the replaying node's own.
QJsonObject withoutRevision(const QJsonObject &fetch)
{
    QJsonObject applications = fetch.value(u"applications").toObject();
    applications.remove(u"versions__delta"_s);
    return applications;
}

// The distinct full fetches a node went through, change by change, as its own history recorded
// them (its export from the beginning, applied one entry at a time), and the times of its changes.
QList<QJsonObject> fetchesThrough(EurekaTestNode &node, QList<qint64> *times = nullptr)
{
    QString error;
    const auto recording = HistoryExport::decode(node.get(u"/muster/api/v1/history/export"_s).body, &error);
    if (!recording) {
        qWarning() << "no export:" << error;
        return {};
    }
    HistoryState state = recording->start;
    QList<QJsonObject> fetches;
    const auto fetch = [&state] {
        return withoutRevision(QJsonDocument::fromJson(HistoryApi::eurekaFullFetch(state)).object());
    };
    fetches.append(fetch());
    for (const HistoryEntry &entry : recording->entries) {
        state.apply(entry);
        if (const QJsonObject current = fetch(); current != fetches.constLast()) {
            fetches.append(current);
            if (times)
                times->append(entry.timestamp);
        }
    }
    return fetches;
}

void waitForTheClockToPass(qint64 ms)
{
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + ms;
    [[maybe_unused]] const bool passed = QTest::qWaitFor([until] { return QDateTime::currentMSecsSinceEpoch() > until; });
}
}

class TestHistoryReplay : public QObject
{
    Q_OBJECT

private slots:
    void replayReproducesTheSequenceOfFullFetches()
    {
        QTemporaryDir dir;
        NodeConfig original = EurekaTestNode::defaultConfig();
        original.dataDir = dir.filePath(u"original"_s);
        EurekaTestNode recorded(original);
        QVERIFY(recorded.start());
        waitForTheClockToPass(5);
        const qint64 from = QDateTime::currentMSecsSinceEpoch();
        waitForTheClockToPass(5);

        // Short leases: were the replay to end leases by itself, these would be gone before it ends.
        QJsonObject shortLease = EurekaTestNode::instanceFixture(u"BRIEF"_s, u"b1"_s, u"b1"_s);
        shortLease.insert(u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, 1}});
        QVERIFY_STATUS(recorded.registerJson(shortLease), 204);
        waitForTheClockToPass(40);
        QVERIFY_STATUS(recorded.registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h1"_s)), 204);
        waitForTheClockToPass(40);
        QVERIFY_STATUS(recorded.registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2"_s, u"h2"_s)), 204);
        waitForTheClockToPass(40);
        QVERIFY_STATUS(recorded.put(u"/eureka/apps/MYAPP/h1/status?value=OUT_OF_SERVICE"_s), 200);
        waitForTheClockToPass(40);
        QVERIFY_STATUS(recorded.put(u"/eureka/apps/MYAPP/h2/metadata?zone=a"_s), 200);
        waitForTheClockToPass(40);
        QVERIFY_STATUS(recorded.del(u"/eureka/apps/MYAPP/h1"_s), 200);
        waitForTheClockToPass(1500);   // longer than BRIEF's lease, and no renewal came
        QVERIFY_STATUS(recorded.registerJson(EurekaTestNode::instanceFixture(u"OTHER"_s, u"o1"_s, u"o1"_s)), 204);
        waitForTheClockToPass(5);

        const HttpReply exported = recorded.get(u"/muster/api/v1/history/export?from=%1"_s.arg(rfc3339(from)));
        QVERIFY_STATUS(exported, 200);
        const QString file = dir.filePath(u"incident.json"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(exported.body);
        out.close();
        QList<qint64> recordedTimes;
        const QList<QJsonObject> expected = fetchesThrough(recorded, &recordedTimes);
        const QJsonObject last = withoutRevision(recorded.get(u"/eureka/apps"_s).json());
        QCOMPARE(expected.constLast(), last);
        QVERIFY(expected.size() >= 7);

        NodeConfig replaying = EurekaTestNode::defaultConfig();
        replaying.dataDir = dir.filePath(u"replay"_s);
        replaying.replayFile = file;
        replaying.replaySpeed = 10;
        // An eviction pass every second with nothing holding it back: only the replay keeps b1.
        replaying.evictionIntervalSecs = 1;
        replaying.registry.selfPreservationEnabled = false;
        EurekaTestNode replay(replaying);
        QVERIFY(replay.start());
        QTRY_COMPARE_WITH_TIMEOUT(withoutRevision(replay.get(u"/eureka/apps"_s).json()), last, 10000);

        QList<qint64> replayedTimes;
        const QList<QJsonObject> seen = fetchesThrough(replay, &replayedTimes);
        // The replaying node first held only its own service, then the recording's start.
        const qsizetype start = seen.indexOf(expected.first());
        QVERIFY2(start >= 0, "the replay never showed the recording's first state");
        QCOMPARE(seen.mid(start), expected);
        // At ten times the pace: a timer can be late, never early, so the replay took at least a
        // tenth of the recording's span between its first and last change.
        const qint64 recordedSpan = recordedTimes.constLast() - recordedTimes.constFirst();
        const qint64 replayedSpan = replayedTimes.constLast() - replayedTimes.at(replayedTimes.size() - recordedTimes.size());
        QVERIFY2(replayedSpan >= recordedSpan / 10 - 2 && replayedSpan < recordedSpan,
                 qPrintable(u"recorded over %1 ms, replayed over %2 ms"_s.arg(recordedSpan).arg(replayedSpan)));
        QVERIFY(EurekaTestNode::findInstance(last, u"b1"_s).has_value());
        waitForTheClockToPass(1500);
        QVERIFY(EurekaTestNode::findInstance(replay.applications(), u"b1"_s).has_value());
    }

    void aFileThatIsNotAnExportIsRefused()
    {
        QTemporaryDir dir;
        QFile bad(dir.filePath(u"bad.json"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"applications":{}})");
        bad.close();
        NodeConfig config = EurekaTestNode::defaultConfig();
        config.replayFile = bad.fileName();
        NodeHandle node(config);
        QSignalSpy failed(&node, &NodeHandle::startFailed);
        node.start();
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().first().toString().contains(u"not a Muster history export"_s),
                 qPrintable(failed.first().first().toString()));
    }
};

QTEST_GUILESS_MAIN(TestHistoryReplay)
#include "tst_historyreplay.moc"
