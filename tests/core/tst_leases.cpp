// SPDX-License-Identifier: GPL-3.0-or-later
// The leases alone, over an instance table and a ManualClock: expiry, the renewal rate,
// self-preservation's numbers and what an eviction pass takes.
#include "core/instancetable.h"
#include "core/leases.h"
#include "core/manualclock.h"
#include "core/registryconfig.h"
#include "core/undolog.h"
#include "api/selfpreservationtext.h"

#include <QDateTime>

#include <QTest>

namespace {
constexpr qint64 minuteMs = 60'000;

Instance makeInstance(const QString &id, qint64 renewedMs, Protocol origin = Protocol::Eureka)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = QStringLiteral("ORDERS");
    instance.origin = origin;
    instance.lease.durationSecs = 90;
    instance.lease.lastRenewalTimestamp = renewedMs;
    return instance;
}
}

class TestLeases : public QObject
{
    Q_OBJECT

private slots:
    void aLeaseExpiresAfterItsDuration();
    void pinnedAndStoreEndedLeasesNeverExpire();
    void renewalsAreCountedPerMinute();
    void selfPreservationComparesEurekaRenewalsWithTheExpected();
    void theFirstMinuteIsMeasuredBeforeItIsJudged();
    void anEvictionPassTakesOnlyTheAllowedShare();
    void withoutSelfPreservationEveryExpiredLeaseGoes();
    void exactLeasesAreServiceCombsUnpinned();

private:
    ManualClock m_clock;
    UndoLog m_undo;
};

void TestLeases::aLeaseExpiresAfterItsDuration()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    Instance instance = makeInstance(QStringLiteral("a"), m_clock.nowMs());
    QCOMPARE(leases.durationSecs(instance), 90);
    instance.lease.durationSecs = 0;
    QCOMPARE(leases.durationSecs(instance), config.defaultLeaseDurationSecs);
    instance.lease.durationSecs = 10;

    m_clock.advance(10'000);
    QVERIFY(!leases.isExpired(instance));
    m_clock.advance(1);
    QVERIFY(leases.isExpired(instance));
}

void TestLeases::pinnedAndStoreEndedLeasesNeverExpire()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    Instance pinned = makeInstance(QStringLiteral("p"), m_clock.nowMs() - 3'600'000);
    QVERIFY(leases.isExpired(pinned));
    pinned.pinned = true;
    QVERIFY(!leases.isExpired(pinned));

    config.leasesEndInStore = true;
    QVERIFY(!leases.isExpired(makeInstance(QStringLiteral("a"), m_clock.nowMs() - 3'600'000)));
}

void TestLeases::renewalsAreCountedPerMinute()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    const Instance eureka = makeInstance(QStringLiteral("a"), 0);
    const Instance serviceComb = makeInstance(QStringLiteral("s"), 0, Protocol::ServiceComb);
    leases.countRenewal(eureka, m_clock.nowMs());
    leases.countRenewal(serviceComb, m_clock.nowMs());
    QCOMPARE(leases.renewsTotal(), 2);
    QCOMPARE(leases.renewsLastMinute(), 0);   // the minute is not over
    m_clock.advance(minuteMs);
    QCOMPARE(leases.renewsLastMinute(), 2);
    QCOMPARE(leases.selfPreservation().renewsLastMin, 1);   // Service-Center's are not expected
}

void TestLeases::selfPreservationComparesEurekaRenewalsWithTheExpected()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    for (int i = 0; i < 10; ++i)
        table.put(makeInstance(QString::number(i), m_clock.nowMs()));
    table.put(makeInstance(QStringLiteral("s"), m_clock.nowMs(), Protocol::ServiceComb));
    Instance pinned = makeInstance(QStringLiteral("p"), m_clock.nowMs());
    pinned.pinned = true;
    table.put(pinned);

    SelfPreservationState state = leases.selfPreservation();
    QCOMPARE(state.expectedClients, 10);
    QCOMPARE(state.expectedRenewsPerMin, 20);
    QCOMPARE(state.renewsThreshold, 17);
    QVERIFY(state.active);
    QVERIFY(!leases.isExpirationEnabled());

    for (int i = 0; i < 18; ++i)
        leases.countRenewal(*table.find(QStringLiteral("orders"), QString::number(i % 10)), m_clock.nowMs());
    m_clock.advance(minuteMs);
    state = leases.selfPreservation();
    QCOMPARE(state.renewsLastMin, 18);
    QVERIFY(!state.active);
    QVERIFY(leases.isExpirationEnabled());

    config.selfPreservationEnabled = false;
    m_clock.advance(minuteMs);
    QVERIFY(leases.isExpirationEnabled());
    QVERIFY(!leases.selfPreservation().active);
}

