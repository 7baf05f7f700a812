// SPDX-License-Identifier: GPL-3.0-or-later
// The registry as etcd mode uses it: writes evaluated in a capture and undone, and a store's states
// applied as they are, with the store's revisions. Time comes from a ManualClock.
#include "core/manualclock.h"
#include "core/registry.h"
#include "model/registrychange.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>

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

// What reads show of services, pins and dependencies, beyond View.
struct CatalogueView
{
    QStringList pinned;
    QSet<QString> consumersOfCatalog;
    QStringList providersOfWeb;
    SelfPreservationState selfPreservation;

    explicit CatalogueView(const Registry &registry)
    {
        for (const Instance &instance : registry.pinnedInstances())
            pinned << instance.instanceId;
        pinned.sort();
        if (const Service *catalog = registry.findService(QStringLiteral("catalog")))
            consumersOfCatalog = registry.consumersOf(*catalog);
        for (const Service *provider : registry.providersOf(QStringLiteral("web")))
            providersOfWeb << provider->serviceId;
        providersOfWeb.sort();
        selfPreservation = registry.selfPreservation();
    }
    friend bool operator==(const CatalogueView &a, const CatalogueView &b)
    {
        return a.pinned == b.pinned && a.consumersOfCatalog == b.consumersOfCatalog && a.providersOfWeb == b.providersOfWeb
            && a.selfPreservation.expectedClients == b.selfPreservation.expectedClients;
    }
};

// What no read shows: each id's override and tombstone, found by a peer's stale registration of it
// in a capture of its own (ignored when the id is buried; otherwise it adopts the override).
QStringList hiddenState(Registry &registry, const QStringList &ids)
{
    QStringList found;
    for (const QString &id : ids) {
        Instance stale = makeInstance(id);
        stale.lastDirtyTimestamp = 0;
        registry.beginCapture();
        registry.registerInstance(stale, WriteOrigin::Peer);
        const Registry::CapturedWrites probe = registry.endCapture();
        if (probe.changes.isEmpty())
            found << id + QStringLiteral(":buried");
        else
            found << id + u':' + statusName(probe.changes.last().instance.overriddenStatus);
    }
    return found;
}
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
    void everyKindOfWriteIsUndone();

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

