// SPDX-License-Identifier: GPL-3.0-or-later
// The console's models: incremental updates from change batches, checked by QAbstractItemModelTester.
#include "models/eventfiltermodel.h"
#include "models/eventlogmodel.h"
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"
#include "models/navigatormodel.h"
#include "models/servicemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

namespace {
Instance makeInstance(const QString &app, const QString &id, InstanceStatus status = InstanceStatus::Up)
{
    Instance instance;
    instance.app = app;
    instance.instanceId = id;
    instance.hostName = id + QStringLiteral(".local");
    instance.ipAddr = QStringLiteral("10.0.0.1");
    instance.port = {8080, true};
    instance.status = status;
    instance.serviceId = QStringLiteral("svc-") + app;
    instance.lease.durationSecs = 90;
    instance.lease.lastRenewalTimestamp = 1'000'000;
    return instance;
}

RegistryChange change(RegistryChange::Kind kind, const Instance &instance, quint64 revision)
{
    RegistryChange result;
    result.kind = kind;
    result.instance = instance;
    result.revision = revision;
    result.timestamp = 1'000'000;
    return result;
}
}

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void instanceModelAppliesChangesRowByRow();
    void heartbeatChangesOnlyItsCells();
    void removalKeepsTheIndexConsistent();
    void burstIsAppliedInBlocks();
    void burstUnderASortedProxyKeepsItsOrder();
    void leaseFractionDrainsAndPinnedNeverDrains();
    void instanceFilterNarrowsByServiceStatusHostAndMetadata();
    void serviceModelCountsInstancesByStatus();
    void serviceRowsForAppsWithoutServices();
    void eventLogCapsAndFilters();
    void eventLogTakesBurstsAtOnce();
    void eventLogKeepsTimeOrder();
    void navigatorGroupsRegistries();
};

