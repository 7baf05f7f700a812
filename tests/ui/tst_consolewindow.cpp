// SPDX-License-Identifier: GPL-3.0-or-later
// The console window over real nodes on free loopback ports, driven as a user would: actions,
// dialogs and their buttons; results checked in the tables, the topology and over the HTTP API.
#include "models/eventlogmodel.h"
#include "bridgetexts.h"
#include "commandmessages.h"
#include "dialogs/bridgedialog.h"
#include "views/heartbeatspage.h"
#include "dialogs/instancedialog.h"
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"
#include "views/instancespage.h"
#include "client/loadsimulator.h"
#include "mainwindow.h"
#include "node/localcluster.h"
#include "node/nodehandle.h"
#include "models/navigatormodel.h"
#include "dialogs/peerdialog.h"
#include "models/registrymirror.h"
#include "models/servicemodel.h"
#include "views/topologyview.h"
#include "workspace.h"
#include "api/selfpreservationtext.h"

#include <QAbstractItemModelTester>
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
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QCheckBox>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
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
    void theDefaultSizeShowsLeasesHeartbeatsAndMetadata();
    void theFirstMinuteSaysItIsMeasuring();
    void pinnedEntryComesBackAfterARestart();
    void checkSetInTheDialogShowsInHeartbeats();
    void remoteRegistryIsBrowsedAndEdited();
    void metadataKeyRemovedOnARemoteStaysRemoved();
    void simulatedLoadAppearsAndGoes();
    void burstReachesTheViewInBlocks();
    void bridgeDialogRefusesBadUrls();
    void bridgeShowsItsStateAndMarksForeignEntries();
    void removingABridgeAsksFirst();
    void refusedBridgeIsExplained();

private:
    RegistryConnection *firstSource() const { return m_workspace->sources().value(0); }
    RegistryMirror *mirror() const { return m_workspace->mirrorFor(m_window->currentSource()); }
    // The Services view's instance count for a service, or -1 if it lists none of that name.
    int servedBy(const QString &service) const
    {
        const ServiceModel *services = mirror()->services();
        for (int row = 0; row < services->rowCount(); ++row) {
            if (services->index(row, ServiceModel::NameColumn).data().toString().compare(service, Qt::CaseInsensitive) == 0)
                return services->index(row, ServiceModel::InstancesColumn).data().toInt();
        }
        return -1;
    }
    QString baseUrl() const { return m_window->currentSource()->address(); }
    HttpResult http(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    HttpResult httpTo(const QByteArray &verb, const QUrl &url, const QByteArray &body = {});
    void registerOverHttp(const QString &app, const QString &id, const QString &base = {});
    QString addBridgeThroughTheDialog(const QString &eurekaUrl);
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
    m_workspace->addCluster(std::make_unique<LocalCluster>(base));
    m_workspace->addNode(base.name);
    m_window = new MainWindow(m_workspace);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentSource()
                                 && m_window->currentSource()->state() == RegistryConnection::State::Running
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
    return httpTo(verb, QUrl(baseUrl() + path), body);
}

