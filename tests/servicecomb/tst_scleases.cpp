// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center instance leases in real time (contract servicecomb.md §0.6, §2.6, §2.7, §3.2;
// checklist §8 item 32, scaled down): TTL = interval × (times + 1), expiry without heartbeats,
// renewal by heartbeat, batch heartbeat and re-register, re-registering an expired id, the
// instanceTtlSecs override and the minimum clamps. The node's expiry check runs about once a second,
// so waits poll with QTRY and bounds allow a second or two of slack.
#include "sctestnode.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}
}

class TestScLeases : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void instanceExpiresWithoutHeartbeats();
    void ttlIsIntervalTimesTimesPlusOne_data();
    void ttlIsIntervalTimesTimesPlusOne();
    void renewalKeepsTheInstanceAlive_data();
    void renewalKeepsTheInstanceAlive();
    void expiredInstanceIdCanRegisterAgain();
    void instanceTtlOverridesTheHealthCheck();
    void clampedIntervalLengthensTheLease();
};

void TestScLeases::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

// Checklist 32: present right after registering, gone within a few seconds of its 2 s TTL, and then
// unknown to every API.
void TestScLeases::instanceExpiresWithoutHeartbeats()
{
    ScTestNode node(ScTestNode::shortLeaseConfig());
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    SC_REQUIRE_ID(consumer, node.createService(u"client"_s));
    SC_REQUIRE_ID(iid, node.registerInstance(sid, ScTestNode::instanceFixture(u"short"_s, 1, 1)));

    const auto instance = node.scInstance(sid, iid);
    QVERIFY2(instance, "the instance must be there right after registering");
    QCOMPARE(instance->value(u"healthCheck").toObject(), ScTestNode::healthCheck(u"push"_s, 1, 1));
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(node.find(u"default"_s, u"demo"_s, consumer))),
             QStringList {iid});

    QTRY_VERIFY_WITH_TIMEOUT(node.getInstance(sid, iid).status == 400, 8000);
    QVERIFY_SC_ERROR(node.getInstance(sid, iid), "400017");
    QVERIFY_SC_ERROR(node.heartbeat(sid, iid), "400017");
    QVERIFY_SC_ERROR(node.unregister(sid, iid), "400017");
    const HttpReply list = node.scGet(reg(u"/microservices/%1/instances"_s.arg(sid)));
    QVERIFY_SC_JSON(list);
    QCOMPARE(list.body, QByteArray("{}"));
    const HttpReply found = node.find(u"default"_s, u"demo"_s, consumer);
    QVERIFY_SC_JSON(found);
    QCOMPARE(found.body, QByteArray("{}"));
    QVERIFY2(node.service(sid), "expiry removes the instance, not its service");
}

void TestScLeases::ttlIsIntervalTimesTimesPlusOne_data()
{
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("times");
    QTest::newRow("2 x (1 + 1) = 4 s") << 2 << 1;
    QTest::newRow("1 x (3 + 1) = 4 s") << 1 << 3;
}

// Checklist 32 and §3.2: not gone before its TTL, gone soon after. Either wrong formula
// (interval × times, or interval alone) expires the instance at 2-3 s.
void TestScLeases::ttlIsIntervalTimesTimesPlusOne()
{
    QFETCH(int, interval);
    QFETCH(int, times);
    const qint64 ttlMs = qint64(interval) * (times + 1) * 1000;
    ScTestNode node(ScTestNode::shortLeaseConfig());
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    SC_REQUIRE_ID(iid, node.registerInstance(sid, ScTestNode::instanceFixture(u"h"_s, interval, times)));
    QElapsedTimer sinceRegistered;
    sinceRegistered.start();
    QCOMPARE(node.scInstance(sid, iid).value_or(QJsonObject()).value(u"healthCheck").toObject(),
             ScTestNode::healthCheck(u"push"_s, interval, times));

    QTRY_VERIFY_WITH_TIMEOUT(node.getInstance(sid, iid).status == 400, int(ttlMs) + 6000);
    const qint64 goneAfter = sinceRegistered.elapsed();
    QVERIFY2(goneAfter >= ttlMs - 500, qPrintable(u"expired after %1 ms, TTL %2 ms"_s.arg(goneAfter).arg(ttlMs)));
    QVERIFY2(goneAfter <= ttlMs + 3000, qPrintable(u"expired after %1 ms, TTL %2 ms"_s.arg(goneAfter).arg(ttlMs)));
    QVERIFY_SC_ERROR(node.getInstance(sid, iid), "400017");
}

void TestScLeases::renewalKeepsTheInstanceAlive_data()
{
    QTest::addColumn<QString>("renewal");
    QTest::newRow("PUT heartbeat") << u"heartbeat"_s;
    QTest::newRow("batch heartbeat") << u"batch"_s;
    QTest::newRow("re-register with the instanceId") << u"register"_s;
}

