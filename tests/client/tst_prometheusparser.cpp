// SPDX-License-Identifier: GPL-3.0-or-later
// The Prometheus text reader the console uses for remote Muster nodes: lines, labels and their
// escapes, special values, errors; the text the node writes read back; histogram differences and
// their quantiles.
#include "client/prometheusparser.h"
#include "http/requestmetrics.h"
#include "node/prometheustext.h"

#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

class TestPrometheusParser : public QObject
{
    Q_OBJECT

private slots:
    void readsSamplesAndSkipsComments();
    void unescapesLabelValues();
    void readsSpecialValuesAndTimestamps();
    void refusesLinesThatAreNotSamples_data();
    void refusesLinesThatAreNotSamples();
    void readsBackWhatTheNodeWrites();
    void sumsRequestsAndBucketsByProtocol();
    void refusesTextThatIsNotAMusterNodes();
    void histogramDifferenceGivesTheQuantileOfTheInterval();
};

void TestPrometheusParser::readsSamplesAndSkipsComments()
{
    const auto result = PrometheusParser::parse("# HELP a_total things\n# TYPE a_total counter\n"
                                                "a_total 3\n\n  b{x=\"1\",y=\"two\"} 0.25\r\nc:d{} 7\n");
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.samples.size(), 3);
    QCOMPARE(result.samples[0].name, u"a_total"_s);
    QCOMPARE(result.samples[0].value, 3.0);
    QVERIFY(result.samples[0].labels.isEmpty());
    QCOMPARE(result.samples[1].name, u"b"_s);
    QCOMPARE(result.samples[1].label(u"x"), u"1"_s);
    QCOMPARE(result.samples[1].label(u"y"), u"two"_s);
    QCOMPARE(result.samples[1].label(u"z"), QString());
    QCOMPARE(result.samples[1].value, 0.25);
    QCOMPARE(result.samples[2].name, u"c:d"_s);
    QCOMPARE(result.samples[2].value, 7.0);
}

void TestPrometheusParser::unescapesLabelValues()
{
    const auto result = PrometheusParser::parse("x{v=\"a\\\"b\\\\c\\nd\",w=\"{},= \"} 1\n");
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.samples.size(), 1);
    QCOMPARE(result.samples[0].label(u"v"), u"a\"b\\c\nd"_s);
    QCOMPARE(result.samples[0].label(u"w"), u"{},= "_s);
}

void TestPrometheusParser::readsSpecialValuesAndTimestamps()
{
    const auto result = PrometheusParser::parse("a +Inf\nb -Inf\nc NaN\nd 1.5e3 1700000000000\ne{le=\"+Inf\"} 4\n");
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.samples.size(), 5);
    QVERIFY(std::isinf(result.samples[0].value) && result.samples[0].value > 0);
    QVERIFY(std::isinf(result.samples[1].value) && result.samples[1].value < 0);
    QVERIFY(std::isnan(result.samples[2].value));
    QCOMPARE(result.samples[3].value, 1500.0);
    QCOMPARE(result.samples[4].label(u"le"), u"+Inf"_s);
}

void TestPrometheusParser::refusesLinesThatAreNotSamples_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("why");
    QTest::newRow("no value") << QByteArray("a_total\n") << u"line 1: expected a value"_s;
    QTest::newRow("not a number") << QByteArray("ok 1\na_total many\n") << u"line 2: the value is not a number"_s;
    QTest::newRow("unclosed quote") << QByteArray("a{x=\"1} 2\n") << u"line 1: a label value has no closing quote"_s;
    QTest::newRow("label without quotes") << QByteArray("a{x=1} 2\n") << u"line 1: a label is not written"_s;
    QTest::newRow("missing comma") << QByteArray("a{x=\"1\" y=\"2\"} 2\n") << u"line 1: labels are not separated"_s;
    QTest::newRow("no name") << QByteArray("{x=\"1\"} 2\n") << u"line 1: no metric name"_s;
    QTest::newRow("html") << QByteArray("<html><body>hello</body></html>\n") << u"line 1: no metric name"_s;
    QTest::newRow("extra fields") << QByteArray("a 1 2 3\n") << u"line 1: expected a value"_s;
}

void TestPrometheusParser::refusesLinesThatAreNotSamples()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, why);
    const auto result = PrometheusParser::parse(text);
    QVERIFY2(result.error.startsWith(why), qPrintable(result.error));
}

// What PrometheusText writes (the node's /metrics) reads back label for label.
void TestPrometheusParser::readsBackWhatTheNodeWrites()
{
    PrometheusText text;
    text.family("x_total", "counter", "help with \\ and\na line feed");
    text.sample("x_total", {{"v", u"a\"b\\c\nd"_s}, {"route", u"/eureka/apps/{app}"_s}}, 3);
    LatencyHistogram histogram;
    histogram.record(80);
    histogram.record(2000);
    text.family("t_seconds", "histogram", "test");
    text.histogram("t_seconds", {{"route", u"/a"_s}}, histogram);
    const auto result = PrometheusParser::parse(text.text());
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.samples.first().label(u"v"), u"a\"b\\c\nd"_s);
    QCOMPARE(result.samples.first().label(u"route"), u"/eureka/apps/{app}"_s);
    QCOMPARE(result.samples.first().value, 3.0);
    qsizetype buckets = 0;
    for (const auto &sample : result.samples)
        buckets += sample.name == u"t_seconds_bucket" ? 1 : 0;
    QCOMPARE(buckets, qsizetype(LatencyHistogram::boundsUs.size() + 1));
    QCOMPARE(result.samples.last().name, u"t_seconds_count"_s);
    QCOMPARE(result.samples.last().value, 2.0);
}