HttpResult TestConsoleWindow::httpTo(const QByteArray &verb, const QUrl &url, const QByteArray &body)
{
    QNetworkRequest request(url);
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

// At the selected registry, or at the one whose address is base.
void TestConsoleWindow::registerOverHttp(const QString &app, const QString &id, const QString &base)
{
    const QJsonObject instance {
        {QStringLiteral("instanceId"), id}, {QStringLiteral("app"), app},
        {QStringLiteral("hostName"), QString(id + QStringLiteral(".local"))}, {QStringLiteral("ipAddr"), QStringLiteral("10.1.0.1")},
        {QStringLiteral("status"), QStringLiteral("UP")},
        {QStringLiteral("port"), QJsonObject {{QStringLiteral("$"), 8080}, {QStringLiteral("@enabled"), QStringLiteral("true")}}},
        {QStringLiteral("dataCenterInfo"), QJsonObject {{QStringLiteral("name"), QStringLiteral("MyOwn")}}},
    };
    const QString root = base.isEmpty() ? baseUrl() : base;
    const auto result = httpTo("POST", QUrl(root + QStringLiteral("/eureka/apps/") + app),
                               QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson());
    QCOMPARE(result.status, 204);
    if (base.isEmpty())
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
    RegistryConnection *first = firstSource();
    m_window->addNodeAction()->trigger();
    QTRY_COMPARE(m_workspace->sources().size(), 2);
    RegistryConnection *second = m_workspace->sources().at(1);
    QTRY_COMPARE_WITH_TIMEOUT(second->state(), RegistryConnection::State::Running, 10000);
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

// At the window's default size the Instances view shows the columns a user looks for first, with
// no scrolling sideways.
void TestConsoleWindow::theDefaultSizeShowsLeasesHeartbeatsAndMetadata()
{
    QCOMPARE(m_window->size(), QSize(1280, 780));
    for (int i = 0; i < 3; ++i)
        registerOverHttp(QStringLiteral("ORDERS"), QStringLiteral("orders-%1.example.internal:orders:8080").arg(i));
    InstancesPage *page = m_window->instancesPage();
    m_window->tabs()->setCurrentWidget(page);
    QTableView *table = page->table();
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QApplication::processEvents();
    const QRect viewport = table->viewport()->rect();
    const QModelIndex first = table->model()->index(0, 0);
    for (const int column : {int(InstanceModel::HeartbeatColumn), int(InstanceModel::LeaseColumn)}) {
        const QRect cell = table->visualRect(first.siblingAtColumn(column));
        QVERIFY2(viewport.contains(cell), qPrintable(QStringLiteral("column %1 at %2..%3 of %4").arg(column)
                                                         .arg(cell.left()).arg(cell.right()).arg(viewport.width())));
    }
    const QRect metadata = table->visualRect(first.siblingAtColumn(InstanceModel::MetadataColumn));
    QVERIFY2(metadata.left() >= 0 && metadata.left() + 120 <= viewport.width(),
             qPrintable(QStringLiteral("metadata from %1 of %2").arg(metadata.left()).arg(viewport.width())));
    QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
}

// Before a node has measured a full minute of renewals, the status bar, the sentence and the
// navigator say so, and the rate shown is the node's own count.
void TestConsoleWindow::theFirstMinuteSaysItIsMeasuring()
{
    registerOverHttp(QStringLiteral("ORDERS"), QStringLiteral("o-1"));
    QTRY_VERIFY(mirror()->status().selfPreservation.expectedClients > 0);
    const SelfPreservationState &state = mirror()->status().selfPreservation;
    QVERIFY(state.measuringUntilMs > 0);
    const QString until = SelfPreservationText::measuredAt(state);
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("selfPreservationLabel"));
    QVERIFY(label);
    QTRY_COMPARE(label->text(), QStringLiteral("self-preservation: measuring until %1").arg(until));
    QTRY_VERIFY(m_window->heartbeatsPage()->selfPreservationText().contains(QStringLiteral("will have at %1").arg(until)));
    QCOMPARE(mirror()->renewsPerMin(), double(mirror()->status().selfPreservation.renewsThisMin));
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

void TestConsoleWindow::checkSetInTheDialogShowsInHeartbeats()
{
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        deadPort = probe.serverPort();
    }
    m_window->registerAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(QStringLiteral("app"))->setCurrentText(QStringLiteral("legacy-mq"));
    dialog->findChild<QLineEdit *>(QStringLiteral("host"))->setText(QStringLiteral("mq.local"));
    dialog->findChild<QLineEdit *>(QStringLiteral("ip"))->setText(QStringLiteral("127.0.0.1"));
    dialog->findChild<QCheckBox *>(QStringLiteral("pinned"))->setChecked(true);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("checkKind"));
    kind->setCurrentIndex(kind->findText(InstanceDialog::tr("TCP connect")));
    QVERIFY(!ok->isEnabled());   // a TCP check needs host:port
    QCOMPARE(dialog->errorFor(QStringLiteral("check")), InstanceDialog::tr("A TCP check needs host:port."));
    dialog->findChild<QLineEdit *>(QStringLiteral("checkTarget"))->setText(QStringLiteral("127.0.0.1:%1").arg(deadPort));
    dialog->findChild<QSpinBox *>(QStringLiteral("checkInterval"))->setValue(200);
    dialog->findChild<QSpinBox *>(QStringLiteral("checkFailures"))->setValue(1);
    QVERIFY(ok->isEnabled());
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().first().toString(), QString());

    const QString app = QStringLiteral("LEGACY-MQ");
    const QString id = QStringLiteral("mq.local:legacy-mq:8080");
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->checkOf(app, id) && mirror()->checkOf(app, id)->verdict == CheckState::Verdict::Failing,
                             5000);
    const InstanceModel *model = mirror()->instances();
    QTRY_COMPARE(model->index(model->rowOf(app, id), InstanceModel::StatusColumn).data().toString(),
                 InstanceModel::tr("%1 (check)").arg(QStringLiteral("DOWN")));
    QCOMPARE(model->index(model->rowOf(app, id), InstanceModel::OverrideColumn).data().toString(), QString());
    selectInstance(app, id);
    HeartbeatsPage *page = m_window->heartbeatsPage();
    QTRY_VERIFY(page->checkSummary().contains(QStringLiteral("127.0.0.1:%1").arg(deadPort)));
    QTRY_VERIFY(page->checkSummary().contains(QStringLiteral("keeps the instance DOWN")));
    QTRY_VERIFY(page->checkHistory()->rowCount() >= 2);
    QCOMPARE(page->checkHistory()->item(0, 1)->text(), HeartbeatsPage::tr("failed"));
    if (const QString shot = qEnvironmentVariable("MUSTER_CHECKS_SCREENSHOT"); !shot.isEmpty()) {
        page->resize(1100, 800);
        page->grab().save(shot);
    }
}

