// SPDX-License-Identifier: GPL-3.0-or-later
// The console window over real nodes on free loopback ports, driven as a user would: actions,
// dialogs and their buttons; results checked in the tables, the topology and over the HTTP API.
#include "models/eventlogmodel.h"
#include "views/heartbeatspage.h"
#include "dialogs/instancedialog.h"
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"
#include "views/instancespage.h"
#include "client/loadsimulator.h"
#include "mainwindow.h"
#include "models/navigatormodel.h"
#include "dialogs/peerdialog.h"
#include "models/registrymirror.h"
#include "views/topologyview.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QCheckBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace {
struct HttpResult
{
    int status = 0;
    QByteArray body;
};
}

class TestConsoleWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void registerThroughTheDialogShowsTheRow();
    void dialogBlocksBadInput();
    void statusChangeShowsInTheTableAndOverHttp();
    void editMetadataThroughTheDialog();
    void deregisterAsksFirst();
    void secondNodePeeredShowsItsLinkInTheTopology();
    void heartbeatsPageExplainsSelfPreservation();
    void pinnedEntryComesBackAfterARestart();
    void remoteRegistryIsBrowsedAndEdited();
    void simulatedLoadAppearsAndGoes();

private:
    RegistrySource *firstSource() const { return m_workspace->sources().value(0); }
    RegistryMirror *mirror() const { return m_workspace->mirrorFor(m_window->currentSource()); }
    QString baseUrl() const { return m_window->currentSource()->address(); }
    HttpResult http(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    void registerOverHttp(const QString &app, const QString &id);
    void selectInstance(const QString &app, const QString &id);
    template<typename Dialog> Dialog *waitForDialog();

    QNetworkAccessManager m_network;
    QTemporaryDir m_dataDir;
    Workspace *m_workspace = nullptr;
    MainWindow *m_window = nullptr;
};

void TestConsoleWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestConsoleWindow::init()
{
    m_workspace = new Workspace;
    NodeConfig base;
    base.name = QStringLiteral("ui");
    base.port = 0;
    base.dataDir = m_dataDir.path();
    m_workspace->addCluster(base.name, base);
    m_workspace->addNode(base.name);
    m_window = new MainWindow(m_workspace);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentSource()
                                 && m_window->currentSource()->state() == RegistrySource::State::Running
                                 && mirror() && mirror()->hasSnapshot(), 10000);
}

void TestConsoleWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
    m_workspace->shutdown();
    delete m_workspace;
    m_workspace = nullptr;
}

HttpResult TestConsoleWindow::http(const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(baseUrl() + path));
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return {};
    HttpResult result {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return result;
}

void TestConsoleWindow::registerOverHttp(const QString &app, const QString &id)
{
    const QJsonObject instance {
        {QStringLiteral("instanceId"), id}, {QStringLiteral("app"), app},
        {QStringLiteral("hostName"), QString(id + QStringLiteral(".local"))}, {QStringLiteral("ipAddr"), QStringLiteral("10.1.0.1")},
        {QStringLiteral("status"), QStringLiteral("UP")},
        {QStringLiteral("port"), QJsonObject {{QStringLiteral("$"), 8080}, {QStringLiteral("@enabled"), QStringLiteral("true")}}},
        {QStringLiteral("dataCenterInfo"), QJsonObject {{QStringLiteral("name"), QStringLiteral("MyOwn")}}},
    };
    const auto result = http("POST", QStringLiteral("/eureka/apps/") + app,
                             QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson());
    QCOMPARE(result.status, 204);
    QTRY_VERIFY(mirror()->instances()->find(app, id));
}

void TestConsoleWindow::selectInstance(const QString &app, const QString &id)
{
    InstancesPage *page = m_window->instancesPage();
    m_window->tabs()->setCurrentWidget(page);
    const int sourceRow = mirror()->instances()->rowOf(app, id);
    QVERIFY(sourceRow >= 0);
    const QModelIndex index = page->filter()->mapFromSource(mirror()->instances()->index(sourceRow, 0));
    QVERIFY(index.isValid());
    page->table()->setCurrentIndex(index);
    QCOMPARE(page->currentInstance()->instanceId, id);
}

