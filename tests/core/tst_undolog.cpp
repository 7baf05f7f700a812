// SPDX-License-Identifier: GPL-3.0-or-later
// The undo log alone: steps recorded only while recording, run newest first by a rollback.
#include "core/undolog.h"

#include <QTest>

class TestUndoLog : public QObject
{
    Q_OBJECT

private slots:
    void recordsNothingOutsideACapture();
    void rollsBackNewestFirstAndStops();
};

void TestUndoLog::recordsNothingOutsideACapture()
{
    UndoLog undo;
    int runs = 0;
    QVERIFY(!undo.isRecording());
    undo.record([&runs] { ++runs; });
    undo.begin();
    undo.rollBack();
    QCOMPARE(runs, 0);
}

void TestUndoLog::rollsBackNewestFirstAndStops()
{
    UndoLog undo;
    QString value = QStringLiteral("a");
    undo.begin();
    QVERIFY(undo.isRecording());
    undo.record([&value, saved = value] { value = saved; });
    value = QStringLiteral("b");
    undo.record([&value, saved = value] { value = saved; });
    value = QStringLiteral("c");
    undo.rollBack();
    QCOMPARE(value, QStringLiteral("a"));
    QVERIFY(!undo.isRecording());

    // The steps are spent: a second capture starts empty.
    value = QStringLiteral("d");
    undo.begin();
    undo.rollBack();
    QCOMPARE(value, QStringLiteral("d"));
}

QTEST_GUILESS_MAIN(TestUndoLog)
#include "tst_undolog.moc"
