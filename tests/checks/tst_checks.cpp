// SPDX-License-Identifier: GPL-3.0-or-later
// Health checks end to end: real nodes on 127.0.0.1 check real upstreams (a QHttpServer, a
// QTcpServer) that the test kills and restarts on the same port, with 200 ms intervals.

#include "eurekatestnode.h"
#include "replicationharness.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
const QString app = u"CHECKED"_s;
constexpr int intervalMs = 200;
constexpr int failures = 2;
// What a verdict may take beyond interval × threshold: the write, the read that sees it.
constexpr int marginMs = 1500;
constexpr int verdictMs = intervalMs * failures + marginMs;

// An HTTP upstream answering GET /health with 200, killed and restarted on the same port.
class HttpUpstream
{
public:
    bool start(quint16 port = 0)
    {
        m_server = std::make_unique<QHttpServer>();
        m_server->route(u"/health"_s, [] { return QHttpServerResponse(QHttpServerResponder::StatusCode::Ok); });
        m_port = m_server->listen(QHostAddress::LocalHost, port);
        return m_port != 0;
    }
    bool restart() { return start(m_port); }
    void kill() { m_server.reset(); }
    QString url() const { return u"http://127.0.0.1:%1/health"_s.arg(m_port); }

private:
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
};

QJsonObject checkedInstance(const QString &id, const QString &healthCheckUrl, const QJsonObject &extraMetadata = {})
{
    QJsonObject metadata {{u"muster.check"_s, u"http"_s},
                          {u"muster.check.interval"_s, u"%1ms"_s.arg(intervalMs)},
                          {u"muster.check.timeout"_s, u"150ms"_s},
                          {u"muster.check.failures"_s, QString::number(failures)}};
    for (auto it = extraMetadata.constBegin(); it != extraMetadata.constEnd(); ++it)
        metadata.insert(it.key(), it.value());
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, u"h-"_s + id);
    instance.insert(u"healthCheckUrl"_s, healthCheckUrl);
    instance.insert(u"metadata"_s, metadata);
    return instance;
}

QString status(EurekaTestNode &node, const QString &id)
{
    return H::field(node, app, id, u"status"_s);
}

QJsonArray checks(EurekaTestNode &node)
{
    return node.get(u"/muster/api/v1/checks"_s).json().value(u"checks").toArray();
}

QJsonObject checkOf(EurekaTestNode &node, const QString &id)
{
    for (const QJsonValue &check : checks(node)) {
        if (check[u"instanceId"].toString() == id)
            return check.toObject();
    }
    return {};
}

QJsonObject pinned(EurekaTestNode &node, const QString &id)
{
    return node.get(u"/muster/api/v1/pinned/apps/%1/%2"_s.arg(app, id)).json().value(u"instance").toObject();
}

QByteArray pinnedBody(const QString &id, const QJsonObject &check)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, u"h-"_s + id);
    instance.remove(u"metadata"_s);
    return QJsonDocument(QJsonObject {{u"instance"_s, instance}, {u"check"_s, check}}).toJson(QJsonDocument::Compact);
}

QJsonObject tcpCheck(quint16 port, qint64 deregisterAfterMs = 0)
{
    return {{u"type"_s, u"tcp"_s}, {u"target"_s, u"127.0.0.1:%1"_s.arg(port)}, {u"intervalMs"_s, intervalMs},
            {u"timeoutMs"_s, 150}, {u"failures"_s, failures}, {u"deregisterAfterMs"_s, deregisterAfterMs}};
}

// A port nothing listens on: bound, then released.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

const HttpHeaders json {{"Content-Type", "application/json"}};
}

class TestChecks : public QObject
{
    Q_OBJECT

private slots:
    void upstreamKilledGoesDownAndRestartedComesBack();
    void tcpCheckFollowsTheListener();
    void userOverrideWinsOverTheCheck();
    void pinnedEntryWithFailingCheckSurvivesRestart();
    void deregisterAfterRemovesTheInstance();
    void badChecksAreRefused();
    void serviceCombPullModeIsChecked();
    void downReplicatesAndThePeerDoesNotCheck();
};

