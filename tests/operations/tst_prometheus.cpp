// SPDX-License-Identifier: GPL-3.0-or-later
// The exposition as Prometheus reads it: Debian's promtool checks a real node's /metrics, and a real
// Prometheus server, started here on a free loopback port with its own configuration and data
// directory, scrapes a node until it reports the target up and a muster_ series present.
#include "operationstestsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace OperationsTest;

class TestPrometheus : public QObject
{
    Q_OBJECT

private slots:
    void promtoolAcceptsTheExposition();
    void prometheusScrapesANode();

private:
    // The tool's path; fails the test, naming the package, when it is not installed.
    static QString tool(const QString &name);
    // A node with something in every family: instances, requests, a peer and a bridge that do not answer.
    static std::unique_ptr<NodeHandle> busyNode(QNetworkAccessManager &network);
    static QJsonArray query(QNetworkAccessManager &network, quint16 port, const QString &expression);
};

QString TestPrometheus::tool(const QString &name)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        qCritical().noquote() << name << "is not installed: it comes with Debian's prometheus package "
                                         "(./installer/install-deps.sh installs it)";
    return path;
}

std::unique_ptr<NodeHandle> TestPrometheus::busyNode(QNetworkAccessManager &network)
{
    const quint16 closed = freePort();
    NodeConfig config = nodeConfig(QStringLiteral("scraped \"node\""));
    config.peers = {QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/").arg(closed))};
    config.peerSyncTimeoutMs = 500;
    config.bridges = {BridgeTarget {BridgeState::Kind::Eureka, QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/").arg(closed))}};
    config.gateway.enabled = true;
    auto node = startNode(config);
    if (!node)
        return nullptr;
    registerInstance(network, node->port(), QStringLiteral("ORDERS"), QStringLiteral("o1"));
    registerInstance(network, node->port(), QStringLiteral("CART"), QStringLiteral("c1"));
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/o1")));
    send(network, "GET", QUrl(base + QStringLiteral("/eureka/apps")));
    send(network, "GET", QUrl(base + QStringLiteral("/nothing/here")));
    send(network, "GET", QUrl(base + QStringLiteral("/v4/default/registry/microservices")));
    // The gateway's series: one instance that refuses connections, behind the node's gateway.
    const QByteArray unreachable = QStringLiteral(
        "{\"instance\": {\"instanceId\": \"g1\", \"app\": \"GATED\", \"hostName\": \"localhost\", \"ipAddr\": \"127.0.0.1\",\n"
        " \"port\": {\"$\": %1, \"@enabled\": \"true\"}, \"status\": \"UP\", \"dataCenterInfo\": {\"@class\":\n"
        " \"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\", \"name\": \"MyOwn\"}}}").arg(closed).toUtf8();
    send(network, "POST", QUrl(base + QStringLiteral("/eureka/apps/GATED")), unreachable, "application/json");
    const Reply gateway = send(network, "GET", QUrl(base + QStringLiteral("/muster/api/v1/gateway")));
    const QString gatewayUrl = QJsonDocument::fromJson(gateway.body).object().value(u"url").toString();
    if (gatewayUrl.isEmpty())
        return nullptr;
    const bool counted = QTest::qWaitFor([&] {
        send(network, "GET", QUrl(gatewayUrl + QStringLiteral("/gated/x")));
        return send(network, "GET", QUrl(base + QStringLiteral("/metrics"))).body.contains("muster_gateway_errors_total{");
    }, 10000);
    return counted ? std::move(node) : nullptr;
}

void TestPrometheus::promtoolAcceptsTheExposition()
{
    const QString promtool = tool(QStringLiteral("promtool"));
    QVERIFY2(!promtool.isEmpty(), "promtool is missing: install Debian's prometheus package");
    QNetworkAccessManager network;
    auto node = busyNode(network);
    QVERIFY(node);
    const Reply metrics = send(network, "GET", QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(node->port())));
    QCOMPARE(metrics.status, 200);

    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(metrics.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    const QByteArray findings = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0, findings.constData());
    // promtool also lints names and help; it writes nothing when it has nothing to say.
    QVERIFY2(findings.trimmed().isEmpty(), findings.constData());
}

QJsonArray TestPrometheus::query(QNetworkAccessManager &network, quint16 port, const QString &expression)
{
    QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(port));
    url.setQuery(QUrlQuery {{QStringLiteral("query"), expression}});
    const Reply reply = send(network, "GET", url);
    if (reply.status != 200)
        return {};
    return QJsonDocument::fromJson(reply.body).object().value(u"data").toObject().value(u"result").toArray();
}

void TestPrometheus::prometheusScrapesANode()
{
    const QString prometheus = tool(QStringLiteral("prometheus"));
    QVERIFY2(!prometheus.isEmpty(), "prometheus is missing: install Debian's prometheus package");
    QNetworkAccessManager network;
    auto node = busyNode(network);
    QVERIFY(node);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                                "scrape_configs:\n  - job_name: muster\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:%1']\n")
                     .arg(node->port())
                     .toUtf8());
    config.close();

    const quint16 port = freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(prometheus, {QStringLiteral("--config.file=%1").arg(config.fileName()),
                              QStringLiteral("--storage.tsdb.path=%1").arg(dir.filePath(QStringLiteral("data"))),
                              QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port),
                              QStringLiteral("--log.level=warn")});
    QVERIFY(server.waitForStarted());
    const auto stopServer = qScopeGuard([&server] {
        server.terminate();
        if (!server.waitForFinished(10000))
            server.kill();
        server.waitForFinished(5000);
    });

    const auto targetUp = [&] {
        const QJsonArray up = query(network, port, QStringLiteral("up{job=\"muster\"}"));
        return up.size() == 1 && up.first().toObject().value(u"value").toArray().at(1).toString() == u"1";
    };
    QTRY_VERIFY2_WITH_TIMEOUT(targetUp() || server.state() == QProcess::NotRunning, "no answer from Prometheus", 60000);
    QVERIFY2(server.state() == QProcess::Running, server.readAll().constData());
    QVERIFY(targetUp());
    QTRY_VERIFY_WITH_TIMEOUT(!query(network, port, QStringLiteral("muster_http_requests_total")).isEmpty(), 30000);
    const QJsonArray instances = query(network, port, QStringLiteral("muster_instances{app=\"ORDERS\",status=\"UP\"}"));
    QCOMPARE(instances.size(), 1);
    QCOMPARE(instances.first().toObject().value(u"value").toArray().at(1).toString(), QStringLiteral("1"));
    // The scrapes themselves are counted, under their route.
    QTRY_VERIFY_WITH_TIMEOUT(!query(network, port, QStringLiteral("muster_http_requests_total{route=\"/metrics\",code=\"200\"} > 1")).isEmpty(), 30000);
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