void TestConsoleWindow::pinnedEntryComesBackAfterARestart()
{
    RegistryConnection *node = firstSource();
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
    QTRY_COMPARE_WITH_TIMEOUT(node->state(), RegistryConnection::State::Stopped, 10000);
    m_workspace->startNode(node);
    QTRY_COMPARE_WITH_TIMEOUT(node->state(), RegistryConnection::State::Running, 10000);
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

    RegistryConnection *remote = m_workspace->connectRemote(QUrl(remoteBase + QStringLiteral("/eureka/")));
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, 10000);
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

// The editor replaces the metadata: a key the user deletes is gone at the remote too, although
// Eureka's own metadata API only merges.
void TestConsoleWindow::metadataKeyRemovedOnARemoteStaysRemoved()
{
    NodeConfig config;
    config.name = QStringLiteral("elsewhere");
    config.port = 0;
    NodeHandle remoteNode(config);
    QSignalSpy started(&remoteNode, &NodeHandle::started);
    remoteNode.start();
    QVERIFY(started.wait(10000));
    const QString remoteBase = QStringLiteral("http://127.0.0.1:%1").arg(remoteNode.port());
    RegistryConnection *remote = m_workspace->connectRemote(QUrl(remoteBase + QStringLiteral("/eureka/")),
                                                            RemoteRegistry::Kind::Eureka);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, 10000);
    m_window->selectSource(remote);
    QTRY_VERIFY(mirror()->hasSnapshot());

    Instance instance;
    instance.app = QStringLiteral("FAR");
    instance.instanceId = QStringLiteral("far-2");
    instance.hostName = QStringLiteral("far.local");
    instance.ipAddr = QStringLiteral("10.8.0.2");
    instance.metadata = {{QStringLiteral("zone"), QStringLiteral("a")}, {QStringLiteral("owner"), QStringLiteral("x")}};
    QSignalSpy registered(this, &QObject::objectNameChanged);
    remote->registerInstance(instance, this, [this](const CommandResult &result) {
        QVERIFY2(result.ok, qPrintable(result.error));
        setObjectName(QStringLiteral("registered-2"));
    });
    QVERIFY(registered.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->instances()->find(QStringLiteral("FAR"), QStringLiteral("far-2")), 10000);

    selectInstance(QStringLiteral("FAR"), QStringLiteral("far-2"));
    m_window->editAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    auto *metadata = dialog->findChild<QTableWidget *>(QStringLiteral("metadata"));
    for (int row = metadata->rowCount() - 1; row >= 0; --row) {
        if (metadata->item(row, 0) && metadata->item(row, 0)->text() == QStringLiteral("owner"))
            metadata->removeRow(row);
    }
    QCOMPARE(dialog->metadata(), (QMap<QString, QString> {{QStringLiteral("zone"), QStringLiteral("a")}}));
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(answered.wait(10000));
    QCOMPARE(answered.first().first().toString(), QString());

    QTRY_VERIFY_WITH_TIMEOUT(!mirror()->instances()->find(QStringLiteral("FAR"), QStringLiteral("far-2"))
                                  ->metadata.contains(QStringLiteral("owner")), 10000);
    QTest::qWait(2500);   // past the next poll: the key does not come back
    QVERIFY(!mirror()->instances()->find(QStringLiteral("FAR"), QStringLiteral("far-2"))
                 ->metadata.contains(QStringLiteral("owner")));
    QNetworkRequest request(QUrl(remoteBase + QStringLiteral("/eureka/apps/FAR/far-2")));
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = m_network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    const auto atNode = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("instance")).toObject();
    reply->deleteLater();
    QCOMPARE(atNode.value(QStringLiteral("metadata")).toObject(),
             (QJsonObject {{QStringLiteral("zone"), QStringLiteral("a")}}));

    m_workspace->disconnectRemote(remote);
    remoteNode.stop();
}