void TestChecks::upstreamKilledGoesDownAndRestartedComesBack()
{
    HttpUpstream upstream;
    QVERIFY(upstream.start());
    EurekaTestNode node;
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(checkedInstance(u"a1"_s, upstream.url())), 204);
    QTRY_COMPARE_WITH_TIMEOUT(checkOf(node, u"a1"_s)[u"verdict"].toString(), u"passing"_s, verdictMs);
    QCOMPARE(status(node, u"a1"_s), u"UP"_s);

    QElapsedTimer sinceKill;
    upstream.kill();
    sinceKill.start();
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"a1"_s), u"DOWN"_s, verdictMs);
    qInfo() << "DOWN" << sinceKill.elapsed() << "ms after the upstream died; interval × threshold"
            << intervalMs * failures << "ms";
    // Set by the check, not a user: no override, and the check says so.
    QCOMPARE(H::field(node, app, u"a1"_s, u"overriddenStatus"_s), u"UNKNOWN"_s);
    const QJsonObject check = checkOf(node, u"a1"_s);
    QCOMPARE(check[u"verdict"].toString(), u"failing"_s);
    QVERIFY(check[u"consecutiveFailures"].toInt() >= failures);
    QVERIFY(!check[u"history"].toArray().last()[u"passed"].toBool());

    QVERIFY(upstream.restart());
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"a1"_s), u"UP"_s, verdictMs);
    QCOMPARE(checkOf(node, u"a1"_s)[u"history"].toArray().last()[u"detail"].toString(), u"HTTP 200"_s);
}

void TestChecks::tcpCheckFollowsTheListener()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const quint16 port = listener.serverPort();
    EurekaTestNode node;
    QVERIFY(node.start());
    QJsonObject instance = EurekaTestNode::instanceFixture(app, u"t1"_s, u"h-t1"_s);
    instance.insert(u"metadata"_s, QJsonObject {{u"muster.check"_s, u"tcp"_s},
                                                {u"muster.check.target"_s, u"127.0.0.1:%1"_s.arg(port)},
                                                {u"muster.check.interval"_s, u"%1ms"_s.arg(intervalMs)},
                                                {u"muster.check.timeout"_s, u"150ms"_s},
                                                {u"muster.check.failures"_s, QString::number(failures)}});
    QVERIFY_STATUS(node.registerJson(instance), 204);
    QTRY_COMPARE_WITH_TIMEOUT(checkOf(node, u"t1"_s)[u"verdict"].toString(), u"passing"_s, verdictMs);

    listener.close();
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"t1"_s), u"DOWN"_s, verdictMs);
    QVERIFY(listener.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"t1"_s), u"UP"_s, verdictMs);
}

void TestChecks::userOverrideWinsOverTheCheck()
{
    HttpUpstream upstream;
    QVERIFY(upstream.start());
    EurekaTestNode node;
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(checkedInstance(u"o1"_s, upstream.url())), 204);
    QTRY_COMPARE_WITH_TIMEOUT(checkOf(node, u"o1"_s)[u"verdict"].toString(), u"passing"_s, verdictMs);
    upstream.kill();
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"o1"_s), u"DOWN"_s, verdictMs);

    QVERIFY_STATUS(node.put(u"/eureka/apps/%1/o1/status?value=OUT_OF_SERVICE"_s.arg(app)), 200);
    QCOMPARE(status(node, u"o1"_s), u"OUT_OF_SERVICE"_s);
    QCOMPARE(H::field(node, app, u"o1"_s, u"overriddenStatus"_s), u"OUT_OF_SERVICE"_s);
    // The check goes on failing, and the override still decides.
    const int failedSoFar = checkOf(node, u"o1"_s)[u"consecutiveFailures"].toInt();
    QTRY_VERIFY_WITH_TIMEOUT(checkOf(node, u"o1"_s)[u"consecutiveFailures"].toInt() >= failedSoFar + failures, verdictMs);
    QCOMPARE(status(node, u"o1"_s), u"OUT_OF_SERVICE"_s);

    QVERIFY_STATUS(node.del(u"/eureka/apps/%1/o1/status"_s.arg(app)), 200);
    QCOMPARE(status(node, u"o1"_s), u"DOWN"_s);
    QVERIFY(upstream.restart());
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"o1"_s), u"UP"_s, verdictMs);
}

