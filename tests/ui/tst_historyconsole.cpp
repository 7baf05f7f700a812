// SPDX-License-Identifier: GPL-3.0-or-later
// The console's history and faults over real local nodes with a data directory: the time slider's
// page shows a past moment marked as the past and the difference from another; an export is a file
// a node can replay; "History of this instance" lists what happened to it; a right click on a
// topology link partitions and heals it, the link shows the fault, and the divergence dialog counts.
// The time bar puts the Services, Instances and Topology views into the past, read-only and marked,
// and "Back to now" brings them back. The History tab's slider and the time bar are one moment:
// moving either moves the other and the views.
#include "dialogs/divergencedialog.h"
#include "dialogs/instancehistorydialog.h"
#include "history/historyexport.h"
#include "mainwindow.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "node/localcluster.h"
#include "pastmode.h"
#include "replication/linkfaults.h"
#include "views/historypage.h"
#include "views/instancespage.h"
#include "views/servicespage.h"
#include "views/timebar.h"
#include "views/topologyview.h"
#include "workspace.h"

#include <QDateTime>
#include <QDateTimeEdit>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSlider>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

class TestHistoryConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sliderShowsThePastAndTheDifference();
    void exportIsAReplayableFile();
    void instanceHistoryListsWhatHappened();
    void linkMenuPartitionsAndHeals();
    void timeBarPutsTheViewsInThePast();
    void historySliderAndTimeBarShareTheMoment();

private:
    QString baseUrl() const { return m_window->currentSource()->address(); }
    int send(const QByteArray &verb, const QString &path, const QByteArray &body = {}, const QString &base = {});
    void registerOverHttp(const QString &id);
    qint64 momentAfterWrites();
    void waitForClockPast(qint64 moment);
    QStringList column(QTreeWidget *tree, int column) const;
    QStringList shownInstances() const;

    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    Workspace *m_workspace = nullptr;
    MainWindow *m_window = nullptr;
};

void TestHistoryConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestHistoryConsole::init()
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    m_workspace = new Workspace;
    NodeConfig base;
    base.name = u"hist"_s;
    base.port = 0;
    base.dataDir = m_dataDir->path();
    m_workspace->addCluster(std::make_unique<LocalCluster>(base));
    m_workspace->addNode(base.name);
    m_window = new MainWindow(m_workspace);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentSource()
                                 && m_window->currentSource()->state() == RegistryConnection::State::Running, 10000);
}

void TestHistoryConsole::cleanup()
{
    LinkFaults::inProcess().healAll();
    delete m_window;
    m_window = nullptr;
    m_workspace->shutdown();
    delete m_workspace;
    m_workspace = nullptr;
}

int TestHistoryConsole::send(const QByteArray &verb, const QString &path, const QByteArray &body, const QString &base)
{
    QNetworkRequest request(QUrl((base.isEmpty() ? baseUrl() : base) + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply {m_network.sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return 0;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestHistoryConsole::registerOverHttp(const QString &id)
{
    const QByteArray body = R"({"instance":{"instanceId":")" + id.toUtf8() + R"(","hostName":"h","app":"SHOP",)"
                            R"("ipAddr":"127.0.0.1","status":"UP","port":{"$":8080,"@enabled":"true"},)"
                            R"("dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}})";
    QCOMPARE(send("POST", u"/eureka/apps/SHOP"_s, body), 204);
}

// A moment after the writes so far, once the clock has moved past it.
qint64 TestHistoryConsole::momentAfterWrites()
{
    const qint64 moment = QDateTime::currentMSecsSinceEpoch();
    [[maybe_unused]] const bool passed = QTest::qWaitFor([moment] { return QDateTime::currentMSecsSinceEpoch() > moment + 1; });
    return moment;
}

void TestHistoryConsole::waitForClockPast(qint64 moment)
{
    QVERIFY(QTest::qWaitFor([moment] { return QDateTime::currentMSecsSinceEpoch() > moment; }, 5000));
}

QStringList TestHistoryConsole::column(QTreeWidget *tree, int index) const
{
    QStringList values;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        values.append(tree->topLevelItem(row)->text(index));
    values.sort();
    return values;
}

// The instance ids the Instances view shows, sorted.
QStringList TestHistoryConsole::shownInstances() const
{
    const QAbstractItemModel *model = m_window->instancesPage()->table()->model();
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row)
        ids.append(model->index(row, InstanceModel::IdColumn).data().toString());
    ids.sort();
    return ids;
}

