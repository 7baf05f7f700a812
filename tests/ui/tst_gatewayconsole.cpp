// SPDX-License-Identifier: GPL-3.0-or-later
// The console's side of the gateway over a real local node: the Gateway page starts the node's
// gateway (and says clearly when the port is taken), real requests sent through it to real
// upstreams on loopback show per service and instance on the page and in the Instances view's
// traffic column, an instance that refuses connections shows as ejected, the numbers are read only
// while a view shows them, a restarted node brings its gateway back, and a remote Muster node's
// health checks show in the Heartbeats view.
#include "mainwindow.h"
#include "models/gatewaytraffic.h"
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "node/localcluster.h"
#include "views/gatewaypage.h"
#include "views/heartbeatspage.h"
#include "views/instancespage.h"
#include "views/servicespage.h"
#include "workspace.h"

#include <QHttpServer>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {
constexpr int waitMs = 15'000;

quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

Instance upstreamInstance(const QString &app, const QString &id, quint16 port)
{
    Instance instance;
    instance.app = app;
    instance.instanceId = id;
    instance.hostName = u"localhost"_s;
    instance.ipAddr = u"127.0.0.1"_s;
    instance.port = {port, true};
    instance.status = InstanceStatus::Up;
    return instance;
}

QTreeWidgetItem *itemNamed(const QTreeWidget *tree, const QString &service, const QString &instance = {})
{
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = tree->topLevelItem(row);
        if (item->text(GatewayPage::NameColumn) != service)
            continue;
        if (instance.isEmpty())
            return item;
        for (int child = 0; child < item->childCount(); ++child) {
            if (item->child(child)->text(GatewayPage::NameColumn) == instance)
                return item->child(child);
        }
    }
    return nullptr;
}
}

class TestGatewayConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void trafficShowsOnThePageAndInTheInstancesView();
    void aPortInUseIsReportedClearly();
    void stoppingTurnsItOffAndHidesTheColumn();
    void numbersAreReadOnlyWhileShown();
    void aRestartedNodeBringsItsGatewayBack();
    void remoteNodeShowsItsChecksAndNoControls();

private:
    RegistryConnection *node() const { return m_node; }
    RegistryMirror *mirror() const { return m_workspace->mirrorFor(m_window->currentSource()); }
    GatewayPage *page() const { return m_window->gatewayPage(); }
    void showGatewayPage();
    void register_(const Instance &instance);
    QString startGateway(int port);
    QString gatewayUrl() const { return mirror()->gateway()->stats().url; }
    int get(const QString &url);
    QString trafficCell(const QString &app, const QString &id) const;

    QNetworkAccessManager m_network;
    Workspace *m_workspace = nullptr;
    MainWindow *m_window = nullptr;
    RegistryConnection *m_node = nullptr;
};

void TestGatewayConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestGatewayConsole::init()
{
    QSettings().clear();
    m_workspace = new Workspace;
    NodeConfig base;
    base.name = u"gw"_s;
    base.port = 0;
    m_workspace->addCluster(std::make_unique<LocalCluster>(base));
    m_workspace->addNode(base.name);
    m_window = new MainWindow(m_workspace);
    m_window->resize(1400, 900);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentSource()
                                 && m_window->currentSource()->state() == RegistryConnection::State::Running
                                 && mirror() && mirror()->hasSnapshot(), waitMs);
    m_node = m_window->currentSource();
}

void TestGatewayConsole::cleanup()
{
    delete m_window;
    m_window = nullptr;
    m_workspace->shutdown();
    delete m_workspace;
    m_workspace = nullptr;
}

void TestGatewayConsole::showGatewayPage()
{
    m_window->tabs()->setCurrentWidget(page());
    QTRY_VERIFY(page()->isVisible());
}

void TestGatewayConsole::register_(const Instance &instance)
{
    QSignalSpy done(this, &QObject::objectNameChanged);
    node()->registerInstance(instance, this, [this, id = instance.instanceId](const CommandResult &result) {
        QVERIFY2(result.ok, qPrintable(result.error));
        setObjectName(id);
    });
    QVERIFY(done.wait(waitMs));
}

