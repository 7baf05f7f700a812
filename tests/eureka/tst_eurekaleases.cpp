// SPDX-License-Identifier: GPL-3.0-or-later
// Time-driven behaviour of a real node seen through the Eureka API (contract eureka.md §3.2-3.4;
// checklist 26, 28, 29) and the node's own status endpoint, GET /muster/api/v1/node. Nodes here run
// with short lease durations, a 1 s eviction timer or a 1 s delta retention; waits poll with QTRY.
#include "eurekatestnode.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString testVersion = u"0.0.0-eureka-test"_s;

QJsonObject shortLease(const QString &app, const QString &id, int durationSecs)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, id);
    instance[u"leaseInfo"_s] = QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, durationSecs}};
    return instance;
}

NodeConfig fastEvictionConfig(bool selfPreservation)
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.name = selfPreservation ? u"preserving"_s : u"evicting"_s;
    config.evictionIntervalSecs = 1;
    config.registry.selfPreservationEnabled = selfPreservation;
    return config;
}
}

class TestEurekaLeases : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void expiredLeaseIsEvictedWithoutSelfPreservation();
    void expiredLeaseIsHiddenFromSingleReadsUntilEvicted();
    void selfPreservationKeepsExpiredLeases();
    void selfPreservationIsReported();
    void selfPreservationOffIsReported();
    void deltaForgetsItemsAfterRetention();
    void nodeStatusDescribesTheNode();
};

void TestEurekaLeases::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
    QCoreApplication::setApplicationVersion(testVersion);
}

// Checklist 28 and §3.2: with self-preservation off, a lease that is not renewed is evicted, and the
// eviction shows in the delta as DELETED. A lease that keeps renewing stays.
void TestEurekaLeases::expiredLeaseIsEvictedWithoutSelfPreservation()
{
    EurekaTestNode node(fastEvictionConfig(false));
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(shortLease(u"MYAPP"_s, u"silent"_s, 1)), 204);
    QVERIFY_STATUS(node.registerJson(shortLease(u"MYAPP"_s, u"beating"_s, 3)), 204);
    QCOMPARE(EurekaTestNode::allInstances(node.applications()).size(), 2);
    QCOMPARE(node.instance(u"MYAPP"_s, u"silent"_s)->value(u"leaseInfo").toObject().value(u"durationInSecs"),
             QJsonValue(1));

    // Heartbeat "beating" on every poll while waiting for "silent" to be evicted.
    const auto silentEvicted = [&] {
        if (node.put(u"/eureka/apps/MYAPP/beating"_s).status != 200)
            return true;   // fail fast below rather than spin
        return !EurekaTestNode::findInstance(node.applications(), u"silent"_s).has_value();
    };
    QTRY_VERIFY_WITH_TIMEOUT(silentEvicted(), 10000);

    QVERIFY2(EurekaTestNode::findInstance(node.applications(), u"beating"_s), "a renewed lease was evicted");
    QVERIFY_STATUS(node.get(u"/eureka/apps/MYAPP/silent"_s), 404);
    QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/silent"_s), 404);
    QCOMPARE(node.applications().value(u"apps__hashcode").toString(), u"UP_1_"_s);

    const auto deleted = EurekaTestNode::findInstance(node.delta(), u"silent"_s);
    QVERIFY2(deleted, "an evicted instance must appear in the delta");
    QCOMPARE(deleted->value(u"actionType").toString(), u"DELETED"_s);
    QCOMPARE(deleted->value(u"hostName").toString(), u"silent"_s);
    QVERIFY(deleted->value(u"leaseInfo").toObject().value(u"evictionTimestamp").toDouble() > 0);
    QCOMPARE(node.delta().value(u"apps__hashcode").toString(), u"UP_1_"_s);

    const QJsonObject status = node.nodeStatus();
    QCOMPARE(status.value(u"instances").toInteger(), 1);
}

// §1.8 and §3.2: while lease expiry is enabled, single-instance reads hide an expired lease that the
// eviction timer has not removed yet; the list endpoints still include it until it is evicted.
void TestEurekaLeases::expiredLeaseIsHiddenFromSingleReadsUntilEvicted()
{
    NodeConfig config = fastEvictionConfig(false);
    config.evictionIntervalSecs = 3600;   // no eviction pass during the test
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(shortLease(u"MYAPP"_s, u"expiring"_s, 1)), 204);
    QVERIFY_STATUS(node.get(u"/eureka/apps/MYAPP/expiring"_s), 200);

    QTRY_COMPARE_WITH_TIMEOUT(node.get(u"/eureka/apps/MYAPP/expiring"_s).status, 404, 10000);
    QVERIFY_STATUS(node.get(u"/eureka/v2/instances/expiring"_s), 404);
    QVERIFY(EurekaTestNode::findInstance(node.applications(), u"expiring"_s));
    QVERIFY_STATUS(node.get(u"/eureka/apps/MYAPP"_s), 200);
    QVERIFY(EurekaTestNode::findInstance(node.get(u"/eureka/vips/myapp"_s).json().value(u"applications").toObject(),
                                         u"expiring"_s));
}

