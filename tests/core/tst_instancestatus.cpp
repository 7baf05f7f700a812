// SPDX-License-Identifier: GPL-3.0-or-later
// Status names (Eureka's InstanceStatus spelling) and the apps hashcode over status counts (contract §3.5).
#include "model/instancestatus.h"
#include "model/statuscount.h"

#include <QTest>

class TestInstanceStatus : public QObject
{
    Q_OBJECT

private slots:
    void names_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("name");
        QTest::newRow("UP") << int(InstanceStatus::Up) << QStringLiteral("UP");
        QTest::newRow("DOWN") << int(InstanceStatus::Down) << QStringLiteral("DOWN");
        QTest::newRow("STARTING") << int(InstanceStatus::Starting) << QStringLiteral("STARTING");
        QTest::newRow("OUT_OF_SERVICE") << int(InstanceStatus::OutOfService) << QStringLiteral("OUT_OF_SERVICE");
        QTest::newRow("UNKNOWN") << int(InstanceStatus::Unknown) << QStringLiteral("UNKNOWN");
    }

    void names()
    {
        QFETCH(int, status);
        QFETCH(QString, name);
        const auto s = InstanceStatus(status);
        QCOMPARE(statusName(s), name);
        const auto parsed = statusFromName(name);
        QVERIFY(parsed.has_value());
        QCOMPARE(int(*parsed), status);
    }

    void invalidNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("lower case") << QStringLiteral("up");   // like Java's InstanceStatus.valueOf
        QTest::newRow("mixed case") << QStringLiteral("Down");
        QTest::newRow("dashes") << QStringLiteral("OUT-OF-SERVICE");
        QTest::newRow("padded") << QStringLiteral(" UP");
        QTest::newRow("other") << QStringLiteral("RUNNING");
    }

    void invalidNames()
    {
        QFETCH(QString, name);
        QVERIFY(!statusFromName(name).has_value());
    }

    void statusCountEmpty()
    {
        StatusCount counts;
        QCOMPARE(counts.hashcode(), QString());
        QCOMPARE(counts.count(InstanceStatus::Up), 0);
    }

    void statusCountSortedByName()
    {
        StatusCount counts;
        counts.add(InstanceStatus::Up);
        counts.add(InstanceStatus::Up);
        counts.add(InstanceStatus::Up);
        counts.add(InstanceStatus::Starting);
        counts.add(InstanceStatus::OutOfService);
        counts.add(InstanceStatus::Down);
        counts.add(InstanceStatus::Unknown);
        counts.add(InstanceStatus::Starting);
        QCOMPARE(counts.count(InstanceStatus::Up), 3);
        QCOMPARE(counts.count(InstanceStatus::Starting), 2);
        QCOMPARE(counts.count(InstanceStatus::Down), 1);
        QCOMPARE(counts.hashcode(), QStringLiteral("DOWN_1_OUT_OF_SERVICE_1_STARTING_2_UNKNOWN_1_UP_3_"));
    }

    void statusCountContractExamples()
    {
        StatusCount a;
        for (int i = 0; i < 3; ++i)
            a.add(InstanceStatus::Up);
        QCOMPARE(a.hashcode(), QStringLiteral("UP_3_"));
        a.add(InstanceStatus::Down);
        QCOMPARE(a.hashcode(), QStringLiteral("DOWN_1_UP_3_"));

        StatusCount b;
        for (int i = 0; i < 5; ++i)
            b.add(InstanceStatus::Up);
        b.add(InstanceStatus::Starting);
        b.add(InstanceStatus::OutOfService);
        b.add(InstanceStatus::Starting);
        QCOMPARE(b.hashcode(), QStringLiteral("OUT_OF_SERVICE_1_STARTING_2_UP_5_"));
    }
};

QTEST_GUILESS_MAIN(TestInstanceStatus)
#include "tst_instancestatus.moc"
