// SPDX-License-Identifier: GPL-3.0-or-later
// The gateway's statistics and the health checks of a remote Muster node, read through
// RemoteRegistry against a real node on 127.0.0.1: traffic sent through the node's gateway to a
// real upstream shows per service and instance, a registry read as plain Eureka has no gateway, a
// node without one says it is off, and a failing check reaches the client's snapshot and batches.
#include "client/remoteregistry.h"
#include "node/nodehandle.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int waitMs = 15'000;

std::unique_ptr<NodeHandle> startNode(const QString &name, bool gateway)
{
    NodeConfig config;
    config.name = name;
    config.port = 0;
    config.gateway.enabled = gateway;
    auto node = std::make_unique<NodeHandle>(config);
    QSignalSpy started(node.get(), &NodeHandle::started);
    node->start();
    if (!started.wait(waitMs))
        return nullptr;
    return node;
}

std::optional<GatewayStats> gatewayOf(RegistryConnection &source)
{
    QObject context;
    std::optional<GatewayStats> answer;
    source.requestGatewayStats(&context, [&answer](const GatewayStats &stats) { answer = stats; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, waitMs))
        return std::nullopt;
    return answer;
}

struct Reply
{
    int status = 0;
    QByteArray body;
};

Reply send(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url, const QByteArray &body = {})
{
    QNetworkRequest request(url);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    std::unique_ptr<QNetworkReply> reply {network.sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(waitMs))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

QByteArray eurekaInstance(const QString &app, const QString &id, quint16 port, const QJsonObject &metadata = {})
{
    const QJsonObject instance {
        {u"instanceId"_s, id},
        {u"app"_s, app},
        {u"hostName"_s, u"localhost"_s},
        {u"ipAddr"_s, u"127.0.0.1"_s},
        {u"port"_s, QJsonObject {{u"$"_s, port}, {u"@enabled"_s, u"true"_s}}},
        {u"vipAddress"_s, app.toLower()},
        {u"status"_s, u"UP"_s},
        {u"metadata"_s, metadata},
        {u"dataCenterInfo"_s, QJsonObject {{u"@class"_s, u"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"_s},
                                           {u"name"_s, u"MyOwn"_s}}},
    };
    return QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson();
}

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
}

class TestRemoteGateway : public QObject
{
    Q_OBJECT

private slots:
    void statsSurviveTheirJson();
    void musterNodeReportsItsGatewayTraffic();
    void nodeWithoutGatewaySaysItIsOff();
    void eurekaRemoteHasNoGateway();
    void stoppedClientAndStoppedNodeAnswerNotRunning();
    void remoteMusterNodeReportsItsChecks();

private:
    QNetworkAccessManager m_network;
};

void TestRemoteGateway::statsSurviveTheirJson()
{
    GatewayStats stats;
    stats.running = true;
    stats.url = u"http://127.0.0.1:8080"_s;
    stats.zone = u"zone-a"_s;
    stats.requests = 41;
    stats.unknownServiceRequests = 1;
    stats.openConnections = 2;
    stats.services = {{u"echo"_s, 40, 1, 0.5, 2.25,
                       {{u"a"_s, u"127.0.0.1:9001"_s, 20, 1, 0.5, 2.25, 1764750000000},
                        {u"b"_s, u"127.0.0.1:9002"_s, 20, 0, 0.75, 1.5, 0}}}};
    QCOMPARE(GatewayStats::fromJson(stats.toJson()), stats);
    QCOMPARE(GatewayStats::fromJson(QJsonObject {{u"requests"_s, -5}, {u"services"_s, u"nonsense"_s}}).requests, quint64(0));
}

void TestRemoteGateway::musterNodeReportsItsGatewayTraffic()
{
    auto node = startNode(u"gated"_s, true);
    QVERIFY(node);
    QHttpServer upstream;
    upstream.route(u"/hello"_s, [] { return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("hi")); });
    const quint16 upstreamPort = upstream.listen(QHostAddress::LocalHost, 0);
    QVERIFY(upstreamPort != 0);
    const QString base = u"http://127.0.0.1:%1"_s.arg(node->port());
    QCOMPARE(send(m_network, "POST", QUrl(base + u"/eureka/apps/ECHO"_s), eurekaInstance(u"ECHO"_s, u"e1"_s, upstreamPort)).status, 204);

    const auto local = gatewayOf(*node);
    QVERIFY(local && local->running);
    const QString gateway = local->url;
    QVERIFY(gateway.startsWith(u"http://127.0.0.1:"_s));
    QTRY_COMPARE_WITH_TIMEOUT(send(m_network, "GET", QUrl(gateway + u"/echo/hello"_s)).status, 200, waitMs);
    for (int i = 0; i < 9; ++i)
        QCOMPARE(send(m_network, "GET", QUrl(gateway + u"/echo/hello"_s)).body, QByteArrayLiteral("hi"));

    RemoteRegistry remote(QUrl(base), RemoteRegistry::Kind::Detect);
    remote.setPollIntervalMs(200);
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    QCOMPARE(remote.kind(), RemoteRegistry::Kind::Muster);
    std::optional<GatewayStats> stats;
    QVERIFY(QTest::qWaitFor([&] {
        stats = gatewayOf(remote);
        return stats && stats->instance(u"e1"_s) && stats->instance(u"e1"_s)->requests >= 10;
    }, waitMs));
    QVERIFY2(stats->isAvailable(), qPrintable(stats->error));
    QVERIFY(stats->running);
    QCOMPARE(stats->url, gateway);
    QCOMPARE(stats->services.size(), qsizetype(1));
    QCOMPARE(stats->services.first().service, u"echo"_s);
    const GatewayInstanceStats *instance = stats->instance(u"e1"_s);
    QCOMPARE(instance->address, u"127.0.0.1:%1"_s.arg(upstreamPort));
    QCOMPARE(instance->errors, quint64(0));
    QVERIFY(instance->p50Ms > 0);
    QVERIFY(instance->p99Ms >= instance->p50Ms);
    QCOMPARE(instance->ejectedUntilMs, qint64(0));
    // What the node itself says, read the same moment as far as the gateway's once-a-second report goes.
    QTRY_COMPARE_WITH_TIMEOUT(gatewayOf(remote)->toJson(), gatewayOf(*node)->toJson(), waitMs);
    remote.stop();
    node->stop();
}

