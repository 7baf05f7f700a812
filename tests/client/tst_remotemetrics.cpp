// SPDX-License-Identifier: GPL-3.0-or-later
// RemoteRegistry::requestMetrics against real nodes on 127.0.0.1: a Muster node's /metrics read
// and parsed on the client's thread; the same node read as plain Eureka has none; a node with
// --metrics off says so; a stopped client answers at once.
#include "client/remoteregistry.h"
#include "node/nodehandle.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int waitMs = 10'000;

std::unique_ptr<NodeHandle> startNode(const QString &name, bool metrics = true)
{
    NodeConfig config;
    config.name = name;
    config.port = 0;
    config.metrics = metrics;
    auto node = std::make_unique<NodeHandle>(config);
    QSignalSpy started(node.get(), &NodeHandle::started);
    node->start();
    if (!started.wait(waitMs))
        return nullptr;
    return node;
}

// Asks for a sample and waits for it on this thread.
std::optional<MetricsSample> metricsOf(RegistryConnection &source)
{
    QObject context;
    std::optional<MetricsSample> answer;
    source.requestMetrics(&context, [&answer](const MetricsSample &sample) { answer = sample; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, waitMs))
        return std::nullopt;
    return answer;
}

int get(QNetworkAccessManager &network, const QUrl &url)
{
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(waitMs))
        return 0;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
}

class TestRemoteMetrics : public QObject
{
    Q_OBJECT

private slots:
    void musterNodeCountsItsRequests();
    void eurekaRemoteHasNoMetrics();
    void nodeWithMetricsOffSaysSo();
    void stoppedClientAnswersNotRunning();
};

void TestRemoteMetrics::musterNodeCountsItsRequests()
{
    auto node = startNode(u"counted"_s);
    QVERIFY(node);
    const QString base = u"http://127.0.0.1:%1"_s.arg(node->port());
    node->addPeer(QUrl(u"http://127.0.0.1:1/eureka/"_s), this, [](const CommandResult &) {});
    RemoteRegistry remote(QUrl(base), RemoteRegistry::Kind::Detect);
    remote.setPollIntervalMs(200);
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    QCOMPARE(remote.kind(), RemoteRegistry::Kind::Muster);

    const auto before = metricsOf(remote);
    QVERIFY(before);
    QVERIFY2(before->isAvailable(), qPrintable(before->error));
    QNetworkAccessManager network;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(get(network, QUrl(base + u"/eureka/apps"_s)), 200);
    QCOMPARE(get(network, QUrl(base + u"/v4/default/registry/microservices"_s)), 200);

    const auto after = metricsOf(remote);
    QVERIFY(after);
    QVERIFY2(after->isAvailable(), qPrintable(after->error));
    QVERIFY(after->timeMs >= before->timeMs);
    // The client's own polling reads Eureka too, so at least the five requests above.
    QVERIFY(after->requestsByProtocol.value(u"eureka"_s) >= before->requestsByProtocol.value(u"eureka"_s) + 5);
    QVERIFY(after->requestsByProtocol.value(u"servicecomb"_s) >= 1);
    // Each /metrics read counts as Muster's own traffic.
    QVERIFY(after->requestsByProtocol.value(u"muster"_s) >= 1);
    const CumulativeHistogram eureka = after->latencyByProtocol.value(u"eureka"_s);
    QCOMPARE(eureka.count(), after->requestsByProtocol.value(u"eureka"_s));
    QVERIFY(eureka.quantileSeconds(0.99) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!metricsOf(remote)->peers.isEmpty(), waitMs);
    QCOMPARE(metricsOf(remote)->peers.first().url, u"http://127.0.0.1:1/eureka/"_s);
    remote.stop();
}

void TestRemoteMetrics::eurekaRemoteHasNoMetrics()
{
    auto node = startNode(u"plain"_s);
    QVERIFY(node);
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(node->port())), RemoteRegistry::Kind::Eureka);
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    const auto sample = metricsOf(remote);
    QVERIFY(sample);
    QCOMPARE(sample->availability, MetricsSample::Availability::NotMuster);
    remote.stop();
}

void TestRemoteMetrics::nodeWithMetricsOffSaysSo()
{
    auto node = startNode(u"quiet"_s, false);
    QVERIFY(node);
    const auto local = metricsOf(*node);
    QVERIFY(local);
    QCOMPARE(local->availability, MetricsSample::Availability::MetricsOff);
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:%1"_s.arg(node->port())));
    remote.start();
    QTRY_COMPARE_WITH_TIMEOUT(remote.state(), RegistryConnection::State::Running, waitMs);
    const auto sample = metricsOf(remote);
    QVERIFY(sample);
    QCOMPARE(sample->availability, MetricsSample::Availability::MetricsOff);
    QVERIFY2(sample->error.contains(u"--metrics off"), qPrintable(sample->error));
    remote.stop();
}

void TestRemoteMetrics::stoppedClientAnswersNotRunning()
{
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:1"_s));
    const auto sample = metricsOf(remote);
    QVERIFY(sample);
    QCOMPARE(sample->availability, MetricsSample::Availability::NotRunning);
    NodeConfig config;
    config.name = u"never"_s;
    NodeHandle stopped(config);
    const auto local = metricsOf(stopped);
    QVERIFY(local);
    QCOMPARE(local->availability, MetricsSample::Availability::NotRunning);
}

QTEST_GUILESS_MAIN(TestRemoteMetrics)
#include "tst_remotemetrics.moc"
