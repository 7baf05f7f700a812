// SPDX-License-Identifier: GPL-3.0-or-later
// The delta log alone: what it shows within the retention window, its version, tombstones, the
// hashcode, and a rollback of what a capture appended or buried. Times are given, not read.
#include "core/deltalog.h"
#include "core/instancetable.h"
#include "core/undolog.h"

#include <QTest>

namespace {
constexpr qint64 T0 = 1'700'000'000'000;
constexpr int retentionSecs = 180;

Instance makeInstance(const QString &id, ActionType action = ActionType::Added)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = QStringLiteral("ORDERS");
    instance.actionType = action;
    instance.lastDirtyTimestamp = 100;
    return instance;
}

QStringList idsOf(const QList<Instance> &instances)
{
    QStringList ids;
    for (const Instance &instance : instances)
        ids << instance.instanceId + u':' + QString::number(int(instance.actionType));
    return ids;
}
}

class TestDeltaLog : public QObject
{
    Q_OBJECT

private slots:
    void showsEachTouchedInstanceOnceInItsCurrentState();
    void aRemovalKeepsTheLastState();
    void purgeDropsWhatLeftTheWindowAndMovesTheVersion();
    void tombstonesRefuseOlderCopiesUntilPurged();
    void hashcodeCountsStatuses();
    void aRollbackUndoesAppendsAndTombstonesAndRefusesPurges();
};

void TestDeltaLog::showsEachTouchedInstanceOnceInItsCurrentState()
{
    UndoLog undo;
    InstanceTable table(undo);
    DeltaLog log(retentionSecs, undo);
    Instance a = makeInstance(QStringLiteral("a"));
    table.put(a);
    log.append(T0, a);
    a.status = InstanceStatus::Down;
    a.actionType = ActionType::Modified;
    table.put(a);
    log.append(T0 + 1000, a);
    QCOMPARE(log.version(), 2u);

    const QList<Instance> delta = log.instances(table, T0 + 2000);
    QCOMPARE(delta.size(), 1);
    QCOMPARE(delta.first().status, InstanceStatus::Down);
    QCOMPARE(delta.first().actionType, ActionType::Modified);
}

void TestDeltaLog::aRemovalKeepsTheLastState()
{
    UndoLog undo;
    InstanceTable table(undo);
    DeltaLog log(retentionSecs, undo);
    Instance removed = makeInstance(QStringLiteral("gone"), ActionType::Deleted);
    removed.hostName = QStringLiteral("last.example.org");
    log.append(T0, removed);
    // An entry whose instance is no longer there and kept no copy shows nothing.
    log.append(T0, makeInstance(QStringLiteral("vanished")));

    const QList<Instance> delta = log.instances(table, T0);
    QCOMPARE(idsOf(delta), QStringList {QStringLiteral("gone:2")});
    QCOMPARE(delta.first().hostName, QStringLiteral("last.example.org"));
}

void TestDeltaLog::purgeDropsWhatLeftTheWindowAndMovesTheVersion()
{
    UndoLog undo;
    InstanceTable table(undo);
    DeltaLog log(retentionSecs, undo);
    log.append(T0, makeInstance(QStringLiteral("old"), ActionType::Deleted));
    log.append(T0 + 100'000, makeInstance(QStringLiteral("new"), ActionType::Deleted));
    const qint64 later = T0 + retentionSecs * 1000 + 1;
    // Past the window an entry is not shown even before a purge.
    QCOMPARE(idsOf(log.instances(table, later)), QStringList {QStringLiteral("new:2")});

    QVERIFY(log.purge(later));
    QCOMPARE(log.version(), 3u);
    QVERIFY(!log.purge(later));
    QCOMPARE(log.version(), 3u);
    QCOMPARE(idsOf(log.instances(table, later)), QStringList {QStringLiteral("new:2")});
}

void TestDeltaLog::tombstonesRefuseOlderCopiesUntilPurged()
{
    UndoLog undo;
    DeltaLog log(retentionSecs, undo);
    log.bury(makeInstance(QStringLiteral("a")), T0);

    Instance copy = makeInstance(QStringLiteral("a"));
    QVERIFY(log.isBuriedCopy(copy));
    copy.app = QStringLiteral("orders");
    QVERIFY(log.isBuriedCopy(copy));
    copy.lastDirtyTimestamp = 101;
    QVERIFY(!log.isBuriedCopy(copy));          // newer than the one cancelled
    Instance elsewhere = makeInstance(QStringLiteral("a"));
    elsewhere.app = QStringLiteral("BILLING");
    QVERIFY(!log.isBuriedCopy(elsewhere));

    log.purge(T0 + retentionSecs * 1000 - 1);
    QVERIFY(log.isBuriedCopy(makeInstance(QStringLiteral("a"))));
    log.purge(T0 + retentionSecs * 1000 + 1);
    QVERIFY(!log.isBuriedCopy(makeInstance(QStringLiteral("a"))));

    log.bury(makeInstance(QStringLiteral("b")), T0);
    log.unbury(QStringLiteral("b"));
    QVERIFY(!log.isBuriedCopy(makeInstance(QStringLiteral("b"))));
}

void TestDeltaLog::hashcodeCountsStatuses()
{
    UndoLog undo;
    InstanceTable table(undo);
    QCOMPARE(DeltaLog::hashcode(table.applications()), QString());
    Instance up = makeInstance(QStringLiteral("a"));
    up.status = InstanceStatus::Up;
    table.put(up);
    Instance down = makeInstance(QStringLiteral("b"));
    down.status = InstanceStatus::Down;
    table.put(down);
    up.instanceId = QStringLiteral("c");
    table.put(up);
    QCOMPARE(DeltaLog::hashcode(table.applications()), QStringLiteral("DOWN_1_UP_2_"));
}

void TestDeltaLog::aRollbackUndoesAppendsAndTombstonesAndRefusesPurges()
{
    UndoLog undo;
    InstanceTable table(undo);
    DeltaLog log(retentionSecs, undo);
    log.append(T0, makeInstance(QStringLiteral("kept"), ActionType::Deleted));
    log.bury(makeInstance(QStringLiteral("buried")), T0);
    const qint64 later = T0 + retentionSecs * 1000 + 1;

    undo.begin();
    log.append(later, makeInstance(QStringLiteral("new"), ActionType::Deleted));
    log.bury(makeInstance(QStringLiteral("new")), later);
    log.unbury(QStringLiteral("buried"));
    QVERIFY(!log.purge(later));
    QCOMPARE(log.version(), 2u);
    undo.rollBack();

    QCOMPARE(log.version(), 1u);
    QCOMPARE(idsOf(log.instances(table, T0)), QStringList {QStringLiteral("kept:2")});
    QVERIFY(log.isBuriedCopy(makeInstance(QStringLiteral("buried"))));
    QVERIFY(!log.isBuriedCopy(makeInstance(QStringLiteral("new"))));
}

QTEST_GUILESS_MAIN(TestDeltaLog)
#include "tst_deltalog.moc"