void TestConsoleWindow::simulatedLoadAppearsAndGoes()
{
    LoadSimulatorOptions options;
    options.serviceUrl = m_workspace->serviceUrlOf(firstSource());
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

// 1 500 simulated clients register at once and are cancelled at once: each burst reaches the
// sorted Instances view in blocks over several turns of the event loop, never as a reset, and the
// view ends holding what the node holds.
void TestConsoleWindow::burstReachesTheViewInBlocks()
{
    InstancesPage *page = m_window->instancesPage();
    QAbstractItemModel *view = page->table()->model();
    QAbstractItemModelTester tester(view, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = view->rowCount();
    QSignalSpy resets(mirror()->instances(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(mirror()->instances(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(mirror()->instances(), &QAbstractItemModel::rowsRemoved);
    LoadSimulatorOptions options;
    options.serviceUrl = m_workspace->serviceUrlOf(firstSource());
    options.app = QStringLiteral("BURST");
    options.instanceCount = 1500;
    options.heartbeatIntervalMs = 30000;
    options.leaseDurationSecs = 120;
    QVERIFY(m_workspace->startSimulation(options));
    QTRY_COMPARE_WITH_TIMEOUT(view->rowCount(), before + 1500, 20000);
    QCOMPARE(resets.size(), 0);
    QVERIFY2(inserted.size() < 1500, "registrations arriving together go in blocks");
    const auto holds = [this](const QString &app) {
        int count = 0;
        for (const auto &instance : mirror()->instances()->instances())
            count += instance.app == app;
        return count;
    };
    QCOMPARE(holds(QStringLiteral("BURST")), 1500);
    QTRY_COMPARE_WITH_TIMEOUT(servedBy(QStringLiteral("burst")), 1500, 5000);

    m_workspace->stopSimulations();
    QTRY_COMPARE_WITH_TIMEOUT(view->rowCount(), before, 20000);
    QCOMPARE(resets.size(), 0);
    QVERIFY2(removed.size() < 1500, "cancels of rows that arrived together go in runs");
    QCOMPARE(holds(QStringLiteral("BURST")), 0);
    // The service's count went with them (the service itself may stay, empty).
    QTRY_VERIFY_WITH_TIMEOUT(servedBy(QStringLiteral("burst")) <= 0, 5000);
}

void TestConsoleWindow::bridgeDialogRefusesBadUrls()
{
    const QString own = QStringLiteral("http://127.0.0.1:8761");
    const QString bridged = QStringLiteral("http://eureka.example:8761/eureka/");
    BridgeDialog dialog(QStringLiteral("ui-1"), QUrl(own), {bridged});
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("url"));
    auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("kind"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("urlError"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(!error->isVisibleTo(&dialog));   // nothing typed yet: nothing to complain about

    url->setText(QStringLiteral("eureka.example:8761/eureka"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(dialog.problem(), QStringLiteral("Use an http:// or https:// URL."));
    QVERIFY(error->isVisibleTo(&dialog));
    QCOMPARE(error->text(), dialog.problem());

    url->setText(QStringLiteral("http://localhost:8761/eureka/"));
    QVERIFY(dialog.problem().contains(QStringLiteral("own address")));
    url->setText(QStringLiteral("http://eureka.example:8761/eureka"));
    QVERIFY(dialog.problem().contains(QStringLiteral("already")));
    QVERIFY(!ok->isEnabled());

    url->setText(QStringLiteral("http://other.example:8761/eureka/"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!error->isVisibleTo(&dialog));
    QCOMPARE(dialog.kind(), BridgeState::Kind::Eureka);

    kind->setCurrentIndex(kind->findData(int(BridgeState::Kind::ServiceComb)));
    QVERIFY(dialog.problem().contains(QStringLiteral("root")));
    QVERIFY(!ok->isEnabled());
    url->setText(QStringLiteral("http://sc.example:30100"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.kind(), BridgeState::Kind::ServiceComb);
    QCOMPARE(dialog.url(), QUrl(QStringLiteral("http://sc.example:30100")));
}

QString TestConsoleWindow::addBridgeThroughTheDialog(const QString &eurekaUrl)
{
    m_window->selectSource(firstSource());
    if (!m_window->addBridgeAction()->isEnabled())
        return QStringLiteral("the action is disabled");
    m_window->addBridgeAction()->trigger();
    auto *dialog = waitForDialog<BridgeDialog>();
    if (!dialog)
        return QStringLiteral("no dialog");
    dialog->findChild<QLineEdit *>(QStringLiteral("url"))->setText(eurekaUrl);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (!ok->isEnabled())
        return dialog->problem();
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(ok, Qt::LeftButton);
    if (!answered.wait(5000))
        return QStringLiteral("no answer");
    return answered.first().first().toString();
}

// A node of this console bridged to another node (standing in for an external Eureka server).
void TestConsoleWindow::bridgeShowsItsStateAndMarksForeignEntries()
{
    NodeConfig config;
    config.name = QStringLiteral("external");
    config.port = 0;
    NodeHandle external(config);
    QSignalSpy started(&external, &NodeHandle::started);
    external.start();
    QVERIFY(started.wait(10000));
    const QString externalBase = QStringLiteral("http://127.0.0.1:%1").arg(external.port());
    const QString externalUrl = externalBase + QStringLiteral("/eureka/");
    registerOverHttp(QStringLiteral("FAR"), QStringLiteral("far-1"), externalBase);

    QCOMPARE(addBridgeThroughTheDialog(externalUrl), QString());
    RegistryConnection *node = firstSource();
    NavigatorModel *navigator = m_workspace->navigator();
    QTRY_VERIFY_WITH_TIMEOUT(navigator->indexOfBridge(node, externalUrl).isValid(), 5000);
    const QModelIndex bridgeRow = navigator->indexOfBridge(node, externalUrl);
    QCOMPARE(bridgeRow.parent(), navigator->indexOf(node));
    QCOMPARE(bridgeRow.siblingAtColumn(NavigatorModel::AddressColumn).data().toString(), externalUrl);
    QVERIFY(bridgeRow.data().toString().contains(QStringLiteral("Eureka")));
    QTRY_COMPARE_WITH_TIMEOUT(navigator->indexOfBridge(node, externalUrl).siblingAtColumn(NavigatorModel::StateColumn)
                                  .data().toString(), QStringLiteral("in sync"), 10000);
    const QModelIndex state = navigator->indexOfBridge(node, externalUrl).siblingAtColumn(NavigatorModel::StateColumn);
    QCOMPARE(state.data(Qt::ForegroundRole).value<QBrush>().color(), BridgeTexts::phaseColor(BridgeState::Phase::InSync));
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Pulled: 1 ")));
    QCOMPARE(navigator->sourceAt(state), node);

    // The entry pulled from the external registry is marked, with its source and why it is read-only.
    InstanceModel *model = mirror()->instances();
    QTRY_VERIFY_WITH_TIMEOUT(model->find(QStringLiteral("FAR"), QStringLiteral("far-1")), 10000);
    const int row = model->rowOf(QStringLiteral("FAR"), QStringLiteral("far-1"));
    QCOMPARE(model->index(row, InstanceModel::SourceColumn).data().toString(), externalUrl);
    QVERIFY(model->index(row, InstanceModel::IdColumn).data(InstanceModel::ForeignRole).toBool());
    QVERIFY(!model->index(row, InstanceModel::IdColumn).data(Qt::DecorationRole).isNull());
    QVERIFY(model->index(row, InstanceModel::SourceColumn).data(Qt::ToolTipRole).toString().contains(externalUrl));

    // Own entries stay editable; a foreign one cannot be deregistered, but its status can be overridden.
    registerOverHttp(QStringLiteral("NEAR"), QStringLiteral("near-1"));
    selectInstance(QStringLiteral("NEAR"), QStringLiteral("near-1"));
    QVERIFY(m_window->deregisterAction()->isEnabled());
    QVERIFY(model->index(model->rowOf(QStringLiteral("NEAR"), QStringLiteral("near-1")), InstanceModel::SourceColumn)
                .data().toString().isEmpty());
    selectInstance(QStringLiteral("FAR"), QStringLiteral("far-1"));
    QVERIFY(!m_window->deregisterAction()->isEnabled());
    QVERIFY(m_window->deregisterAction()->toolTip().contains(externalUrl));
    QVERIFY(m_window->editAction()->isEnabled());
    QVERIFY(m_window->statusAction(InstanceStatus::OutOfService)->isEnabled());

    m_window->editAction()->trigger();
    auto *dialog = waitForDialog<InstanceDialog>();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QTableWidget *>(QStringLiteral("metadata"))->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("foreignNote"))->isVisibleTo(dialog));
    QVERIFY(dialog->findChild<QComboBox *>(QStringLiteral("status"))->isEnabled());
    dialog->findChild<QComboBox *>(QStringLiteral("status"))->setCurrentText(QStringLiteral("OUT_OF_SERVICE"));
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().first().toString(), QString());
    QTRY_COMPARE(model->find(QStringLiteral("FAR"), QStringLiteral("far-1"))->overriddenStatus,
                 InstanceStatus::OutOfService);

    // The topology draws the external registry as its own shape, linked to the node both ways.
    const QUrl nodeAddress(node->address());
    const QString nodeKey = nodeAddress.host() + u':' + QString::number(nodeAddress.port());
    const QString registryKey = QStringLiteral("bridge:") + externalUrl;
    TopologyView *topology = m_window->topologyView();
    QTRY_VERIFY_WITH_TIMEOUT(topology->nodeItem(registryKey), 5000);
    QCOMPARE(topology->nodeItem(registryKey)->info().shape, TopologyNodeItem::Shape::ExternalRegistry);
    QTRY_VERIFY_WITH_TIMEOUT(topology->linkBetween(nodeKey, registryKey)
                                 && topology->linkBetween(nodeKey, registryKey)->fromFirst().present
                                 && topology->linkBetween(nodeKey, registryKey)->fromSecond().present, 5000);
    TopologyLinkItem *link = topology->linkBetween(nodeKey, registryKey);
    const bool nodeFirst = link->first() == topology->nodeItem(nodeKey);
    const auto &pull = nodeFirst ? link->fromSecond() : link->fromFirst();
    QTRY_VERIFY(pull.label.contains(QStringLiteral("1 pulled")));
    QVERIFY(link->toolTip().contains(externalUrl));

    bool logged = false;
    const EventLogModel *events = m_workspace->events();
    for (int each = 0; each < events->rowCount(); ++each)
        logged |= events->eventAt(each).category == EventLogModel::Category::Bridge
               && events->eventAt(each).subject == externalUrl;
    QVERIFY(logged);
    external.stop();
}

void TestConsoleWindow::removingABridgeAsksFirst()
{
    NodeConfig config;
    config.name = QStringLiteral("external");
    config.port = 0;
    NodeHandle external(config);
    QSignalSpy started(&external, &NodeHandle::started);
    external.start();
    QVERIFY(started.wait(10000));
    const QString externalBase = QStringLiteral("http://127.0.0.1:%1").arg(external.port());
    const QString externalUrl = externalBase + QStringLiteral("/eureka/");
    registerOverHttp(QStringLiteral("GONE"), QStringLiteral("gone-1"), externalBase);
    QCOMPARE(addBridgeThroughTheDialog(externalUrl), QString());
    RegistryConnection *node = firstSource();
    NavigatorModel *navigator = m_workspace->navigator();
    QTRY_VERIFY_WITH_TIMEOUT(mirror()->instances()->find(QStringLiteral("GONE"), QStringLiteral("gone-1")), 10000);

    QVERIFY(!m_window->removeBridgeAction()->isEnabled());   // the node's row is selected, not a bridge
    m_window->navigatorView()->setCurrentIndex(navigator->indexOfBridge(node, externalUrl));
    QCOMPARE(m_window->currentSource(), node);
    QVERIFY(m_window->removeBridgeAction()->isEnabled());
    m_window->removeBridgeAction()->trigger();
    auto *box = waitForDialog<QMessageBox>();
    QVERIFY(box);
    QVERIFY(box->text().contains(externalUrl));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>());
    QVERIFY(navigator->indexOfBridge(node, externalUrl).isValid());

    m_window->removeBridgeAction()->trigger();
    box = waitForDialog<QMessageBox>();
    QVERIFY(box);
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    QCOMPARE(answered.first().first().toString(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!navigator->indexOfBridge(node, externalUrl).isValid(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!mirror()->instances()->find(QStringLiteral("GONE"), QStringLiteral("gone-1")), 10000);
    QTRY_VERIFY(!m_window->topologyView()->nodeItem(QStringLiteral("bridge:") + externalUrl));
    external.stop();
}

// The node refuses a bridge it has already (here added behind the open dialog's back); the window says why.
void TestConsoleWindow::refusedBridgeIsExplained()
{
    const QString externalUrl = QStringLiteral("http://127.0.0.1:9/eureka/");
    m_window->selectSource(firstSource());
    m_window->addBridgeAction()->trigger();
    auto *dialog = waitForDialog<BridgeDialog>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("url"))->setText(externalUrl);
    QSignalSpy addedBehind(this, &QObject::objectNameChanged);
    firstSource()->addBridge(BridgeState::Kind::Eureka, QUrl(externalUrl), this, [this](const CommandResult &result) {
        QVERIFY(result.ok);
        setObjectName(QStringLiteral("bridged"));
    });
    QVERIFY(addedBehind.wait(5000));

    QString warning;
    QTimer dismisser;
    dismisser.setInterval(20);
    connect(&dismisser, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            warning = box->text();
            box->accept();
        }
    });
    dismisser.start();
    QSignalSpy answered(m_window, &MainWindow::commandFinished);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(answered.wait(5000));
    const QString message = answered.first().first().toString();
    QVERIFY(message.startsWith(QStringLiteral("The node cannot bridge to that registry")));
    QVERIFY(message.contains(QStringLiteral("already")));
    QVERIFY(warning.contains(message));

    CommandResult missing = CommandResult::failure(CommandResult::Error::NoSuchBridge, QStringLiteral("no bridge"));
    QCOMPARE(CommandMessages::describe(missing), QStringLiteral("The node has no bridge to that registry (any more)."));
}

QTEST_MAIN(TestConsoleWindow)
#include "tst_consolewindow.moc"
