// SPDX-License-Identifier: GPL-3.0-or-later
// /healthz, /readyz and /metrics: the histogram and the text format alone, then on real nodes.
#include "http/requestmetrics.h"
#include "node/prometheustext.h"
#include "operationstestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>

using namespace OperationsTest;

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void histogramCountsIntoBuckets();
    void textEscapesLabelValues();
    void routesKeepTheirPatternAndProtocol();
    void healthzAndReadyzAnswerOnAReadyNode();
    void readyzWaitsForTheStartupCopy();
    void metricsCountRequestsByRoutePattern();
    void metricsCountGuardRejections();
    void metricsCountWritesAndInstances();
    void metricsShowPeersAndBridges();
    void metricsOffAnswers404();

private:
    static double sample(const QByteArray &text, const QString &series);
};

// The value of the series (name and labels exactly as written), or -1 when it is absent.
double TestMetrics::sample(const QByteArray &text, const QString &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(series.toUtf8() + ' ')))
            return line.mid(series.toUtf8().size() + 1).toDouble();
    }
    return -1;
}

void TestMetrics::histogramCountsIntoBuckets()
{
    LatencyHistogram histogram;
    QCOMPARE(histogram.quantileUs(0.99), 0);
    for (int i = 0; i < 98; ++i)
        histogram.record(80);          // first bucket (<= 100 us)
    histogram.record(2000);            // <= 2500 us
    histogram.record(5'000'000);       // above the last bound
    QCOMPARE(histogram.count, quint64(100));
    QCOMPARE(histogram.buckets.front(), quint64(98));
    QCOMPARE(histogram.buckets.back(), quint64(1));
    QCOMPARE(histogram.sumUs, 98 * 80 + 2000 + 5'000'000);
    QVERIFY(histogram.quantileUs(0.5) <= 100);
    QVERIFY(histogram.quantileUs(0.99) > 1000 && histogram.quantileUs(0.99) <= 2500);
    QCOMPARE(histogram.quantileUs(1.0), LatencyHistogram::boundsUs.back());

    PrometheusText text;
    text.family("t_seconds", "histogram", "test");
    text.histogram("t_seconds", {{"route", QStringLiteral("/a")}}, histogram);
    const QByteArray out = text.text();
    QCOMPARE(sample(out, QStringLiteral("t_seconds_bucket{route=\"/a\",le=\"0.0001\"}")), 98.0);
    QCOMPARE(sample(out, QStringLiteral("t_seconds_bucket{route=\"/a\",le=\"1\"}")), 99.0);
    QCOMPARE(sample(out, QStringLiteral("t_seconds_bucket{route=\"/a\",le=\"+Inf\"}")), 100.0);
    QCOMPARE(sample(out, QStringLiteral("t_seconds_count{route=\"/a\"}")), 100.0);
}

void TestMetrics::textEscapesLabelValues()
{
    PrometheusText text;
    text.family("x_total", "counter", "help with \\ and\na line feed");
    text.sample("x_total", {{"v", QStringLiteral("a\"b\\c\nd")}}, 3);
    QCOMPARE(text.text(), QByteArray("# HELP x_total help with \\\\ and\\na line feed\n# TYPE x_total counter\n"
                                     "x_total{v=\"a\\\"b\\\\c\\nd\"} 3\n"));
}

void TestMetrics::routesKeepTheirPatternAndProtocol()
{
    RequestMetrics metrics({{"PUT", QStringLiteral("/eureka/apps/{app}/{id}")},
                            {"GET", QStringLiteral("/v4/{project}/registry/microservices")},
                            {"GET", QStringLiteral("/metrics")}});
    metrics.record(0, 200, 50);
    metrics.record(0, 200, 70);
    metrics.record(0, 404, 70);
    metrics.record(-1, 404, 10);
    metrics.record(99, 404, 10);
    metrics.recordRejected(413);
    QCOMPARE(metrics.routes().size(), 5);
    QCOMPARE(metrics.routes()[0].protocol, QStringLiteral("eureka"));
    QCOMPARE(metrics.routes()[1].protocol, QStringLiteral("servicecomb"));
    QCOMPARE(metrics.routes()[2].protocol, QStringLiteral("muster"));
    QCOMPARE(metrics.routes()[0].statuses.size(), 2);
    QCOMPARE(metrics.routes()[0].statuses[0].count, quint64(2));
    QCOMPARE(metrics.routes()[0].latency.count, quint64(3));
    QCOMPARE(metrics.routes()[3].pattern, QStringLiteral("unmatched"));
    QCOMPARE(metrics.routes()[3].latency.count, quint64(2));
    QCOMPARE(metrics.routes()[4].pattern, QStringLiteral("guard"));
    QCOMPARE(metrics.routes()[4].statuses.size(), 1);
    QCOMPARE(metrics.routes()[4].statuses[0].status, 413);
    QCOMPARE(metrics.routes()[4].latency.count, quint64(0));
}