template<typename Dialog>
Dialog *TestConsoleWindow::waitForDialog()
{
    Dialog *dialog = nullptr;
    (void)QTest::qWaitFor([&] { return (dialog = m_window->findChild<Dialog *>()) != nullptr && dialog->isVisible(); }, 5000);
    return dialog;
}

void TestConsoleWindow::registerThroughTheDialogShowsTheRow()
{
    m_window->registerAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(QStringLiteral("app"))->setCurrentText(QStringLiteral("inventory"));
    dialog->findChild<QLineEdit *>(QStringLiteral("host"))->setText(QStringLiteral("inv-1.local"));
    dialog->findChild<QLineEdit *>(QStringLiteral("ip"))->setText(QStringLiteral("10.2.0.9"));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    const QString id = QStringLiteral("inv-1.local:inventory:8080");
    QTRY_VERIFY(mirror()->instances()->find(QStringLiteral("INVENTORY"), id));
    const auto result = http("GET", QStringLiteral("/eureka/apps/INVENTORY/") + id);
    QCOMPARE(result.status, 200);
    const auto instance = QJsonDocument::fromJson(result.body).object().value(QStringLiteral("instance")).toObject();
    QCOMPARE(instance.value(QStringLiteral("ipAddr")).toString(), QStringLiteral("10.2.0.9"));
    QCOMPARE(instance.value(QStringLiteral("status")).toString(), QStringLiteral("UP"));
}

void TestConsoleWindow::dialogBlocksBadInput()
{
    InstanceDialog dialog(InstanceDialog::Mode::Register);
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.errorFor(QStringLiteral("app")).isEmpty());
    dialog.findChild<QComboBox *>(QStringLiteral("app"))->setCurrentText(QStringLiteral("orders"));
    dialog.findChild<QLineEdit *>(QStringLiteral("host"))->setText(QStringLiteral("orders.local"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ip"))->setText(QStringLiteral("10.0.0.300"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog.errorFor(QStringLiteral("ip")), QStringLiteral("Not an IPv4 or IPv6 address."));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("ipError"))->isVisibleTo(&dialog));
    dialog.findChild<QLineEdit *>(QStringLiteral("ip"))->setText(QStringLiteral("10.0.0.30"));
    QVERIFY(dialog.errorFor(QStringLiteral("ip")).isEmpty());
    QVERIFY(ok->isEnabled());

    auto *metadata = dialog.findChild<QTableWidget *>(QStringLiteral("metadata"));
    metadata->insertRow(0);
    metadata->setItem(0, 0, new QTableWidgetItem(QStringLiteral("1zone")));
    metadata->setItem(0, 1, new QTableWidgetItem(QStringLiteral("a")));
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.errorFor(QStringLiteral("metadata")).contains(QStringLiteral("1zone")));
    metadata->item(0, 0)->setText(QStringLiteral("zone"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.instance().metadata.value(QStringLiteral("zone")), QStringLiteral("a"));
    QCOMPARE(dialog.instance().app, QStringLiteral("ORDERS"));
    QCOMPARE(dialog.instance().instanceId, QStringLiteral("orders.local:orders:8080"));
}

void TestConsoleWindow::statusChangeShowsInTheTableAndOverHttp()
{
    registerOverHttp(QStringLiteral("ORDERS"), QStringLiteral("o-1"));
    selectInstance(QStringLiteral("ORDERS"), QStringLiteral("o-1"));
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    m_window->statusAction(InstanceStatus::OutOfService)->trigger();
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().first().toString(), QString());
    InstanceModel *model = mirror()->instances();
    QTRY_COMPARE(model->find(QStringLiteral("ORDERS"), QStringLiteral("o-1"))->status, InstanceStatus::OutOfService);
    const int row = model->rowOf(QStringLiteral("ORDERS"), QStringLiteral("o-1"));
    QCOMPARE(model->index(row, InstanceModel::StatusColumn).data().toString(), QStringLiteral("OUT_OF_SERVICE"));
    QCOMPARE(model->index(row, InstanceModel::OverrideColumn).data().toString(), QStringLiteral("OUT_OF_SERVICE"));
    auto result = http("GET", QStringLiteral("/eureka/apps/ORDERS/o-1"));
    auto instance = QJsonDocument::fromJson(result.body).object().value(QStringLiteral("instance")).toObject();
    QCOMPARE(instance.value(QStringLiteral("status")).toString(), QStringLiteral("OUT_OF_SERVICE"));
    QCOMPARE(instance.value(QStringLiteral("overriddenStatus")).toString(), QStringLiteral("OUT_OF_SERVICE"));

    selectInstance(QStringLiteral("ORDERS"), QStringLiteral("o-1"));
    m_window->removeOverrideAction()->trigger();
    QVERIFY(answered.wait(5000));
    QTRY_COMPARE(model->index(model->rowOf(QStringLiteral("ORDERS"), QStringLiteral("o-1")),
                              InstanceModel::OverrideColumn).data().toString(), QString());
    result = http("GET", QStringLiteral("/eureka/apps/ORDERS/o-1"));
    instance = QJsonDocument::fromJson(result.body).object().value(QStringLiteral("instance")).toObject();
    QCOMPARE(instance.value(QStringLiteral("overriddenStatus")).toString(), QStringLiteral("UNKNOWN"));
}

