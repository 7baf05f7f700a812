// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center websockets against a real node (contract servicecomb.md §2.7, §2.12; checklist §8
// items 29-31 and 33): the /watcher push channel (who gets events, CREATE/UPDATE/DELETE including
// lease expiry, pings both ways) and the websocket heartbeat (pings, pongs renew the lease, close
// code 4001). Nodes run with 200 ms pings and unclamped short leases (ScTestNode::shortLeaseConfig).
#include "sctestnode.h"
#include "scwebsocket.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int pingMs = 200;

QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

QString watcherPath(const QString &consumerId)
{
    return reg(u"/microservices/%1/watcher"_s.arg(consumerId));
}

QString heartbeatPath(const QString &serviceId, const QString &instanceId)
{
    return reg(u"/microservices/%1/instances/%2/heartbeat"_s.arg(serviceId, instanceId));
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
}

class TestScWatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void plainGetWithoutUpgradeIs400();
    void unknownConsumerGetsOneErrorFrameThenClose_data();
    void unknownConsumerGetsOneErrorFrameThenClose();
    void createEventReachesConsumer();
    void statusChangeIsAnUpdate();
    void propertiesChangeIsAnUpdate();
    void unregisterIsADelete();
    void leaseExpiryIsADelete();
    void forcedServiceDeleteIsADelete();
    void eventsReachOnlyConsumersOfTheProvider();
    void eventsReachEveryConsumerOfTheProvider();
    void serverPingsAnIdleWatcher();
    void clientPingGetsAPong();

    void heartbeatSocketForUnknownInstanceCloses4001_data();
    void heartbeatSocketForUnknownInstanceCloses4001();
    void heartbeatSocketServerPings();
    void heartbeatSocketPongsKeepTheInstanceAlive();
    void heartbeatSocketWithoutPongsDoesNotRenew();
    void heartbeatSocketClosesWhenTheInstanceGoes();

private:
    // Provider "orders" 1.0.0 in app "shop" and consumer "client" in "shop", which has found it.
    void createProviderAndConsumer();
    // Opens the watcher of m_consumer.
    void openWatcher(ScWebSocket &watcher);

    std::unique_ptr<ScTestNode> m_node;
    QString m_provider;
    QString m_consumer;
};

void TestScWatcher::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestScWatcher::init()
{
    m_node = std::make_unique<ScTestNode>(ScTestNode::shortLeaseConfig(pingMs));
    QVERIFY(m_node->start());
    m_provider.clear();
    m_consumer.clear();
}

void TestScWatcher::cleanup()
{
    m_node.reset();
}

void TestScWatcher::createProviderAndConsumer()
{
    m_provider = m_node->createService(u"orders"_s, u"shop"_s, u"1.0.0"_s);
    QVERIFY2(!m_provider.isEmpty(), ScTestNode::lastFailure().constData());
    m_consumer = m_node->createService(u"client"_s, u"shop"_s, u"2.0.0"_s);
    QVERIFY2(!m_consumer.isEmpty(), ScTestNode::lastFailure().constData());
    const HttpReply found = m_node->find(u"shop"_s, u"orders"_s, m_consumer);
    QVERIFY_SC_JSON(found);
    QCOMPARE(found.body, QByteArray("{}"));
}

void TestScWatcher::openWatcher(ScWebSocket &watcher)
{
    QVERIFY2(watcher.open(m_node->wsUrl(watcherPath(m_consumer))),
             qPrintable(u"watcher did not connect: "_s + watcher.socket().errorString()));
    QVERIFY(watcher.isConnected());
}

// Checklist 29 and §2.12: a plain GET is a 400 error.
void TestScWatcher::plainGetWithoutUpgradeIs400()
{
    SC_CALL(createProviderAndConsumer());
    const HttpReply reply = m_node->scGet(watcherPath(m_consumer));
    QVERIFY_STATUS(reply, 400);
    QVERIFY_SC_ERROR(reply, "");
}

void TestScWatcher::unknownConsumerGetsOneErrorFrameThenClose_data()
{
    QTest::addColumn<QString>("consumerId");
    QTest::newRow("unknown id") << u"nope"_s;
    QTest::newRow("40-hex unknown id") << u"0123456789abcdef0123456789abcdef01234567"_s;
}

