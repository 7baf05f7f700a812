// SPDX-License-Identifier: GPL-3.0-or-later
// The registry core against contract eureka.md §1.2–1.7 and §3, with Muster's deliberate deviations:
// expiry at now > lastRenewal + duration (no doubled lease), expected clients = instance count (no "+1"),
// the per-pass eviction cap only while self-preservation is enabled, and no self-preservation when empty.
// Time comes only from a ManualClock: no sleeps.
#include "model/instance.h"
#include "model/instancestatus.h"
#include "core/manualclock.h"
#include "core/registry.h"
#include "model/registrychange.h"
#include "core/registryconfig.h"
#include "api/selfpreservationstate.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <optional>

// Readable failure messages for the core's enums (found by argument-dependent lookup from QCOMPARE).
char *toString(InstanceStatus status)
{
    return qstrdup(statusName(status).toUtf8().constData());
}

char *toString(ActionType action)
{
    switch (action) {
    case ActionType::Added: return qstrdup("ADDED");
    case ActionType::Modified: return qstrdup("MODIFIED");
    case ActionType::Deleted: return qstrdup("DELETED");
    }
    return qstrdup("?");
}

char *toString(Registry::RenewOutcome outcome)
{
    switch (outcome) {
    case Registry::RenewOutcome::Renewed: return qstrdup("Renewed");
    case Registry::RenewOutcome::NotFound: return qstrdup("NotFound");
    case Registry::RenewOutcome::SenderNewer: return qstrdup("SenderNewer");
    case Registry::RenewOutcome::ReceiverNewer: return qstrdup("ReceiverNewer");
    }
    return qstrdup("?");
}

char *toString(RegistryChange::Kind kind)
{
    switch (kind) {
    case RegistryChange::Kind::Registered: return qstrdup("Registered");
    case RegistryChange::Kind::Cancelled: return qstrdup("Cancelled");
    case RegistryChange::Kind::Expired: return qstrdup("Expired");
    case RegistryChange::Kind::StatusChanged: return qstrdup("StatusChanged");
    case RegistryChange::Kind::StatusCorrected: return qstrdup("StatusCorrected");
    case RegistryChange::Kind::OverrideRemoved: return qstrdup("OverrideRemoved");
    case RegistryChange::Kind::MetadataChanged: return qstrdup("MetadataChanged");
    case RegistryChange::Kind::CheckStatusChanged: return qstrdup("CheckStatusChanged");
    case RegistryChange::Kind::ServiceCreated: return qstrdup("ServiceCreated");
    case RegistryChange::Kind::ServiceUpdated: return qstrdup("ServiceUpdated");
    case RegistryChange::Kind::ServiceDeleted: return qstrdup("ServiceDeleted");
    }
    return qstrdup("?");
}

char *toString(WriteOrigin origin)
{
    return qstrdup(origin == WriteOrigin::Peer ? "Peer" : "Client");
}

namespace {

constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 minuteMs = 60'000;

using Status = InstanceStatus;
using Outcome = Registry::RenewOutcome;
using Kind = RegistryChange::Kind;

QString s(const char *text)
{
    return QString::fromLatin1(text);
}

const QString orders = QStringLiteral("ORDERS");

// A minimal valid instance of app "orders" (lower case on purpose: the registry upper-cases it).
Instance makeInstance(const QString &id, Status status = Status::Up, qint64 lastDirty = T0 - 5000,
                      int durationSecs = 0, const QString &app = QStringLiteral("orders"))
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id + QStringLiteral(".example.org");
    instance.ipAddr = QStringLiteral("10.0.0.1");
    instance.status = status;
    instance.lastDirtyTimestamp = lastDirty;
    instance.lease.durationSecs = durationSecs;
    return instance;
}

struct Fixture
{
    explicit Fixture(RegistryConfig config = {}) : registry {config, &clock} {}

    Instance stored(const QString &id, const QString &app = QStringLiteral("orders")) const
    {
        const auto found = registry.instance(app, id);
        if (!found)
            qFatal("no stored instance %s", qPrintable(id));
        return *found;
    }

    ManualClock clock {T0};
    Registry registry;
};

RegistryChange changeAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<RegistryChange>();
}

// The delta entries for one instance id (the delta must hold at most one per instance).
QList<Instance> deltaFor(const Registry &registry, const QString &id)
{
    QList<Instance> result;
    for (const Instance &instance : registry.deltaInstances()) {
        if (instance.instanceId == id)
            result.append(instance);
    }
    return result;
}