void TestHistoryConsole::sliderShowsThePastAndTheDifference()
{
    registerOverHttp(u"shop-1"_s);
    const qint64 before = momentAfterWrites();
    registerOverHttp(u"shop-2"_s);
    QCOMPARE(send("PUT", u"/eureka/apps/SHOP/shop-1/status?value=OUT_OF_SERVICE"_s), 200);
    const qint64 after = momentAfterWrites();

    HistoryPage *page = m_window->historyPage();
    m_window->tabs()->setCurrentWidget(page);
    QSignalSpy shown(page, &HistoryPage::stateShown);
    page->showMoment(before);
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), QStringList {u"shop-1"_s}, 5000);
    QVERIFY(page->banner()->text().contains(u"The past"_s));
    // Eureka app SHOP is the service shop in app eureka, with its one instance then.
    bool listed = false;
    for (int row = 0; row < page->services()->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = page->services()->topLevelItem(row);
        listed = listed || (item->text(0) == u"shop"_s && item->text(3) == u"1"_s);
    }
    QVERIFY(listed);
    QVERIFY(page->slider()->value() >= 0);

    QSignalSpy differences(page, &HistoryPage::differenceShown);
    page->showMoment(after);
    page->compareWith(before);
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), (QStringList {u"shop-1"_s, u"shop-2"_s}), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(page->differences()->topLevelItemCount(), 2, 5000);
    QStringList kinds;
    for (int row = 0; row < 2; ++row) {
        const QTreeWidgetItem *item = page->differences()->topLevelItem(row);
        kinds.append(item->text(1) + u':' + item->text(2) + u':' + item->text(3));
    }
    kinds.sort();
    QCOMPARE(kinds, (QStringList {u"shop-1:changed:status, overriddenStatus"_s, u"shop-2:new since:"_s}));
}

void TestHistoryConsole::exportIsAReplayableFile()
{
    HistoryPage *page = m_window->historyPage();
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy() && page->moment() > 0, 5000);
    const qint64 from = momentAfterWrites();
    registerOverHttp(u"shop-3"_s);
    QCOMPARE(send("DELETE", u"/eureka/apps/SHOP/shop-3"_s), 200);
    registerOverHttp(u"shop-4"_s);
    page->compareWith(from);
    page->showMoment(momentAfterWrites());
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), 5000);

    QSignalSpy exported(page, &HistoryPage::exported);
    const QString file = m_dataDir->filePath(u"export.json"_s);
    page->exportRangeTo(file);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 5000);
    QCOMPARE(exported.first().at(1).toString(), QString());
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QString error;
    const auto recording = HistoryExport::decode(in.readAll(), &error);
    QVERIFY2(recording, qPrintable(error));
    QStringList events;
    for (const HistoryEntry &entry : recording->entries) {
        if (entry.isServiceEvent())    // app SHOP's service comes with its first instance
            events.append(HistoryEntry::eventName(entry.event) + u':' + entry.service.key.serviceName);
        else
            events.append(HistoryEntry::eventName(entry.event) + u':' + entry.instance.instanceId);
    }
    QCOMPARE(events, (QStringList {u"service-created:shop"_s, u"registered:shop-3"_s, u"cancelled:shop-3"_s,
                                   u"registered:shop-4"_s}));

    // File → Replay history… plays it into a new node of the cluster, which ends as the recording did.
    QVERIFY(m_window->replayHistory(file, 50));
    QTRY_COMPARE_WITH_TIMEOUT(m_workspace->sources().size(), 2, 5000);
    RegistryConnection *replay = m_workspace->sources().at(1);
    QVERIFY(replay->name().endsWith(u"-replay"_s));
    QTRY_VERIFY_WITH_TIMEOUT(replay->state() == RegistryConnection::State::Running, 10000);
    const auto holds = [this, replay](const QString &id) {
        QNetworkRequest request(QUrl(replay->address() + u"/eureka/apps/SHOP/"_s + id));
        request.setRawHeader("Accept", "application/json");
        std::unique_ptr<QNetworkReply> reply {m_network.get(request)};
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        return (reply->isFinished() || finished.wait(5000))
            && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    };
    QTRY_VERIFY_WITH_TIMEOUT(holds(u"shop-4"_s), 5000);
    QVERIFY(!holds(u"shop-3"_s));
}

