// SPDX-License-Identifier: GPL-3.0-or-later
// The instance table alone: its primitives keep the count and the indexes of Service-Center leases,
// pinned entries and overrides, and a rollback puts every one of them back.
#include "core/instancetable.h"
#include "core/undolog.h"

#include <QTest>

namespace {
Instance makeInstance(const QString &id, Protocol origin = Protocol::Eureka, bool pinned = false)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = QStringLiteral("ORDERS");
    instance.origin = origin;
    instance.pinned = pinned;
    return instance;
}

// Everything a reader can see of a table.
struct View
{
    InstanceTable::Applications applications;
    qsizetype count;
    InstanceTable::AppsById exactLeases;
    InstanceTable::AppsById pinned;
    std::optional<InstanceStatus> overrideOfA;

    explicit View(const InstanceTable &table)
        : applications {table.applications()}
        , count {table.count()}
        , exactLeases {table.exactLeases()}
        , pinned {table.pinned()}
        , overrideOfA {table.overrideOf(QStringLiteral("a"))}
    {
    }
    friend bool operator==(const View &, const View &) = default;
};
}

class TestInstanceTable : public QObject
{
    Q_OBJECT

private slots:
    void putAndEraseKeepTheCountAndIndexes();
    void findNormalizesTheAppName();
    void eraseTakesTheOverride();
    void aRollbackUndoesEveryPrimitive();
    void aRenewedLeaseOutlivesTheRollback();
    void anIdInTwoAppsKeepsItsIndexesThroughARollback();
};

void TestInstanceTable::putAndEraseKeepTheCountAndIndexes()
{
    UndoLog undo;
    InstanceTable table(undo);
    table.put(makeInstance(QStringLiteral("e")));
    table.put(makeInstance(QStringLiteral("s"), Protocol::ServiceComb));
    table.put(makeInstance(QStringLiteral("p"), Protocol::ServiceComb, true));
    QCOMPARE(table.count(), 3);
    QCOMPARE(table.exactLeases().keys(), QList<QString> {QStringLiteral("s")});
    QCOMPARE(table.pinned().keys(), QList<QString> {QStringLiteral("p")});

    // Replacing moves the indexes with the instance and leaves the count.
    table.put(makeInstance(QStringLiteral("s"), Protocol::ServiceComb, true));
    QCOMPARE(table.count(), 3);
    QVERIFY(table.exactLeases().isEmpty());
    QCOMPARE(table.pinned().size(), 2);

    QCOMPARE(table.erase(QStringLiteral("orders"), QStringLiteral("s")).instanceId, QStringLiteral("s"));
    QCOMPARE(table.count(), 2);
    QCOMPARE(table.pinned().keys(), QList<QString> {QStringLiteral("p")});
    table.erase(QStringLiteral("ORDERS"), QStringLiteral("p"));
    table.erase(QStringLiteral("ORDERS"), QStringLiteral("e"));
    QCOMPARE(table.count(), 0);
    QVERIFY(table.applications().isEmpty());   // an app without instances goes
}

void TestInstanceTable::findNormalizesTheAppName()
{
    UndoLog undo;
    InstanceTable table(undo);
    table.put(makeInstance(QStringLiteral("a")));
    QVERIFY(table.find(QStringLiteral("orders"), QStringLiteral("a")));
    QVERIFY(table.find(QStringLiteral("ORDERS"), QStringLiteral("a")));
    QVERIFY(!table.find(QStringLiteral("billing"), QStringLiteral("a")));
    QVERIFY(!table.find(QStringLiteral("orders"), QStringLiteral("b")));
}

void TestInstanceTable::eraseTakesTheOverride()
{
    UndoLog undo;
    InstanceTable table(undo);
    table.put(makeInstance(QStringLiteral("a")));
    table.setOverride(QStringLiteral("a"), InstanceStatus::OutOfService);
    QCOMPARE(table.overrideOf(QStringLiteral("a")).value_or(InstanceStatus::Unknown), InstanceStatus::OutOfService);
    table.erase(QStringLiteral("orders"), QStringLiteral("a"));
    QVERIFY(!table.overrideOf(QStringLiteral("a")));
}

void TestInstanceTable::aRollbackUndoesEveryPrimitive()
{
    UndoLog undo;
    InstanceTable table(undo);
    table.put(makeInstance(QStringLiteral("a")));
    table.put(makeInstance(QStringLiteral("s"), Protocol::ServiceComb));
    table.setOverride(QStringLiteral("a"), InstanceStatus::Down);
    const View before(table);

    undo.begin();
    table.put(makeInstance(QStringLiteral("new"), Protocol::ServiceComb));
    Instance changed = makeInstance(QStringLiteral("a"), Protocol::Eureka, true);
    changed.status = InstanceStatus::Starting;
    table.put(changed);
    table.removeOverride(QStringLiteral("a"));
    table.setOverride(QStringLiteral("a"), InstanceStatus::Up);
    table.erase(QStringLiteral("orders"), QStringLiteral("s"));
    table.erase(QStringLiteral("orders"), QStringLiteral("a"));
    table.put(makeInstance(QStringLiteral("a")));   // back, unpinned, without its override
    QVERIFY(!(before == View(table)));
    undo.rollBack();

    QVERIFY(before == View(table));
}

void TestInstanceTable::aRenewedLeaseOutlivesTheRollback()
{
    UndoLog undo;
    InstanceTable table(undo);
    table.put(makeInstance(QStringLiteral("a")));
    undo.begin();
    table.renewLease(*table.find(QStringLiteral("orders"), QStringLiteral("a")), 42);
    undo.rollBack();
    QCOMPARE(table.find(QStringLiteral("orders"), QStringLiteral("a"))->lease.lastRenewalTimestamp, qint64(42));
}

// The indexes are by id alone: undoing a write under one app restores the entry the other app had.
void TestInstanceTable::anIdInTwoAppsKeepsItsIndexesThroughARollback()
{
    UndoLog undo;
    InstanceTable table(undo);
    Instance serviceComb = makeInstance(QStringLiteral("x"), Protocol::ServiceComb);
    serviceComb.app = QStringLiteral("CATALOG");
    table.put(serviceComb);
    const InstanceTable::AppsById exactLeases = table.exactLeases();

    undo.begin();
    table.put(makeInstance(QStringLiteral("x")));   // a Eureka instance of the same id in ORDERS
    QVERIFY(table.exactLeases().isEmpty());
    undo.rollBack();

    QCOMPARE(table.exactLeases(), exactLeases);
    QCOMPARE(table.count(), 1);
}

QTEST_GUILESS_MAIN(TestInstanceTable)
#include "tst_instancetable.moc"
