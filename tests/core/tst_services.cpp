// SPDX-License-Identifier: GPL-3.0-or-later
// Services in the registry core and the rules both protocols share: Eureka apps as services in app
// "eureka", ports and endpoints, exact Service-Center leases beside self-preservation, dependencies.
#include "model/endpointmapping.h"
#include "core/manualclock.h"
#include "core/registry.h"
#include "servicecomb/servicecombcodec.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;
using Kind = RegistryChange::Kind;
using Outcome = Registry::CreateServiceResult::Outcome;

Service makeService(const QString &name, const QString &version = u"1.0.0"_s, const QString &app = u"shop"_s)
{
    Service service;
    service.key.appId = app;
    service.key.serviceName = name;
    service.key.version = version;
    return service;
}

// An instance as the Service-Center adapter hands it to the registry.
Instance makeScInstance(const QString &id, const QString &serviceId, int ttlSecs,
                        QStringList endpoints = {u"rest://10.0.0.5:8080"_s})
{
    Instance instance;
    instance.instanceId = id;
    instance.serviceId = serviceId;
    instance.hostName = u"node-1"_s;
    instance.endpoints = std::move(endpoints);
    instance.origin = Protocol::ServiceComb;
    instance.lease.durationSecs = ttlSecs;
    instance.lease.renewalIntervalSecs = ttlSecs / 4;
    return instance;
}

Instance makeEurekaInstance(const QString &id, const QString &app = u"orders"_s, int durationSecs = 90)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id;
    instance.ipAddr = u"10.0.0.1"_s;
    instance.port = PortInfo {8080, true};
    instance.lease.durationSecs = durationSecs;
    return instance;
}

struct Fixture
{
    explicit Fixture(RegistryConfig config = {}) : registry {config, &clock} {}

    ManualClock clock {T0};
    Registry registry;
};
}

class TestServices : public QObject
{
    Q_OBJECT

private slots:
    void createdServiceGetsTheSha1OfItsIndexKey()
    {
        Fixture f;
        QSignalSpy changed(&f.registry, &Registry::changed);
        const auto result = f.registry.createService(makeService(u"orders"_s));
        QCOMPARE(result.outcome, Outcome::Created);
        const QString indexKey = u"/cse-sr/ms/indexes/default/default//shop/orders/1.0.0"_s;
        QCOMPARE(result.serviceId,
                 QString::fromLatin1(QCryptographicHash::hash(indexKey.toUtf8(), QCryptographicHash::Sha1).toHex()));
        const Service *stored = f.registry.findService(result.serviceId);
        QVERIFY(stored);
        QCOMPARE(stored->createdMs, T0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<RegistryChange>().kind, Kind::ServiceCreated);
        QCOMPARE(f.registry.revision(), 1u);
    }

    void createIsIdempotentAndConflictsOnAnotherId()
    {
        Fixture f;
        const QString id = f.registry.createService(makeService(u"orders"_s)).serviceId;
        const auto again = f.registry.createService(makeService(u"orders"_s));
        QCOMPARE(again.outcome, Outcome::Existing);
        QCOMPARE(again.serviceId, id);

        Service sameIdGiven = makeService(u"orders"_s);
        sameIdGiven.serviceId = id;
        QCOMPARE(f.registry.createService(sameIdGiven).outcome, Outcome::Existing);

        Service otherId = makeService(u"orders"_s);
        otherId.serviceId = u"other-id"_s;
        QCOMPARE(f.registry.createService(otherId).outcome, Outcome::Conflict);

        Service idTaken = makeService(u"billing"_s);
        idTaken.serviceId = id;
        QCOMPARE(f.registry.createService(idTaken).outcome, Outcome::Conflict);
        QCOMPARE(f.registry.services().size(), 1);
    }

    void updateKeepsTheKeyAndCreationTime()
    {
        Fixture f;
        const QString id = f.registry.createService(makeService(u"orders"_s)).serviceId;
        f.clock.advance(5000);
        Service edited = *f.registry.findService(id);
        edited.properties = {{u"b"_s, u"2"_s}};
        edited.key.serviceName = u"renamed"_s;
        edited.createdMs = 1;
        QVERIFY(f.registry.updateService(edited));
        const Service *stored = f.registry.findService(id);
        QCOMPARE(stored->properties, (QMap<QString, QString> {{u"b"_s, u"2"_s}}));
        QCOMPARE(stored->key.serviceName, u"orders"_s);
        QCOMPARE(stored->createdMs, T0);
        QCOMPARE(stored->modifiedMs, T0 + 5000);
        edited.serviceId = u"nope"_s;
        QVERIFY(!f.registry.updateService(edited));
    }