// Renewals in the first minute count only once it is over: until then leases are held, as an Eureka
// server holds them (renewsLastMin is 0, not above the threshold), and the state says why.
void TestLeases::theFirstMinuteIsMeasuredBeforeItIsJudged()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    const qint64 startMs = m_clock.nowMs();
    Leases leases(config, &m_clock, table);
    for (int i = 0; i < 4; ++i)
        table.put(makeInstance(QString::number(i), m_clock.nowMs()));
    m_clock.advance(20'000);
    for (int i = 0; i < 12; ++i)
        leases.countRenewal(*table.find(QStringLiteral("orders"), QString::number(i % 4)), m_clock.nowMs());

    SelfPreservationState state = leases.selfPreservation();
    QCOMPARE(state.measuringUntilMs, startMs + minuteMs);
    QCOMPARE(state.reason(), SelfPreservationState::Reason::Measuring);
    QCOMPARE(state.renewsLastMin, 0);
    QCOMPARE(state.renewsThisMin, 12);
    QCOMPARE(state.renewsPerMin(), 12);
    QVERIFY(!leases.isExpirationEnabled());
    const QString sentence = SelfPreservationText::english(state);
    QVERIFY2(sentence.contains(QStringLiteral("has not counted a full minute of renewals yet and will have at %1")
                                   .arg(QDateTime::fromMSecsSinceEpoch(startMs + minuteMs).toString(u"HH:mm:ss"))),
             qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("So far this minute it received 12 renewals, against a threshold of 6")),
             qPrintable(sentence));

    m_clock.advance(40'000);
    state = leases.selfPreservation();
    QCOMPARE(state.measuringUntilMs, 0);
    QCOMPARE(state.renewsLastMin, 12);
    QCOMPARE(state.renewsPerMin(), 12);
    QCOMPARE(state.reason(), SelfPreservationState::Reason::ExpiringNormally);
    QVERIFY(leases.isExpirationEnabled());
}

void TestLeases::anEvictionPassTakesOnlyTheAllowedShare()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    const qint64 start = m_clock.nowMs();
    for (int i = 0; i < 20; ++i)
        table.put(makeInstance(QString::number(i), start));
    // Renewals above the threshold in the last minute: expiration is on.
    for (int i = 0; i < 60; ++i)
        leases.countRenewal(*table.find(QStringLiteral("orders"), QString::number(i % 20)), start);
    m_clock.advance(minuteMs);
    for (int i = 0; i < 6; ++i)
        table.put(makeInstance(QStringLiteral("late") + QString::number(i), start - 3'600'000));
    QVERIFY(leases.isExpirationEnabled());

    // 26 leases, 85 %: at most 26 - 22 = 4 per pass, of the 6 expired.
    const Leases::InstanceRefs evicted = leases.toEvict();
    QCOMPARE(evicted.size(), 4);
    for (const auto &[app, id] : evicted)
        QVERIFY(id.startsWith(QStringLiteral("late")));
    QVERIFY(table.count() == 26);   // it names them; the registry removes them

    m_clock.advance(minuteMs);   // no renewals in the last minute: self-preservation holds every lease
    QVERIFY(leases.toEvict().isEmpty());
}

void TestLeases::withoutSelfPreservationEveryExpiredLeaseGoes()
{
    RegistryConfig config;
    config.selfPreservationEnabled = false;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    for (int i = 0; i < 5; ++i)
        table.put(makeInstance(QString::number(i), m_clock.nowMs() - 3'600'000));
    table.put(makeInstance(QStringLiteral("fresh"), m_clock.nowMs()));
    table.put(makeInstance(QStringLiteral("s"), m_clock.nowMs() - 3'600'000, Protocol::ServiceComb));
    QCOMPARE(leases.toEvict().size(), 5);

    config.leasesEndInStore = true;
    QVERIFY(leases.toEvict().isEmpty());
}

void TestLeases::exactLeasesAreServiceCombsUnpinned()
{
    RegistryConfig config;
    InstanceTable table(m_undo);
    Leases leases(config, &m_clock, table);
    const qint64 long_ago = m_clock.nowMs() - 3'600'000;
    table.put(makeInstance(QStringLiteral("eureka"), long_ago));
    table.put(makeInstance(QStringLiteral("expired"), long_ago, Protocol::ServiceComb));
    table.put(makeInstance(QStringLiteral("fresh"), m_clock.nowMs(), Protocol::ServiceComb));
    Instance pinned = makeInstance(QStringLiteral("pinned"), long_ago, Protocol::ServiceComb);
    pinned.pinned = true;
    table.put(pinned);

    const Leases::InstanceRefs expired = leases.expiredExactLeases();
    QCOMPARE(expired, (Leases::InstanceRefs {{QStringLiteral("ORDERS"), QStringLiteral("expired")}}));
    config.leasesEndInStore = true;
    QVERIFY(leases.expiredExactLeases().isEmpty());
}

QTEST_GUILESS_MAIN(TestLeases)
#include "tst_leases.moc"