void TestConsoleWindow::editMetadataThroughTheDialog()
{
    registerOverHttp(QStringLiteral("USERS"), QStringLiteral("u-1"));
    selectInstance(QStringLiteral("USERS"), QStringLiteral("u-1"));
    m_window->editAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("host"))->isEnabled());
    auto *metadata = dialog->findChild<QTableWidget *>(QStringLiteral("metadata"));
    metadata->insertRow(0);
    metadata->setItem(0, 0, new QTableWidgetItem(QStringLiteral("zone")));
    metadata->setItem(0, 1, new QTableWidgetItem(QStringLiteral("east")));
    dialog->findChild<QComboBox *>(QStringLiteral("status"))->setCurrentText(QStringLiteral("DOWN"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QTRY_COMPARE(mirror()->instances()->find(QStringLiteral("USERS"), QStringLiteral("u-1"))->metadata.value(QStringLiteral("zone")),
                 QStringLiteral("east"));
    QTRY_COMPARE(mirror()->instances()->find(QStringLiteral("USERS"), QStringLiteral("u-1"))->status, InstanceStatus::Down);
    const auto result = http("GET", QStringLiteral("/eureka/apps/USERS/u-1"));
    const auto instance = QJsonDocument::fromJson(result.body).object().value(QStringLiteral("instance")).toObject();
    QCOMPARE(instance.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("zone")).toString(),
             QStringLiteral("east"));
}

void TestConsoleWindow::deregisterAsksFirst()
{
    registerOverHttp(QStringLiteral("CART"), QStringLiteral("c-1"));
    selectInstance(QStringLiteral("CART"), QStringLiteral("c-1"));
    m_window->deregisterAction()->trigger();
    auto *box = waitForDialog<QMessageBox>();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("c-1")));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QVERIFY(mirror()->instances()->find(QStringLiteral("CART"), QStringLiteral("c-1")));
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>());

    selectInstance(QStringLiteral("CART"), QStringLiteral("c-1"));
    m_window->deregisterAction()->trigger();
    box = waitForDialog<QMessageBox>();
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_VERIFY(!mirror()->instances()->find(QStringLiteral("CART"), QStringLiteral("c-1")));
    QCOMPARE(http("GET", QStringLiteral("/eureka/apps/CART/c-1")).status, 404);
    const EventLogModel *events = m_workspace->events();
    bool logged = false;
    for (int row = 0; row < events->rowCount(); ++row)
        logged |= events->eventAt(row).category == EventLogModel::Category::Cancel
               && events->eventAt(row).subject == QStringLiteral("CART/c-1");
    QVERIFY(logged);
}