void TestMetrics::healthzAndReadyzAnswerOnAReadyNode()
{
    auto node = startNode(nodeConfig(QStringLiteral("ready")));
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    const Reply health = send(network, "GET", QUrl(base + QStringLiteral("/healthz")));
    QCOMPARE(health.status, 200);
    QCOMPARE(QJsonDocument::fromJson(health.body).object().value(u"status").toString(), QStringLiteral("ok"));
    const Reply ready = send(network, "GET", QUrl(base + QStringLiteral("/readyz")));
    QCOMPARE(ready.status, 200);
    QCOMPARE(QJsonDocument::fromJson(ready.body).object().value(u"status").toString(), QStringLiteral("ready"));
    QCOMPARE(send(network, "POST", QUrl(base + QStringLiteral("/healthz"))).status, 405);
}

// A peer that accepts connections and never answers holds the startup copy until it times out.
void TestMetrics::readyzWaitsForTheStartupCopy()
{
    QTcpServer silentPeer;
    QVERIFY(silentPeer.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held;
    connect(&silentPeer, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *socket = silentPeer.nextPendingConnection())
            held.append(socket);
    });
    NodeConfig config = nodeConfig(QStringLiteral("syncing"));
    config.peers = {QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/").arg(silentPeer.serverPort()))};
    config.peerSyncTimeoutMs = 3000;
    auto node = startNode(config);
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    const Reply notReady = send(network, "GET", QUrl(base + QStringLiteral("/readyz")));
    QCOMPARE(notReady.status, 503);
    const QJsonObject why = QJsonDocument::fromJson(notReady.body).object();
    QCOMPARE(why.value(u"status").toString(), QStringLiteral("not ready"));
    QVERIFY2(why.value(u"reasons").toArray().first().toString().contains(u"startup copy"), notReady.body.constData());
    QCOMPARE(send(network, "GET", QUrl(base + QStringLiteral("/healthz"))).status, 200);
    QVERIFY(sample(send(network, "GET", QUrl(base + QStringLiteral("/metrics"))).body,
                   QStringLiteral("muster_node_ready")) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(send(network, "GET", QUrl(base + QStringLiteral("/readyz"))).status, 200, 15000);
    qDeleteAll(held);
}

void TestMetrics::metricsCountRequestsByRoutePattern()
{
    auto node = startNode(nodeConfig(QStringLiteral("counting")));
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    QCOMPARE(registerInstance(network, node->port(), QStringLiteral("ORDERS"), QStringLiteral("o1")), 204);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/o1"))).status, 200);
    QCOMPARE(send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/nobody"))).status, 404);
    QCOMPARE(send(network, "GET", QUrl(base + QStringLiteral("/no/such/thing/1"))).status, 404);
    QCOMPARE(send(network, "GET", QUrl(base + QStringLiteral("/no/such/thing/2"))).status, 404);
    QCOMPARE(send(network, "GET", QUrl(base + QStringLiteral("/v4/default/registry/microservices"))).status, 200);

    const Reply metrics = send(network, "GET", QUrl(base + QStringLiteral("/metrics")));
    QCOMPARE(metrics.status, 200);
    QVERIFY2(metrics.contentType.startsWith("text/plain; version=0.0.4"), metrics.contentType.constData());
    const QByteArray &text = metrics.body;
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"eureka\",method=\"PUT\",route=\"/eureka/apps/{app}/{id}\",code=\"200\"}")), 3.0);
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"eureka\",method=\"PUT\",route=\"/eureka/apps/{app}/{id}\",code=\"404\"}")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"eureka\",method=\"POST\",route=\"/eureka/apps/{app}\",code=\"204\"}")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"servicecomb\",method=\"GET\",route=\"/v4/{project}/registry/microservices\",code=\"200\"}")), 1.0);
    // Raw paths never become labels: both unknown paths are one series.
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"other\",method=\"any\",route=\"unmatched\",code=\"404\"}")), 2.0);
    QVERIFY(!text.contains("/no/such"));
    QCOMPARE(sample(text, QStringLiteral("muster_http_request_duration_seconds_count{protocol=\"eureka\",method=\"PUT\",route=\"/eureka/apps/{app}/{id}\"}")), 4.0);
    QCOMPARE(sample(text, QStringLiteral("muster_http_request_duration_seconds_bucket{protocol=\"eureka\",method=\"PUT\",route=\"/eureka/apps/{app}/{id}\",le=\"+Inf\"}")), 4.0);
    QVERIFY(sample(text, QStringLiteral("muster_process_cpu_seconds_total")) > 0);
    QVERIFY(sample(text, QStringLiteral("muster_process_resident_memory_bytes")) > 1e6);
    QVERIFY(sample(text, QStringLiteral("muster_http_open_connections")) >= 1);
    QCOMPARE(sample(text, QStringLiteral("muster_node_ready")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_store_info{kind=\"memory\"}")), 1.0);
    // Each family is announced once, before its samples.
    const QRegularExpression type(QStringLiteral("^# TYPE (\\S+) "), QRegularExpression::MultilineOption);
    QStringList families;
    for (auto it = type.globalMatch(QString::fromUtf8(text)); it.hasNext();)
        families.append(it.next().captured(1));
    QCOMPARE(families.size(), QSet<QString>(families.cbegin(), families.cend()).size());
}