// Every write path, each in a capture of its own on the same registry: the capture changes what
// reads show, and its rollback puts back everything, including the overrides and tombstones no read shows.
void TestCapture::everyKindOfWriteIsUndone()
{
    using Kind = RegistryChange::Kind;
    const QString orders = QStringLiteral("orders");
    Registry registry({}, &m_clock);
    registry.setSelfPreservationEnabled(false);
    Service catalog;
    catalog.serviceId = QStringLiteral("catalog");
    catalog.key.serviceName = QStringLiteral("catalog");
    registry.createService(catalog);
    Service web;
    web.serviceId = QStringLiteral("web");
    web.key.serviceName = QStringLiteral("web");
    registry.createService(web);
    Service unused;
    unused.serviceId = QStringLiteral("unused");
    unused.key.serviceName = QStringLiteral("unused");
    registry.createService(unused);
    Instance sc = makeInstance(QStringLiteral("sc"), QStringLiteral("catalog"));
    sc.serviceId = QStringLiteral("catalog");
    sc.origin = Protocol::ServiceComb;
    sc.lease.durationSecs = 1;
    registry.registerInstance(sc);
    registry.registerInstance(makeInstance(QStringLiteral("a")));
    registry.registerInstance(makeInstance(QStringLiteral("b")));
    registry.setStatusOverride(orders, QStringLiteral("b"), InstanceStatus::OutOfService);
    Instance pinned = makeInstance(QStringLiteral("p"));
    pinned.pinned = true;
    registry.registerInstance(pinned);
    registry.registerInstance(makeInstance(QStringLiteral("gone")));
    registry.cancel(orders, QStringLiteral("gone"));
    Instance stale = makeInstance(QStringLiteral("stale"));
    stale.lease.durationSecs = 1;
    registry.registerInstance(stale);
    m_clock.advance(20'000);   // sc and stale expire
    // Heartbeats stay after a rollback: the instances the writes renew are renewed now already.
    registry.renew(orders, QStringLiteral("a"));
    registry.renew(orders, QStringLiteral("b"));
    // Stored as UP under an OUT_OF_SERVICE override: its next heartbeat corrects the status.
    Instance uncorrected = makeInstance(QStringLiteral("u"));
    uncorrected.app = QStringLiteral("ORDERS");
    uncorrected.status = InstanceStatus::Up;
    uncorrected.overriddenStatus = InstanceStatus::OutOfService;
    uncorrected.lease.lastRenewalTimestamp = m_clock.nowMs();
    registry.applyStoredInstance(uncorrected, Kind::Registered, registry.revision() + 1);

    Instance newer = makeInstance(QStringLiteral("a"));
    newer.lastDirtyTimestamp += 1000;
    newer.hostName = QStringLiteral("moved.example.org");
    Instance newPinned = makeInstance(QStringLiteral("np"));
    newPinned.pinned = true;
    Service edited = *registry.findService(QStringLiteral("catalog"));
    edited.schemaIds = {QStringLiteral("s1")};
    edited.schemas.insert(QStringLiteral("s1"), {QStringLiteral("openapi: 3.0.0"), QStringLiteral("x")});
    edited.tags.insert(QStringLiteral("tier"), QStringLiteral("gold"));
    edited.properties.insert(QStringLiteral("owner"), QStringLiteral("team"));
    Service search;
    search.key.serviceName = QStringLiteral("search");
    Service storedService = search;
    storedService.serviceId = QStringLiteral("stored");
    const ServiceKey catalogName = registry.findService(QStringLiteral("catalog"))->key;
    const Registry::RenewRequest peerNewer {newer.lastDirtyTimestamp, InstanceStatus::Down};

    const QList<std::pair<const char *, std::function<void()>>> writes {
        {"register a new instance", [&] { registry.registerInstance(makeInstance(QStringLiteral("c"), QStringLiteral("billing"))); }},
        {"register again", [&] { registry.registerInstance(newer); }},
        {"a peer's registration", [&] { registry.registerInstance(newer, WriteOrigin::Peer); }},
        {"register a pinned instance", [&] { registry.registerInstance(newPinned); }},
        {"register over a tombstone", [&] { registry.registerInstance(makeInstance(QStringLiteral("gone"))); }},
        {"a heartbeat that corrects the status", [&] { registry.renew(orders, QStringLiteral("u")); }},
        {"a peer's heartbeat with a newer override", [&] { registry.renew(orders, QStringLiteral("a"), peerNewer, WriteOrigin::Peer); }},
        {"cancel", [&] { registry.cancel(orders, QStringLiteral("a")); }},
        {"cancel a pinned instance", [&] { registry.cancel(orders, QStringLiteral("p")); }},
        {"set a status override", [&] { registry.setStatusOverride(orders, QStringLiteral("a"), InstanceStatus::OutOfService); }},
        {"remove a status override", [&] { registry.removeStatusOverride(orders, QStringLiteral("b"), InstanceStatus::Up); }},
        {"merge metadata", [&] { registry.updateMetadata(orders, QStringLiteral("a"), {{QStringLiteral("zone"), QStringLiteral("east")}}); }},
        {"replace metadata", [&] { registry.replaceMetadata(orders, QStringLiteral("b"), {}); }},
        {"create a service", [&] { registry.createService(search); }},
        {"edit a service's schemas, tags and properties", [&] { registry.updateService(edited); }},
        {"delete a service with its instances", [&] { registry.deleteService(QStringLiteral("catalog"), true); }},
        {"delete a service", [&] { registry.deleteService(QStringLiteral("unused"), false); }},
        {"record a dependency", [&] { registry.addDependency(QStringLiteral("web"), catalogName); }},
        {"evict expired leases", [&] { registry.evictExpired(); }},
        {"expire exact leases", [&] { registry.expireExactLeases(); }},
        {"apply a stored instance", [&] { registry.applyStoredInstance(newer, Kind::MetadataChanged, 900); }},
        {"remove a stored instance", [&] { registry.removeStoredInstance(orders, QStringLiteral("b"), Kind::Cancelled, 900); }},
        {"apply a stored service", [&] { registry.applyStoredService(storedService, 900); }},
        {"remove a stored service", [&] { registry.removeStoredService(QStringLiteral("unused"), 900); }},
    };

    const QStringList ids {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("p"),
                           QStringLiteral("np"), QStringLiteral("gone"), QStringLiteral("u"), QStringLiteral("sc")};
    const View before(registry);
    const CatalogueView catalogueBefore(registry);
    const QStringList hiddenBefore = hiddenState(registry, ids);
    QVERIFY(hiddenBefore.contains(QStringLiteral("gone:buried")));
    QVERIFY(hiddenBefore.contains(QStringLiteral("b:OUT_OF_SERVICE")));
    QSignalSpy changed(&registry, &Registry::changed);
    for (const auto &[name, write] : writes) {
        registry.beginCapture();
        write();
        QVERIFY2(!(before == View(registry) && catalogueBefore == CatalogueView(registry)), name);
        registry.endCapture();
        QVERIFY2(before == View(registry), name);
        QVERIFY2(catalogueBefore == CatalogueView(registry), name);
        QCOMPARE(hiddenState(registry, ids), hiddenBefore);
    }
    QCOMPARE(changed.count(), 0);
}

QTEST_GUILESS_MAIN(TestCapture)
#include "tst_capture.moc"