// Checklist 29 and §2.12: the upgrade succeeds, one text frame carries the error, then the end.
void TestScWatcher::unknownConsumerGetsOneErrorFrameThenClose()
{
    QFETCH(QString, consumerId);
    ScWebSocket watcher;
    QVERIFY2(watcher.open(m_node->wsUrl(watcherPath(consumerId))),
             qPrintable(u"the upgrade must succeed: "_s + watcher.socket().errorString()));
    QVERIFY(watcher.waitForDisconnected());
    QCOMPARE(watcher.messages().size(), 1);
    QVERIFY(!watcher.messages().first().trimmed().isEmpty());
}

// Checklist 30 and §2.12: the CREATE event with its key and the full instance.
void TestScWatcher::createEventReachesConsumer()
{
    SC_CALL(createProviderAndConsumer());
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QJsonObject body = ScTestNode::instanceFixture(u"orders-1"_s, u"rest://10.0.0.5:8080"_s);
    body[u"properties"_s] = QJsonObject {{u"zone"_s, u"az1"_s}};
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider, body));

    const auto event = watcher.waitForEvent(u"CREATE"_s, iid);
    QVERIFY2(event, qPrintable(watcher.messages().join(u'\n')));
    const QJsonObject expectedKey {{u"tenant"_s, u"default/default"_s}, {u"environment"_s, u""_s},
                                   {u"appId"_s, u"shop"_s}, {u"serviceName"_s, u"orders"_s},
                                   {u"version"_s, u"1.0.0"_s}};
    const QJsonObject key = event->value(u"key").toObject();
    for (auto it = expectedKey.begin(); it != expectedKey.end(); ++it)
        QVERIFY2(key.value(it.key()) == it.value() || (it.key() == u"environment"_s && !key.contains(it.key())),
                 qPrintable(it.key() + u" in "_s + QString::fromUtf8(compact(*event))));
    const QJsonObject instance = event->value(u"instance").toObject();
    QCOMPARE(instance.value(u"serviceId").toString(), m_provider);
    QCOMPARE(instance.value(u"hostName").toString(), u"orders-1"_s);
    QCOMPARE(instance.value(u"endpoints").toArray(), QJsonArray {u"rest://10.0.0.5:8080"_s});
    QCOMPARE(instance.value(u"status").toString(), u"UP"_s);
    QCOMPARE(instance.value(u"properties").toObject(), (QJsonObject {{u"zone"_s, u"az1"_s}}));
    QCOMPARE(instance.value(u"version").toString(), u"1.0.0"_s);
}

// Checklist 30 and §2.8.
void TestScWatcher::statusChangeIsAnUpdate()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QVERIFY_SC_EMPTY_OK(m_node->setStatus(m_provider, iid, u"DOWN"_s));
    const auto event = watcher.waitForEvent(u"UPDATE"_s, iid);
    QVERIFY2(event, qPrintable(watcher.messages().join(u'\n')));
    QCOMPARE(event->value(u"instance").toObject().value(u"status").toString(), u"DOWN"_s);
    QCOMPARE(event->value(u"key").toObject().value(u"serviceName").toString(), u"orders"_s);
    QVERIFY2(!watcher.event(u"CREATE"_s, iid), "an instance registered before the watch began is not re-announced");
}

// §2.8: properties changes are UPDATE events too.
void TestScWatcher::propertiesChangeIsAnUpdate()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/instances/%2/properties"_s.arg(m_provider, iid)),
                                      {{u"properties"_s, QJsonObject {{u"x"_s, u"1"_s}}}}));
    const auto event = watcher.waitForEvent(u"UPDATE"_s, iid);
    QVERIFY2(event, qPrintable(watcher.messages().join(u'\n')));
    QCOMPARE(event->value(u"instance").toObject().value(u"properties").toObject(), (QJsonObject {{u"x"_s, u"1"_s}}));
}

// Checklist 30 and §2.9.
void TestScWatcher::unregisterIsADelete()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QVERIFY_SC_EMPTY_OK(m_node->unregister(m_provider, iid));
    const auto event = watcher.waitForEvent(u"DELETE"_s, iid);
    QVERIFY2(event, qPrintable(watcher.messages().join(u'\n')));
    QCOMPARE(event->value(u"instance").toObject().value(u"serviceId").toString(), m_provider);
    QCOMPARE(event->value(u"key").toObject().value(u"appId").toString(), u"shop"_s);
}

