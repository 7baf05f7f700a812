// SPDX-License-Identifier: GPL-3.0-or-later
// The Heartbeats page's traffic charts over real nodes on loopback: traffic driven at a local node
// shows in the history and the charts' lines, a peer that cannot be reached shows its lag, the
// charts poll only while shown, a remote Muster node is charted from its /metrics, and a registry
// read as plain Eureka gets a sentence instead.
#include "mainwindow.h"
#include "models/metricshistory.h"
#include "models/registrymirror.h"
#include "node/localcluster.h"
#include "node/nodehandle.h"
#include "views/heartbeatspage.h"
#include "views/metricschart.h"
#include "views/eventspage.h"
#include "views/metricspanel.h"
#include "views/servicespage.h"
#include "workspace.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int waitMs = 15'000;

// The largest value of the named series, or -1 without such a series or any value.
double peakOf(const MetricsChart *chart, const QString &name)
{
    double peak = -1;
    for (const MetricsChart::Series &series : chart->series()) {
        if (series.name != name)
            continue;
        for (const QPointF &point : series.points) {
            if (!std::isnan(point.y()))
                peak = std::max(peak, point.y());
        }
    }
    return peak;
}

double peakRate(const MetricsHistory *history, const QString &protocol)
{
    double peak = -1;
    for (const MetricsHistory::Point &point : history->points())
        peak = std::max(peak, point.requestsPerSecond.value(protocol, -1));
    return peak;
}
}

class TestMetricsCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void trafficAtALocalNodeGrowsTheCharts();
    void unreachablePeerShowsItsLag();
    void chartsPollOnlyWhileShown();
    void remoteMusterNodeIsCharted();
    void eurekaRemoteSaysChartsAreNotAvailable();

private:
    RegistryMirror *mirror() const { return m_workspace->mirrorFor(m_window->currentSource()); }
    MetricsPanel *panel() const { return m_window->heartbeatsPage()->metricsPanel(); }
    void showHeartbeats();
    void sendRequests(const QString &base, int count);

    QNetworkAccessManager m_network;
    Workspace *m_workspace = nullptr;
    MainWindow *m_window = nullptr;
};

void TestMetricsCharts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestMetricsCharts::init()
{
    m_workspace = new Workspace;
    NodeConfig base;
    base.name = u"charted"_s;
    base.port = 0;
    m_workspace->addCluster(std::make_unique<LocalCluster>(base));
    m_workspace->addNode(base.name);
    m_window = new MainWindow(m_workspace);
    m_window->resize(1400, 900);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentSource()
                                 && m_window->currentSource()->state() == RegistryConnection::State::Running
                                 && mirror() && mirror()->hasSnapshot(), waitMs);
}

void TestMetricsCharts::cleanup()
{
    delete m_window;
    m_window = nullptr;
    m_workspace->shutdown();
    delete m_workspace;
    m_workspace = nullptr;
}

void TestMetricsCharts::showHeartbeats()
{
    m_window->tabs()->setCurrentWidget(m_window->heartbeatsPage());
    QTRY_VERIFY(panel()->isVisible());
}

void TestMetricsCharts::sendRequests(const QString &base, int count)
{
    for (int i = 0; i < count; ++i) {
        QNetworkRequest request(QUrl(base + u"/eureka/apps"_s));
        request.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || finished.wait(waitMs));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
    }
}