void TestConsoleModels::instanceModelAppliesChangesRowByRow()
{
    InstanceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reset({makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o1"))});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);

    model.apply(change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o2")), 2));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserts.size(), 1);

    Instance down = makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o1"), InstanceStatus::Down);
    const auto before = model.apply(change(RegistryChange::Kind::StatusChanged, down, 3));
    QVERIFY(before.has_value());
    QCOMPARE(before->status, InstanceStatus::Up);
    const int row = model.rowOf(QStringLiteral("ORDERS"), QStringLiteral("o1"));
    QCOMPARE(model.index(row, InstanceModel::StatusColumn).data().toString(), QStringLiteral("DOWN"));
    QCOMPARE(model.index(row, InstanceModel::StatusColumn).data(InstanceModel::StatusRole).toInt(),
             int(InstanceStatus::Down));
    QCOMPARE(resets.size(), 0);
}

void TestConsoleModels::heartbeatChangesOnlyItsCells()
{
    InstanceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reset({makeInstance(QStringLiteral("A"), QStringLiteral("a1")), makeInstance(QStringLiteral("A"), QStringLiteral("a2"))});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyHeartbeat({QStringLiteral("A"), QStringLiteral("a2"), 2'000'000, 1});
    QCOMPARE(resets.size(), 0);
    QCOMPARE(changed.size(), 1);
    const auto topLeft = changed.first().at(0).value<QModelIndex>();
    const auto bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), model.rowOf(QStringLiteral("A"), QStringLiteral("a2")));
    QCOMPARE(bottomRight.row(), topLeft.row());
    QCOMPARE(topLeft.column(), int(InstanceModel::HeartbeatColumn));
    QCOMPARE(bottomRight.column(), int(InstanceModel::LeaseColumn));
    QCOMPARE(model.find(QStringLiteral("A"), QStringLiteral("a2"))->lease.lastRenewalTimestamp, 2'000'000);
    // A heartbeat for an instance the model does not hold changes nothing.
    model.applyHeartbeat({QStringLiteral("A"), QStringLiteral("zz"), 3'000'000, 1});
    QCOMPARE(changed.size(), 1);
}

void TestConsoleModels::removalKeepsTheIndexConsistent()
{
    InstanceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Instance> instances;
    for (int i = 0; i < 50; ++i)
        instances << makeInstance(QStringLiteral("APP"), QStringLiteral("i%1").arg(i));
    model.reset(instances);
    for (int i = 0; i < 50; i += 3)
        model.apply(change(RegistryChange::Kind::Cancelled, instances[i], quint64(100 + i)));
    model.apply(change(RegistryChange::Kind::Expired, instances[49], 200));
    QCOMPARE(model.rowCount(), 50 - 17 - 1);
    for (int i = 0; i < 50; ++i) {
        const bool removed = i % 3 == 0 || i == 49;
        const int row = model.rowOf(QStringLiteral("APP"), QStringLiteral("i%1").arg(i));
        QCOMPARE(row < 0, removed);
        if (!removed)
            QCOMPARE(model.instanceAt(row)->instanceId, QStringLiteral("i%1").arg(i));
    }
}

// A burst goes in blocks, never a reset: the new rows as one insertion at the end, the removed ones
// as one removal per run of adjacent rows; the rows left keep their order.
void TestConsoleModels::burstIsAppliedInBlocks()
{
    InstanceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto id = [](int i) { return QStringLiteral("i%1").arg(i); };
    QList<Instance> instances;
    for (int i = 0; i < 1000; ++i)
        instances << makeInstance(QStringLiteral("APP"), id(i));
    model.reset(instances);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);
    QList<RegistryChange> burst;
    for (int i = 1000; i < 1300; ++i)
        burst << change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("APP"), id(i)), quint64(i));
    for (int i = 100; i < 500; ++i)
        burst << change(RegistryChange::Kind::Cancelled, instances[i], quint64(2000 + i));
    burst << change(RegistryChange::Kind::Expired, instances[700], 3000);
    burst << change(RegistryChange::Kind::Cancelled, instances[900], 3001);
    // Registered and cancelled within the burst: never a row.
    burst << change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("APP"), id(5000)), 3002);
    burst << change(RegistryChange::Kind::Cancelled, makeInstance(QStringLiteral("APP"), id(5000)), 3003);
    burst << change(RegistryChange::Kind::StatusChanged, makeInstance(QStringLiteral("APP"), id(1), InstanceStatus::Down), 5000);
    const QList<InstanceModel::Effect> effects = model.applyInBulk(burst);

    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(inserts.first().at(1).toInt(), 598);
    QCOMPARE(inserts.first().at(2).toInt(), 897);
    QCOMPARE(removals.size(), 3);
    QCOMPARE(model.rowCount(), 1000 - 402 + 300);
    QList<int> expected;
    for (int i = 0; i < 1300; ++i) {
        if (!(i >= 100 && i < 500) && i != 700 && i != 900)
            expected << i;
    }
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.instanceAt(row)->instanceId, id(expected[row]));
        QCOMPARE(model.rowOf(QStringLiteral("APP"), id(expected[row])), row);
    }
    for (const int gone : {100, 499, 700, 900, 5000})
        QCOMPARE(model.rowOf(QStringLiteral("APP"), id(gone)), -1);
    QCOMPARE(model.find(QStringLiteral("APP"), id(1))->status, InstanceStatus::Down);

    QCOMPARE(effects.size(), 300 + 402 + 1 + 1);
    const auto effectOf = [&effects](const QString &instanceId) {
        for (const auto &effect : effects) {
            const auto &instance = effect.before ? effect.before : effect.after;
            if (instance && instance->instanceId == instanceId)
                return effect;
        }
        return InstanceModel::Effect {};
    };
    QVERIFY(!effectOf(id(1000)).before && effectOf(id(1000)).after);
    QVERIFY(effectOf(id(100)).before && !effectOf(id(100)).after);
    QCOMPARE(effectOf(id(1)).before->status, InstanceStatus::Up);
    QCOMPARE(effectOf(id(1)).after->status, InstanceStatus::Down);

    // Freed slots are taken again, and the rows still name the right instances.
    model.apply(change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("APP"), id(6000)), 6000));
    QCOMPARE(model.rowOf(QStringLiteral("APP"), id(6000)), model.rowCount() - 1);
    QCOMPARE(model.instanceAt(model.rowCount() - 1)->instanceId, id(6000));
    QCOMPARE(model.instances().size(), model.rowCount());
}