// Clicks Start with the port given and returns what the page reported (empty: it started).
QString TestGatewayConsole::startGateway(int port)
{
    showGatewayPage();
    page()->portBox()->setValue(port);
    QSignalSpy finished(page(), &GatewayPage::commandFinished);
    [&] { QTRY_VERIFY(page()->startButton()->isEnabled()); }();
    QTest::mouseClick(page()->startButton(), Qt::LeftButton);
    if (!finished.wait(waitMs))
        return u"no answer"_s;
    return finished.first().first().toString();
}

int TestGatewayConsole::get(const QString &url)
{
    std::unique_ptr<QNetworkReply> reply {m_network.get(QNetworkRequest(QUrl(url)))};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(waitMs))
        return 0;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString TestGatewayConsole::trafficCell(const QString &app, const QString &id) const
{
    const InstanceModel *model = mirror()->instances();
    return model->index(model->rowOf(app, id), InstanceModel::TrafficColumn).data().toString();
}

void TestGatewayConsole::trafficShowsOnThePageAndInTheInstancesView()
{
    QHttpServer upstream;
    upstream.route(u"/hello"_s, [] { return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("hi")); });
    const quint16 live = upstream.listen(QHostAddress::LocalHost, 0);
    QVERIFY(live != 0);
    register_(upstreamInstance(u"ECHO"_s, u"echo-a"_s, live));
    register_(upstreamInstance(u"ECHO"_s, u"echo-b"_s, closedPort()));

    showGatewayPage();
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"is off"_s), waitMs);
    QVERIFY(page()->startButton()->isEnabled());
    QVERIFY(!page()->stopButton()->isEnabled());
    page()->zoneEdit()->setText(u"zone-a"_s);
    QCOMPARE(startGateway(0), QString());
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"runs at http://127.0.0.1:"_s), waitMs);
    QVERIFY(page()->stateText().contains(u"zone-a"_s));
    QCOMPARE(page()->errorText(), QString());
    QVERIFY(page()->stopButton()->isEnabled());
    QCOMPARE(page()->startButton()->text(), GatewayPage::tr("Restart"));

    // GET is retried on another instance when its connection is refused: every request is answered.
    const QString url = gatewayUrl() + u"/echo/hello"_s;
    QTRY_COMPARE_WITH_TIMEOUT(get(url), 200, waitMs);
    for (int i = 0; i < 19; ++i)
        QCOMPARE(get(url), 200);
    QCOMPARE(get(gatewayUrl() + u"/nowhere/hello"_s), 404);

    // Every request the upstream answered counts for its instance (20, and any the first wait sent).
    const auto servedByLive = [this]() -> quint64 {
        const GatewayInstanceStats *stats = mirror()->gateway()->stats().instance(u"echo-a"_s);
        return stats ? stats->requests : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(servedByLive() >= 20, waitMs);
    QTreeWidget *table = page()->table();
    QTRY_VERIFY(itemNamed(table, u"echo"_s, u"echo-a"_s)
                && itemNamed(table, u"echo"_s, u"echo-a"_s)->text(GatewayPage::RequestsColumn)
                       == QLocale().toString(servedByLive()));
    QTreeWidgetItem *live_ = itemNamed(table, u"echo"_s, u"echo-a"_s);
    QCOMPARE(live_->text(GatewayPage::AddressColumn), u"127.0.0.1:%1"_s.arg(live));
    QCOMPARE(live_->text(GatewayPage::ErrorsColumn), QLocale().toString(0));
    QVERIFY(live_->text(GatewayPage::P50Column).endsWith(u" ms"_s));
    QCOMPARE(live_->text(GatewayPage::StateColumn), GatewayPage::tr("taking traffic"));
    QTreeWidgetItem *refused = itemNamed(table, u"echo"_s, u"echo-b"_s);
    QVERIFY(refused);
    QVERIFY(refused->text(GatewayPage::ErrorsColumn).toInt() >= 1);
    QVERIFY(refused->text(GatewayPage::StateColumn).startsWith(u"ejected until "_s));
    QCOMPARE(itemNamed(table, u"echo"_s)->text(GatewayPage::StateColumn), GatewayPage::tr("%n instance(s) ejected", nullptr, 1));
    const GatewayStats &stats = mirror()->gateway()->stats();
    QCOMPARE(itemNamed(table, u"echo"_s)->text(GatewayPage::RequestsColumn), QLocale().toString(stats.services.first().requests));
    QVERIFY(stats.unknownServiceRequests >= 1);
    QTRY_VERIFY(page()->findChild<QLabel *>(u"gatewaySummary"_s)->text().contains(u"for unknown services (404)"_s));

    // The Instances view: a traffic column while the gateway runs, per instance.
    InstancesPage *instances = m_window->instancesPage();
    m_window->tabs()->setCurrentWidget(instances);
    QTRY_VERIFY(!instances->table()->isColumnHidden(InstanceModel::TrafficColumn));
    QTRY_VERIFY(trafficCell(u"ECHO"_s, u"echo-a"_s).startsWith(u"%1 req · p50 "_s.arg(servedByLive())));
    QVERIFY(trafficCell(u"ECHO"_s, u"echo-b"_s).startsWith(InstanceModel::tr("ejected · %1").arg(QString()).trimmed()));
    const InstanceModel *model = mirror()->instances();
    const QModelIndex cell = model->index(model->rowOf(u"ECHO"_s, u"echo-b"_s), InstanceModel::TrafficColumn);
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"no traffic until"_s));
    // Sorting by traffic puts the busiest instance first.
    instances->table()->sortByColumn(InstanceModel::TrafficColumn, Qt::DescendingOrder);
    QCOMPARE(instances->filter()->index(0, InstanceModel::IdColumn).data().toString(), u"echo-a"_s);

    if (const QString shot = qEnvironmentVariable("MUSTER_GATEWAY_SCREENSHOT"); !shot.isEmpty()) {
        showGatewayPage();
        QTest::qWait(200);
        m_window->grab().save(shot);
        m_window->tabs()->setCurrentWidget(instances);
        QTest::qWait(200);
        m_window->grab().save(QString(shot).replace(u".png"_s, u"-instances.png"_s));
    }
}