void TestHistoryConsole::instanceHistoryListsWhatHappened()
{
    registerOverHttp(u"shop-1"_s);
    QCOMPARE(send("PUT", u"/eureka/apps/SHOP/shop-1/status?value=OUT_OF_SERVICE"_s), 200);
    QCOMPARE(send("DELETE", u"/eureka/apps/SHOP/shop-1/status?value=UP"_s), 200);
    InstanceHistoryDialog dialog(QUrl(baseUrl()), u"SHOP"_s, u"shop-1"_s);
    QSignalSpy loaded(&dialog, &InstanceHistoryDialog::loaded);
    QVERIFY(loaded.wait(5000));
    QStringList what;
    for (int row = 0; row < dialog.entries()->topLevelItemCount(); ++row)
        what.append(dialog.entries()->topLevelItem(row)->text(1));
    QCOMPARE(what, (QStringList {InstanceHistoryDialog::tr("Registered"),
                                 InstanceHistoryDialog::tr("Status override set to %1").arg(u"OUT_OF_SERVICE"_s),
                                 InstanceHistoryDialog::tr("Status override removed")}));
}

void TestHistoryConsole::linkMenuPartitionsAndHeals()
{
    m_workspace->addNode(u"hist"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_workspace->sources().size(), 2, 5000);
    RegistryConnection *first = m_workspace->sources().at(0);
    RegistryConnection *second = m_workspace->sources().at(1);
    QTRY_VERIFY_WITH_TIMEOUT(second->state() == RegistryConnection::State::Running, 10000);
    const auto keyOf = [](RegistryConnection *node) -> QString {
        const QUrl url(node->address());
        return url.host() + u':' + QString::number(url.port());
    };
    QTRY_VERIFY_WITH_TIMEOUT(m_window->topologyView()->linkBetween(keyOf(first), keyOf(second)) != nullptr, 10000);

    std::unique_ptr<QMenu> menu {m_window->linkMenu(keyOf(first), keyOf(second))};
    QVERIFY(menu);
    const auto trigger = [&menu](const QString &text) {
        for (QAction *action : menu->actions()) {
            if (action->text() == text) {
                action->trigger();
                return true;
            }
        }
        return false;
    };
    QVERIFY(trigger(MainWindow::tr("Partition (cut both directions)")));
    QVERIFY(m_workspace->linkFault(first, second).dropAll);
    QVERIFY(m_workspace->linkFault(second, first).dropAll);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->topologyView()->linkBetween(keyOf(first), keyOf(second))->fromFirst().label
                                 .contains(MainWindow::tr(" · drops all")), 5000);

    // A write on one side only: the two nodes now disagree on it.
    registerOverHttp(u"one-side"_s);
    DivergenceDialog dialog(m_workspace, first, second);
    QSignalSpy measured(&dialog, &DivergenceDialog::measured);
    const auto divergence = [&dialog, &measured] {
        measured.clear();
        dialog.refresh();
        return measured.wait(5000) ? measured.last().first().value<qsizetype>() : qsizetype(-1);
    };
    QTRY_COMPARE_WITH_TIMEOUT(divergence(), qsizetype(1), 5000);
    QCOMPARE(dialog.differences()->topLevelItem(0)->text(1), u"one-side"_s);

    QVERIFY(trigger(MainWindow::tr("Heal both directions")));
    QVERIFY(m_workspace->linkFault(first, second).isNone());
    QTRY_COMPARE_WITH_TIMEOUT(divergence(), qsizetype(0), 10000);
}

