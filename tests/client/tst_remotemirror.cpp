// SPDX-License-Identifier: GPL-3.0-or-later
// RemoteMirror: what a read of a remote registry changed, as the RegistryChange values a node reports.
#include "client/remotemirror.h"

#include <QTest>

class TestRemoteMirror : public QObject
{
    Q_OBJECT

private slots:
    void newInstancesAreRegistered();
    void missingInstancesAreCancelled();
    void statusOverrideAndMetadataChangesHaveTheirKinds();
    void otherFieldsMeanAReRegistration();
    void aRenewalAloneIsAHeartbeat();
    void servicesAreCreatedUpdatedAndDeleted();
    void hashcodeCountsStatusesAsEurekaDoes();
    void revisionsFollowTheChanges();

private:
    static Instance instance(const QString &id, const QString &app = QStringLiteral("ORDERS"));
    static QList<RegistryChange::Kind> kinds(const ChangeBatch &batch);
};

Instance TestRemoteMirror::instance(const QString &id, const QString &app)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id + QStringLiteral(".local");
    instance.ipAddr = QStringLiteral("10.0.0.1");
    instance.lease.lastRenewalTimestamp = 1000;
    return instance;
}

QList<RegistryChange::Kind> TestRemoteMirror::kinds(const ChangeBatch &batch)
{
    QList<RegistryChange::Kind> kinds;
    for (const RegistryChange &change : batch.changes)
        kinds.append(change.kind);
    return kinds;
}

void TestRemoteMirror::newInstancesAreRegistered()
{
    RemoteMirror mirror;
    mirror.replaceInstances({instance(QStringLiteral("a")), instance(QStringLiteral("b"), QStringLiteral("CART"))});
    const ChangeBatch batch = mirror.takeBatch();
    QCOMPARE(kinds(batch), (QList {RegistryChange::Kind::Registered, RegistryChange::Kind::Registered}));
    QCOMPARE(mirror.instanceCount(), 2);
    QVERIFY(mirror.instance(QStringLiteral("CART"), QStringLiteral("b")).has_value());
    QVERIFY(mirror.takeBatch().changes.isEmpty());

    mirror.replaceInstances({instance(QStringLiteral("a")), instance(QStringLiteral("b"), QStringLiteral("CART"))});
    QVERIFY2(mirror.takeBatch().changes.isEmpty(), "reading the same content again changes nothing");
}

void TestRemoteMirror::missingInstancesAreCancelled()
{
    RemoteMirror mirror;
    mirror.replaceInstances({instance(QStringLiteral("a")), instance(QStringLiteral("b"))});
    mirror.takeBatch();
    mirror.replaceInstances({instance(QStringLiteral("b"))});
    const ChangeBatch batch = mirror.takeBatch();
    QCOMPARE(kinds(batch), QList {RegistryChange::Kind::Cancelled});
    QCOMPARE(batch.changes.first().instance.instanceId, QStringLiteral("a"));
    QCOMPARE(mirror.instanceCount(), 1);

    mirror.removeInstance(QStringLiteral("ORDERS"), QStringLiteral("b"));
    mirror.removeInstance(QStringLiteral("ORDERS"), QStringLiteral("unknown"));
    QCOMPARE(kinds(mirror.takeBatch()), QList {RegistryChange::Kind::Cancelled});
    QVERIFY(mirror.appNames().isEmpty());
}

void TestRemoteMirror::statusOverrideAndMetadataChangesHaveTheirKinds()
{
    using Kind = RegistryChange::Kind;
    RemoteMirror mirror;
    Instance a = instance(QStringLiteral("a"));
    mirror.upsertInstance(a);
    mirror.takeBatch();

    a.status = InstanceStatus::OutOfService;
    a.overriddenStatus = InstanceStatus::OutOfService;
    a.lastUpdatedTimestamp = 5;
    mirror.upsertInstance(a);
    QCOMPARE(kinds(mirror.takeBatch()), QList {Kind::StatusChanged});

    a.status = InstanceStatus::Up;
    a.overriddenStatus = InstanceStatus::Unknown;
    mirror.upsertInstance(a);
    QCOMPARE(kinds(mirror.takeBatch()), QList {Kind::OverrideRemoved});

    a.status = InstanceStatus::Down;
    mirror.upsertInstance(a);
    QCOMPARE(kinds(mirror.takeBatch()), QList {Kind::StatusChanged});

    a.metadata.insert(QStringLiteral("zone"), QStringLiteral("a"));
    a.lastDirtyTimestamp = 99;
    mirror.upsertInstance(a);
    const ChangeBatch batch = mirror.takeBatch();
    QCOMPARE(kinds(batch), QList {Kind::MetadataChanged});
    QCOMPARE(batch.changes.first().instance.metadata.value(QStringLiteral("zone")), QStringLiteral("a"));

    a.status = InstanceStatus::Up;
    a.metadata.insert(QStringLiteral("zone"), QStringLiteral("b"));
    mirror.upsertInstance(a);
    QCOMPARE(kinds(mirror.takeBatch()), (QList {Kind::StatusChanged, Kind::MetadataChanged}));
}