// Under the Instances view's proxy, sorted by service, a burst lands where the sort puts it, and a
// selected row stays selected through it.
void TestConsoleModels::burstUnderASortedProxyKeepsItsOrder()
{
    InstanceModel model;
    InstanceFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(InstanceModel::AppColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Instance> instances;
    for (int i = 0; i < 300; ++i)
        instances << makeInstance(i % 2 ? QStringLiteral("ODD") : QStringLiteral("EVEN"), QStringLiteral("i%1").arg(i));
    model.reset(instances);
    const QPersistentModelIndex selected = proxy.index(proxy.rowCount() - 1, InstanceModel::IdColumn);
    const QString selectedId = selected.data().toString();
    QList<RegistryChange> burst;
    for (int i = 0; i < 250; ++i)
        burst << change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("MIDDLE"), QStringLiteral("m%1").arg(i)),
                        quint64(1000 + i));
    for (int i = 0; i < 300; i += 2)
        burst << change(RegistryChange::Kind::Cancelled, instances[i], quint64(2000 + i));
    model.applyInBulk(burst);
    QCOMPARE(proxy.rowCount(), 150 + 250);
    QStringList apps;
    for (int row = 0; row < proxy.rowCount(); ++row)
        apps << proxy.index(row, InstanceModel::AppColumn).data().toString();
    QStringList sorted = apps;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(apps, sorted);
    QCOMPARE(apps.count(QStringLiteral("MIDDLE")), 250);
    QVERIFY(selected.isValid());
    QCOMPARE(selected.data().toString(), selectedId);
}

void TestConsoleModels::leaseFractionDrainsAndPinnedNeverDrains()
{
    InstanceModel model;
    qint64 now = 1'000'000;
    model.setClock([&now] { return now; });
    Instance pinned = makeInstance(QStringLiteral("P"), QStringLiteral("p1"));
    pinned.pinned = true;
    model.reset({makeInstance(QStringLiteral("A"), QStringLiteral("a1")), pinned});
    const QModelIndex lease = model.index(model.rowOf(QStringLiteral("A"), QStringLiteral("a1")), InstanceModel::LeaseColumn);
    QCOMPARE(lease.data(InstanceModel::LeaseFractionRole).toDouble(), 1.0);
    now += 45'000;
    QCOMPARE(lease.data(InstanceModel::LeaseFractionRole).toDouble(), 0.5);
    now += 90'000;
    QCOMPARE(lease.data(InstanceModel::LeaseFractionRole).toDouble(), 0.0);
    const QModelIndex pinnedLease = model.index(model.rowOf(QStringLiteral("P"), QStringLiteral("p1")), InstanceModel::LeaseColumn);
    QCOMPARE(pinnedLease.data(InstanceModel::LeaseFractionRole).toDouble(), -1.0);
    QCOMPARE(pinnedLease.data().toString(), QStringLiteral("pinned"));
    QCOMPARE(model.index(lease.row(), InstanceModel::HeartbeatColumn).data().toString(), QStringLiteral("2 min ago"));
}