void TestChecks::pinnedEntryWithFailingCheckSurvivesRestart()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.dataDir = data.path();
    const quint16 deadPort = closedPort();
    {
        EurekaTestNode node(config);
        QVERIFY(node.start());
        QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/%1/p1"_s.arg(app),
                                 pinnedBody(u"p1"_s, tcpCheck(deadPort)), json), 201);
        QCOMPARE(pinned(node, u"p1"_s)[u"check"][u"target"].toString(), u"127.0.0.1:%1"_s.arg(deadPort));
        QTRY_COMPARE_WITH_TIMEOUT(status(node, u"p1"_s), u"DOWN"_s, verdictMs);
        QCOMPARE(pinned(node, u"p1"_s)[u"downByCheck"].toBool(), true);
        QCOMPARE(pinned(node, u"p1"_s)[u"overriddenStatus"].toString(), u"UNKNOWN"_s);
    }
    // The journal keeps the check and the verdict; the restarted node checks again.
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QCOMPARE(pinned(node, u"p1"_s)[u"check"][u"type"].toString(), u"tcp"_s);
    QCOMPARE(pinned(node, u"p1"_s)[u"downByCheck"].toBool(), true);
    QCOMPARE(status(node, u"p1"_s), u"DOWN"_s);
    QTRY_COMPARE_WITH_TIMEOUT(checkOf(node, u"p1"_s)[u"verdict"].toString(), u"failing"_s, verdictMs);

    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, deadPort));
    QTRY_COMPARE_WITH_TIMEOUT(status(node, u"p1"_s), u"UP"_s, verdictMs);
    QCOMPARE(pinned(node, u"p1"_s)[u"downByCheck"].toBool(), false);
}

void TestChecks::deregisterAfterRemovesTheInstance()
{
    EurekaTestNode node;
    QVERIFY(node.start());
    QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/%1/d1"_s.arg(app),
                             pinnedBody(u"d1"_s, tcpCheck(closedPort(), 800)), json), 201);
    HttpUpstream upstream;
    QVERIFY(upstream.start());
    QVERIFY_STATUS(node.registerJson(checkedInstance(u"d2"_s, upstream.url(), {{u"muster.check.deregister-after"_s, u"800ms"_s}})), 204);
    QVERIFY(H::has(node, app, u"d1"_s));
    upstream.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(node, app, u"d1"_s), 800 + verdictMs);
    QTRY_VERIFY_WITH_TIMEOUT(!H::has(node, app, u"d2"_s), 800 + verdictMs);
    QTRY_COMPARE_WITH_TIMEOUT(checks(node).size(), 0, 1000);
}

void TestChecks::badChecksAreRefused()
{
    EurekaTestNode node;
    QVERIFY(node.start());
    QJsonObject noUrl = checkedInstance(u"b1"_s, {});
    noUrl.remove(u"healthCheckUrl"_s);
    HttpReply reply = node.registerJson(noUrl);
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.json()[u"error"].toString().contains(u"muster.check"_s), reply.describe().constData());

    reply = node.registerJson(checkedInstance(u"b2"_s, u"http://127.0.0.1:1/h"_s, {{u"muster.check.interval"_s, u"often"_s}}));
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.body.contains("interval"), reply.describe().constData());

    reply = node.send("PUT", u"/muster/api/v1/pinned/apps/%1/b3"_s.arg(app),
                      pinnedBody(u"b3"_s, {{u"type"_s, u"udp"_s}, {u"target"_s, u"127.0.0.1:1"_s}}), json);
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.body.contains("check.type"), reply.describe().constData());
    QVERIFY(!H::has(node, app, u"b1"_s));
    QVERIFY(!H::has(node, app, u"b3"_s));
    QCOMPARE(checks(node).size(), 0);
}