void TestRemoteMirror::otherFieldsMeanAReRegistration()
{
    RemoteMirror mirror;
    Instance a = instance(QStringLiteral("a"));
    mirror.upsertInstance(a);
    mirror.takeBatch();
    a.port = {9090, true};
    a.status = InstanceStatus::Down;
    mirror.upsertInstance(a);
    const ChangeBatch batch = mirror.takeBatch();
    QCOMPARE(kinds(batch), QList {RegistryChange::Kind::Registered});
    QCOMPARE(batch.changes.first().instance.port.number, 9090);
    QCOMPARE(batch.changes.first().instance.status, InstanceStatus::Down);
}

void TestRemoteMirror::aRenewalAloneIsAHeartbeat()
{
    RemoteMirror mirror;
    Instance a = instance(QStringLiteral("a"));
    mirror.upsertInstance(a);
    mirror.takeBatch();
    a.lease.lastRenewalTimestamp = 2000;
    mirror.upsertInstance(a);
    a.lease.lastRenewalTimestamp = 3000;
    mirror.upsertInstance(a);
    const ChangeBatch batch = mirror.takeBatch();
    QVERIFY(batch.changes.isEmpty());
    QCOMPARE(batch.heartbeats.size(), 1);
    QCOMPARE(batch.heartbeats.first().instanceId, QStringLiteral("a"));
    QCOMPARE(batch.heartbeats.first().timestamp, 3000);
    QCOMPARE(batch.heartbeats.first().count, 2);
    QCOMPARE(mirror.instance(QStringLiteral("ORDERS"), QStringLiteral("a"))->lease.lastRenewalTimestamp, 3000);
    QVERIFY(mirror.takeBatch().heartbeats.isEmpty());
}

void TestRemoteMirror::servicesAreCreatedUpdatedAndDeleted()
{
    using Kind = RegistryChange::Kind;
    RemoteMirror mirror;
    Service orders = EurekaServiceMapping::serviceForApp(QStringLiteral("ORDERS"), 0);
    Service cart = EurekaServiceMapping::serviceForApp(QStringLiteral("CART"), 0);
    mirror.replaceServices({orders, cart});
    QCOMPARE(kinds(mirror.takeBatch()), (QList {Kind::ServiceCreated, Kind::ServiceCreated}));
    mirror.replaceServices({orders, cart});
    QVERIFY(mirror.takeBatch().changes.isEmpty());
    orders.properties.insert(QStringLiteral("owner"), QStringLiteral("team"));
    mirror.replaceServices({orders});
    const ChangeBatch batch = mirror.takeBatch();
    QCOMPARE(kinds(batch), (QList {Kind::ServiceUpdated, Kind::ServiceDeleted}));
    QCOMPARE(batch.changes.at(0).service.properties.value(QStringLiteral("owner")), QStringLiteral("team"));
    QCOMPARE(batch.changes.at(1).service.key.serviceName, QStringLiteral("cart"));
}

void TestRemoteMirror::hashcodeCountsStatusesAsEurekaDoes()
{
    RemoteMirror mirror;
    QCOMPARE(mirror.eurekaHashcode(), QString());
    Instance down = instance(QStringLiteral("c"));
    down.status = InstanceStatus::Down;
    Instance testing = instance(QStringLiteral("d"));
    testing.status = InstanceStatus::Testing;
    mirror.replaceInstances({instance(QStringLiteral("a")), instance(QStringLiteral("b")), down, testing});
    QCOMPARE(mirror.eurekaHashcode(), QStringLiteral("DOWN_1_UNKNOWN_1_UP_2_"));
}

void TestRemoteMirror::revisionsFollowTheChanges()
{
    RemoteMirror mirror;
    mirror.replaceInstances({instance(QStringLiteral("a")), instance(QStringLiteral("b"))});
    const ChangeBatch first = mirror.takeBatch();
    QCOMPARE(first.revision, 2u);
    QCOMPARE(first.changes.at(0).revision, 1u);
    QCOMPARE(first.changes.at(1).revision, 2u);
    const RegistrySnapshot snapshot = mirror.snapshot();
    QCOMPARE(snapshot.revision, 2u);
    QCOMPARE(snapshot.instances.size(), 2);
    mirror.removeInstance(QStringLiteral("ORDERS"), QStringLiteral("a"));
    const ChangeBatch second = mirror.takeBatch();
    QVERIFY(second.revision > snapshot.revision);
    QCOMPARE(second.changes.first().revision, 3u);
}

QTEST_GUILESS_MAIN(TestRemoteMirror)
#include "tst_remotemirror.moc"