    void servicesNamedFindsEveryVersionAndTheAlias()
    {
        Fixture f;
        f.registry.createService(makeService(u"orders"_s, u"1.0.0"_s));
        f.registry.createService(makeService(u"orders"_s, u"2.0.0"_s));
        f.registry.createService(makeService(u"orders"_s, u"1.0.0"_s, u"other"_s));
        Service aliased = makeService(u"cart"_s);
        aliased.alias = u"basket"_s;
        f.registry.createService(aliased);

        ServiceKey key;
        key.appId = u"shop"_s;
        key.serviceName = u"orders"_s;
        QCOMPARE(f.registry.servicesNamed(key).size(), 2);
        key.serviceName = u"basket"_s;
        QCOMPARE(f.registry.servicesNamed(key).size(), 1);
        key.environment = u"production"_s;
        QCOMPARE(f.registry.servicesNamed(key).size(), 0);
    }

    void eurekaAppBecomesServiceInAppEureka()
    {
        Fixture f;
        const Instance stored = f.registry.registerInstance(makeEurekaInstance(u"i-1"_s, u"Account-Server"_s));
        const Service *service = f.registry.findService(stored.serviceId);
        QVERIFY(service);
        QCOMPARE(service->key.appId, u"eureka"_s);
        QCOMPARE(service->key.serviceName, u"account-server"_s);
        QCOMPARE(service->key.version, u"0.0.1"_s);
        QCOMPARE(service->key.environment, QString());
        QCOMPARE(service->properties.value(u"allowCrossApp"_s), u"true"_s);
        QCOMPARE(service->origin, Protocol::Eureka);
        QCOMPARE(stored.app, u"ACCOUNT-SERVER"_s);
        QCOMPARE(stored.endpoints, QStringList {u"rest://10.0.0.1:8080"_s});
        QCOMPARE(f.registry.instancesOf(service->serviceId).size(), 1);

        // A second instance of the app joins the same service.
        const Instance second = f.registry.registerInstance(makeEurekaInstance(u"i-2"_s, u"ACCOUNT-SERVER"_s));
        QCOMPARE(second.serviceId, stored.serviceId);
        QCOMPARE(f.registry.services().size(), 1);
    }

    void serviceCombInstanceShowsAsEurekaApp()
    {
        Fixture f;
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        const Instance stored = f.registry.registerInstance(
            makeScInstance(u"abc"_s, id, 60, {u"highway://10.0.0.5:7070"_s, u"rest://10.0.0.6:8080"_s,
                                              u"rest://10.0.0.6:8443?sslEnabled=true"_s}));
        QCOMPARE(stored.app, u"CART"_s);
        QCOMPARE(stored.vipAddress, u"cart"_s);
        QCOMPARE(stored.appGroupName, u"shop"_s);
        QCOMPARE(stored.ipAddr, u"10.0.0.6"_s);
        QCOMPARE(stored.port, (PortInfo {8080, true}));
        QCOMPARE(stored.securePort, (PortInfo {8443, true}));
        QVERIFY(f.registry.applications().contains(u"CART"_s));
    }

    void endpointsWithoutRestUseTheFirstEndpoint()
    {
        Instance instance;
        instance.hostName = u"h"_s;
        instance.endpoints = {u"highway://10.1.1.1:7070"_s};
        EndpointMapping::applyEndpointsToPorts(instance);
        QCOMPARE(instance.ipAddr, u"10.1.1.1"_s);
        QCOMPARE(instance.port, (PortInfo {7070, true}));
        QCOMPARE(instance.securePort.enabled, false);

        instance.endpoints.clear();
        EndpointMapping::applyEndpointsToPorts(instance);
        QCOMPARE(instance.ipAddr, u"h"_s);
        QCOMPARE(instance.port.enabled, false);

        Instance eureka = makeEurekaInstance(u"x"_s);
        eureka.securePort = PortInfo {8443, true};
        QCOMPARE(EndpointMapping::endpointsFromPorts(eureka),
                 (QStringList {u"rest://10.0.0.1:8080"_s, u"rest://10.0.0.1:8443?sslEnabled=true"_s}));
    }