void TestGatewayConsole::aPortInUseIsReportedClearly()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const QString error = startGateway(taken.serverPort());
    QVERIFY(error.startsWith(GatewayPage::tr("%1 failed: %2").arg(GatewayPage::tr("Starting the gateway"), QString())));
    QVERIFY2(error.contains(QString::number(taken.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(u"in use"_s), qPrintable(error));
    QCOMPARE(page()->errorText(), error);
    QVERIFY(page()->findChild<QLabel *>(u"gatewayError"_s)->isVisible());
    QTRY_VERIFY(page()->stateText().contains(u"is off"_s));
    QVERIFY(!page()->stopButton()->isEnabled());
    // A free port then works, and the message goes.
    QCOMPARE(startGateway(0), QString());
    QCOMPARE(page()->errorText(), QString());
    QVERIFY(!page()->findChild<QLabel *>(u"gatewayError"_s)->isVisible());
}

void TestGatewayConsole::stoppingTurnsItOffAndHidesTheColumn()
{
    QCOMPARE(startGateway(0), QString());
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->gateway()->stats().running, waitMs);
    const QString url = gatewayUrl();
    m_window->tabs()->setCurrentWidget(m_window->instancesPage());
    QTRY_VERIFY(!m_window->instancesPage()->table()->isColumnHidden(InstanceModel::TrafficColumn));

    showGatewayPage();
    QSignalSpy finished(page(), &GatewayPage::commandFinished);
    QTest::mouseClick(page()->stopButton(), Qt::LeftButton);
    QVERIFY(finished.wait(waitMs));
    QCOMPARE(finished.first().first().toString(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"is off"_s), waitMs);
    QCOMPARE(page()->table()->topLevelItemCount(), 0);
    QCOMPARE(get(url + u"/echo/hello"_s), 0);   // nothing listens there any more
    m_window->tabs()->setCurrentWidget(m_window->instancesPage());
    QTRY_VERIFY(m_window->instancesPage()->table()->isColumnHidden(InstanceModel::TrafficColumn));
}

void TestGatewayConsole::numbersAreReadOnlyWhileShown()
{
    GatewayTraffic *traffic = mirror()->gateway();
    m_window->tabs()->setCurrentWidget(m_window->servicesPage());
    QTRY_VERIFY(m_window->servicesPage()->isVisible());
    QVERIFY(!traffic->isActive());
    QSignalSpy updated(traffic, &GatewayTraffic::updated);
    QVERIFY(!updated.wait(1500));
    showGatewayPage();
    QVERIFY(traffic->isActive());
    QVERIFY(updated.wait(waitMs));
    m_window->tabs()->setCurrentWidget(m_window->instancesPage());
    QVERIFY(traffic->isActive());
    m_window->tabs()->setCurrentWidget(m_window->servicesPage());
    QVERIFY(!traffic->isActive());
}