QTEST_MAIN(TestHistoryConsole)
void TestHistoryConsole::timeBarPutsTheViewsInThePast()
{
    registerOverHttp(u"shop-1"_s);
    const qint64 before = momentAfterWrites();
    registerOverHttp(u"shop-2"_s);
    registerOverHttp(u"shop-3"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), (QStringList {u"shop-1"_s, u"shop-2"_s, u"shop-3"_s}), 5000);
    TimeBar *timeBar = m_window->timeBar();
    QTRY_VERIFY_WITH_TIMEOUT(timeBar->slider()->isEnabled(), 10000);
    QVERIFY(!timeBar->nowButton()->isEnabled());
    QVERIFY(m_window->registerAction()->isEnabled());

    PastMode *past = m_window->pastMode();
    QSignalSpy shown(past, &PastMode::pastShown);
    past->showMoment(before);
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), QStringList {u"shop-1"_s}, 5000);
    QCOMPARE(shown.size(), 1);
    QVERIFY(past->isActive());
    QVERIFY(m_window->pastBanner()->isVisible());
    QVERIFY(m_window->pastBanner()->label()->text().startsWith(u"The past"_s));
    QVERIFY(timeBar->nowButton()->isEnabled());
    QCOMPARE(timeBar->slider()->value(), int((before - past->earliest()) / 1000));
    QVERIFY(!m_window->instancesPage()->table()->styleSheet().isEmpty());
    QVERIFY(!m_window->servicesPage()->table()->styleSheet().isEmpty());
    // Read-only: the edits are off and say why.
    for (QAction *action : {m_window->registerAction(), m_window->deregisterAction(), m_window->editAction(),
                            m_window->createServiceAction(), m_window->statusAction(InstanceStatus::OutOfService)}) {
        QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
        QVERIFY2(action->toolTip().contains(u"past"_s), qPrintable(action->toolTip()));
    }
    m_window->instancesPage()->table()->selectRow(0);
    QVERIFY(!m_window->editAction()->isEnabled());
    // The topology shows what the node held then.
    const QString key = QUrl(baseUrl()).host() + u':' + QString::number(QUrl(baseUrl()).port());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->topologyView()->nodeItem(key)->info().detail, u"1"_s, 5000);

    // A write now does not reach the past.
    registerOverHttp(u"shop-4"_s);
    RegistryMirror *live = m_workspace->mirrorFor(m_window->currentSource());
    QTRY_COMPARE_WITH_TIMEOUT(live->instances()->rowCount(), 4, 5000);
    QCOMPARE(shownInstances(), QStringList {u"shop-1"_s});

    QTest::mouseClick(m_window->pastBanner()->nowButton(), Qt::LeftButton);
    QVERIFY(!past->isActive());
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), (QStringList {u"shop-1"_s, u"shop-2"_s, u"shop-3"_s, u"shop-4"_s}), 5000);
    QVERIFY(!m_window->pastBanner()->isVisible());
    QVERIFY(m_window->instancesPage()->table()->styleSheet().isEmpty());
    QVERIFY(m_window->registerAction()->isEnabled());
    QCOMPARE(timeBar->slider()->value(), timeBar->slider()->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->topologyView()->nodeItem(key)->info().detail, u"4"_s, 5000);

    // The slider's left end is the first moment the history keeps: none of the instances yet.
    timeBar->slider()->triggerAction(QAbstractSlider::SliderToMinimum);
    QTRY_VERIFY_WITH_TIMEOUT(past->isActive() && past->mirror(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), QStringList {}, 5000);
    timeBar->slider()->triggerAction(QAbstractSlider::SliderToMaximum);
    QVERIFY(!past->isActive());
}

