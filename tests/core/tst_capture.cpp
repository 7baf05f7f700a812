// SPDX-License-Identifier: GPL-3.0-or-later
// The registry as etcd mode uses it: writes evaluated in a capture and undone, and a store's states
// applied as they are, with the store's revisions. Time comes from a ManualClock.
#include "core/manualclock.h"
#include "core/registry.h"
#include "model/registrychange.h"

#include <QSignalSpy>
#include <QTest>

namespace {
Instance makeInstance(const QString &id, const QString &app = QStringLiteral("orders"))
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id + QStringLiteral(".example.org");
    instance.ipAddr = QStringLiteral("10.0.0.1");
    instance.lastDirtyTimestamp = 1'699'999'990'000;
    instance.lease.durationSecs = 30;
    return instance;
}

// Everything a reader can see of a registry.
struct View
{
    Registry::Applications applications;
    Registry::Services services;
    quint64 revision;
    quint64 deltaLogVersion;
    qsizetype instanceCount;
    QList<Instance> delta;
    QString hashcode;

    explicit View(const Registry &registry)
        : applications {registry.applications()}
        , services {registry.services()}
        , revision {registry.revision()}
        , deltaLogVersion {registry.deltaLogVersion()}
        , instanceCount {registry.instanceCount()}
        , delta {registry.deltaInstances()}
        , hashcode {registry.appsHashcode()}
    {
    }
    friend bool operator==(const View &, const View &) = default;
};
}

class TestCapture : public QObject
{
    Q_OBJECT

private slots:
    void aCaptureChangesNothingAndReturnsWhatTheRulesDid();
    void aCaptureOfServiceWritesIsUndone();
    void heartbeatsInACaptureAreCountedAndKept();
    void storedStatesApplyAsTheyAreWithTheStoresRevision();
    void leasesEndInTheStore();
    void pinnedEntriesInACaptureAndFromTheStore();

private:
    ManualClock m_clock;
};

void TestCapture::aCaptureChangesNothingAndReturnsWhatTheRulesDid()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(makeInstance(QStringLiteral("a")));
    registry.registerInstance(makeInstance(QStringLiteral("b")));
    registry.setStatusOverride(QStringLiteral("orders"), QStringLiteral("b"), InstanceStatus::OutOfService);
    const View before(registry);
    QSignalSpy changed(&registry, &Registry::changed);

    registry.beginCapture();
    QVERIFY(registry.isCapturing());
    registry.registerInstance(makeInstance(QStringLiteral("c"), QStringLiteral("billing")));
    registry.cancel(QStringLiteral("orders"), QStringLiteral("a"));
    // The override rules hold: b comes back OUT_OF_SERVICE although it registers UP.
    registry.registerInstance(makeInstance(QStringLiteral("b")));
    registry.updateMetadata(QStringLiteral("orders"), QStringLiteral("b"), {{QStringLiteral("zone"), QStringLiteral("east")}});
    registry.removeStatusOverride(QStringLiteral("orders"), QStringLiteral("b"), InstanceStatus::Up);
    const Registry::CapturedWrites captured = registry.endCapture();

    QVERIFY(!registry.isCapturing());
    QCOMPARE(changed.count(), 0);
    QVERIFY(before == View(registry));
    QCOMPARE(registry.instance(QStringLiteral("orders"), QStringLiteral("b"))->overriddenStatus, InstanceStatus::OutOfService);

    QList<RegistryChange::Kind> kinds;
    for (const RegistryChange &change : captured.changes)
        kinds.append(change.kind);
    using Kind = RegistryChange::Kind;
    QCOMPARE(kinds, (QList<Kind> {Kind::ServiceCreated, Kind::Registered, Kind::Cancelled, Kind::Registered,
                                  Kind::MetadataChanged, Kind::OverrideRemoved}));
    QCOMPARE(captured.changes[3].instance.status, InstanceStatus::OutOfService);
    QCOMPARE(captured.changes[4].instance.metadata.value(QStringLiteral("zone")), QStringLiteral("east"));
    QCOMPARE(captured.changes[5].instance.status, InstanceStatus::Up);
    QCOMPARE(captured.changes[1].instance.app, QStringLiteral("BILLING"));
    QCOMPARE(captured.renewals, 0);

    // Outside a capture the same write applies and emits, as always.
    registry.registerInstance(makeInstance(QStringLiteral("c"), QStringLiteral("billing")));
    QCOMPARE(changed.count(), 2);
    QVERIFY(registry.instance(QStringLiteral("billing"), QStringLiteral("c")));
}