void TestConsoleModels::instanceFilterNarrowsByServiceStatusHostAndMetadata()
{
    InstanceModel model;
    Instance a = makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o1"));
    a.metadata.insert(QStringLiteral("zone"), QStringLiteral("a"));
    Instance b = makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o2"), InstanceStatus::Down);
    b.hostName = QStringLiteral("db-host");
    Instance c = makeInstance(QStringLiteral("USERS"), QStringLiteral("u1"));
    model.reset({a, b, c});
    InstanceFilterModel filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), 3);
    filter.setServiceKey(QStringLiteral("svc-ORDERS"));
    QCOMPARE(filter.rowCount(), 2);
    filter.setStatus(InstanceStatus::Down);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, InstanceModel::IdColumn).data().toString(), QStringLiteral("o2"));
    filter.setStatus(std::nullopt);
    filter.setHostFilter(QStringLiteral("DB-"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setHostFilter({});
    filter.setMetadataFilter(QStringLiteral("zone=a"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, InstanceModel::IdColumn).data().toString(), QStringLiteral("o1"));
    filter.setMetadataFilter({});
    filter.setServiceKey({});
    filter.setText(QStringLiteral("u1"));
    QCOMPARE(filter.rowCount(), 1);
    // Rows arriving later are filtered too.
    filter.setText({});
    filter.setStatus(InstanceStatus::Up);
    model.apply(change(RegistryChange::Kind::Registered, makeInstance(QStringLiteral("USERS"), QStringLiteral("u2")), 9));
    model.apply(change(RegistryChange::Kind::Registered,
                       makeInstance(QStringLiteral("USERS"), QStringLiteral("u3"), InstanceStatus::Starting), 10));
    QCOMPARE(filter.rowCount(), 3);
}

void TestConsoleModels::serviceModelCountsInstancesByStatus()
{
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Service orders;
    orders.serviceId = QStringLiteral("svc-ORDERS");
    orders.key.appId = QStringLiteral("shop");
    orders.key.serviceName = QStringLiteral("orders");
    model.reset({orders}, {makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o1"))});
    const int row = model.rowOf(QStringLiteral("svc-ORDERS"));
    QCOMPARE(model.index(row, ServiceModel::UpColumn).data().toInt(), 1);
    QCOMPARE(model.healthAt(row), ServiceModel::Health::Healthy);

    const Instance o2 = makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o2"), InstanceStatus::Down);
    model.countInstance(std::nullopt, o2);
    QCOMPARE(model.index(row, ServiceModel::InstancesColumn).data().toInt(), 2);
    QCOMPARE(model.index(row, ServiceModel::DownColumn).data().toInt(), 1);
    QCOMPARE(model.healthAt(row), ServiceModel::Health::Degraded);

    Instance o2Up = o2;
    o2Up.status = InstanceStatus::Up;
    model.countInstance(o2, o2Up);
    QCOMPARE(model.index(row, ServiceModel::DownColumn).data().toInt(), 0);
    QCOMPARE(model.index(row, ServiceModel::UpColumn).data().toInt(), 2);

    model.countInstance(o2Up, std::nullopt);
    model.countInstance(makeInstance(QStringLiteral("ORDERS"), QStringLiteral("o1")), std::nullopt);
    QCOMPARE(model.rowCount(), 1);   // a known service stays when it has no instances
    QCOMPARE(model.healthAt(row), ServiceModel::Health::NoInstances);

    RegistryChange deleted;
    deleted.kind = RegistryChange::Kind::ServiceDeleted;
    deleted.service = orders;
    model.applyServiceChange(deleted);
    QCOMPARE(model.rowCount(), 0);
}

void TestConsoleModels::serviceRowsForAppsWithoutServices()
{
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Instance plain = makeInstance(QStringLiteral("LEGACY"), QStringLiteral("l1"));
    plain.serviceId.clear();
    model.reset({}, {plain});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ServiceModel::NameColumn).data().toString(), QStringLiteral("LEGACY"));
    model.countInstance(plain, std::nullopt);
    QCOMPARE(model.rowCount(), 0);   // made-up rows go with their last instance
}

void TestConsoleModels::eventLogCapsAndFilters()
{
    EventLogModel log(10);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 15; ++i)
        log.appendChange(QStringLiteral("n1"), change(RegistryChange::Kind::Registered,
                                                      makeInstance(QStringLiteral("A"), QStringLiteral("a%1").arg(i)),
                                                      quint64(i + 1)));
    log.appendChange(QStringLiteral("n2"), change(RegistryChange::Kind::Expired,
                                                  makeInstance(QStringLiteral("B"), QStringLiteral("b1")), 99));
    QCOMPARE(log.rowCount(), 10);
    QCOMPARE(log.index(0, EventLogModel::SubjectColumn).data().toString(), QStringLiteral("A/a6"));
    EventFilterModel filter;
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&log);
    filter.setCategory(EventLogModel::Category::Expiry);
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY(filter.index(0, EventLogModel::DetailColumn).data().toString().contains(QStringLiteral("lease expired")));
    filter.setCategory(std::nullopt);
    filter.setRegistry(QStringLiteral("n1"));
    QCOMPARE(filter.rowCount(), 9);
    filter.setText(QStringLiteral("a14"));
    QCOMPARE(filter.rowCount(), 1);
}

