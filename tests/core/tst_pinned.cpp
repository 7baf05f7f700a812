// SPDX-License-Identifier: GPL-3.0-or-later
// Pinned instances in the registry core: registered by hand, they never expire under either
// protocol's rules, hold no lease self-preservation waits for, and otherwise behave as any
// instance. Time comes only from a ManualClock.
#include "model/instance.h"
#include "core/manualclock.h"
#include "core/registry.h"
#include "model/registrychange.h"
#include "api/selfpreservationstate.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;

Instance eurekaInstance(const QString &id, bool pinned, int durationSecs = 30)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = u"LEGACY"_s;
    instance.hostName = id;
    instance.ipAddr = u"10.0.0.1"_s;
    instance.port = PortInfo {8080, true};
    instance.lease.durationSecs = durationSecs;
    instance.pinned = pinned;
    instance.lastDirtyTimestamp = T0;
    return instance;
}

Instance serviceCombInstance(const QString &id, const QString &serviceId, bool pinned)
{
    Instance instance;
    instance.instanceId = id;
    instance.serviceId = serviceId;
    instance.hostName = u"sc-host"_s;
    instance.endpoints = {u"rest://10.0.0.5:8080"_s};
    instance.origin = Protocol::ServiceComb;
    instance.lease.durationSecs = 20;
    instance.pinned = pinned;
    return instance;
}

struct Fixture
{
    explicit Fixture(bool selfPreservation)
        : registry {config(selfPreservation), &clock}
    {
    }

    static RegistryConfig config(bool selfPreservation)
    {
        RegistryConfig config;
        config.selfPreservationEnabled = selfPreservation;
        return config;
    }

    ManualClock clock {T0};
    Registry registry;
};
}

class TestPinned : public QObject
{
    Q_OBJECT

private slots:
    void aPinnedEurekaInstanceIsNeverEvicted()
    {
        Fixture f(false);
        f.registry.registerInstance(eurekaInstance(u"pinned"_s, true));
        f.registry.registerInstance(eurekaInstance(u"ordinary"_s, false));
        f.clock.advance(24 * 3600 * 1000);

        QCOMPARE(f.registry.evictExpired(), 1);
        QVERIFY(!f.registry.instance(u"LEGACY"_s, u"ordinary"_s));
        const auto pinned = f.registry.instance(u"LEGACY"_s, u"pinned"_s);
        QVERIFY(pinned);
        QVERIFY(pinned->pinned);
        QVERIFY(!f.registry.isExpired(*pinned));
    }

    void aPinnedServiceCombInstanceOutlivesItsTtl()
    {
        Fixture f(true);
        Service service;
        service.key.serviceName = u"cart"_s;
        const QString serviceId = f.registry.createService(service).serviceId;
        f.registry.registerInstance(serviceCombInstance(u"sc-pinned"_s, serviceId, true));
        f.registry.registerInstance(serviceCombInstance(u"sc-ordinary"_s, serviceId, false));
        f.clock.advance(21'000);

        QCOMPARE(f.registry.expireExactLeases(), 1);
        QCOMPARE(f.registry.instancesOf(serviceId).size(), 1);
        QCOMPARE(f.registry.instancesOf(serviceId).first().instanceId, u"sc-pinned"_s);
    }

    // Expected renewals come from the leases that heartbeat: a pinned one never does, so it must
    // neither raise the threshold nor, by its heartbeats, help reach it.
    void pinnedInstancesAreLeftOutOfSelfPreservation()
    {
        Fixture f(true);
        f.registry.registerInstance(eurekaInstance(u"pinned-1"_s, true));
        f.registry.registerInstance(eurekaInstance(u"pinned-2"_s, true));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 0);
        QVERIFY(!f.registry.selfPreservation().active);

        f.registry.registerInstance(eurekaInstance(u"ordinary"_s, false));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 1);
        QCOMPARE(f.registry.selfPreservation().expectedRenewsPerMin, 2);

        QCOMPARE(f.registry.renew(u"LEGACY"_s, u"pinned-1"_s).outcome, Registry::RenewOutcome::Renewed);
        f.clock.advance(60'000);
        QCOMPARE(f.registry.selfPreservation().renewsLastMin, 0);
        QCOMPARE(f.registry.renewsLastMinute(), 1);   // the node's own count still shows it

        // Unpinning by registering again makes it an ordinary lease.
        f.registry.registerInstance(eurekaInstance(u"pinned-2"_s, false));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 2);
        f.registry.cancel(u"LEGACY"_s, u"pinned-1"_s);
        QCOMPARE(f.registry.selfPreservation().expectedClients, 2);
        QCOMPARE(f.registry.pinnedInstances().size(), 0);
    }

    void statusMetadataAndCancelWorkOnAPinnedInstance()
    {
        Fixture f(true);
        f.registry.registerInstance(eurekaInstance(u"pinned"_s, true));
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.setStatusOverride(u"LEGACY"_s, u"pinned"_s, InstanceStatus::OutOfService));
        QVERIFY(f.registry.updateMetadata(u"LEGACY"_s, u"pinned"_s, {{u"zone"_s, u"a"_s}}));
        auto stored = f.registry.instance(u"LEGACY"_s, u"pinned"_s);
        QCOMPARE(stored->status, InstanceStatus::OutOfService);
        QCOMPARE(stored->metadata.value(u"zone"_s), u"a"_s);
        QVERIFY(stored->pinned);
        QCOMPARE(changed.size(), 2);
        QVERIFY(changed.at(0).at(0).value<RegistryChange>().instance.pinned);

        QVERIFY(f.registry.cancel(u"LEGACY"_s, u"pinned"_s));
        const auto cancelled = changed.last().at(0).value<RegistryChange>();
        QCOMPARE(cancelled.kind, RegistryChange::Kind::Cancelled);
        QVERIFY(cancelled.instance.pinned);
        QVERIFY(f.registry.pinnedInstances().isEmpty());
    }

    void aNewerUnpinnedRegistrationReplacesThePin()
    {
        Fixture f(false);
        f.registry.registerInstance(eurekaInstance(u"x"_s, true));
        Instance self = eurekaInstance(u"x"_s, false);
        self.lastDirtyTimestamp = T0 + 1;
        f.registry.registerInstance(self);
        QVERIFY(!f.registry.instance(u"LEGACY"_s, u"x"_s)->pinned);
        f.clock.advance(31'000);
        QCOMPARE(f.registry.evictExpired(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPinned)
#include "tst_pinned.moc"