// The guard answers these itself, before any route: they count under route "guard".
void TestMetrics::metricsCountGuardRejections()
{
    NodeConfig config = nodeConfig(QStringLiteral("guarded"));
    config.maxBodyBytes = 1024;
    auto node = startNode(config);
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    const Reply tooLarge = send(network, "POST", QUrl(base + QStringLiteral("/eureka/apps/ORDERS")),
                                QByteArray(4096, 'x'), "application/json");
    QCOMPARE(tooLarge.status, 413);
    const Reply tooLargeAgain = send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/o1/metadata")),
                                     QByteArray(2048, 'y'), "application/json");
    QCOMPARE(tooLargeAgain.status, 413);

    const QByteArray text = send(network, "GET", QUrl(base + QStringLiteral("/metrics"))).body;
    QCOMPARE(sample(text, QStringLiteral("muster_http_requests_total{protocol=\"other\",method=\"any\",route=\"guard\",code=\"413\"}")), 2.0);
    // No handler ran, so there is no latency to count.
    QVERIFY(!text.contains("route=\"guard\",le="));
}

void TestMetrics::metricsCountWritesAndInstances()
{
    auto node = startNode(nodeConfig(QStringLiteral("writes")));
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    QCOMPARE(registerInstance(network, node->port(), QStringLiteral("ORDERS"), QStringLiteral("o1")), 204);
    QCOMPARE(registerInstance(network, node->port(), QStringLiteral("ORDERS"), QStringLiteral("o2")), 204);
    QCOMPARE(registerInstance(network, node->port(), QStringLiteral("CART"), QStringLiteral("c1")), 204);
    QCOMPARE(send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/o2/status?value=OUT_OF_SERVICE"))).status, 200);
    QCOMPARE(send(network, "DELETE", QUrl(base + QStringLiteral("/eureka/apps/CART/c1"))).status, 200);
    QCOMPARE(send(network, "PUT", QUrl(base + QStringLiteral("/eureka/apps/ORDERS/o1"))).status, 200);

    const QByteArray text = send(network, "GET", QUrl(base + QStringLiteral("/metrics"))).body;
    QCOMPARE(sample(text, QStringLiteral("muster_instances{app=\"ORDERS\",status=\"UP\"}")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_instances{app=\"ORDERS\",status=\"OUT_OF_SERVICE\"}")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_instances{app=\"CART\",status=\"UP\"}")), -1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_registrations_total")), 3.0);
    QCOMPARE(sample(text, QStringLiteral("muster_cancels_total")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_expiries_total")), 0.0);
    QCOMPARE(sample(text, QStringLiteral("muster_evictions_total")), 0.0);
    QCOMPARE(sample(text, QStringLiteral("muster_status_changes_total")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_renewals_total")), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_self_preservation_enabled")), 1.0);
    QVERIFY(sample(text, QStringLiteral("muster_self_preservation_active")) >= 0);
    QVERIFY(sample(text, QStringLiteral("muster_self_preservation_threshold_renewals_per_minute")) > 0);
    QVERIFY(sample(text, QStringLiteral("muster_renewals_last_minute")) >= 0);
}

void TestMetrics::metricsShowPeersAndBridges()
{
    const quint16 closed = freePort();
    NodeConfig config = nodeConfig(QStringLiteral("linked"));
    config.peers = {QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/").arg(closed))};
    config.peerSyncTimeoutMs = 500;
    config.bridges = {BridgeTarget {BridgeState::Kind::ServiceComb, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closed))}};
    auto node = startNode(config);
    QVERIFY(node);
    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(node->port());
    QTRY_COMPARE_WITH_TIMEOUT(send(network, "GET", QUrl(base + QStringLiteral("/readyz"))).status, 200, 10000);
    QCOMPARE(registerInstance(network, node->port(), QStringLiteral("ORDERS"), QStringLiteral("o1")), 204);
    const QString peer = QStringLiteral("http://127.0.0.1:%1/eureka/").arg(closed);
    QByteArray text;
    QTRY_VERIFY_WITH_TIMEOUT((text = send(network, "GET", QUrl(base + QStringLiteral("/metrics"))).body,
                              sample(text, QStringLiteral("muster_peer_failures_total{peer=\"%1\"}").arg(peer)) >= 1),
                             10000);
    QCOMPARE(sample(text, QStringLiteral("muster_peer_state{peer=\"%1\",state=\"unreachable\"}").arg(peer)), 1.0);
    QCOMPARE(sample(text, QStringLiteral("muster_peer_state{peer=\"%1\",state=\"reachable\"}").arg(peer)), 0.0);
    QVERIFY(sample(text, QStringLiteral("muster_peer_queue_length{peer=\"%1\"}").arg(peer)) >= 0);
    QVERIFY(sample(text, QStringLiteral("muster_peer_lag_seconds{peer=\"%1\"}").arg(peer)) >= 0);
    const QString bridge = QStringLiteral("kind=\"servicecomb\",url=\"http://127.0.0.1:%1\"").arg(closed);
    QVERIFY2(sample(text, QStringLiteral("muster_bridge_pulled_instances{%1}").arg(bridge)) >= 0, text.constData());
    QVERIFY(sample(text, QStringLiteral("muster_bridge_queue_length{%1}").arg(bridge)) >= 0);
    double phases = 0;
    for (const char *phase : {"connecting", "syncing", "in sync", "cut"})
        phases += std::max(0.0, sample(text, QStringLiteral("muster_bridge_state{%1,state=\"%2\"}").arg(bridge, QLatin1String(phase))));
    QCOMPARE(phases, 1.0);
}

void TestMetrics::metricsOffAnswers404()
{
    NodeConfig config = nodeConfig(QStringLiteral("quiet"));
    config.metrics = false;
    auto node = startNode(config);
    QVERIFY(node);
    QNetworkAccessManager network;
    const Reply metrics = send(network, "GET", QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(node->port())));
    QCOMPARE(metrics.status, 404);
    QVERIFY(QJsonDocument::fromJson(metrics.body).object().value(u"error").toString().contains(u"--metrics off"));
    QCOMPARE(send(network, "GET", QUrl(QStringLiteral("http://127.0.0.1:%1/readyz").arg(node->port()))).status, 200);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