// Dragging the History tab's slider moves the console's one moment: the time bar shows it, the
// Instances view shows the registry then; the time bar moves the tab back; "Back to now" returns both.
void TestHistoryConsole::historySliderAndTimeBarShareTheMoment()
{
    registerOverHttp(u"shop-1"_s);
    const qint64 before = momentAfterWrites();
    // The slider counts whole seconds: the next second after `before` must still precede shop-2.
    waitForClockPast(before + 1000);
    registerOverHttp(u"shop-2"_s);
    registerOverHttp(u"shop-3"_s);
    const QStringList all {u"shop-1"_s, u"shop-2"_s, u"shop-3"_s};
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), all, 5000);

    PastMode *past = m_window->pastMode();
    TimeBar *timeBar = m_window->timeBar();
    HistoryPage *page = m_window->historyPage();
    m_window->tabs()->setCurrentWidget(page);
    past->refreshBounds();             // both sliders reach the present of the writes above
    QTRY_VERIFY_WITH_TIMEOUT(page->slider()->isEnabled() && past->earliest() > 0, 10000);
    const int position = int((before - past->earliest()) / 1000) + 1;
    QTRY_VERIFY_WITH_TIMEOUT(page->slider()->maximum() > position && timeBar->slider()->maximum() > position, 5000);
    QVERIFY(!past->isActive());
    QCOMPARE(page->slider()->value(), page->slider()->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), all, 5000);

    // A drag on the History tab's slider, dropped one second after `before`.
    page->slider()->setSliderDown(true);
    page->slider()->setValue(position);
    page->slider()->setSliderDown(false);
    const qint64 moment = past->earliest() + qint64(position) * 1000;
    QVERIFY(past->isActive());
    QCOMPARE(past->moment(), moment);
    QCOMPARE(timeBar->slider()->value(), position);
    QCOMPARE(timeBar->timeEdit()->dateTime().toSecsSinceEpoch(), moment / 1000);
    QVERIFY(timeBar->nowButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), QStringList {u"shop-1"_s}, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), QStringList {u"shop-1"_s}, 5000);
    QCOMPARE(page->moment(), moment);
    QVERIFY(m_window->pastBanner()->isVisible());
    QVERIFY(!m_window->registerAction()->isEnabled());

    // The time bar moves the History tab: its left end is the first moment kept, no instances yet.
    timeBar->slider()->triggerAction(QAbstractSlider::SliderToMinimum);
    QCOMPARE(past->moment(), past->earliest());
    QCOMPARE(page->slider()->value(), 0);
    QCOMPARE(page->timeEdit()->dateTime().toSecsSinceEpoch(), past->earliest() / 1000);
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), QStringList {}, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), QStringList {}, 5000);

    // Back to now returns both, and the views are live again.
    QTest::mouseClick(timeBar->nowButton(), Qt::LeftButton);
    QVERIFY(!past->isActive());
    QCOMPARE(timeBar->slider()->value(), timeBar->slider()->maximum());
    QCOMPARE(page->slider()->value(), page->slider()->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), all, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), all, 5000);
    QVERIFY(!page->banner()->text().startsWith(u"The past"_s));
    QVERIFY(!m_window->pastBanner()->isVisible());
    QVERIFY(m_window->registerAction()->isEnabled());
    registerOverHttp(u"shop-4"_s);
    QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), (QStringList {u"shop-1"_s, u"shop-2"_s, u"shop-3"_s, u"shop-4"_s}), 5000);

    // The History tab's slider dropped at its right end is "Back to now" too.
    page->slider()->triggerAction(QAbstractSlider::SliderToMinimum);
    QVERIFY(past->isActive());
    QCOMPARE(timeBar->slider()->value(), 0);
    page->slider()->triggerAction(QAbstractSlider::SliderToMaximum);
    QVERIFY(!past->isActive());
    QCOMPARE(timeBar->slider()->value(), timeBar->slider()->maximum());

    if (const QString shot = qEnvironmentVariable("MUSTER_HISTORY_SCREENSHOT"); !shot.isEmpty()) {
        page->slider()->setSliderDown(true);
        page->slider()->setValue(position);
        page->slider()->setSliderDown(false);
        QTRY_COMPARE_WITH_TIMEOUT(column(page->instances(), 1), QStringList {u"shop-1"_s}, 5000);
        m_window->resize(1400, 860);
        m_window->grab().save(shot);
        m_window->tabs()->setCurrentWidget(m_window->instancesPage());
        QTRY_COMPARE_WITH_TIMEOUT(shownInstances(), QStringList {u"shop-1"_s}, 5000);
        m_window->grab().save(QString(shot).replace(u".png"_s, u"-instances.png"_s));
    }
}

#include "tst_historyconsole.moc"