Registry::RenewRequest withDirty(qint64 lastDirty, std::optional<Status> overridden = std::nullopt)
{
    Registry::RenewRequest request;
    request.lastDirtyTimestamp = lastDirty;
    request.overriddenStatus = overridden;
    return request;
}

} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<RegistryChange>();
        // The eviction pass logs each lease it drops; that is noise here.
        QLoggingCategory::setFilterRules(QStringLiteral("muster.registry.info=false"));
    }

    // ---------------------------------------------------------------- register (§1.2)

    void registerDefaults()
    {
        Fixture f;
        QSignalSpy changed(&f.registry, &Registry::changed);

        Instance in = makeInstance(s("i-1"));
        // Lease timestamps and bookkeeping in the body are the server's to set, not the client's.
        in.lease.registrationTimestamp = 42;
        in.lease.lastRenewalTimestamp = 43;
        in.lease.evictionTimestamp = 44;
        in.lease.serviceUpTimestamp = 45;
        in.lastUpdatedTimestamp = 46;
        in.actionType = ActionType::Deleted;
        in.metadata.insert(s("zone"), s("a"));

        const Instance out = f.registry.registerInstance(in);
        QCOMPARE(out.app, orders);
        QCOMPARE(out.instanceId, s("i-1"));
        QCOMPARE(out.lease.durationSecs, 90);
        QCOMPARE(out.lease.registrationTimestamp, T0);
        QCOMPARE(out.lease.lastRenewalTimestamp, T0);
        QCOMPARE(out.lease.evictionTimestamp, 0);
        QCOMPARE(out.lease.serviceUpTimestamp, T0);
        QCOMPARE(out.status, Status::Up);
        QCOMPARE(out.overriddenStatus, Status::Unknown);
        QCOMPARE(out.actionType, ActionType::Added);
        QCOMPARE(out.lastUpdatedTimestamp, T0);
        QCOMPARE(out.lastDirtyTimestamp, in.lastDirtyTimestamp);
        QCOMPARE(out.metadata.value(s("zone")), s("a"));
        QCOMPARE(out.hostName, in.hostName);

        // Stored under the upper-cased app; lookups take either case.
        QVERIFY(f.registry.instance(s("orders"), s("i-1")) == out);
        QVERIFY(f.registry.instance(s("ORDERS"), s("i-1")) == out);
        QVERIFY(f.registry.findInstance(s("i-1")) == out);
        QVERIFY(!f.registry.findInstance(s("i-2")).has_value());
        QVERIFY(!f.registry.instance(s("billing"), s("i-1")).has_value());
        QCOMPARE(f.registry.applications().keys(), QStringList {orders});
        QCOMPARE(f.registry.instanceCount(), 1);
        QVERIFY(!f.registry.isExpired(out));

        // The first instance of an app creates its service: app "eureka", the app's name in lower case.
        QCOMPARE(changed.count(), 2);
        const RegistryChange serviceChange = changeAt(changed, 0);
        QCOMPARE(serviceChange.kind, Kind::ServiceCreated);
        QCOMPARE(serviceChange.service.key.appId, s("eureka"));
        QCOMPARE(serviceChange.service.key.serviceName, s("orders"));
        QCOMPARE(out.serviceId, serviceChange.service.serviceId);
        QCOMPARE(out.endpoints, QStringList {s("rest://%1:%2").arg(in.ipAddr).arg(in.port.number)});
        const RegistryChange change = changeAt(changed, 1);
        QCOMPARE(change.kind, Kind::Registered);
        QCOMPARE(change.origin, WriteOrigin::Client);
        QCOMPARE(change.timestamp, T0);
        QCOMPARE(change.revision, f.registry.revision());
        QVERIFY(change.instance == out);
    }

    void registerLeaseDuration_data()
    {
        QTest::addColumn<int>("configDefault");
        QTest::addColumn<int>("bodyDuration");
        QTest::addColumn<int>("expected");
        QTest::newRow("default 90, body 0") << 90 << 0 << 90;
        QTest::newRow("default 90, body 30") << 90 << 30 << 30;
        QTest::newRow("default 90, body 300") << 90 << 300 << 300;
        QTest::newRow("default 90, body negative") << 90 << -5 << 90;
        QTest::newRow("configured default 45, body 0") << 45 << 0 << 45;
        QTest::newRow("configured default 45, body 120") << 45 << 120 << 120;
    }

    void registerLeaseDuration()
    {
        QFETCH(int, configDefault);
        QFETCH(int, bodyDuration);
        QFETCH(int, expected);
        RegistryConfig config;
        config.defaultLeaseDurationSecs = configDefault;
        Fixture f {config};

        const Instance out = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 1, bodyDuration));
        QCOMPARE(out.lease.durationSecs, expected);
        QCOMPARE(f.stored(s("i-1")).lease.durationSecs, expected);

        // The duration is the one expiry uses.
        f.clock.set(T0 + qint64(expected) * 1000);
        QVERIFY(!f.registry.isExpired(f.stored(s("i-1"))));
        f.clock.advance(1);
        QVERIFY(f.registry.isExpired(f.stored(s("i-1"))));
    }

    void reRegisterKeepsStrictlyNewerStoredCopy()
    {
        Fixture f;
        Instance first = makeInstance(s("i-1"), Status::Up, 2000);
        first.metadata.insert(s("v"), s("stored"));
        first.hostName = s("stored-host");
        f.registry.registerInstance(first);

        f.clock.advance(10'000);
        Instance older = makeInstance(s("i-1"), Status::Up, 1999);
        older.metadata.insert(s("v"), s("incoming"));
        older.hostName = s("incoming-host");
        QSignalSpy changed(&f.registry, &Registry::changed);
        const Instance out = f.registry.registerInstance(older);

        QCOMPARE(out.metadata.value(s("v")), s("stored"));
        QCOMPARE(out.hostName, s("stored-host"));
        QCOMPARE(out.lastDirtyTimestamp, 2000);
        // Still a new lease.
        QCOMPARE(out.lease.registrationTimestamp, T0 + 10'000);
        QCOMPARE(out.lease.lastRenewalTimestamp, T0 + 10'000);
        QCOMPARE(out.lease.serviceUpTimestamp, T0);
        QVERIFY(f.stored(s("i-1")) == out);
        QCOMPARE(f.registry.instanceCount(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::Registered);
    }

    void reRegisterTieOrNewerIncomingWins_data()
    {
        QTest::addColumn<qint64>("incomingDirty");
        QTest::newRow("tie") << qint64(2000);
        QTest::newRow("newer") << qint64(2001);
    }

    void reRegisterTieOrNewerIncomingWins()
    {
        QFETCH(qint64, incomingDirty);
        Fixture f;
        Instance first = makeInstance(s("i-1"), Status::Up, 2000);
        first.metadata.insert(s("v"), s("stored"));
        first.hostName = s("stored-host");
        f.registry.registerInstance(first);

        f.clock.advance(1000);
        Instance incoming = makeInstance(s("i-1"), Status::Up, incomingDirty);
        incoming.metadata.insert(s("w"), s("incoming"));
        incoming.hostName = s("incoming-host");
        const Instance out = f.registry.registerInstance(incoming);

        QCOMPARE(out.hostName, s("incoming-host"));
        QCOMPARE(out.metadata, (QMap<QString, QString> {{s("w"), s("incoming")}}));
        QCOMPARE(out.lastDirtyTimestamp, incomingDirty);
        QVERIFY(f.stored(s("i-1")) == out);
    }

    void reRegisterCarriesServiceUpAndResetsRegistration()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.advance(45'000);
        f.registry.renew(s("orders"), s("i-1"));
        f.clock.advance(20'000);

        const Instance out = f.registry.registerInstance(makeInstance(s("i-1")));
        QCOMPARE(out.lease.registrationTimestamp, T0 + 65'000);
        QCOMPARE(out.lease.lastRenewalTimestamp, T0 + 65'000);
        QCOMPARE(out.lease.serviceUpTimestamp, T0);
        QCOMPARE(out.lastUpdatedTimestamp, T0 + 65'000);
        QCOMPARE(f.registry.instanceCount(), 1);
        QCOMPARE(f.registry.selfPreservation().expectedClients, 1);
    }

    void serviceUpIsSetOnceTheInstanceIsUp()
    {
        Fixture f;
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Starting)).lease.serviceUpTimestamp, 0);

        f.clock.advance(5000);
        Instance up = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(up.status, Status::Up);   // existing STARTING is not kept by the lease rule
        QCOMPARE(up.lease.serviceUpTimestamp, T0 + 5000);

        f.clock.advance(5000);
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Down)).lease.serviceUpTimestamp,
                 T0 + 5000);
        f.clock.advance(5000);
        up = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(up.status, Status::Up);
        QCOMPARE(up.lease.serviceUpTimestamp, T0 + 5000);
    }

    void registerLeaseExistsRule()
    {
        // §3.6 rule 3: for a client (not a peer), an existing UP or OUT_OF_SERVICE status is kept.
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::OutOfService)).status, Status::Up);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);

        // A peer's register is not subject to it.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::OutOfService), WriteOrigin::Peer).status,
                 Status::OutOfService);
        // And now the existing OUT_OF_SERVICE is kept against a client's UP.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up)).status, Status::OutOfService);
        // A peer's UP is taken as sent.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up), WriteOrigin::Peer).status, Status::Up);

        // A new instance: rule 4, its own status.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-2"), Status::OutOfService)).status,
                 Status::OutOfService);
        // Existing DOWN is not kept: the client's UP wins.
        f.registry.registerInstance(makeInstance(s("i-3"), Status::Down));
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-3"), Status::Up)).status, Status::Up);
    }

    void registerSeedsOverrideFromPayload()
    {
        // §3.6: a non-UNKNOWN overriddenStatus in the body seeds the override map if it has no entry yet.
        Fixture f;
        Instance in = makeInstance(s("i-1"), Status::Up);
        in.overriddenStatus = Status::OutOfService;
        Instance out = f.registry.registerInstance(in, WriteOrigin::Peer);
        QCOMPARE(out.status, Status::OutOfService);
        QCOMPARE(out.overriddenStatus, Status::OutOfService);

        // Heartbeats keep it.
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::OutOfService);

        // The existing entry is not replaced by a later payload's value.
        Instance other = makeInstance(s("i-1"), Status::Up);
        other.overriddenStatus = Status::Down;
        out = f.registry.registerInstance(other, WriteOrigin::Peer);
        QCOMPARE(out.overriddenStatus, Status::OutOfService);
        QCOMPARE(out.status, Status::OutOfService);

        // A payload without an override gets the map's value copied in.
        out = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(out.overriddenStatus, Status::OutOfService);
        QCOMPARE(out.status, Status::OutOfService);

        // It is a real override: removing it with a value brings the instance back.
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up));
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(f.stored(s("i-1")).overriddenStatus, Status::Unknown);
    }

    // ---------------------------------------------------------------- renew (§1.3)

    void renewUnknownIsNotFound()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.advance(10'000);
        QSignalSpy renewed(&f.registry, &Registry::renewed);
        QSignalSpy changed(&f.registry, &Registry::changed);

        auto result = f.registry.renew(s("billing"), s("i-1"));
        QCOMPARE(result.outcome, Outcome::NotFound);
        QVERIFY(!result.stored.has_value());
        QCOMPARE(f.registry.renew(s("orders"), s("i-2")).outcome, Outcome::NotFound);
        QCOMPARE(f.registry.renew(s("orders"), s("i-2"), withDirty(1), WriteOrigin::Peer).outcome, Outcome::NotFound);

        QCOMPARE(renewed.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(f.registry.renewsTotal(), 0);
        QCOMPARE(f.stored(s("i-1")).lease.lastRenewalTimestamp, T0);
        f.clock.advance(minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), 0);
    }

    void renewMovesLastRenewal()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        const quint64 revision = f.registry.revision();
        QSignalSpy renewed(&f.registry, &Registry::renewed);
        QSignalSpy changed(&f.registry, &Registry::changed);

        f.clock.advance(30'000);
        const auto result = f.registry.renew(s("orders"), s("i-1"));
        QCOMPARE(result.outcome, Outcome::Renewed);
        QVERIFY(!result.stored.has_value());

        const Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.lease.lastRenewalTimestamp, T0 + 30'000);
        QCOMPARE(stored.lease.registrationTimestamp, T0);
        QCOMPARE(stored.lastUpdatedTimestamp, T0);   // a heartbeat is not a change
        QCOMPARE(f.registry.renewsTotal(), 1);
        QCOMPARE(f.registry.revision(), revision);
        QCOMPARE(changed.count(), 0);

        QCOMPARE(renewed.count(), 1);
        QCOMPARE(renewed.at(0).at(0).toString(), orders);
        QCOMPARE(renewed.at(0).at(1).toString(), s("i-1"));
        QCOMPARE(renewed.at(0).at(2).value<qint64>(), T0 + 30'000);
        QCOMPARE(renewed.at(0).at(3).value<WriteOrigin>(), WriteOrigin::Client);

        f.clock.advance(30'000);
        QCOMPARE(f.registry.renew(s("ORDERS"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).lease.lastRenewalTimestamp, T0 + 60'000);
        QCOMPARE(f.registry.renewsTotal(), 2);
    }

    void renewComparesLastDirty_data()
    {
        QTest::addColumn<bool>("peer");
        QTest::addColumn<bool>("sendDirty");
        QTest::addColumn<qint64>("dirtyDelta");
        QTest::addColumn<int>("expected");

        const int renewed = int(Outcome::Renewed);
        QTest::newRow("client, no lastDirty") << false << false << qint64(0) << renewed;
        QTest::newRow("client, newer") << false << true << qint64(1) << int(Outcome::SenderNewer);
        QTest::newRow("client, equal") << false << true << qint64(0) << renewed;
        QTest::newRow("client, older") << false << true << qint64(-1) << renewed;
        QTest::newRow("peer, no lastDirty") << true << false << qint64(0) << renewed;
        QTest::newRow("peer, newer") << true << true << qint64(1) << int(Outcome::SenderNewer);
        QTest::newRow("peer, equal") << true << true << qint64(0) << renewed;
        QTest::newRow("peer, older") << true << true << qint64(-1) << int(Outcome::ReceiverNewer);
    }

    void renewComparesLastDirty()
    {
        QFETCH(bool, peer);
        QFETCH(bool, sendDirty);
        QFETCH(qint64, dirtyDelta);
        QFETCH(int, expected);
        const qint64 storedDirty = T0 - 1000;
        const WriteOrigin origin = peer ? WriteOrigin::Peer : WriteOrigin::Client;

        Fixture f;
        Instance in = makeInstance(s("i-1"), Status::Up, storedDirty);
        in.metadata.insert(s("k"), s("v"));
        f.registry.registerInstance(in);
        QSignalSpy renewed(&f.registry, &Registry::renewed);
        f.clock.advance(20'000);

        Registry::RenewRequest request;
        if (sendDirty)
            request.lastDirtyTimestamp = storedDirty + dirtyDelta;
        const auto result = f.registry.renew(s("orders"), s("i-1"), request, origin);
        QCOMPARE(result.outcome, Outcome(expected));

        // In every case the lease itself was renewed first (§1.3 step 1).
        const Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.lease.lastRenewalTimestamp, T0 + 20'000);
        QCOMPARE(f.registry.renewsTotal(), 1);
        QCOMPARE(renewed.count(), 1);
        QCOMPARE(renewed.at(0).at(3).value<WriteOrigin>(), origin);
        QCOMPARE(stored.lastDirtyTimestamp, storedDirty);   // a renew never changes the stored copy's data

        if (Outcome(expected) == Outcome::ReceiverNewer) {
            QVERIFY(result.stored.has_value());
            QVERIFY(*result.stored == stored);
            QCOMPARE(result.stored->metadata.value(s("k")), s("v"));
        } else {
            QVERIFY(!result.stored.has_value());
        }
    }

    void renewKeepsReportedDownOrStarting()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Down));
        f.registry.registerInstance(makeInstance(s("i-2"), Status::Starting));
        QSignalSpy changed(&f.registry, &Registry::changed);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.registry.renew(s("orders"), s("i-2")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Down);
        QCOMPARE(f.stored(s("i-2")).status, Status::Starting);
        QCOMPARE(changed.count(), 0);
    }

    void renewAfterOverrideRemovalWithoutValueIsNotFound()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        f.clock.advance(1000);
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1")));
        QCOMPARE(f.stored(s("i-1")).status, Status::Unknown);

        f.clock.advance(1000);
        QSignalSpy renewed(&f.registry, &Registry::renewed);
        const auto result = f.registry.renew(s("orders"), s("i-1"));
        QCOMPARE(result.outcome, Outcome::NotFound);
        QVERIFY(!result.stored.has_value());
        // Not counted, not renewed: the client has to re-register.
        QCOMPARE(renewed.count(), 0);
        QCOMPARE(f.registry.renewsTotal(), 0);
        QCOMPARE(f.stored(s("i-1")).lease.lastRenewalTimestamp, T0 + 1000);
        // A peer's heartbeat gets the same answer.
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), {}, WriteOrigin::Peer).outcome, Outcome::NotFound);

        // The designed way back: the client re-registers with its real status.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up)).status, Status::Up);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
    }

    void renewFromPeerWithNewerDirtyStoresOverride()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 1000));
        QSignalSpy changed(&f.registry, &Registry::changed);

        // From a client the overriddenStatus is ignored.
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), withDirty(2000, Status::OutOfService)).outcome,
                 Outcome::SenderNewer);
        // From a peer, UNKNOWN is not an override, and an older or equal copy stores nothing.
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), withDirty(2000, Status::Unknown), WriteOrigin::Peer).outcome,
                 Outcome::SenderNewer);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), withDirty(999, Status::OutOfService), WriteOrigin::Peer).outcome,
                 Outcome::ReceiverNewer);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), withDirty(1000, Status::OutOfService), WriteOrigin::Peer).outcome,
                 Outcome::Renewed);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(changed.count(), 0);

        // A peer's newer copy with an override: the override is stored.
        f.clock.advance(1000);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1"), withDirty(2000, Status::OutOfService), WriteOrigin::Peer).outcome,
                 Outcome::SenderNewer);
        QCOMPARE(f.stored(s("i-1")).overriddenStatus, Status::OutOfService);

        // The next heartbeat applies it through the override rules and corrects the stored status.
        f.clock.advance(1000);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::OutOfService);
        QCOMPARE(changed.count(), 1);
        const RegistryChange change = changeAt(changed, 0);
        QCOMPARE(change.kind, Kind::StatusCorrected);
        QCOMPARE(change.instance.status, Status::OutOfService);
        QCOMPARE(change.timestamp, T0 + 2000);
        QCOMPARE(change.revision, f.registry.revision());
        // The correction is a change like any other: the delta shows the current state as MODIFIED.
        const QList<Instance> delta = deltaFor(f.registry, s("i-1"));
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().status, Status::OutOfService);
        QCOMPARE(delta.first().actionType, ActionType::Modified);

        // And a client's UP re-registration cannot undo it.
        const Instance out = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 2000));
        QCOMPARE(out.status, Status::OutOfService);
        QCOMPARE(out.overriddenStatus, Status::OutOfService);
    }

    // ---------------------------------------------------------------- cancel (§1.4)

    void cancelRemoves()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.registry.registerInstance(makeInstance(s("i-2")));
        f.clock.advance(7000);
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.cancel(s("orders"), s("i-1")));
        QVERIFY(!f.registry.instance(s("orders"), s("i-1")).has_value());
        QVERIFY(!f.registry.findInstance(s("i-1")).has_value());
        QCOMPARE(f.registry.instanceCount(), 1);
        QCOMPARE(f.registry.applications().value(orders).keys(), QStringList {s("i-2")});

        QCOMPARE(changed.count(), 1);
        const RegistryChange change = changeAt(changed, 0);
        QCOMPARE(change.kind, Kind::Cancelled);
        QCOMPARE(change.origin, WriteOrigin::Client);
        QCOMPARE(change.timestamp, T0 + 7000);
        QCOMPARE(change.instance.instanceId, s("i-1"));
        QCOMPARE(change.instance.actionType, ActionType::Deleted);
        QCOMPARE(change.instance.lease.evictionTimestamp, T0 + 7000);

        const QList<Instance> delta = deltaFor(f.registry, s("i-1"));
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().actionType, ActionType::Deleted);
        QCOMPARE(delta.first().lease.evictionTimestamp, T0 + 7000);
        QCOMPARE(delta.first().lastUpdatedTimestamp, T0 + 7000);
        QCOMPARE(delta.first().hostName, s("i-1.example.org"));   // the last known data

        // The second cancel finds nothing and changes nothing.
        const quint64 revision = f.registry.revision();
        QVERIFY(!f.registry.cancel(s("orders"), s("i-1")));
        QVERIFY(!f.registry.cancel(s("billing"), s("i-2")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(f.registry.revision(), revision);

        // Cancelling the last instance of an app removes the app.
        QVERIFY(f.registry.cancel(s("ORDERS"), s("i-2")));
        QVERIFY(f.registry.applications().isEmpty());
        QCOMPARE(f.registry.instanceCount(), 0);
    }

    void cancelDropsOverride()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QVERIFY(f.registry.cancel(s("orders"), s("i-1")));

        const Instance out = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(out.status, Status::Up);
        QCOMPARE(out.overriddenStatus, Status::Unknown);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
    }

    void cancelFromPeer()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QSignalSpy changed(&f.registry, &Registry::changed);
        QVERIFY(f.registry.cancel(s("orders"), s("i-1"), WriteOrigin::Peer));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::Cancelled);
        QCOMPARE(changeAt(changed, 0).origin, WriteOrigin::Peer);
    }

    // ---------------------------------------------------------------- expiry (§3.2, Muster's rule)

    void expiryBoundary_data()
    {
        QTest::addColumn<int>("bodyDuration");
        QTest::addColumn<int>("effective");
        QTest::newRow("default 90 s") << 0 << 90;
        QTest::newRow("30 s from the body") << 30 << 30;
        QTest::newRow("1 s from the body") << 1 << 1;
    }

    void expiryBoundary()
    {
        QFETCH(int, bodyDuration);
        QFETCH(int, effective);
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 1, bodyDuration));

        f.clock.set(T0 + qint64(effective) * 1000 - 1);
        QVERIFY(!f.registry.isExpired(f.stored(s("i-1"))));
        f.clock.set(T0 + qint64(effective) * 1000);
        QVERIFY(!f.registry.isExpired(f.stored(s("i-1"))));
        f.clock.set(T0 + qint64(effective) * 1000 + 1);
        QVERIFY(f.registry.isExpired(f.stored(s("i-1"))));
    }

    void expiryCountsFromTheLastRenewalOnce()
    {
        // No doubled lease after a renew: lastRenewal + duration, exactly.
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.set(T0 + 60'000);
        f.registry.renew(s("orders"), s("i-1"));
        QCOMPARE(f.stored(s("i-1")).lease.lastRenewalTimestamp, T0 + 60'000);

        f.clock.set(T0 + 60'000 + 90'000);
        QVERIFY(!f.registry.isExpired(f.stored(s("i-1"))));
        f.clock.advance(1);
        QVERIFY(f.registry.isExpired(f.stored(s("i-1"))));
    }

    void evictionAtTheBoundary()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 1, 30));
        f.clock.set(T0 + 30'000);
        QCOMPARE(f.registry.evictExpired(), 0);
        QVERIFY(f.registry.instance(s("orders"), s("i-1")).has_value());
        f.clock.advance(1);
        QCOMPARE(f.registry.evictExpired(), 1);
        QVERIFY(!f.registry.instance(s("orders"), s("i-1")).has_value());
    }

    // ---------------------------------------------------------------- eviction (§3.2, §3.3)

    void evictionWithoutSelfPreservationEvictsAllExpired()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        for (int i = 0; i < 20; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("short-%1").arg(i), Status::Up, 1, 30));
        f.registry.registerInstance(makeInstance(s("long"), Status::Up, 1, 600));
        f.registry.registerInstance(makeInstance(s("b-1"), Status::Up, 1, 30, s("billing")));
        QCOMPARE(f.registry.instanceCount(), 22);

        f.clock.set(T0 + 30'000);
        QCOMPARE(f.registry.evictExpired(), 0);

        f.clock.set(T0 + 45'000);
        QSignalSpy changed(&f.registry, &Registry::changed);
        // No per-pass cap while self-preservation is off (with it, this pass could take at most 4).
        QCOMPARE(f.registry.evictExpired(), 21);
        QCOMPARE(f.registry.instanceCount(), 1);
        QVERIFY(f.registry.instance(s("orders"), s("long")).has_value());
        QVERIFY(!f.registry.applications().contains(s("BILLING")));

        QCOMPARE(changed.count(), 21);
        for (qsizetype i = 0; i < changed.count(); ++i) {
            const RegistryChange change = changeAt(changed, i);
            QCOMPARE(change.kind, Kind::Expired);
            QCOMPARE(change.timestamp, T0 + 45'000);
            QCOMPARE(change.instance.actionType, ActionType::Deleted);
            QCOMPARE(change.instance.lease.evictionTimestamp, T0 + 45'000);
            QVERIFY(change.instance.instanceId != s("long"));
        }
        const QList<Instance> delta = deltaFor(f.registry, s("short-7"));
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().actionType, ActionType::Deleted);
        QCOMPARE(delta.first().lease.evictionTimestamp, T0 + 45'000);

        // Nothing left to evict.
        QCOMPARE(f.registry.evictExpired(), 0);
        QCOMPARE(changed.count(), 21);
    }

    void evictionHeldBySelfPreservation()
    {
        Fixture f;   // self-preservation on by default
        for (int i = 0; i < 3; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("i-%1").arg(i)));
        f.clock.set(T0 + 5 * minuteMs);   // every lease has expired, no renewals at all
        QVERIFY(f.registry.isExpired(f.stored(s("i-0"))));

        QSignalSpy changed(&f.registry, &Registry::changed);
        QVERIFY(f.registry.selfPreservation().active);
        QVERIFY(!f.registry.isLeaseExpirationEnabled());
        QCOMPARE(f.registry.evictExpired(), 0);
        QCOMPARE(f.registry.instanceCount(), 3);
        QCOMPARE(changed.count(), 0);

        // Turning it off lets the pass evict everything expired, uncapped.
        f.registry.setSelfPreservationEnabled(false);
        QCOMPARE(f.registry.evictExpired(), 3);
        QCOMPARE(f.registry.instanceCount(), 0);
        QCOMPARE(changed.count(), 3);
    }

    void evictionHeldWhileRenewalsAreBelowThreshold()
    {
        // 10 instances: threshold (int)(20 × 0.85) = 17. Exactly 17 renewals is not enough.
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("long-%1").arg(i), Status::Up, 1, 600));
        for (int i = 0; i < 5; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("short-%1").arg(i), Status::Up, 1, 30));
        for (int r = 0; r < 17; ++r)
            f.registry.renew(s("orders"), QStringLiteral("long-%1").arg(r % 5));

        f.clock.set(T0 + minuteMs);
        const SelfPreservationState state = f.registry.selfPreservation();
        QCOMPARE(state.renewsThreshold, 17);
        QCOMPARE(state.renewsLastMin, 17);
        QVERIFY(!state.leaseExpirationEnabled);
        QVERIFY(state.active);
        QCOMPARE(f.registry.evictExpired(), 0);
        QCOMPARE(f.registry.instanceCount(), 10);
    }

    void evictionCapWithSelfPreservation()
    {
        // 20 instances, 10 of them expired; 40 renewals in the last minute > threshold 34, so expiry is on,
        // but each pass evicts at most size − (int)(size × 0.85), chosen among the expired ones.
        Fixture f;
        for (int i = 0; i < 10; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("long-%1").arg(i), Status::Up, 1, 600));
        for (int i = 0; i < 10; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("short-%1").arg(i), Status::Up, 1, 30));
        for (int r = 0; r < 4; ++r) {
            for (int i = 0; i < 10; ++i)
                QCOMPARE(f.registry.renew(s("orders"), QStringLiteral("long-%1").arg(i)).outcome, Outcome::Renewed);
        }

        f.clock.set(T0 + minuteMs);
        SelfPreservationState state = f.registry.selfPreservation();
        QCOMPARE(state.renewsLastMin, 40);
        QCOMPARE(state.renewsThreshold, 34);
        QVERIFY(state.leaseExpirationEnabled);
        QVERIFY(!state.active);

        QSignalSpy changed(&f.registry, &Registry::changed);
        // size 20 → cap 3; 17 → 3; 14 → 3 (14 − (int)11.9); 11 → 2, but only 1 expired left.
        const QList<int> expectedPerPass {3, 3, 3, 1, 0};
        qsizetype size = 20;
        for (int expected : expectedPerPass) {
            QCOMPARE(f.registry.evictExpired(), expected);
            size -= expected;
            QCOMPARE(f.registry.instanceCount(), size);
        }
        QCOMPARE(f.registry.instanceCount(), 10);
        for (int i = 0; i < 10; ++i)
            QVERIFY(f.registry.instance(s("orders"), QStringLiteral("long-%1").arg(i)).has_value());
        QCOMPARE(changed.count(), 10);
        for (qsizetype i = 0; i < changed.count(); ++i) {
            QCOMPARE(changeAt(changed, i).kind, Kind::Expired);
            QVERIFY(changeAt(changed, i).instance.instanceId.startsWith(s("short-")));
        }
    }

    void evictionCapFollowsTheConfiguredThreshold()
    {
        // renewalPercentThreshold 0.5: 10 instances → threshold (int)(20 × 0.5) = 10, cap 10 − 5 = 5.
        RegistryConfig config;
        config.renewalPercentThreshold = 0.5;
        Fixture f {config};
        for (int i = 0; i < 4; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("long-%1").arg(i), Status::Up, 1, 600));
        for (int i = 0; i < 6; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("short-%1").arg(i), Status::Up, 1, 30));
        for (int r = 0; r < 11; ++r)
            f.registry.renew(s("orders"), QStringLiteral("long-%1").arg(r % 4));

        f.clock.set(T0 + minuteMs);
        QCOMPARE(f.registry.selfPreservation().renewsThreshold, 10);
        QVERIFY(f.registry.isLeaseExpirationEnabled());
        QCOMPARE(f.registry.evictExpired(), 5);
        QCOMPARE(f.registry.instanceCount(), 5);
        // Now 5 instances: threshold (int)(10 × 0.5) = 5, 11 > 5; cap 5 − 2 = 3, one expired left.
        QCOMPARE(f.registry.evictExpired(), 1);
        QCOMPARE(f.registry.instanceCount(), 4);
    }

    // ---------------------------------------------------------------- self-preservation (§3.3)

    void selfPreservationEmpty()
    {
        Fixture f;
        const SelfPreservationState state = f.registry.selfPreservation();
        QVERIFY(state.enabled);
        QVERIFY(!state.active);
        QVERIFY(!state.leaseExpirationEnabled);   // threshold 0: expiry stays off, but nothing is held
        QCOMPARE(state.expectedClients, 0);
        QCOMPARE(state.expectedRenewsPerMin, 0);
        QCOMPARE(state.renewsThreshold, 0);
        QCOMPARE(state.renewsLastMin, 0);
        QCOMPARE(state.renewalPercentThreshold, 0.85);
        QCOMPARE(f.registry.evictExpired(), 0);

        // Back to empty after a cancel: not active again.
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.selfPreservation().active);
        f.registry.cancel(s("orders"), s("i-1"));
        QVERIFY(!f.registry.selfPreservation().active);
    }

    void selfPreservationNumbers_data()
    {
        QTest::addColumn<int>("instances");
        QTest::addColumn<qint64>("expectedRenews");
        QTest::addColumn<qint64>("threshold");
        QTest::newRow("1") << 1 << qint64(2) << qint64(1);
        QTest::newRow("2") << 2 << qint64(4) << qint64(3);
        QTest::newRow("3") << 3 << qint64(6) << qint64(5);
        QTest::newRow("7") << 7 << qint64(14) << qint64(11);
        QTest::newRow("10") << 10 << qint64(20) << qint64(17);
        QTest::newRow("20") << 20 << qint64(40) << qint64(34);
        QTest::newRow("100") << 100 << qint64(200) << qint64(170);
    }

    void selfPreservationNumbers()
    {
        QFETCH(int, instances);
        QFETCH(qint64, expectedRenews);
        QFETCH(qint64, threshold);
        Fixture f;
        for (int i = 0; i < instances; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("i-%1").arg(i)));
        // Re-registering an existing id is not a new client.
        f.registry.registerInstance(makeInstance(s("i-0")));

        const SelfPreservationState state = f.registry.selfPreservation();
        QCOMPARE(state.expectedClients, qint64(instances));   // no "+1"
        QCOMPARE(state.expectedRenewsPerMin, expectedRenews);
        QCOMPARE(state.renewsThreshold, threshold);
        QCOMPARE(state.renewsLastMin, 0);
        QVERIFY(state.enabled);
        QVERIFY(state.active);
        QVERIFY(!state.leaseExpirationEnabled);
    }

    void expectedClientsFollowTheInstanceCount()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        for (int i = 0; i < 4; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("i-%1").arg(i), Status::Up, 1, i == 3 ? 30 : 0));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 4);
        f.registry.cancel(s("orders"), s("i-0"));
        QCOMPARE(f.registry.selfPreservation().expectedClients, 3);
        QCOMPARE(f.registry.selfPreservation().expectedRenewsPerMin, 6);
        f.clock.advance(31'000);
        QCOMPARE(f.registry.evictExpired(), 1);   // i-3
        QCOMPARE(f.registry.selfPreservation().expectedClients, 2);
        QCOMPARE(f.registry.selfPreservation().renewsThreshold, 3);
    }

    void renewsLastMinCountsThePreviousCompleteMinute()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        for (qint64 at : {qint64(0), qint64(1), qint64(20'000), qint64(40'000), qint64(59'999)}) {
            f.clock.set(T0 + at);
            f.registry.renew(s("orders"), s("i-1"));
        }
        // The current minute does not count yet.
        QCOMPARE(f.registry.renewsLastMinute(), 0);
        QCOMPARE(f.registry.selfPreservation().renewsLastMin, 0);

        f.clock.set(T0 + minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), 5);
        f.registry.renew(s("orders"), s("i-1"));
        f.clock.set(T0 + minuteMs + 30'000);
        f.registry.renew(s("orders"), s("i-1"));
        QCOMPARE(f.registry.renewsLastMinute(), 5);
        QCOMPARE(f.registry.selfPreservation().renewsLastMin, 5);

        f.clock.set(T0 + 2 * minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), 2);
        // A minute without renewals.
        f.clock.set(T0 + 3 * minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), 0);
        QCOMPARE(f.registry.renewsTotal(), 7);

        // Peer renewals count too (each heartbeat reaches each node once).
        f.registry.renew(s("orders"), s("i-1"), {}, WriteOrigin::Peer);
        f.clock.set(T0 + 4 * minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), 1);
    }

    void leaseExpirationNeedsRenewalsAboveTheThreshold()
    {
        // One client renewing every 30 s: threshold (int)(2 × 0.85) = 1, and 2 > 1, so expiry is enabled
        // (Spring's "+1" would keep such a registry in self-preservation forever).
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.set(T0 + 1);
        f.registry.renew(s("orders"), s("i-1"));
        f.clock.set(T0 + 30'001);
        f.registry.renew(s("orders"), s("i-1"));

        f.clock.set(T0 + minuteMs + 1);
        SelfPreservationState state = f.registry.selfPreservation();
        QCOMPARE(state.renewsThreshold, 1);
        QCOMPARE(state.renewsLastMin, 2);
        QVERIFY(state.leaseExpirationEnabled);
        QVERIFY(!state.active);
        QVERIFY(f.registry.isLeaseExpirationEnabled());

        // One renewal in the next minute: 1 is not > 1.
        f.registry.renew(s("orders"), s("i-1"));
        f.clock.set(T0 + 2 * minuteMs);
        state = f.registry.selfPreservation();
        QCOMPARE(state.renewsLastMin, 1);
        QVERIFY(!state.leaseExpirationEnabled);
        QVERIFY(state.active);
        QVERIFY(!f.registry.isLeaseExpirationEnabled());
    }

    void setSelfPreservationEnabledSwitches()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.selfPreservation().active);

        f.registry.setSelfPreservationEnabled(false);
        SelfPreservationState state = f.registry.selfPreservation();
        QVERIFY(!state.enabled);
        QVERIFY(!state.active);
        QVERIFY(state.leaseExpirationEnabled);
        QVERIFY(f.registry.isLeaseExpirationEnabled());
        QVERIFY(!f.registry.config().selfPreservationEnabled);
        // The numbers are still reported.
        QCOMPARE(state.expectedClients, 1);
        QCOMPARE(state.renewsThreshold, 1);

        f.registry.setSelfPreservationEnabled(true);
        state = f.registry.selfPreservation();
        QVERIFY(state.enabled);
        QVERIFY(state.active);
        QVERIFY(!state.leaseExpirationEnabled);
        QVERIFY(f.registry.config().selfPreservationEnabled);

        // Disabled from the configuration: the same.
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture g {config};
        QVERIFY(!g.registry.selfPreservation().enabled);
        QVERIFY(g.registry.isLeaseExpirationEnabled());
        QVERIFY(!g.registry.selfPreservation().active);
    }

    void renewalThresholdConfig_data()
    {
        QTest::addColumn<double>("percent");
        QTest::addColumn<int>("interval");
        QTest::addColumn<qint64>("expectedRenews");
        QTest::addColumn<qint64>("threshold");
        // 10 instances.
        QTest::newRow("0.5, 30 s") << 0.5 << 30 << qint64(20) << qint64(10);
        QTest::newRow("0.49, 30 s") << 0.49 << 30 << qint64(20) << qint64(9);
        QTest::newRow("0.85, 20 s") << 0.85 << 20 << qint64(30) << qint64(25);
        QTest::newRow("0.85, 60 s") << 0.85 << 60 << qint64(10) << qint64(8);
        QTest::newRow("1.0, 15 s") << 1.0 << 15 << qint64(40) << qint64(40);
    }

    void renewalThresholdConfig()
    {
        QFETCH(double, percent);
        QFETCH(int, interval);
        QFETCH(qint64, expectedRenews);
        QFETCH(qint64, threshold);
        RegistryConfig config;
        config.renewalPercentThreshold = percent;
        config.expectedClientRenewalIntervalSecs = interval;
        Fixture f {config};
        for (int i = 0; i < 10; ++i)
            f.registry.registerInstance(makeInstance(QStringLiteral("i-%1").arg(i)));

        SelfPreservationState state = f.registry.selfPreservation();
        QCOMPARE(state.renewalPercentThreshold, percent);
        QCOMPARE(state.expectedRenewsPerMin, expectedRenews);
        QCOMPARE(state.renewsThreshold, threshold);

        // Exactly the threshold holds; one more releases.
        for (qint64 r = 0; r < threshold; ++r)
            f.registry.renew(s("orders"), QStringLiteral("i-%1").arg(r % 10));
        f.clock.set(T0 + minuteMs);
        QVERIFY(!f.registry.isLeaseExpirationEnabled());
        for (qint64 r = 0; r <= threshold; ++r)
            f.registry.renew(s("orders"), QStringLiteral("i-%1").arg(r % 10));
        f.clock.set(T0 + 2 * minuteMs);
        QCOMPARE(f.registry.renewsLastMinute(), threshold + 1);
        QVERIFY(f.registry.isLeaseExpirationEnabled());
    }

    // ---------------------------------------------------------------- status override (§1.5, §1.6, §3.6)

    void overrideSurvivesHeartbeatsAndReRegistration()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.advance(5000);
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.status, Status::OutOfService);
        QCOMPARE(stored.overriddenStatus, Status::OutOfService);
        QCOMPARE(stored.actionType, ActionType::Modified);
        QCOMPARE(stored.lastUpdatedTimestamp, T0 + 5000);
        QCOMPARE(stored.lease.lastRenewalTimestamp, T0 + 5000);   // the lease is renewed
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::StatusChanged);
        QCOMPARE(changeAt(changed, 0).instance.status, Status::OutOfService);
        QCOMPARE(f.registry.renewsTotal(), 0);   // not a heartbeat

        f.clock.advance(30'000);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::OutOfService);
        QCOMPARE(changed.count(), 1);

        const Instance out = f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(out.status, Status::OutOfService);
        QCOMPARE(out.overriddenStatus, Status::OutOfService);
        // Even a peer's UP register.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up), WriteOrigin::Peer).status,
                 Status::OutOfService);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::OutOfService);
    }

    void overrideLetsTheClientReportDownOrStarting()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));

        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Down)).status, Status::Down);
        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Down);
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Starting)).status, Status::Starting);
        // The override is still there for the next UP.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up)).status, Status::OutOfService);
    }

    void overrideToSameStatusStoresNothing()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.advance(4000);
        const quint64 revision = f.registry.revision();
        const quint64 deltaVersion = f.registry.deltaLogVersion();
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::Up, T0 + 99'999));
        Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.status, Status::Up);
        QCOMPARE(stored.overriddenStatus, Status::Unknown);
        QCOMPARE(stored.actionType, ActionType::Added);
        QCOMPARE(stored.lastDirtyTimestamp, T0 - 5000);
        QCOMPARE(stored.lease.lastRenewalTimestamp, T0 + 4000);   // but the lease is renewed
        QCOMPARE(changed.count(), 0);
        QCOMPARE(f.registry.revision(), revision);
        QCOMPARE(f.registry.deltaLogVersion(), deltaVersion);

        // No override was stored: removing "it" finds nothing to remove and changes nothing.
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1")));
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(changed.count(), 0);

        // Same on an instance that a peer put OUT_OF_SERVICE without an override: the admin's
        // OUT_OF_SERVICE is not stored, so a DOWN report followed by UP comes back UP.
        f.registry.registerInstance(makeInstance(s("i-2"), Status::OutOfService), WriteOrigin::Peer);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-2"), Status::OutOfService));
        QCOMPARE(f.stored(s("i-2")).overriddenStatus, Status::Unknown);
        f.registry.registerInstance(makeInstance(s("i-2"), Status::Down));
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-2"), Status::Up)).status, Status::Up);
    }

    void overrideOnUnknownInstance()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QSignalSpy changed(&f.registry, &Registry::changed);
        QVERIFY(!f.registry.setStatusOverride(s("orders"), s("nope"), Status::OutOfService));
        QVERIFY(!f.registry.setStatusOverride(s("billing"), s("i-1"), Status::OutOfService));
        QVERIFY(!f.registry.removeStatusOverride(s("orders"), s("nope"), Status::Up));
        QVERIFY(!f.registry.removeStatusOverride(s("billing"), s("i-1")));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        // Nothing was stored for the id either.
        QCOMPARE(f.registry.registerInstance(makeInstance(s("nope"), Status::Up)).status, Status::Up);
    }

    void overrideRemovalWithValue()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        f.clock.advance(3000);
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up));
        const Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.status, Status::Up);
        QCOMPARE(stored.overriddenStatus, Status::Unknown);
        QCOMPARE(stored.actionType, ActionType::Modified);
        QCOMPARE(stored.lastUpdatedTimestamp, T0 + 3000);
        QCOMPARE(stored.lease.lastRenewalTimestamp, T0 + 3000);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::OverrideRemoved);
        QCOMPARE(changeAt(changed, 0).instance.status, Status::Up);

        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::Renewed);
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up)).status, Status::Up);

        // A second removal: no override left, answer still true, nothing changes.
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Down));
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(changed.count(), 2);   // the re-register above
    }

    void overrideRemovalWithOtherValue()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Down));
        QCOMPARE(f.stored(s("i-1")).status, Status::Down);
        QCOMPARE(f.stored(s("i-1")).overriddenStatus, Status::Unknown);
    }

    void overrideRemovalWithoutValue()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1")));
        QCOMPARE(f.stored(s("i-1")).status, Status::Unknown);
        QCOMPARE(f.stored(s("i-1")).overriddenStatus, Status::Unknown);
        QCOMPARE(f.stored(s("i-1")).actionType, ActionType::Modified);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::OverrideRemoved);
        QCOMPARE(f.registry.appsHashcode(), s("UNKNOWN_1_"));

        QCOMPARE(f.registry.renew(s("orders"), s("i-1")).outcome, Outcome::NotFound);
        QCOMPARE(f.registry.registerInstance(makeInstance(s("i-1"), Status::Up)).status, Status::Up);
        QCOMPARE(f.registry.appsHashcode(), s("UP_1_"));
    }

    void overrideRaisesLastDirty()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up, 5000));

        // A smaller value does not lower it.
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService, 4000));
        QCOMPARE(f.stored(s("i-1")).lastDirtyTimestamp, 5000);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::Down, 8000));
        QCOMPARE(f.stored(s("i-1")).lastDirtyTimestamp, 8000);
        // Without a value it stays.
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QCOMPARE(f.stored(s("i-1")).lastDirtyTimestamp, 8000);

        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up, 7000));
        QCOMPARE(f.stored(s("i-1")).lastDirtyTimestamp, 8000);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up, 9000));
        QCOMPARE(f.stored(s("i-1")).lastDirtyTimestamp, 9000);
    }

    void overrideToUpMarksServiceUp()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1"), Status::Starting));
        QCOMPARE(f.stored(s("i-1")).lease.serviceUpTimestamp, 0);
        f.clock.advance(2500);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::Up));
        QCOMPARE(f.stored(s("i-1")).status, Status::Up);
        QCOMPARE(f.stored(s("i-1")).overriddenStatus, Status::Up);
        QCOMPARE(f.stored(s("i-1")).lease.serviceUpTimestamp, T0 + 2500);
    }

    void overrideFromPeer()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        QSignalSpy changed(&f.registry, &Registry::changed);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService, {}, WriteOrigin::Peer));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up, {}, WriteOrigin::Peer));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changeAt(changed, 0).kind, Kind::StatusChanged);
        QCOMPARE(changeAt(changed, 0).origin, WriteOrigin::Peer);
        QCOMPARE(changeAt(changed, 1).kind, Kind::OverrideRemoved);
        QCOMPARE(changeAt(changed, 1).origin, WriteOrigin::Peer);
    }

    // ---------------------------------------------------------------- metadata (§1.7)

    void metadataMerge()
    {
        Fixture f;
        Instance in = makeInstance(s("i-1"));
        in.metadata = {{s("a"), s("1")}, {s("b"), s("2")}};
        f.registry.registerInstance(in);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        f.clock.advance(6000);
        const quint64 revision = f.registry.revision();
        QSignalSpy changed(&f.registry, &Registry::changed);

        QVERIFY(f.registry.updateMetadata(s("orders"), s("i-1"), {{s("b"), s("3")}, {s("c"), s("4")}}));
        const Instance stored = f.stored(s("i-1"));
        QCOMPARE(stored.metadata, (QMap<QString, QString> {{s("a"), s("1")}, {s("b"), s("3")}, {s("c"), s("4")}}));
        QCOMPARE(stored.actionType, ActionType::Added);
        QCOMPARE(stored.lastUpdatedTimestamp, T0 + 6000);
        QCOMPARE(stored.status, Status::OutOfService);   // nothing else moves
        QCOMPARE(f.registry.revision(), revision + 1);

        QCOMPARE(changed.count(), 1);
        QCOMPARE(changeAt(changed, 0).kind, Kind::MetadataChanged);
        QCOMPARE(changeAt(changed, 0).instance.metadata.value(s("c")), s("4"));

        const QList<Instance> delta = deltaFor(f.registry, s("i-1"));
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().actionType, ActionType::Added);
        QCOMPARE(delta.first().metadata.value(s("b")), s("3"));

        QVERIFY(!f.registry.updateMetadata(s("orders"), s("nope"), {{s("x"), s("y")}}));
        QCOMPARE(changed.count(), 1);

        // A metadata update moves lastDirtyTimestamp on, so peers prefer the updated copy...
        QVERIFY(f.stored(s("i-1")).lastDirtyTimestamp >= f.clock.nowMs());
        // ...and the client's own re-registration, dirty and so newer still, replaces it with what it holds.
        Instance again = makeInstance(s("i-1"), Status::Up, f.clock.nowMs() + 1);
        again.metadata = {{s("a"), s("1")}};
        QCOMPARE(f.registry.registerInstance(again).metadata, again.metadata);
    }

    // ---------------------------------------------------------------- delta (§3.4)

    void deltaActionTypes()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("added")));
        f.registry.registerInstance(makeInstance(s("modified")));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("modified"), Status::OutOfService));
        f.registry.registerInstance(makeInstance(s("deleted"), Status::Up, 1, 0, s("billing")));
        f.clock.advance(1000);
        QVERIFY(f.registry.cancel(s("billing"), s("deleted")));

        const QList<Instance> delta = f.registry.deltaInstances();
        QCOMPARE(delta.size(), 3);
        QHash<QString, Instance> byId;
        for (const Instance &instance : delta)
            byId.insert(instance.instanceId, instance);
        QCOMPARE(byId.value(s("added")).actionType, ActionType::Added);
        QCOMPARE(byId.value(s("modified")).actionType, ActionType::Modified);
        QCOMPARE(byId.value(s("modified")).status, Status::OutOfService);
        QCOMPARE(byId.value(s("deleted")).actionType, ActionType::Deleted);
        QCOMPARE(byId.value(s("deleted")).app, s("BILLING"));
        QCOMPARE(byId.value(s("deleted")).lease.evictionTimestamp, T0 + 1000);
    }

    void deltaHoldsOneEntryPerInstanceInItsCurrentState()
    {
        Fixture f;
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.advance(1000);
        QVERIFY(f.registry.updateMetadata(s("orders"), s("i-1"), {{s("k"), s("v")}}));
        f.clock.advance(1000);
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        f.clock.advance(1000);
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Down));
        f.clock.advance(1000);
        f.registry.renew(s("orders"), s("i-1"));   // later data, not a delta event

        QList<Instance> delta = f.registry.deltaInstances();
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().instanceId, s("i-1"));
        QCOMPARE(delta.first().actionType, ActionType::Modified);
        QCOMPARE(delta.first().status, Status::Down);
        QCOMPARE(delta.first().metadata.value(s("k")), s("v"));
        QCOMPARE(delta.first().lease.lastRenewalTimestamp, T0 + 4000);   // the current state

        // Cancelled then re-registered: one entry, ADDED.
        QVERIFY(f.registry.cancel(s("orders"), s("i-1")));
        delta = f.registry.deltaInstances();
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().actionType, ActionType::Deleted);
        f.clock.advance(1000);
        f.registry.registerInstance(makeInstance(s("i-1")));
        delta = f.registry.deltaInstances();
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().actionType, ActionType::Added);
        QCOMPARE(delta.first().status, Status::Up);
        QCOMPARE(delta.first().lease.evictionTimestamp, 0);
    }

    void deltaRetentionDefault()
    {
        Fixture f;
        QCOMPARE(f.registry.config().deltaRetentionSecs, 180);
        f.registry.registerInstance(makeInstance(s("i-1")));
        f.clock.set(T0 + 180'000);
        QCOMPARE(f.registry.deltaInstances().size(), 1);
        f.clock.set(T0 + 180'001);
        QCOMPARE(f.registry.deltaInstances().size(), 0);
        // The instance itself is not affected.
        QVERIFY(f.registry.instance(s("orders"), s("i-1")).has_value());
    }

    void deltaRetentionConfigured()
    {
        RegistryConfig config;
        config.deltaRetentionSecs = 60;
        Fixture f {config};
        const quint64 v0 = f.registry.deltaLogVersion();

        f.registry.registerInstance(makeInstance(s("i-1")));
        const quint64 v1 = f.registry.deltaLogVersion();
        QVERIFY(v1 > v0);
        f.clock.set(T0 + 30'000);
        f.registry.registerInstance(makeInstance(s("i-2")));
        const quint64 v2 = f.registry.deltaLogVersion();
        QVERIFY(v2 > v1);

        // At the edge of the window, still there; nothing to purge.
        f.clock.set(T0 + 60'000);
        QCOMPARE(f.registry.deltaInstances().size(), 2);
        QVERIFY(!f.registry.purgeDeltaLog());
        QCOMPARE(f.registry.deltaLogVersion(), v2);

        // One millisecond later i-1's entry is out, even before a purge.
        f.clock.set(T0 + 60'001);
        QCOMPARE(f.registry.deltaInstances().size(), 1);
        QCOMPARE(f.registry.deltaInstances().first().instanceId, s("i-2"));
        QCOMPARE(f.registry.deltaLogVersion(), v2);
        QVERIFY(f.registry.purgeDeltaLog());
        const quint64 v3 = f.registry.deltaLogVersion();
        QVERIFY(v3 > v2);
        QVERIFY(!f.registry.purgeDeltaLog());
        QCOMPARE(f.registry.deltaLogVersion(), v3);
        QCOMPARE(f.registry.deltaInstances().size(), 1);

        // The eviction pass purges too; the revision does not move for a purge.
        const quint64 revision = f.registry.revision();
        f.clock.set(T0 + 90'001);
        QCOMPARE(f.registry.evictExpired(), 0);   // i-1 has expired, but self-preservation holds it
        QVERIFY(f.registry.deltaLogVersion() > v3);
        QVERIFY(f.registry.deltaInstances().isEmpty());
        QVERIFY(!f.registry.purgeDeltaLog());
        QCOMPARE(f.registry.revision(), revision);
    }

    void deltaLogVersionMovesOnEveryChange()
    {
        Fixture f;
        quint64 version = f.registry.deltaLogVersion();
        auto moved = [&] {
            const quint64 now = f.registry.deltaLogVersion();
            const bool result = now > version;
            version = now;
            return result;
        };
        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(moved());
        f.registry.renew(s("orders"), s("i-1"));
        QVERIFY(!moved());
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QVERIFY(moved());
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up));
        QVERIFY(moved());
        QVERIFY(f.registry.updateMetadata(s("orders"), s("i-1"), {{s("k"), s("v")}}));
        QVERIFY(moved());
        QVERIFY(f.registry.cancel(s("orders"), s("i-1")));
        QVERIFY(moved());
    }

    // ---------------------------------------------------------------- hashcode (§3.5)

    void hashcode()
    {
        Fixture f;
        QCOMPARE(f.registry.appsHashcode(), QString());

        f.registry.registerInstance(makeInstance(s("i-1"), Status::Up));
        QCOMPARE(f.registry.appsHashcode(), s("UP_1_"));
        f.registry.registerInstance(makeInstance(s("i-2"), Status::Up, 1, 0, s("billing")));
        f.registry.registerInstance(makeInstance(s("i-3"), Status::Down));
        f.registry.registerInstance(makeInstance(s("i-4"), Status::Up, 1, 0, s("billing")));
        QCOMPARE(f.registry.appsHashcode(), s("DOWN_1_UP_3_"));
        QVERIFY(f.registry.setStatusOverride(s("billing"), s("i-4"), Status::OutOfService));
        QCOMPARE(f.registry.appsHashcode(), s("DOWN_1_OUT_OF_SERVICE_1_UP_2_"));
        f.registry.registerInstance(makeInstance(s("i-5"), Status::Starting));
        QCOMPARE(f.registry.appsHashcode(), s("DOWN_1_OUT_OF_SERVICE_1_STARTING_1_UP_2_"));

        for (const QString &id : {s("i-1"), s("i-3"), s("i-5")})
            QVERIFY(f.registry.cancel(s("orders"), id));
        QCOMPARE(f.registry.appsHashcode(), s("OUT_OF_SERVICE_1_UP_1_"));
        QVERIFY(f.registry.cancel(s("billing"), s("i-2")));
        QVERIFY(f.registry.cancel(s("billing"), s("i-4")));
        QCOMPARE(f.registry.appsHashcode(), QString());
    }

    // ---------------------------------------------------------------- revision and signals

    void revisionMovesOnEveryChangeOnly()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        QSignalSpy changed(&f.registry, &Registry::changed);
        quint64 revision = f.registry.revision();
        QCOMPARE(revision, 0u);
        auto step = [&](bool expectChange, quint64 changes = 1) {
            const quint64 now = f.registry.revision();
            bool ok = now == revision + (expectChange ? changes : 0);
            if (ok && expectChange)
                ok = changeAt(changed, changed.count() - 1).revision == now;
            revision = now;
            return ok;
        };

        f.registry.registerInstance(makeInstance(s("i-1")));
        QVERIFY(step(true, 2));                                     // the app's service, then the instance
        f.registry.registerInstance(makeInstance(s("i-1")));        // a re-register is a change
        QVERIFY(step(true));
        f.registry.renew(s("orders"), s("i-1"));                    // a plain heartbeat is not
        QVERIFY(step(false));
        f.registry.renew(s("orders"), s("i-1"), withDirty(1), WriteOrigin::Peer);   // nor a 409
        QVERIFY(step(false));
        f.registry.renew(s("orders"), s("nope"));
        QVERIFY(step(false));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));
        QVERIFY(step(true));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("i-1"), Status::OutOfService));   // same status
        QVERIFY(step(false));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up));
        QVERIFY(step(true));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("i-1"), Status::Up));         // none left
        QVERIFY(step(false));
        QVERIFY(f.registry.updateMetadata(s("orders"), s("i-1"), {{s("k"), s("v")}}));
        QVERIFY(step(true));
        QVERIFY(f.registry.cancel(s("orders"), s("i-1")));
        QVERIFY(step(true));
        QVERIFY(!f.registry.cancel(s("orders"), s("i-1")));
        QVERIFY(step(false));
        QVERIFY(!f.registry.updateMetadata(s("orders"), s("i-1"), {{s("k"), s("v")}}));
        QVERIFY(step(false));

        f.registry.registerInstance(makeInstance(s("i-2"), Status::Up, 1, 30));
        QVERIFY(step(true));
        f.clock.advance(200'000);
        QVERIFY(f.registry.purgeDeltaLog());
        QVERIFY(step(false));
        QCOMPARE(f.registry.evictExpired(), 1);
        QVERIFY(step(true));

        // Every change carried its own revision, in order.
        for (qsizetype i = 0; i < changed.count(); ++i)
            QCOMPARE(changeAt(changed, i).revision, quint64(i + 1));
        QCOMPARE(quint64(changed.count()), f.registry.revision());
    }

    void changedSignalKindsAndOrigins()
    {
        RegistryConfig config;
        config.selfPreservationEnabled = false;
        Fixture f {config};
        QSignalSpy changed(&f.registry, &Registry::changed);
        QSignalSpy renewed(&f.registry, &Registry::renewed);

        f.registry.registerInstance(makeInstance(s("p-1"), Status::Up, 1, 30), WriteOrigin::Peer);
        f.registry.registerInstance(makeInstance(s("c-1"), Status::Up, 1, 600));
        f.clock.advance(1000);
        f.registry.renew(s("orders"), s("p-1"), {}, WriteOrigin::Peer);
        f.registry.renew(s("Orders"), s("c-1"));
        QVERIFY(f.registry.setStatusOverride(s("orders"), s("c-1"), Status::OutOfService));
        QVERIFY(f.registry.removeStatusOverride(s("orders"), s("c-1"), Status::Up, {}, WriteOrigin::Peer));
        QVERIFY(f.registry.updateMetadata(s("orders"), s("c-1"), {{s("k"), s("v")}}));
        f.clock.advance(40'000);
        QCOMPARE(f.registry.evictExpired(), 1);   // p-1
        QVERIFY(f.registry.cancel(s("orders"), s("c-1"), WriteOrigin::Peer));

        // An eviction is local (§3.2) and has no origin to check: std::nullopt.
        const QList<QPair<Kind, std::optional<WriteOrigin>>> expected {
            {Kind::ServiceCreated, WriteOrigin::Peer},
            {Kind::Registered, WriteOrigin::Peer},
            {Kind::Registered, WriteOrigin::Client},
            {Kind::StatusChanged, WriteOrigin::Client},
            {Kind::OverrideRemoved, WriteOrigin::Peer},
            {Kind::MetadataChanged, WriteOrigin::Client},
            {Kind::Expired, std::nullopt},
            {Kind::Cancelled, WriteOrigin::Peer},
        };
        QCOMPARE(changed.count(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const RegistryChange change = changeAt(changed, i);
            QCOMPARE(change.kind, expected.at(i).first);
            if (expected.at(i).second)
                QCOMPARE(change.origin, *expected.at(i).second);
        }
        QCOMPARE(changeAt(changed, 0).service.key.serviceName, s("orders"));
        QCOMPARE(changeAt(changed, 1).instance.instanceId, s("p-1"));
        QCOMPARE(changeAt(changed, 1).timestamp, T0);
        QCOMPARE(changeAt(changed, 6).instance.instanceId, s("p-1"));
        QCOMPARE(changeAt(changed, 6).timestamp, T0 + 41'000);
        QCOMPARE(changeAt(changed, 7).instance.instanceId, s("c-1"));
        QCOMPARE(changeAt(changed, 7).instance.metadata.value(s("k")), s("v"));   // the last state

        QCOMPARE(renewed.count(), 2);
        QCOMPARE(renewed.at(0).at(0).toString(), orders);
        QCOMPARE(renewed.at(0).at(1).toString(), s("p-1"));
        QCOMPARE(renewed.at(0).at(2).value<qint64>(), T0 + 1000);
        QCOMPARE(renewed.at(0).at(3).value<WriteOrigin>(), WriteOrigin::Peer);
        QCOMPARE(renewed.at(1).at(0).toString(), orders);   // the normalized app name
        QCOMPARE(renewed.at(1).at(1).toString(), s("c-1"));
        QCOMPARE(renewed.at(1).at(3).value<WriteOrigin>(), WriteOrigin::Client);
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