void TestConsoleWindow::secondNodePeeredShowsItsLinkInTheTopology()
{
    RegistrySource *first = firstSource();
    m_window->addNodeAction()->trigger();
    QTRY_COMPARE(m_workspace->sources().size(), 2);
    RegistrySource *second = m_workspace->sources().at(1);
    QTRY_COMPARE_WITH_TIMEOUT(second->state(), RegistrySource::State::Running, 10000);
    // A node added to a cluster is peered with the others at once; unlink, then link through the dialog.
    const QString keyOfFirst = QUrl(first->address()).host() + u':' + QString::number(QUrl(first->address()).port());
    const QString keyOfSecond = QUrl(second->address()).host() + u':' + QString::number(QUrl(second->address()).port());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->topologyView()->linkBetween(keyOfFirst, keyOfSecond), 5000);
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    m_workspace->unlinkPeers(first, second, [](const CommandResult &result) { QVERIFY(result.ok); });
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->topologyView()->linkBetween(keyOfFirst, keyOfSecond), 5000);

    m_window->selectSource(first);
    m_window->linkPeersAction()->trigger();
    auto *dialog = waitForDialog<PeerDialog>();
    QVERIFY(dialog);
    QCOMPARE(dialog->first(), first);
    QCOMPARE(dialog->second(), second);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.last().first().toString(), QString());
    TopologyLinkItem *link = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((link = m_window->topologyView()->linkBetween(keyOfFirst, keyOfSecond)) != nullptr, 5000);
    QVERIFY(link->fromFirst().present);
    QVERIFY(link->fromSecond().present);

    // A write at the first node reaches the second, and the link reports its queue.
    registerOverHttp(QStringLiteral("LINKED"), QStringLiteral("l-1"));
    QTRY_VERIFY_WITH_TIMEOUT(m_workspace->mirrorFor(second)->instances()->find(QStringLiteral("LINKED"),
                                                                                QStringLiteral("l-1")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->topologyView()->linkBetween(keyOfFirst, keyOfSecond)->fromFirst().label
                                 .startsWith(QStringLiteral("queue")) ||
                             m_window->topologyView()->linkBetween(keyOfFirst, keyOfSecond)->fromSecond().label
                                 .startsWith(QStringLiteral("queue")), 5000);

    // Selecting a node in the graph selects it everywhere.
    m_window->topologyView()->nodeItem(keyOfSecond)->setSelected(true);
    QTRY_COMPARE(m_window->currentSource(), second);
    QCOMPARE(m_workspace->navigator()->sourceAt(m_window->navigatorView()->currentIndex()), second);
}

void TestConsoleWindow::heartbeatsPageExplainsSelfPreservation()
{
    registerOverHttp(QStringLiteral("BEAT"), QStringLiteral("b-1"));
    QTRY_VERIFY(mirror()->hasStatus());
    QTRY_VERIFY(m_window->heartbeatsPage()->selfPreservationText().startsWith(QStringLiteral("Self-preservation")));
    const auto beat = http("PUT", QStringLiteral("/eureka/apps/BEAT/b-1"));
    QCOMPARE(beat.status, 200);
    QTRY_COMPARE(mirror()->heartbeatsOf(QStringLiteral("BEAT"), QStringLiteral("b-1")).size(), 2);
    QVERIFY(m_window->statusText().contains(QStringLiteral("instance")));
}

void TestConsoleWindow::pinnedEntryComesBackAfterARestart()
{
    RegistrySource *node = firstSource();
    m_window->registerAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(QStringLiteral("app"))->setCurrentText(QStringLiteral("legacy-db"));
    dialog->findChild<QLineEdit *>(QStringLiteral("host"))->setText(QStringLiteral("db.local"));
    dialog->findChild<QLineEdit *>(QStringLiteral("ip"))->setText(QStringLiteral("10.9.0.1"));
    dialog->findChild<QCheckBox *>(QStringLiteral("pinned"))->setChecked(true);
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().first().toString(), QString());
    const QString id = QStringLiteral("db.local:legacy-db:8080");
    QTRY_VERIFY(mirror()->instances()->find(QStringLiteral("LEGACY-DB"), id));
    QVERIFY(mirror()->instances()->find(QStringLiteral("LEGACY-DB"), id)->pinned);

    m_workspace->stopNode(node);
    QTRY_COMPARE_WITH_TIMEOUT(node->state(), RegistrySource::State::Stopped, 10000);
    m_workspace->startNode(node);
    QTRY_COMPARE_WITH_TIMEOUT(node->state(), RegistrySource::State::Running, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->instances()->find(QStringLiteral("LEGACY-DB"), id), 10000);
    const InstanceModel *model = mirror()->instances();
    const int row = model->rowOf(QStringLiteral("LEGACY-DB"), id);
    QCOMPARE(model->index(row, InstanceModel::LeaseColumn).data().toString(), QStringLiteral("pinned"));
    QCOMPARE(http("GET", QStringLiteral("/eureka/apps/LEGACY-DB/") + id).status, 200);
}