void TestCapture::aCaptureOfServiceWritesIsUndone()
{
    Registry registry({}, &m_clock);
    Service service;
    service.key.serviceName = QStringLiteral("catalog");
    const QString id = registry.createService(service).serviceId;
    Instance instance = makeInstance(QStringLiteral("s-1"), QStringLiteral("catalog"));
    instance.serviceId = id;
    instance.origin = Protocol::ServiceComb;
    registry.registerInstance(instance);
    const View before(registry);

    registry.beginCapture();
    Service other;
    other.key.serviceName = QStringLiteral("search");
    QCOMPARE(registry.createService(other).outcome, Registry::CreateServiceResult::Outcome::Created);
    QCOMPARE(registry.deleteService(id, true), Registry::DeleteServiceOutcome::Deleted);
    const auto captured = registry.endCapture();

    QVERIFY(before == View(registry));
    QVERIFY(registry.findService(id));
    QVERIFY(registry.serviceIdFor(other.key).isEmpty());
    QCOMPARE(registry.instancesOf(id).size(), 1);
    QCOMPARE(captured.changes.size(), 3);
    QCOMPARE(captured.changes.last().kind, RegistryChange::Kind::ServiceDeleted);
}

void TestCapture::heartbeatsInACaptureAreCountedAndKept()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(makeInstance(QStringLiteral("a")));
    QSignalSpy renewed(&registry, &Registry::renewed);
    m_clock.advance(5000);
    registry.beginCapture();
    QCOMPARE(registry.renew(QStringLiteral("orders"), QStringLiteral("a")).outcome, Registry::RenewOutcome::Renewed);
    QCOMPARE(registry.renew(QStringLiteral("orders"), QStringLiteral("x")).outcome, Registry::RenewOutcome::NotFound);
    const auto captured = registry.endCapture();
    QCOMPARE(captured.renewals, 1);
    QVERIFY(captured.changes.isEmpty());
    QCOMPARE(renewed.count(), 1);
    // A renewal is this node's own news: it stays.
    QCOMPARE(registry.instance(QStringLiteral("orders"), QStringLiteral("a"))->lease.lastRenewalTimestamp, m_clock.nowMs());
    QCOMPARE(registry.renewsTotal(), 1);
}

void TestCapture::storedStatesApplyAsTheyAreWithTheStoresRevision()
{
    Registry registry({}, &m_clock);
    QSignalSpy changed(&registry, &Registry::changed);
    Instance stored = makeInstance(QStringLiteral("a"));
    stored.app = QStringLiteral("ORDERS");
    stored.status = InstanceStatus::Down;
    stored.overriddenStatus = InstanceStatus::OutOfService;   // no rule applies: as the store has it
    registry.applyStoredInstance(stored, RegistryChange::Kind::StatusChanged, 40);
    QCOMPARE(registry.revision(), 40u);
    QCOMPARE(registry.instance(QStringLiteral("orders"), QStringLiteral("a"))->status, InstanceStatus::Down);
    QCOMPARE(registry.instance(QStringLiteral("orders"), QStringLiteral("a"))->revision, 40u);
    QCOMPARE(changed.count(), 1);
    // New to this cache: a registration, whatever change wrote it.
    QCOMPARE(changed.at(0).at(0).value<RegistryChange>().kind, RegistryChange::Kind::Registered);

    stored.metadata.insert(QStringLiteral("k"), QStringLiteral("v"));
    registry.applyStoredInstance(stored, RegistryChange::Kind::MetadataChanged, 42);
    QCOMPARE(changed.at(1).at(0).value<RegistryChange>().kind, RegistryChange::Kind::MetadataChanged);
    QCOMPARE(registry.revision(), 42u);
    QCOMPARE(registry.instanceCount(), 1);

    QVERIFY(registry.removeStoredInstance(QStringLiteral("orders"), QStringLiteral("a"), RegistryChange::Kind::Expired, 45));
    QVERIFY(!registry.removeStoredInstance(QStringLiteral("orders"), QStringLiteral("a"), RegistryChange::Kind::Expired, 46));
    QCOMPARE(registry.instanceCount(), 0);
    QCOMPARE(registry.revision(), 45u);
    QCOMPARE(changed.at(2).at(0).value<RegistryChange>().kind, RegistryChange::Kind::Expired);

    Service service;
    service.serviceId = QStringLiteral("svc");
    service.key.serviceName = QStringLiteral("catalog");
    registry.applyStoredService(service, 50);
    QCOMPARE(registry.serviceIdFor(service.key), QStringLiteral("svc"));
    service.description = QStringLiteral("changed");
    registry.applyStoredService(service, 51);
    QCOMPARE(registry.findService(QStringLiteral("svc"))->description, QStringLiteral("changed"));
    QVERIFY(registry.removeStoredService(QStringLiteral("svc"), 52));
    QVERIFY(registry.serviceIdFor(service.key).isEmpty());
    registry.moveToRevision(60);
    QCOMPARE(registry.revision(), 60u);
    registry.moveToRevision(55);
    QCOMPARE(registry.revision(), 60u);
}