// Checklist 32 and §2.12: expiry arrives as DELETE (TTL 1 × (1 + 1) = 2 s here).
void TestScWatcher::leaseExpiryIsADelete()
{
    SC_CALL(createProviderAndConsumer());
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider, ScTestNode::instanceFixture(u"short"_s, 1, 1)));
    QVERIFY2(watcher.waitForEvent(u"CREATE"_s, iid), qPrintable(watcher.messages().join(u'\n')));
    const auto event = watcher.waitForEvent(u"DELETE"_s, iid, 10000);
    QVERIFY2(event, qPrintable(watcher.messages().join(u'\n')));
    QVERIFY_SC_ERROR(m_node->getInstance(m_provider, iid), "400017");
}

// §2.4, §3.3: a forced service delete revokes the instance leases, which watchers see as DELETE.
void TestScWatcher::forcedServiceDeleteIsADelete()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QVERIFY_SC_EMPTY_OK(m_node->scDelete(reg(u"/microservices/%1?force=true"_s.arg(m_provider))));
    QVERIFY2(watcher.waitForEvent(u"DELETE"_s, iid), qPrintable(watcher.messages().join(u'\n')));
}

// §0.7, §2.12: a consumer that has not found a provider hears nothing about it. Events reach a
// watcher in order, so the other provider's later event bounds the wait.
void TestScWatcher::eventsReachOnlyConsumersOfTheProvider()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(other, m_node->createService(u"billing"_s, u"shop"_s));
    SC_REQUIRE_ID(bystander, m_node->createService(u"bystander"_s, u"shop"_s));
    QVERIFY_SC_JSON(m_node->find(u"shop"_s, u"billing"_s, bystander));
    ScWebSocket watcher;
    QVERIFY(watcher.open(m_node->wsUrl(watcherPath(bystander))));
    ScWebSocket ownWatcher;
    QVERIFY(ownWatcher.open(m_node->wsUrl(watcherPath(m_provider))));

    SC_REQUIRE_ID(ordersInstance, m_node->registerInstance(m_provider, ScTestNode::instanceFixture(u"o1"_s)));
    SC_REQUIRE_ID(billingInstance, m_node->registerInstance(other, ScTestNode::instanceFixture(u"b1"_s)));
    QVERIFY2(watcher.waitForEvent(u"CREATE"_s, billingInstance), qPrintable(watcher.messages().join(u'\n')));
    QVERIFY2(watcher.eventsAbout(ordersInstance).isEmpty(), qPrintable(watcher.messages().join(u'\n')));
    QVERIFY2(ownWatcher.messages().isEmpty(), "a service watching its own id hears nothing unless it consumes itself");
}

// §2.12: every consumer whose dependency points at the provider gets the event.
void TestScWatcher::eventsReachEveryConsumerOfTheProvider()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(second, m_node->createService(u"client2"_s, u"shop"_s));
    QVERIFY_SC_JSON(m_node->find(u"shop"_s, u"orders"_s, second));
    ScWebSocket first;
    SC_CALL(openWatcher(first));
    ScWebSocket other;
    QVERIFY(other.open(m_node->wsUrl(watcherPath(second))));
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    QVERIFY2(first.waitForEvent(u"CREATE"_s, iid), qPrintable(first.messages().join(u'\n')));
    QVERIFY2(other.waitForEvent(u"CREATE"_s, iid), qPrintable(other.messages().join(u'\n')));
    QCOMPARE(first.eventsAbout(iid).size(), 1);
}

// Checklist 31 and §2.12: the server pings an idle watcher every watcherPingIntervalMs.
void TestScWatcher::serverPingsAnIdleWatcher()
{
    SC_CALL(createProviderAndConsumer());
    RawWebSocket raw;
    QVERIFY2(raw.open(m_node->port(), watcherPath(m_consumer)),
             qPrintable(u"upgrade answered %1"_s.arg(raw.handshakeStatus())));
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(raw.pingsReceived() >= 3, 5000);
    // Three pings 200 ms apart take at least about 400 ms; far more would mean no interval at all.
    QVERIFY2(clock.elapsed() >= 300, qPrintable(u"3 pings after %1 ms"_s.arg(clock.elapsed())));
    QVERIFY(raw.isConnected());
    QVERIFY(raw.textMessages().isEmpty());
}

// Checklist 31: a client ping gets a pong with the same payload.
void TestScWatcher::clientPingGetsAPong()
{
    SC_CALL(createProviderAndConsumer());
    ScWebSocket watcher;
    SC_CALL(openWatcher(watcher));
    QSignalSpy pong(&watcher.socket(), &QWebSocket::pong);
    watcher.socket().ping("are-you-there");
    QVERIFY(pong.wait(ScWebSocket::timeoutMs));
    QCOMPARE(pong.first().at(1).toByteArray(), QByteArray("are-you-there"));
    QVERIFY(watcher.isConnected());
}