void TestRemoteGateway::nodeWithoutGatewaySaysItIsOff()
{
    auto node = startNode(u"ungated"_s, false);
    QVERIFY(node);
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:%1"_s.arg(node->port())), RemoteRegistry::Kind::Muster);
    remote.setPollIntervalMs(200);
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    const auto stats = gatewayOf(remote);
    QVERIFY(stats);
    QVERIFY2(stats->isAvailable(), qPrintable(stats->error));
    QVERIFY(!stats->running);
    QVERIFY(stats->url.isEmpty());
    remote.stop();
}

void TestRemoteGateway::eurekaRemoteHasNoGateway()
{
    auto node = startNode(u"plain"_s, true);
    QVERIFY(node);
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(node->port())), RemoteRegistry::Kind::Eureka);
    remote.setPollIntervalMs(200);
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    const auto stats = gatewayOf(remote);
    QVERIFY(stats);
    QCOMPARE(stats->availability, GatewayStats::Availability::NotMuster);
    QVERIFY(!stats->running);
    remote.stop();
}

void TestRemoteGateway::stoppedClientAndStoppedNodeAnswerNotRunning()
{
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:1"_s), RemoteRegistry::Kind::Muster);
    auto stats = gatewayOf(remote);
    QVERIFY(stats);
    QCOMPARE(stats->availability, GatewayStats::Availability::NotRunning);

    auto node = startNode(u"stopping"_s, true);
    QVERIFY(node);
    QVERIFY(gatewayOf(*node)->running);
    node->stop();
    stats = gatewayOf(*node);
    QVERIFY(stats);
    QCOMPARE(stats->availability, GatewayStats::Availability::NotRunning);
}

// A TCP check against a port nobody listens on fails at once; the remote's client sees the node's
// verdict and results, first in a batch, then in every snapshot.
void TestRemoteGateway::remoteMusterNodeReportsItsChecks()
{
    auto node = startNode(u"checking"_s, false);
    QVERIFY(node);
    const QString base = u"http://127.0.0.1:%1"_s.arg(node->port());
    RemoteRegistry remote(QUrl(base), RemoteRegistry::Kind::Muster);
    remote.setPollIntervalMs(200);
    QList<CheckState> batched;
    connect(&remote, &RegistryConnection::changesReady, this, [&batched](const ChangeBatch &batch) { batched += batch.checks; });
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);

    const quint16 dead = closedPort();
    const QJsonObject metadata {{u"muster.check"_s, u"tcp"_s},
                                {u"muster.check.target"_s, u"127.0.0.1:%1"_s.arg(dead)},
                                {u"muster.check.interval"_s, u"200ms"_s},
                                {u"muster.check.timeout"_s, u"200ms"_s},
                                {u"muster.check.failures"_s, u"1"_s}};
    QCOMPARE(send(m_network, "POST", QUrl(base + u"/eureka/apps/LEGACY"_s),
                  eurekaInstance(u"LEGACY"_s, u"l1"_s, dead, metadata)).status, 204);

    const auto failingIn = [](const QList<CheckState> &checks) -> std::optional<CheckState> {
        for (const CheckState &check : checks) {
            if (check.app == u"LEGACY"_s && check.instanceId == u"l1"_s && check.verdict == CheckState::Verdict::Failing)
                return check;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failingIn(batched), waitMs);
    const CheckState check = *failingIn(batched);
    QCOMPARE(check.spec.kind, CheckSpec::Kind::Tcp);
    QCOMPARE(check.spec.target, u"127.0.0.1:%1"_s.arg(dead));
    QCOMPARE(check.spec.intervalMs, 200);
    QVERIFY(check.consecutiveFailures >= 1);
    QVERIFY(check.failingSinceMs > 0);
    QVERIFY(!check.history.isEmpty());
    QVERIFY(!check.history.last().passed);
    QVERIFY(!check.history.last().detail.isEmpty());

    QObject context;
    std::optional<RegistrySnapshot> snapshot;
    remote.requestSnapshot(&context, [&snapshot](const RegistrySnapshot &taken) { snapshot = taken; });
    QTRY_VERIFY_WITH_TIMEOUT(snapshot.has_value(), waitMs);
    QVERIFY(failingIn(snapshot->checks));
    remote.stop();
}

QTEST_GUILESS_MAIN(TestRemoteGateway)
#include "tst_remotegateway.moc"