    void serviceCombLeasesExpireExactlyDespiteSelfPreservation()
    {
        Fixture f;   // self-preservation on, and no renewals at all: Eureka leases are held
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        f.registry.registerInstance(makeScInstance(u"sc-1"_s, id, 20));
        f.registry.registerInstance(makeEurekaInstance(u"eu-1"_s, u"orders"_s, 20));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 1);   // the Eureka lease only

        f.clock.advance(20'000);
        QCOMPARE(f.registry.expireExactLeases(), 0);   // exactly at the TTL it still lives
        f.clock.advance(1);
        QSignalSpy changed(&f.registry, &Registry::changed);
        QCOMPARE(f.registry.expireExactLeases(), 1);
        QCOMPARE(changed.at(0).at(0).value<RegistryChange>().kind, Kind::Expired);
        QVERIFY(f.registry.instancesOf(id).isEmpty());

        QCOMPARE(f.registry.evictExpired(), 0);        // self-preservation holds the Eureka lease
        QVERIFY(f.registry.instance(u"orders"_s, u"eu-1"_s).has_value());
    }

    // Checklist 32 on the fake clock: push 5/3 is a 20 s lease; no heartbeat, gone just after it.
    void healthCheckGivesTheLeaseThatExpiresOnTheFakeClock_data()
    {
        QTest::addColumn<std::optional<HealthCheck>>("requested");
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("times");
        QTest::addColumn<int>("ttlSecs");
        QTest::newRow("push 5/3") << std::optional(HealthCheck {u"push"_s, 5, 3, 0, {}}) << 5 << 3 << 20;
        QTest::newRow("push 1/0 clamped") << std::optional(HealthCheck {u"push"_s, 1, 0, 0, {}}) << 5 << 3 << 20;
        QTest::newRow("push 15/3") << std::optional(HealthCheck {u"push"_s, 15, 3, 0, {}}) << 15 << 3 << 60;
        QTest::newRow("pull 7/9") << std::optional(HealthCheck {u"pull"_s, 7, 9, 0, {}}) << 30 << 3 << 120;
        QTest::newRow("none") << std::optional<HealthCheck> {} << 30 << 3 << 120;
    }

    void healthCheckGivesTheLeaseThatExpiresOnTheFakeClock()
    {
        QFETCH(std::optional<HealthCheck>, requested);
        QFETCH(int, interval);
        QFETCH(int, times);
        QFETCH(int, ttlSecs);
        const ServiceCombConfig config;
        const HealthCheck check = ServiceCombCodec::clampedHealthCheck(requested, config);
        QCOMPARE(check.intervalSecs, interval);
        QCOMPARE(check.times, times);
        QCOMPARE(ServiceCombCodec::leaseSeconds(check, config), ttlSecs);
        ServiceCombConfig overridden;
        overridden.instanceTtlSecs = 7;
        QCOMPARE(ServiceCombCodec::leaseSeconds(check, overridden), 7);

        Fixture f;
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        f.registry.registerInstance(makeScInstance(u"sc-1"_s, id, ServiceCombCodec::leaseSeconds(check, config)));
        f.clock.advance(qint64(ttlSecs) * 1000 - 1000);
        QCOMPARE(f.registry.expireExactLeases(), 0);
        f.registry.renew(u"CART"_s, u"sc-1"_s);                    // a heartbeat restarts the lease
        f.clock.advance(qint64(ttlSecs) * 1000);
        QCOMPARE(f.registry.expireExactLeases(), 0);
        f.clock.advance(1);
        QCOMPARE(f.registry.expireExactLeases(), 1);
    }

    void evictionLeavesServiceCombLeasesAlone()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        f.registry.registerInstance(makeScInstance(u"sc-1"_s, id, 600));
        f.registry.registerInstance(makeEurekaInstance(u"eu-1"_s, u"orders"_s, 20));
        f.clock.advance(30'000);
        QCOMPARE(f.registry.evictExpired(), 1);
        QCOMPARE(f.registry.instancesOf(id).size(), 1);
    }