void TestScWatcher::heartbeatSocketForUnknownInstanceCloses4001_data()
{
    QTest::addColumn<QString>("serviceId");
    QTest::addColumn<QString>("instanceId");
    QTest::newRow("unknown instance") << u"{sid}"_s << u"nope"_s;
    QTest::newRow("unknown service") << u"nope"_s << u"nope"_s;
}

// Checklist 33 and §2.7: close code 4001 for an instance that does not exist.
void TestScWatcher::heartbeatSocketForUnknownInstanceCloses4001()
{
    QFETCH(QString, serviceId);
    QFETCH(QString, instanceId);
    SC_CALL(createProviderAndConsumer());
    serviceId.replace(u"{sid}"_s, m_provider);
    ScWebSocket socket;
    QVERIFY2(socket.open(m_node->wsUrl(heartbeatPath(serviceId, instanceId))),
             qPrintable(u"the upgrade must succeed: "_s + socket.socket().errorString()));
    QVERIFY(socket.waitForDisconnected());
    QCOMPARE(socket.closeCode(), 4001);
}

// Checklist 33 and §2.7: the server pings every heartbeatPingIntervalMs.
void TestScWatcher::heartbeatSocketServerPings()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    RawWebSocket raw;
    QVERIFY2(raw.open(m_node->port(), heartbeatPath(m_provider, iid)),
             qPrintable(u"upgrade answered %1"_s.arg(raw.handshakeStatus())));
    QTRY_VERIFY_WITH_TIMEOUT(raw.pingsReceived() >= 3, 5000);
    QVERIFY(raw.isConnected());
    QVERIFY(!raw.closeCode());
}

// Checklist 33 and §2.7: QWebSocket answers every ping, each pong renews the 2 s lease, so the
// instance outlives its TTL while a sibling without heartbeats expires.
void TestScWatcher::heartbeatSocketPongsKeepTheInstanceAlive()
{
    SC_CALL(createProviderAndConsumer());
    QElapsedTimer clock;
    clock.start();
    SC_REQUIRE_ID(kept, m_node->registerInstance(m_provider, ScTestNode::instanceFixture(u"kept"_s, 1, 1)));
    SC_REQUIRE_ID(silent, m_node->registerInstance(m_provider, ScTestNode::instanceFixture(u"silent"_s, 1, 1)));
    ScWebSocket socket;
    QVERIFY(socket.open(m_node->wsUrl(heartbeatPath(m_provider, kept))));

    QTRY_VERIFY_WITH_TIMEOUT(m_node->getInstance(m_provider, silent).status == 400, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > 4500, 10000);
    QVERIFY2(m_node->scInstance(m_provider, kept), "pongs on the heartbeat socket must renew the lease");
    QVERIFY(socket.isConnected());
}

// §2.7: the lease is renewed by pongs, not by an open connection.
void TestScWatcher::heartbeatSocketWithoutPongsDoesNotRenew()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider, ScTestNode::instanceFixture(u"mute"_s, 1, 1)));
    RawWebSocket raw(false);
    QVERIFY2(raw.open(m_node->port(), heartbeatPath(m_provider, iid)),
             qPrintable(u"upgrade answered %1"_s.arg(raw.handshakeStatus())));
    QTRY_VERIFY_WITH_TIMEOUT(m_node->getInstance(m_provider, iid).status == 400, 10000);
    QVERIFY_SC_ERROR(m_node->getInstance(m_provider, iid), "400017");
    QVERIFY(raw.pingsReceived() >= 1);
}

// §2.7: when the instance is gone at renewal, the server closes with 4001.
void TestScWatcher::heartbeatSocketClosesWhenTheInstanceGoes()
{
    SC_CALL(createProviderAndConsumer());
    SC_REQUIRE_ID(iid, m_node->registerInstance(m_provider));
    ScWebSocket socket;
    QVERIFY(socket.open(m_node->wsUrl(heartbeatPath(m_provider, iid))));
    QVERIFY_SC_EMPTY_OK(m_node->unregister(m_provider, iid));
    QVERIFY(socket.waitForDisconnected(5000));
    QCOMPARE(socket.closeCode(), 4001);
}

QTEST_GUILESS_MAIN(TestScWatcher)
#include "tst_scwatcher.moc"