void TestPrometheusParser::sumsRequestsAndBucketsByProtocol()
{
    const QByteArray text =
        "muster_node_info{name=\"n\",version=\"1\"} 1\n"
        "muster_http_requests_total{protocol=\"eureka\",method=\"PUT\",route=\"/eureka/apps/{app}/{id}\",code=\"200\"} 10\n"
        "muster_http_requests_total{protocol=\"eureka\",method=\"GET\",route=\"/eureka/apps\",code=\"200\"} 5\n"
        "muster_http_requests_total{protocol=\"servicecomb\",method=\"GET\",route=\"/v4\",code=\"404\"} 2\n"
        "muster_http_request_duration_seconds_bucket{protocol=\"eureka\",method=\"PUT\",route=\"/a\",le=\"0.001\"} 9\n"
        "muster_http_request_duration_seconds_bucket{protocol=\"eureka\",method=\"PUT\",route=\"/a\",le=\"+Inf\"} 10\n"
        "muster_http_request_duration_seconds_bucket{protocol=\"eureka\",method=\"GET\",route=\"/b\",le=\"0.001\"} 1\n"
        "muster_http_request_duration_seconds_bucket{protocol=\"eureka\",method=\"GET\",route=\"/b\",le=\"+Inf\"} 5\n"
        "muster_peer_queue_length{peer=\"http://127.0.0.1:1/eureka/\"} 4\n"
        "muster_peer_lag_seconds{peer=\"http://127.0.0.1:1/eureka/\"} 2.5\n";
    const MetricsSample sample = PrometheusParser::musterSample(text, 1234);
    QVERIFY2(sample.isAvailable(), qPrintable(sample.error));
    QCOMPARE(sample.timeMs, 1234);
    QCOMPARE(sample.requestsByProtocol.value(u"eureka"_s), quint64(15));
    QCOMPARE(sample.requestsByProtocol.value(u"servicecomb"_s), quint64(2));
    const CumulativeHistogram eureka = sample.latencyByProtocol.value(u"eureka"_s);
    QCOMPARE(eureka.upperBoundsSeconds.size(), 2);
    QCOMPARE(eureka.upperBoundsSeconds.first(), 0.001);
    QVERIFY(std::isinf(eureka.upperBoundsSeconds.last()));
    QCOMPARE(eureka.cumulativeCounts, (QList<quint64> {10, 15}));
    QCOMPARE(sample.peers.size(), 1);
    QCOMPARE(sample.peers.first().url, u"http://127.0.0.1:1/eureka/"_s);
    QCOMPARE(sample.peers.first().lagSeconds, 2.5);
    QCOMPARE(sample.peers.first().queueLength, 4.0);
}

void TestPrometheusParser::refusesTextThatIsNotAMusterNodes()
{
    const MetricsSample other = PrometheusParser::musterSample("go_goroutines 12\n", 1);
    QCOMPARE(other.availability, MetricsSample::Availability::Failed);
    QVERIFY2(other.error.contains(u"muster_node_info"), qPrintable(other.error));
    const MetricsSample garbage = PrometheusParser::musterSample("{\"error\": \"no\"}\n", 1);
    QCOMPARE(garbage.availability, MetricsSample::Availability::Failed);
    QVERIFY2(garbage.error.contains(u"line 1"), qPrintable(garbage.error));
}

void TestPrometheusParser::histogramDifferenceGivesTheQuantileOfTheInterval()
{
    const QList<double> bounds {0.001, 0.01, 0.1, std::numeric_limits<double>::infinity()};
    const CumulativeHistogram before {bounds, {100, 100, 100, 100}};
    const CumulativeHistogram after {bounds, {100, 190, 200, 200}};
    const CumulativeHistogram between = after.since(before);
    QCOMPARE(between.count(), quint64(100));
    QCOMPARE(between.cumulativeCounts, (QList<quint64> {0, 90, 100, 100}));
    // The 99th of 100 lies in (0.01, 0.1], nine tenths of the way through its ten requests.
    QVERIFY(std::abs(between.quantileSeconds(0.99) - 0.091) < 1e-9);
    QVERIFY(std::abs(between.quantileSeconds(0.5) - (0.001 + 50.0 / 90.0 * 0.009)) < 1e-9);
    QCOMPARE(CumulativeHistogram {}.quantileSeconds(0.99), 0.0);
    // Above the last finite bound only that bound is known.
    QCOMPARE((CumulativeHistogram {bounds, {0, 0, 0, 5}}.quantileSeconds(0.99)), 0.1);
    // A count that went down (a restart) or other bounds give nothing to compare.
    QCOMPARE(before.since(after).count(), quint64(0));
    QCOMPARE(after.since(CumulativeHistogram {{0.5, std::numeric_limits<double>::infinity()}, {1, 1}}).count(), quint64(0));
    CumulativeHistogram summed;
    summed.add(before);
    summed.add(after);
    QCOMPARE(summed.cumulativeCounts, (QList<quint64> {200, 290, 300, 300}));
}

QTEST_GUILESS_MAIN(TestPrometheusParser)
#include "tst_prometheusparser.moc"
