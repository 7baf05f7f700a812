// SPDX-License-Identifier: GPL-3.0-or-later
// PinnedStore over a Registry driven by a ManualClock: which changes reach the journal, what a
// restore brings back, and how opening fails or recovers.
#include "store/journal.h"
#include "core/manualclock.h"
#include "store/pinnedstore.h"
#include "core/registry.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;

Instance eurekaInstance(const QString &id, bool pinned)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = u"LEGACY"_s;
    instance.hostName = id + u".example"_s;
    instance.ipAddr = u"10.0.0.9"_s;
    instance.port = PortInfo {8080, true};
    instance.lease.durationSecs = 30;
    instance.lastDirtyTimestamp = T0 - 5000;
    instance.pinned = pinned;
    return instance;
}

Service handMadeService()
{
    Service service;
    service.key.appId = u"billing"_s;
    service.key.serviceName = u"legacy-billing"_s;
    service.properties.insert(u"owner"_s, u"ops"_s);
    service.pinned = true;
    return service;
}

std::optional<Journal::LoadResult> journalOf(const QString &directory)
{
    return Journal(directory).load();
}

QStringList journaledIds(const QString &directory)
{
    QStringList ids;
    if (const auto loaded = journalOf(directory)) {
        for (const Instance &instance : loaded->entries.instances)
            ids.append(instance.instanceId);
    }
    return ids;
}

struct Fixture
{
    explicit Fixture(const QString &directory)
        : registry {RegistryConfig {}, &clock}
        , store {&registry, directory}
    {
    }

    ManualClock clock {T0};
    Registry registry;
    PinnedStore store;
};
}

class TestPinnedStore : public QObject
{
    Q_OBJECT

private slots:
    void ordinaryWritesAndHeartbeatsNeverTouchTheJournal()
    {
        QTemporaryDir dir;
        Fixture f(dir.path());
        QVERIFY2(f.store.open(), qPrintable(f.store.errorString()));
        const qint64 writes = f.store.writeCount();
        QVERIFY(QFile::exists(f.store.filePath()));   // open() wrote the (empty) journal: the directory is writable

        Service ordinaryService = handMadeService();
        ordinaryService.pinned = false;
        const QString serviceId = f.registry.createService(ordinaryService).serviceId;
        ordinaryService.serviceId = serviceId;
        ordinaryService.description = u"changed"_s;
        f.registry.updateService(ordinaryService);
        for (int i = 0; i < 100; ++i)
            f.registry.registerInstance(eurekaInstance(u"ordinary-%1"_s.arg(i), false));
        for (int i = 0; i < 100; ++i)
            f.registry.renew(u"LEGACY"_s, u"ordinary-%1"_s.arg(i));
        f.registry.setStatusOverride(u"LEGACY"_s, u"ordinary-1"_s, InstanceStatus::Down);
        f.registry.cancel(u"LEGACY"_s, u"ordinary-2"_s);
        f.clock.advance(120'000);
        f.registry.setSelfPreservationEnabled(false);
        QVERIFY(f.registry.evictExpired() > 0);
        f.registry.deleteService(serviceId, true);

        QCOMPARE(f.store.writeCount(), writes);
    }

    void everyChangeToAPinnedEntryRewritesTheJournal()
    {
        QTemporaryDir dir;
        Fixture f(dir.path());
        QVERIFY(f.store.open());
        qint64 writes = f.store.writeCount();

        f.registry.registerInstance(eurekaInstance(u"pinned-1"_s, true));
        QCOMPARE(f.store.writeCount(), ++writes);
        QCOMPARE(journaledIds(dir.path()), QStringList {u"pinned-1"_s});

        f.registry.setStatusOverride(u"LEGACY"_s, u"pinned-1"_s, InstanceStatus::OutOfService);
        QCOMPARE(f.store.writeCount(), ++writes);
        QCOMPARE(journalOf(dir.path())->entries.instances.first().status, InstanceStatus::OutOfService);

        f.registry.updateMetadata(u"LEGACY"_s, u"pinned-1"_s, {{u"zone"_s, u"b"_s}});
        QCOMPARE(f.store.writeCount(), ++writes);
        QCOMPARE(journalOf(dir.path())->entries.instances.first().metadata.value(u"zone"_s), u"b"_s);

        f.registry.renew(u"LEGACY"_s, u"pinned-1"_s);   // a heartbeat changes nothing the journal keeps
        QCOMPARE(f.store.writeCount(), writes);

        const QString serviceId = f.registry.createService(handMadeService()).serviceId;
        QCOMPARE(f.store.writeCount(), ++writes);
        QCOMPARE(journalOf(dir.path())->entries.services.first().serviceId, serviceId);

        // A peer's deregistration leaves the journal too: the entry is gone from the whole cluster.
        f.registry.cancel(u"LEGACY"_s, u"pinned-1"_s, WriteOrigin::Peer);
        QCOMPARE(f.store.writeCount(), ++writes);
        QVERIFY(journaledIds(dir.path()).isEmpty());

        f.registry.deleteService(serviceId, false, WriteOrigin::Peer);
        QCOMPARE(f.store.writeCount(), ++writes);
        QVERIFY(journalOf(dir.path())->entries.isEmpty());
    }

    void restoreBringsTheEntriesBackWithFreshLeases()
    {
        QTemporaryDir dir;
        {
            Fixture f(dir.path());
            QVERIFY(f.store.open());
            f.registry.createService(handMadeService());
            f.registry.registerInstance(eurekaInstance(u"pinned-1"_s, true));
            f.registry.setStatusOverride(u"LEGACY"_s, u"pinned-1"_s, InstanceStatus::OutOfService);
            f.registry.registerInstance(eurekaInstance(u"ordinary"_s, false));
        }
        Fixture f(dir.path());
        f.clock.advance(3'600'000);
        QVERIFY(f.store.open());
        QSignalSpy changed(&f.registry, &Registry::changed);
        QCOMPARE(f.store.restore(), 1);

        const auto restored = f.registry.instance(u"LEGACY"_s, u"pinned-1"_s);
        QVERIFY(restored);
        QVERIFY(restored->pinned);
        QCOMPARE(restored->status, InstanceStatus::OutOfService);
        QCOMPARE(restored->overriddenStatus, InstanceStatus::OutOfService);
        QCOMPARE(restored->lease.lastRenewalTimestamp, T0 + 3'600'000);
        QCOMPARE(restored->lastDirtyTimestamp, T0 - 5000);   // a peer's newer copy still wins
        QVERIFY(!f.registry.instance(u"LEGACY"_s, u"ordinary"_s));
        const Service *service = f.registry.findService(handMadeService().key.derivedServiceId());
        QVERIFY(service);
        QVERIFY(service->pinned);
        QCOMPARE(service->properties.value(u"owner"_s), u"ops"_s);
        // Restored as the node's own writes, so they replicate like any registration.
        QVERIFY(!changed.isEmpty());
        for (const auto &arguments : changed)
            QCOMPARE(arguments.at(0).value<RegistryChange>().origin, WriteOrigin::Client);
        QCOMPARE(journaledIds(dir.path()), QStringList {u"pinned-1"_s});
    }

    void aCorruptJournalIsMovedAsideAndTheStoreOpens()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"journal.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"muster-journal\", \"version\": 1, \"instances\": [");
        file.close();