void TestCapture::leasesEndInTheStore()
{
    RegistryConfig config;
    config.leasesEndInStore = true;
    config.selfPreservationEnabled = false;
    Registry registry(config, &m_clock);
    registry.registerInstance(makeInstance(QStringLiteral("a")));
    Instance sc = makeInstance(QStringLiteral("b"));
    sc.origin = Protocol::ServiceComb;
    registry.registerInstance(sc);
    m_clock.advance(3'600'000);
    QVERIFY(!registry.isExpired(*registry.instance(QStringLiteral("orders"), QStringLiteral("a"))));
    QCOMPARE(registry.evictExpired(), 0);
    QCOMPARE(registry.expireExactLeases(), 0);
    QCOMPARE(registry.instanceCount(), 2);
}

// Pinned instances are indexed apart (the journal and the muster API list them): a capture that pins or unpins undoes that too, and a stored copy keeps its flag.
void TestCapture::pinnedEntriesInACaptureAndFromTheStore()
{
    Registry registry({}, &m_clock);
    Instance pinned = makeInstance(QStringLiteral("p"));
    pinned.pinned = true;
    registry.registerInstance(pinned);
    registry.registerInstance(makeInstance(QStringLiteral("o")));
    QCOMPARE(registry.pinnedInstances().size(), 1);

    registry.beginCapture();
    registry.cancel(QStringLiteral("orders"), QStringLiteral("p"));
    Instance pinnedNow = makeInstance(QStringLiteral("o"));
    pinnedNow.pinned = true;
    pinnedNow.lastDirtyTimestamp += 1;
    registry.registerInstance(pinnedNow);
    QCOMPARE(registry.pinnedInstances().first().instanceId, QStringLiteral("o"));
    const auto captured = registry.endCapture();
    QCOMPARE(captured.changes.size(), 2);
    QVERIFY(captured.changes.last().instance.pinned);
    QCOMPARE(registry.pinnedInstances().size(), 1);
    QCOMPARE(registry.pinnedInstances().first().instanceId, QStringLiteral("p"));

    Instance stored = pinnedNow;
    stored.app = QStringLiteral("ORDERS");
    stored.origin = Protocol::ServiceComb;
    registry.applyStoredInstance(stored, RegistryChange::Kind::Registered, 70);
    QCOMPARE(registry.pinnedInstances().size(), 2);
    m_clock.advance(3'600'000);
    QCOMPARE(registry.expireExactLeases(), 0);
    QVERIFY(registry.removeStoredInstance(QStringLiteral("orders"), QStringLiteral("o"), RegistryChange::Kind::Cancelled, 71));
    QCOMPARE(registry.pinnedInstances().size(), 1);
}

QTEST_GUILESS_MAIN(TestCapture)
#include "tst_capture.moc"