    void renewalsCountForSelfPreservationOnlyFromEurekaLeases()
    {
        Fixture f;
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        f.registry.registerInstance(makeScInstance(u"sc-1"_s, id, 600));
        f.registry.registerInstance(makeEurekaInstance(u"eu-1"_s));
        f.registry.renew(u"CART"_s, u"sc-1"_s);
        f.registry.renew(u"CART"_s, u"sc-1"_s);
        f.registry.renew(u"orders"_s, u"eu-1"_s);
        f.clock.advance(60'000);
        QCOMPARE(f.registry.renewsLastMinute(), 3);
        QCOMPARE(f.registry.selfPreservation().renewsLastMin, 1);
    }

    void deleteServiceRefusesWithInstancesOrConsumersUnlessForced()
    {
        Fixture f;
        const QString provider = f.registry.createService(makeService(u"cart"_s)).serviceId;
        const QString consumer = f.registry.createService(makeService(u"web"_s)).serviceId;
        f.registry.registerInstance(makeScInstance(u"sc-1"_s, provider, 600));
        QCOMPARE(f.registry.deleteService(provider, false), Registry::DeleteServiceOutcome::HasInstances);

        f.registry.addDependency(consumer, f.registry.findService(provider)->key);
        QCOMPARE(f.registry.consumersOf(*f.registry.findService(provider)), QSet<QString> {consumer});
        QCOMPARE(f.registry.providersOf(consumer).size(), 1);
        QCOMPARE(f.registry.deleteService(provider, false), Registry::DeleteServiceOutcome::HasConsumers);

        QSignalSpy changed(&f.registry, &Registry::changed);
        QCOMPARE(f.registry.deleteService(provider, true), Registry::DeleteServiceOutcome::Deleted);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).value<RegistryChange>().kind, Kind::Cancelled);
        QCOMPARE(changed.at(1).at(0).value<RegistryChange>().kind, Kind::ServiceDeleted);
        QCOMPARE(f.registry.instanceCount(), 0);
        QVERIFY(!f.registry.findService(provider));
        QCOMPARE(f.registry.deleteService(provider, true), Registry::DeleteServiceOutcome::NotFound);
        QVERIFY(f.registry.providersOf(consumer).isEmpty());

        // Deleting a consumer drops its dependencies too.
        const QString again = f.registry.createService(makeService(u"cart"_s)).serviceId;
        f.registry.addDependency(consumer, f.registry.findService(again)->key);
        QCOMPARE(f.registry.deleteService(consumer, false), Registry::DeleteServiceOutcome::Deleted);
        QVERIFY(f.registry.consumersOf(*f.registry.findService(again)).isEmpty());
    }

    void replaceMetadataReplacesAndUpdateMerges()
    {
        Fixture f;
        f.registry.registerInstance(makeEurekaInstance(u"eu-1"_s));
        QVERIFY(f.registry.updateMetadata(u"orders"_s, u"eu-1"_s, {{u"a"_s, u"1"_s}}));
        QVERIFY(f.registry.updateMetadata(u"orders"_s, u"eu-1"_s, {{u"b"_s, u"2"_s}}));
        QCOMPARE(f.registry.instance(u"orders"_s, u"eu-1"_s)->metadata.size(), 2);
        QVERIFY(f.registry.replaceMetadata(u"orders"_s, u"eu-1"_s, {{u"c"_s, u"3"_s}}, WriteOrigin::Peer));
        QCOMPARE(f.registry.instance(u"orders"_s, u"eu-1"_s)->metadata,
                 (QMap<QString, QString> {{u"c"_s, u"3"_s}}));
        QVERIFY(!f.registry.replaceMetadata(u"orders"_s, u"nope"_s, {}));
    }

    void testingCountsAsUnknownInTheHashcode()
    {
        Fixture f;
        const QString id = f.registry.createService(makeService(u"cart"_s)).serviceId;
        Instance testing = makeScInstance(u"sc-1"_s, id, 600);
        testing.status = InstanceStatus::Testing;
        f.registry.registerInstance(testing);
        QCOMPARE(f.registry.appsHashcode(), u"UNKNOWN_1_"_s);
        QCOMPARE(statusName(InstanceStatus::Testing), u"TESTING"_s);
        QCOMPARE(eurekaVisibleStatus(InstanceStatus::Testing), InstanceStatus::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestServices)
#include "tst_services.moc"