// Checklist 29 and §3.3: with self-preservation on and renewals below the threshold (one instance, no
// heartbeats), an expired lease is not evicted, and it is still readable on its own because lease
// expiry is disabled.
void TestEurekaLeases::selfPreservationKeepsExpiredLeases()
{
    EurekaTestNode node(fastEvictionConfig(true));
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(shortLease(u"MYAPP"_s, u"held"_s, 1)), 204);
    const auto registered = node.instance(u"MYAPP"_s, u"held"_s);
    QVERIFY(registered);
    const qint64 lastRenewal = qint64(registered->value(u"leaseInfo").toObject().value(u"lastRenewalTimestamp").toDouble());
    QVERIFY(lastRenewal > 0);

    QJsonObject preservation = node.nodeStatus().value(u"selfPreservation").toObject();
    QCOMPARE(preservation.value(u"active").toBool(), true);
    QCOMPARE(preservation.value(u"leaseExpirationEnabled").toBool(), false);

    // There is nothing to wait on for "not evicted": let the lease expire and at least two eviction
    // passes run (duration 1 s, timer 1 s), measured on the node's own clock.
    const qint64 pastTwoPasses = lastRenewal + 1000 + 2 * 1000 + 200;
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() > pastTwoPasses, 10000);

    QVERIFY2(EurekaTestNode::findInstance(node.applications(), u"held"_s), "self-preservation must keep the lease");
    QVERIFY_STATUS(node.get(u"/eureka/apps/MYAPP/held"_s), 200);
    QVERIFY(!EurekaTestNode::findInstance(node.delta(), u"held"_s).value_or(QJsonObject())
                 .value(u"actionType").toString().contains(u"DELETED"_s));
    preservation = node.nodeStatus().value(u"selfPreservation").toObject();
    QCOMPARE(preservation.value(u"active").toBool(), true);
    QCOMPARE(node.nodeStatus().value(u"instances").toInteger(), 1);
}

// Checklist 29: the node API reports the numbers behind self-preservation and why it is on.
void TestEurekaLeases::selfPreservationIsReported()
{
    EurekaTestNode node;
    QVERIFY(node.start());

    QJsonObject preservation = node.nodeStatus().value(u"selfPreservation").toObject();
    QCOMPARE(preservation.value(u"enabled"), QJsonValue(true));
    QCOMPARE(preservation.value(u"active"), QJsonValue(false));
    QCOMPARE(preservation.value(u"expectedClients").toInteger(), 0);
    QVERIFY(!preservation.value(u"reason").toString().isEmpty());

    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"OTHER"_s, u"o1"_s, u"o1"_s)), 204);
    preservation = node.nodeStatus().value(u"selfPreservation").toObject();
    for (const QString &field : {u"enabled"_s, u"active"_s})
        QVERIFY2(preservation.value(field).isBool(), qPrintable(field));
    for (const QString &field : {u"expectedClients"_s, u"renewsThreshold"_s, u"renewsLastMin"_s})
        QVERIFY2(preservation.value(field).isDouble(), qPrintable(field));
    QVERIFY(preservation.value(u"reason").isString());

    // Two clients renewing every 30 s: 4 expected renewals a minute, threshold (int)(4 × 0.85) = 3.
    QCOMPARE(preservation.value(u"enabled"), QJsonValue(true));
    QCOMPARE(preservation.value(u"expectedClients").toInteger(), 2);
    QCOMPARE(preservation.value(u"renewsThreshold").toInteger(), 3);
    QCOMPARE(preservation.value(u"renewsLastMin").toInteger(), 0);
    QCOMPARE(preservation.value(u"active"), QJsonValue(true));
    // A node that started a moment ago has not measured a minute of renewals: it says until when.
    const QDateTime measuringUntil = QDateTime::fromString(preservation.value(u"measuringUntil").toString(), Qt::ISODateWithMs);
    QVERIFY(measuringUntil.isValid());
    QVERIFY(measuringUntil > QDateTime::currentDateTimeUtc());
    QVERIFY(measuringUntil <= QDateTime::currentDateTimeUtc().addSecs(60));
    QVERIFY(preservation.value(u"renewsThisMin").isDouble());
    QVERIFY2(preservation.value(u"reason").toString().startsWith(u"Self-preservation is measuring"_s),
             qPrintable(preservation.value(u"reason").toString()));
}