void TestChecks::serviceCombPullModeIsChecked()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    EurekaTestNode node;
    QVERIFY(node.start());
    const QByteArray service = R"({"service": {"appId": "shop", "serviceName": "cart", "version": "1.0.0"}})";
    const HttpReply created = node.send("POST", u"/v4/default/registry/microservices"_s, service, json);
    QVERIFY_STATUS(created, 200);
    const QString serviceId = created.json()[u"serviceId"].toString();
    const QJsonObject instance {
        {u"hostName"_s, u"cart-1"_s},
        {u"endpoints"_s, QJsonArray {u"rest://127.0.0.1:%1"_s.arg(listener.serverPort())}},
        {u"healthCheck"_s, QJsonObject {{u"mode"_s, u"pull"_s}, {u"interval"_s, 1}, {u"times"_s, 1}}}};
    const HttpReply registered = node.send("POST", u"/v4/default/registry/microservices/%1/instances"_s.arg(serviceId),
                                           QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(), json);
    QVERIFY_STATUS(registered, 200);
    const QString instanceId = registered.json()[u"instanceId"].toString();
    QTRY_COMPARE_WITH_TIMEOUT(checkOf(node, instanceId)[u"verdict"].toString(), u"passing"_s, 3000);
    QCOMPARE(checkOf(node, instanceId)[u"check"][u"type"].toString(), u"tcp"_s);
    QCOMPARE(checkOf(node, instanceId)[u"check"][u"intervalMs"].toInt(), 1000);
    // A passing check is the instance's heartbeat: its lease is renewed with no client sending one.
    const auto renewedAt = [&node, &instanceId] {
        const auto found = node.instance(u"CART"_s, instanceId);
        return found ? found->value(u"leaseInfo").toObject().value(u"lastRenewalTimestamp").toInteger() : 0;
    };
    const qint64 firstRenewal = renewedAt();
    QVERIFY(firstRenewal > 0);
    QTRY_VERIFY_WITH_TIMEOUT(renewedAt() > firstRenewal, 1000 + marginMs);

    listener.close();
    QTRY_COMPARE_WITH_TIMEOUT(H::field(node, u"CART"_s, instanceId, u"status"_s), u"DOWN"_s, 1000 + marginMs);
}

void TestChecks::downReplicatesAndThePeerDoesNotCheck()
{
    const QList<quint16> ports = H::reservePorts(2);
    QCOMPARE(ports.size(), 2);
    const QList<QUrl> mesh {H::serviceUrl(ports[0]), H::serviceUrl(ports[1])};
    EurekaTestNode a(H::config(u"A"_s, ports[0], mesh));
    EurekaTestNode b(H::config(u"B"_s, ports[1], mesh));
    QVERIFY(H::startReady(a));
    QVERIFY(H::startReady(b));

    HttpUpstream upstream;
    QVERIFY(upstream.start());
    QVERIFY_STATUS(a.registerJson(checkedInstance(u"r1"_s, upstream.url())), 204);
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QVERIFY_STATUS(a.send("PUT", u"/muster/api/v1/pinned/apps/%1/r2"_s.arg(app),
                          pinnedBody(u"r2"_s, tcpCheck(listener.serverPort())), json), 201);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(b, app, u"r1"_s) && H::has(b, app, u"r2"_s), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(checks(a).size(), 2, verdictMs);
    QCOMPARE(checks(b).size(), 0);

    upstream.kill();
    listener.close();
    QTRY_COMPARE_WITH_TIMEOUT(status(b, u"r1"_s), u"DOWN"_s, verdictMs + 2000);
    QTRY_COMPARE_WITH_TIMEOUT(status(b, u"r2"_s), u"DOWN"_s, verdictMs + 2000);
    QCOMPARE(H::field(b, app, u"r1"_s, u"overriddenStatus"_s), u"UNKNOWN"_s);
    QCOMPARE(pinned(b, u"r2"_s)[u"downByCheck"].toBool(), true);
    QCOMPARE(checks(b).size(), 0);

    QVERIFY(upstream.restart());
    QTRY_COMPARE_WITH_TIMEOUT(status(b, u"r1"_s), u"UP"_s, verdictMs + 2000);
    QCOMPARE(checks(b).size(), 0);

    // A client that registers again at B moves the check there: still one node checks it.
    QVERIFY_STATUS(b.registerJson(checkedInstance(u"r1"_s, upstream.url(), {{u"muster.check.failures"_s, u"3"_s}})), 204);
    QTRY_COMPARE_WITH_TIMEOUT(checks(b).size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(checks(a).size(), 1, 5000);
    QCOMPARE(checkOf(a, u"r1"_s), QJsonObject {});
}

QTEST_MAIN(TestChecks)
#include "tst_checks.moc"