void TestGatewayConsole::aRestartedNodeBringsItsGatewayBack()
{
    QCOMPARE(startGateway(0), QString());
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->gateway()->stats().running, waitMs);
    m_workspace->stopNode(node());
    QTRY_COMPARE_WITH_TIMEOUT(node()->state(), RegistryConnection::State::Stopped, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"is not running"_s), waitMs);
    QVERIFY(!page()->startButton()->isEnabled());
    m_workspace->startNode(node());
    QTRY_COMPARE_WITH_TIMEOUT(node()->state(), RegistryConnection::State::Running, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"runs at http://127.0.0.1:"_s), waitMs);
    QCOMPARE(get(gatewayUrl() + u"/nowhere/x"_s), 404);
}

// The remote's client reads the node's checks: the Heartbeats view shows a remote node's verdict and
// results as it does a local node's. The gateway of a remote node is not the console's to start.
void TestGatewayConsole::remoteNodeShowsItsChecksAndNoControls()
{
    const QString base = node()->address();
    RegistryConnection *remote = m_workspace->connectRemote(QUrl(base), RemoteRegistry::Kind::Muster);
    m_window->selectSource(remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(mirror() && mirror()->hasSnapshot(), waitMs);

    const quint16 dead = closedPort();
    Instance checked = upstreamInstance(u"LEGACY"_s, u"l1"_s, dead);
    checked.metadata = {{u"muster.check"_s, u"tcp"_s}, {u"muster.check.interval"_s, u"200ms"_s},
                        {u"muster.check.timeout"_s, u"200ms"_s}, {u"muster.check.failures"_s, u"1"_s}};
    const QJsonObject document {{u"instance"_s, QJsonObject {
        {u"instanceId"_s, checked.instanceId}, {u"app"_s, checked.app}, {u"hostName"_s, checked.hostName},
        {u"ipAddr"_s, checked.ipAddr}, {u"port"_s, QJsonObject {{u"$"_s, dead}, {u"@enabled"_s, u"true"_s}}},
        {u"status"_s, u"UP"_s},
        {u"metadata"_s, QJsonObject {{u"muster.check"_s, u"tcp"_s}, {u"muster.check.interval"_s, u"200ms"_s},
                                     {u"muster.check.timeout"_s, u"200ms"_s}, {u"muster.check.failures"_s, u"1"_s}}},
        {u"dataCenterInfo"_s, QJsonObject {{u"@class"_s, u"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"_s},
                                           {u"name"_s, u"MyOwn"_s}}}}}};
    QNetworkRequest request(QUrl(base + u"/eureka/apps/LEGACY"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    std::unique_ptr<QNetworkReply> reply {m_network.post(request, QJsonDocument(document).toJson())};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(waitMs));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);

    QTRY_VERIFY_WITH_TIMEOUT(mirror()->instances()->rowOf(u"LEGACY"_s, u"l1"_s) >= 0, waitMs);
    InstancesPage *instances = m_window->instancesPage();
    m_window->tabs()->setCurrentWidget(instances);
    const QModelIndex index = instances->filter()->mapFromSource(
        mirror()->instances()->index(mirror()->instances()->rowOf(u"LEGACY"_s, u"l1"_s), 0));
    instances->table()->setCurrentIndex(index);
    HeartbeatsPage *heartbeats = m_window->heartbeatsPage();
    m_window->tabs()->setCurrentWidget(heartbeats);
    QTRY_VERIFY_WITH_TIMEOUT(heartbeats->checkSummary().contains(u"keeps the instance DOWN"_s), waitMs);
    QVERIFY(heartbeats->checkSummary().contains(u"127.0.0.1:%1"_s.arg(dead)));
    QTRY_VERIFY(heartbeats->checkHistory()->rowCount() >= 1);
    QCOMPARE(heartbeats->checkHistory()->item(0, 1)->text(), HeartbeatsPage::tr("failed"));

    showGatewayPage();
    QTRY_VERIFY_WITH_TIMEOUT(page()->stateText().contains(u"is off"_s), waitMs);
    QVERIFY(!page()->startButton()->isVisible());
    m_workspace->disconnectRemote(remote);
}

QTEST_MAIN(TestGatewayConsole)
#include "tst_gatewayconsole.moc"