        Fixture f(dir.path());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is unreadable .* moved it aside to"_s));
        QVERIFY2(f.store.open(), qPrintable(f.store.errorString()));
        QVERIFY(QFile::exists(f.store.movedAsideTo()));
        QVERIFY(journalOf(dir.path())->movedAsideTo.isEmpty());   // a fresh, readable journal
        QCOMPARE(f.store.restore(), 0);
    }

    void anUnwritableDirectoryFailsToOpen()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"a-file"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        Fixture f(dir.filePath(u"a-file/data"_s));
        QVERIFY(!f.store.open());
        QCOMPARE(f.store.errorString(), u"cannot create the data directory %1"_s.arg(dir.filePath(u"a-file/data"_s)));
    }

    void aDirectoryInUseFailsToOpen()
    {
        QTemporaryDir dir;
        Fixture first(dir.path());
        QVERIFY(first.store.open());
        Fixture second(dir.path());
        QVERIFY(!second.store.open());
        QVERIFY2(second.store.errorString().startsWith(u"the data directory %1 is in use by another Muster node (process %2"_s
                                                           .arg(dir.path()).arg(QCoreApplication::applicationPid())),
                 qPrintable(second.store.errorString()));
    }

    // A write that fails is reported, and tried again until it succeeds, so a removal sticks.
    void aFailedWriteIsReportedAndRetried()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(u"data"_s);
        Fixture f(dataDir);
        QVERIFY(f.store.open());
        f.registry.registerInstance(eurekaInstance(u"pinned-1"_s, true));

        QVERIFY(QFile::rename(dataDir, dir.filePath(u"moved"_s)));
        QFile blocker(dataDir);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot create the data directory .* trying again"_s));
        f.registry.cancel(u"LEGACY"_s, u"pinned-1"_s);
        QCOMPARE(f.store.errorString(), u"cannot create the data directory %1"_s.arg(dataDir));

        QVERIFY(QFile::remove(dataDir));
        QTRY_VERIFY_WITH_TIMEOUT(f.store.errorString().isEmpty(), 10000);
        QVERIFY(journalOf(dataDir)->entries.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPinnedStore)
#include "tst_pinnedstore.moc"