void TestConsoleWindow::remoteRegistryIsBrowsedAndEdited()
{
    NodeConfig config;
    config.name = QStringLiteral("elsewhere");
    config.port = 0;
    NodeHandle remoteNode(config);
    QSignalSpy started(&remoteNode, &NodeHandle::started);
    remoteNode.start();
    QVERIFY(started.wait(10000));
    const QString remoteBase = QStringLiteral("http://127.0.0.1:%1").arg(remoteNode.port());

    RegistrySource *remote = m_workspace->connectRemote(QUrl(remoteBase + QStringLiteral("/eureka/")));
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistrySource::State::Running, 10000);
    QCOMPARE(m_workspace->navigator()->groupAt(m_workspace->navigator()->indexOf(remote)), QStringLiteral("remote"));
    m_window->selectSource(remote);
    QTRY_VERIFY(mirror()->hasSnapshot());

    Instance instance;
    instance.app = QStringLiteral("FAR");
    instance.instanceId = QStringLiteral("far-1");
    instance.hostName = QStringLiteral("far.local");
    instance.ipAddr = QStringLiteral("10.8.0.1");
    QSignalSpy registered(this, &QObject::objectNameChanged);
    remote->registerInstance(instance, this, [this](const CommandResult &result) {
        QVERIFY2(result.ok, qPrintable(result.error));
        setObjectName(QStringLiteral("registered"));
    });
    QVERIFY(registered.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->instances()->find(QStringLiteral("FAR"), QStringLiteral("far-1")), 10000);

    selectInstance(QStringLiteral("FAR"), QStringLiteral("far-1"));
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    m_window->statusAction(InstanceStatus::Down)->trigger();
    QVERIFY(answered.wait(10000));
    QCOMPARE(answered.first().first().toString(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(mirror()->instances()->find(QStringLiteral("FAR"), QStringLiteral("far-1"))->status,
                              InstanceStatus::Down, 10000);

    m_workspace->disconnectRemote(remote);
    QTRY_VERIFY(!m_workspace->sources().contains(remote));
    remoteNode.stop();
}

void TestConsoleWindow::simulatedLoadAppearsAndGoes()
{
    LoadSimulatorOptions options;
    options.serviceUrl = Workspace::serviceUrlOf(firstSource());
    options.app = QStringLiteral("SIM");
    options.instanceCount = 20;
    options.heartbeatIntervalMs = 500;
    options.failingShare = 0.25;
    options.leaseDurationSecs = 60;
    LoadSimulator *simulator = m_workspace->startSimulation(options);
    QVERIFY(simulator);
    QCOMPARE(m_workspace->simulations().size(), 1);
    const auto simulatedRows = [this] {
        int count = 0;
        for (const auto &instance : mirror()->instances()->instances())
            count += instance.app == QStringLiteral("SIM");
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(simulatedRows(), 20, 10000);
    // The healthy share heartbeats: their renewals reach the console's heartbeat history.
    const auto heartbeating = [this] {
        int count = 0;
        for (const auto &instance : mirror()->instances()->instances())
            count += instance.app == QStringLiteral("SIM")
                  && mirror()->heartbeatsOf(instance.app, instance.instanceId).size() >= 2;
        return count;
    };
    QTRY_VERIFY_WITH_TIMEOUT(heartbeating() >= 15, 10000);
    m_workspace->stopSimulations();
    QTRY_COMPARE_WITH_TIMEOUT(simulatedRows(), 0, 10000);
    QTRY_VERIFY(m_workspace->simulations().isEmpty());
}

QTEST_MAIN(TestConsoleWindow)
#include "tst_consolewindow.moc"