void TestMetricsCharts::trafficAtALocalNodeGrowsTheCharts()
{
    showHeartbeats();
    MetricsHistory *history = mirror()->metrics();
    QVERIFY(history->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(!history->points().empty(), waitMs);
    QCOMPARE(panel()->message(), QString());
    QVERIFY(panel()->requestsChart()->isVisible());

    const QString base = m_window->currentSource()->address();
    QTRY_VERIFY_WITH_TIMEOUT((sendRequests(base, 20), peakRate(history, u"eureka"_s) > 0), waitMs);
    // The chart shows the history: its eureka line rises as high as the history's rate.
    MetricsChart *requests = panel()->requestsChart();
    QTRY_VERIFY(requests->hasLines());
    QTRY_COMPARE(peakOf(requests, u"eureka"_s), peakRate(history, u"eureka"_s));
    QVERIFY(peakOf(requests, u"eureka"_s) > 0);
    QCOMPARE(peakOf(requests, u"servicecomb"_s), 0.0);
    // A p99 for the seconds that answered Eureka requests, in milliseconds.
    QTRY_VERIFY(peakOf(panel()->latencyChart(), u"eureka"_s) > 0);
    QVERIFY(peakOf(panel()->latencyChart(), u"eureka"_s) < 1000);
    const std::size_t before = history->points().size();
    QTRY_VERIFY_WITH_TIMEOUT(history->points().size() >= before + 2, waitMs);
    QVERIFY(!panel()->lagChart()->hasLines());
    QCOMPARE(panel()->lagChart()->placeholder(), u"This node has no peers."_s);
}

// Writes queue for a peer that refuses connections, and the oldest waits longer and longer.
void TestMetricsCharts::unreachablePeerShowsItsLag()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    auto *node = qobject_cast<NodeHandle *>(m_window->currentSource());
    QVERIFY(node);
    QSignalSpy added(this, &QObject::objectNameChanged);
    node->addPeer(QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(port)), this, [this](const CommandResult &result) {
        QVERIFY(result.ok);
        setObjectName(u"added"_s);
    });
    QVERIFY(added.wait(waitMs));
    showHeartbeats();
    Instance instance;
    instance.app = u"LAGGING"_s;
    instance.instanceId = u"l1"_s;
    instance.hostName = u"l1.local"_s;
    instance.ipAddr = u"10.0.0.1"_s;
    node->registerInstance(instance, this, [](const CommandResult &result) { QVERIFY(result.ok); });

    const QString peer = u"127.0.0.1:%1"_s.arg(port);
    QTRY_VERIFY_WITH_TIMEOUT(peakOf(panel()->lagChart(), peer) > 0, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel()->lagChart()->hasLines(), waitMs);
    QVERIFY(mirror()->metrics()->peers().contains(u"http://127.0.0.1:%1/eureka/"_s.arg(port)));
}

void TestMetricsCharts::chartsPollOnlyWhileShown()
{
    m_window->tabs()->setCurrentWidget(m_window->servicesPage());
    MetricsHistory *history = mirror()->metrics();
    QVERIFY(!history->isActive());
    showHeartbeats();
    QVERIFY(history->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(history->points().size() >= 2, waitMs);
    m_window->tabs()->setCurrentWidget(m_window->eventsPage());
    QVERIFY(!history->isActive());
    const std::size_t frozen = history->points().size();
    QSignalSpy updated(history, &MetricsHistory::updated);
    QVERIFY(!updated.wait(2500));
    QCOMPARE(history->points().size(), frozen);
}

void TestMetricsCharts::remoteMusterNodeIsCharted()
{
    NodeConfig config;
    config.name = u"far"_s;
    config.port = 0;
    NodeHandle farNode(config);
    QSignalSpy started(&farNode, &NodeHandle::started);
    farNode.start();
    QVERIFY(started.wait(waitMs));
    const QString farBase = u"http://127.0.0.1:%1"_s.arg(farNode.port());
    RegistryConnection *remote = m_workspace->connectRemote(QUrl(farBase));
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, waitMs);
    m_window->selectSource(remote);
    showHeartbeats();
    MetricsHistory *history = mirror()->metrics();
    QVERIFY(history->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(!history->points().empty(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT((sendRequests(farBase, 20), peakRate(history, u"eureka"_s) > 0), waitMs);
    // Reading /metrics is itself Muster traffic at the remote.
    QTRY_VERIFY_WITH_TIMEOUT(peakOf(panel()->requestsChart(), u"muster"_s) > 0, waitMs);
    QTRY_VERIFY(peakOf(panel()->requestsChart(), u"eureka"_s) > 0);
    QCOMPARE(panel()->message(), QString());
    m_window->tabs()->setCurrentWidget(m_window->servicesPage());
    m_workspace->disconnectRemote(remote);
    farNode.stop();
}

void TestMetricsCharts::eurekaRemoteSaysChartsAreNotAvailable()
{
    const QString base = m_window->currentSource()->address();
    RegistryConnection *remote = m_workspace->connectRemote(QUrl(base + u"/eureka/"_s), RemoteRegistry::Kind::Eureka);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, waitMs);
    m_window->selectSource(remote);
    showHeartbeats();
    QTRY_VERIFY_WITH_TIMEOUT(!panel()->message().isEmpty(), waitMs);
    QCOMPARE(mirror()->metrics()->availability(), MetricsSample::Availability::NotMuster);
    QVERIFY2(panel()->message().contains(u"not available for this kind of registry"_s), qPrintable(panel()->message()));
    QVERIFY(!panel()->requestsChart()->isVisible());
    m_window->tabs()->setCurrentWidget(m_window->servicesPage());
    m_workspace->disconnectRemote(remote);
}

QTEST_MAIN(TestMetricsCharts)
#include "tst_metricscharts.moc"