// Checklist 32 and §2.6 step 3, §2.7: renewing every 500 ms keeps a 2 s lease alive for over 4 s,
// while a sibling with no renewals expires (which proves expiry ran meanwhile).
void TestScLeases::renewalKeepsTheInstanceAlive()
{
    QFETCH(QString, renewal);
    ScTestNode node(ScTestNode::shortLeaseConfig());
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    QElapsedTimer clock;
    clock.start();
    // A 4 s lease renewed every 500 ms leaves 3.5 s for a loaded machine; the silent one has 2 s.
    const QJsonObject keptBody = ScTestNode::instanceFixture(u"kept"_s, 1, 3);
    SC_REQUIRE_ID(kept, node.registerInstance(sid, keptBody));
    SC_REQUIRE_ID(silent, node.registerInstance(sid, ScTestNode::instanceFixture(u"silent"_s, 1, 1)));

    const auto renew = [&]() -> HttpReply {
        if (renewal == u"heartbeat"_s)
            return node.heartbeat(sid, kept);
        if (renewal == u"batch"_s) {
            const QJsonArray items {QJsonObject {{u"serviceId"_s, sid}, {u"instanceId"_s, kept}}};
            return node.scPut(reg(u"/heartbeats"_s), {{u"instances"_s, items}});
        }
        QJsonObject again = keptBody;
        again[u"instanceId"_s] = kept;
        return node.scPost(reg(u"/microservices/%1/instances"_s.arg(sid)), {{u"instance"_s, again}});
    };

    qint64 nextRenewal = 0;
    bool silentGone = false;
    while (!silentGone || clock.elapsed() <= 5000) {
        QVERIFY2(clock.elapsed() < 15000, "the instance without renewals never expired");
        QVERIFY(QTest::qWaitFor([&] { return clock.elapsed() >= nextRenewal; }, 1000));
        nextRenewal = clock.elapsed() + 500;
        const HttpReply renewed = renew();
        QVERIFY2(renewed.status == 200,
                 qPrintable(u"renewal at %1 ms: "_s.arg(clock.elapsed()) + QString::fromUtf8(renewed.describe())));
        if (renewal == u"batch"_s)
            QVERIFY2(!renewed.body.contains("errMessage"), renewed.describe().constData());
        if (renewal == u"register"_s)
            QCOMPARE(renewed.json().value(u"instanceId").toString(), kept);
        QVERIFY2(node.scInstance(sid, kept), qPrintable(u"renewed instance gone at %1 ms"_s.arg(clock.elapsed())));
        silentGone = node.getInstance(sid, silent).status == 400;
    }
    QVERIFY_SC_ERROR(node.getInstance(sid, silent), "400017");
    QCOMPARE(ScTestNode::instanceIds(ScTestNode::instancesOf(node.scGet(reg(u"/microservices/%1/instances"_s.arg(sid))))),
             QStringList {kept});
}

// §2.6 step 3: once the lease is gone, the same instanceId registers a fresh instance with the new body.
void TestScLeases::expiredInstanceIdCanRegisterAgain()
{
    ScTestNode node(ScTestNode::shortLeaseConfig());
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    QJsonObject first = ScTestNode::instanceFixture(u"first"_s, 1, 1);
    first[u"instanceId"_s] = u"phoenix"_s;
    SC_REQUIRE_ID(iid, node.registerInstance(sid, first));
    QCOMPARE(iid, u"phoenix"_s);
    QTRY_VERIFY_WITH_TIMEOUT(node.getInstance(sid, iid).status == 400, 8000);

    QJsonObject second = ScTestNode::instanceFixture(u"second"_s, 5, 3);
    second[u"instanceId"_s] = u"phoenix"_s;
    const HttpReply reply = node.scPost(reg(u"/microservices/%1/instances"_s.arg(sid)), {{u"instance"_s, second}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"instanceId"_s, u"phoenix"_s}}));
    const auto instance = node.scInstance(sid, u"phoenix"_s);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"hostName").toString(), u"second"_s);
    QCOMPARE(instance->value(u"healthCheck").toObject(), ScTestNode::healthCheck(u"push"_s, 5, 3));
}

// §0.6, §3.2: instanceTtlSecs (registry.instance.ttl) above 0 decides the lease whatever the
// healthCheck says; the stored healthCheck stays as registered.
void TestScLeases::instanceTtlOverridesTheHealthCheck()
{
    NodeConfig config = ScTestNode::defaultConfig();
    config.serviceComb.instanceTtlSecs = 2;
    ScTestNode node(config);
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    SC_REQUIRE_ID(iid, node.registerInstance(sid));
    QElapsedTimer sinceRegistered;
    sinceRegistered.start();
    QCOMPARE(node.scInstance(sid, iid).value_or(QJsonObject()).value(u"healthCheck").toObject(),
             ScTestNode::healthCheck(u"push"_s, 30, 3));
    QTRY_VERIFY_WITH_TIMEOUT(node.getInstance(sid, iid).status == 400, 8000);
    QVERIFY2(sinceRegistered.elapsed() >= 1500, qPrintable(u"expired after %1 ms"_s.arg(sinceRegistered.elapsed())));
    QVERIFY_SC_ERROR(node.getInstance(sid, iid), "400017");
}

// Checklist 14 and §2.6 step 4 in time: with the default minimums, push 1/0 is stored as 5/3 and
// leased for 20 s, so it is still there well after the 1 s it asked for.
void TestScLeases::clampedIntervalLengthensTheLease()
{
    ScTestNode node;
    QVERIFY(node.start());
    SC_REQUIRE_ID(sid, node.createService(u"demo"_s));
    SC_REQUIRE_ID(iid, node.registerInstance(sid, ScTestNode::instanceFixture(u"h"_s, 1, 0)));
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(node.scInstance(sid, iid).value_or(QJsonObject()).value(u"healthCheck").toObject(),
             ScTestNode::healthCheck(u"push"_s, 5, 3));
    // Nothing to wait on for "not expired": let the unclamped lease (1 s) and two expiry passes go by.
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > 3500, 6000);
    QVERIFY2(node.scInstance(sid, iid), "a clamped lease must not expire after the requested 1 s");
}

QTEST_GUILESS_MAIN(TestScLeases)
#include "tst_scleases.moc"