void TestConsoleModels::eventLogTakesBurstsAtOnce()
{
    EventLogModel log(100);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&log, &QAbstractItemModel::rowsRemoved);
    QList<EventLogModel::Event> events;
    QList<EventLogModel::Event> later;
    for (int i = 0; i < 80; ++i) {
        events.append({i, QStringLiteral("n"), EventLogModel::Category::Node, QString::number(i), {}});
        later.append({i + 80, QStringLiteral("n"), EventLogModel::Category::Node, QString::number(i + 80), {}});
    }
    log.appendAll(events);
    log.appendAll(later);
    QCOMPARE(log.rowCount(), 100);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(log.eventAt(0).subject, QStringLiteral("60"));
    QList<EventLogModel::Event> many;
    for (int i = 0; i < 250; ++i)
        many.append({1000 + i, QStringLiteral("n"), EventLogModel::Category::Node, QString::number(i), {}});
    log.appendAll(many);
    QCOMPARE(log.rowCount(), 100);
    QCOMPARE(log.eventAt(0).subject, QStringLiteral("150"));
    QCOMPARE(log.eventAt(99).subject, QStringLiteral("249"));
}

// A change reported after a node event that came later goes where its time puts it; the view sorts
// by the time itself, newest first as well as oldest first.
void TestConsoleModels::eventLogKeepsTimeOrder()
{
    EventLogModel log(100);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto event = [](qint64 timeMs) {
        return EventLogModel::Event {timeMs, QStringLiteral("n"), EventLogModel::Category::Node, QString::number(timeMs), {}};
    };
    log.append(event(10));
    log.append(event(30));
    log.append(event(20));
    log.appendAll({event(40), event(25), event(5)});
    const auto times = [&] {
        QList<qint64> list;
        for (int row = 0; row < log.rowCount(); ++row)
            list.append(log.eventAt(row).timeMs);
        return list;
    };
    QCOMPARE(times(), (QList<qint64> {5, 10, 20, 25, 30, 40}));

    // One day and the next: the text 00:00:01 sorts before 23:59:59, the times do not.
    const qint64 lateEvening = QDateTime(QDate(2026, 1, 1), QTime(23, 59, 59)).toMSecsSinceEpoch();
    log.append(event(lateEvening));
    log.append(event(lateEvening + 2000));
    EventFilterModel filter;
    filter.setSourceModel(&log);
    filter.sort(EventLogModel::TimeColumn, Qt::DescendingOrder);
    QCOMPARE(filter.index(0, 0).data(EventLogModel::TimestampRole).toLongLong(), lateEvening + 2000);
    QCOMPARE(filter.index(1, 0).data(EventLogModel::TimestampRole).toLongLong(), lateEvening);
    filter.sort(EventLogModel::TimeColumn, Qt::AscendingOrder);
    QCOMPARE(filter.index(filter.rowCount() - 1, 0).data(EventLogModel::TimestampRole).toLongLong(), lateEvening + 2000);
}

void TestConsoleModels::navigatorGroupsRegistries()
{
    NavigatorModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addGroup(QStringLiteral("local"), QStringLiteral("Cluster local"));
    model.addGroup(QStringLiteral("remote"), QStringLiteral("Remote registries"));
    model.addGroup(QStringLiteral("local"), QStringLiteral("again"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Cluster local"));
    QCOMPARE(model.groupAt(model.index(1, 0)), QStringLiteral("remote"));
}

QTEST_GUILESS_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