void TestEurekaLeases::selfPreservationOffIsReported()
{
    EurekaTestNode node(fastEvictionConfig(false));
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
    const QJsonObject preservation = node.nodeStatus().value(u"selfPreservation").toObject();
    QCOMPARE(preservation.value(u"enabled"), QJsonValue(false));
    QCOMPARE(preservation.value(u"active"), QJsonValue(false));
    QCOMPARE(preservation.value(u"leaseExpirationEnabled"), QJsonValue(true));
    QCOMPARE(preservation.value(u"expectedClients").toInteger(), 1);
    QVERIFY(!preservation.value(u"reason").toString().isEmpty());
}

// Checklist 26 and §3.4: delta items older than the retention window drop out of /apps/delta; the
// registry itself keeps the instance.
void TestEurekaLeases::deltaForgetsItemsAfterRetention()
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.registry.deltaRetentionSecs = 1;
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
    QCOMPARE(EurekaTestNode::findInstance(node.delta(), u"h1:myapp:8080"_s).value_or(QJsonObject())
                 .value(u"actionType").toString(),
             u"ADDED"_s);

    QTRY_VERIFY_WITH_TIMEOUT(EurekaTestNode::allInstances(node.delta()).isEmpty(), 10000);
    // Plain heartbeats never appear in the delta.
    QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/h1:myapp:8080"_s), 200);
    const QJsonObject delta = node.delta(u"/eureka/v2"_s);
    QVERIFY(delta.value(u"application").isArray());
    QVERIFY(delta.value(u"application").toArray().isEmpty());
    QCOMPARE(delta.value(u"apps__hashcode").toString(), u"UP_1_"_s);
    QVERIFY(EurekaTestNode::findInstance(node.applications(), u"h1:myapp:8080"_s));

    // A new change shows up again, and ages out again.
    QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/h1:myapp:8080/status?value=OUT_OF_SERVICE"_s), 200);
    QCOMPARE(EurekaTestNode::findInstance(node.delta(), u"h1:myapp:8080"_s).value_or(QJsonObject())
                 .value(u"actionType").toString(),
             u"MODIFIED"_s);
    QTRY_VERIFY_WITH_TIMEOUT(EurekaTestNode::allInstances(node.delta()).isEmpty(), 10000);
}

// GET /muster/api/v1/node: name, version, counts, uptime and the self-preservation numbers.
void TestEurekaLeases::nodeStatusDescribesTheNode()
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.name = u"status-test"_s;
    EurekaTestNode node(config);
    QVERIFY(node.start());

    HttpReply reply = node.get(u"/muster/api/v1/node"_s);
    QVERIFY_STATUS(reply, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
    QJsonObject status = reply.json();
    QCOMPARE(status.value(u"name").toString(), u"status-test"_s);
    QCOMPARE(status.value(u"version").toString(), testVersion);
    QCOMPARE(status.value(u"instances").toInteger(), 0);
    QCOMPARE(status.value(u"apps").toInteger(), 0);
    QVERIFY(status.value(u"uptimeMs").isDouble());
    QVERIFY(status.value(u"uptimeMs").toDouble() >= 0);
    QVERIFY(status.value(u"selfPreservation").isObject());
    QCOMPARE(status.value(u"url").toString(), u"http://127.0.0.1:%1"_s.arg(node.port()));

    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2"_s, u"h2"_s)), 204);
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"OTHER"_s, u"o1"_s, u"o1"_s)), 204);
    const qint64 uptime = qint64(status.value(u"uptimeMs").toDouble());
    QTRY_VERIFY(node.nodeStatus().value(u"uptimeMs").toDouble() > uptime);
    status = node.nodeStatus();
    QCOMPARE(status.value(u"instances").toInteger(), 3);
    QCOMPARE(status.value(u"apps").toInteger(), 2);
    QCOMPARE(status.value(u"selfPreservation").toObject().value(u"expectedClients").toInteger(), 3);

    QVERIFY_STATUS(node.del(u"/eureka/apps/OTHER/o1"_s), 200);
    status = node.nodeStatus();
    QCOMPARE(status.value(u"instances").toInteger(), 2);
    QCOMPARE(status.value(u"apps").toInteger(), 1);
    QCOMPARE(status.value(u"selfPreservation").toObject().value(u"expectedClients").toInteger(), 2);
}

QTEST_GUILESS_MAIN(TestEurekaLeases)
#include "tst_eurekaleases.moc"
