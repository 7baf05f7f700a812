// SPDX-License-Identifier: GPL-3.0-or-later
// The read-only status page at /: served as HTML, everything a client wrote escaped, and shown by a
// real browser (Debian's chromium, headless), screenshot included.
#include "api/selfpreservationtext.h"
#include "node/nodehandle.h"
#include "node/statuspage.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString hostileId = QStringLiteral("<script>alert('owned')</script>");

Instance sampleInstance(const QString &id, const QString &app = QStringLiteral("ORDERS"))
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = QStringLiteral("orders.example");
    instance.ipAddr = QStringLiteral("10.0.0.7");
    instance.port = {8080, true};
    instance.vipAddress = app.toLower();
    instance.metadata.insert(QStringLiteral("zone"), QStringLiteral("<b>eu-west</b>"));
    return instance;
}

struct Reply
{
    int status = -1;
    QByteArray contentType;
    QByteArray body;
};
}

class TestStatusPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void theRootServesTheStatusPage();
    void onlyGetAndHeadAreAllowed();
    void whatClientsWroteIsEscaped();
    void theMeasuringMinuteIsExplained();
    void chromiumShowsThePage();

private:
    Reply send(const QByteArray &verb, const QString &path = QStringLiteral("/"));
    void registerAndWait(const Instance &instance);

    std::unique_ptr<NodeHandle> m_node;
};

void TestStatusPage::initTestCase()
{
    NodeConfig config;
    config.name = QStringLiteral("page-test");
    config.port = 0;
    m_node = std::make_unique<NodeHandle>(config);
    QSignalSpy started(m_node.get(), &NodeHandle::started);
    m_node->start();
    QVERIFY(started.wait(5000));
    registerAndWait(sampleInstance(QStringLiteral("orders-1")));
    registerAndWait(sampleInstance(hostileId));
    Instance down = sampleInstance(QStringLiteral("billing-1"), QStringLiteral("BILLING"));
    down.status = InstanceStatus::Down;
    registerAndWait(down);
}

void TestStatusPage::cleanupTestCase()
{
    m_node.reset();
}

void TestStatusPage::registerAndWait(const Instance &instance)
{
    bool answered = false;
    m_node->registerInstance(instance, this, [&](const CommandResult &result) {
        QVERIFY2(result.ok, qPrintable(result.error));
        answered = true;
    });
    QTRY_VERIFY(answered);
}

Reply TestStatusPage::send(const QByteArray &verb, const QString &path)
{
    QNetworkAccessManager network;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(m_node->port()).arg(path));
    // QNetworkAccessManager reads no body after a HEAD only when it sends the HEAD itself.
    std::unique_ptr<QNetworkReply> reply {verb == "HEAD" ? network.head(QNetworkRequest(url))
                                                         : network.sendCustomRequest(QNetworkRequest(url), verb)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll()};
}

void TestStatusPage::theRootServesTheStatusPage()
{
    const Reply reply = send("GET");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.contentType, QByteArray("text/html; charset=utf-8"));
    const QString page = QString::fromUtf8(reply.body);
    QVERIFY(page.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(page.contains(QStringLiteral("<meta http-equiv=\"refresh\" content=\"5\">")));
    for (const QString &expected : {QStringLiteral("page-test"), QStringLiteral("ORDERS"), QStringLiteral("orders-1"),
                                    QStringLiteral("BILLING"), QStringLiteral("DOWN"), QStringLiteral("Self-preservation"),
                                    QStringLiteral("No peers."), QStringLiteral("No bridges.")})
        QVERIFY2(page.contains(expected), qPrintable(expected));
    // Nothing to fetch: no scripts, style sheets or images from elsewhere.
    QVERIFY(!page.contains(QStringLiteral("src=")));
    QVERIFY(!page.contains(QStringLiteral("<link")));
    // The Eureka and Muster APIs are where they were.
    QCOMPARE(send("GET", QStringLiteral("/muster/api/v1/node")).status, 200);
    QCOMPARE(send("GET", QStringLiteral("/nope")).status, 404);
}

void TestStatusPage::onlyGetAndHeadAreAllowed()
{
    const Reply head = send("HEAD");
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(send("POST").status, 405);
    QCOMPARE(send("DELETE").status, 405);
}

void TestStatusPage::whatClientsWroteIsEscaped()
{
    const QString page = QString::fromUtf8(send("GET").body);
    QVERIFY(!page.contains(hostileId));
    QVERIFY(page.contains(hostileId.toHtmlEscaped()));
    QVERIFY(!page.contains(QStringLiteral("<b>eu-west")));
    QVERIFY(page.contains(QStringLiteral("zone=&lt;b&gt;eu-west&lt;/b&gt;")));
    QVERIFY(!page.contains(QStringLiteral("<script")));

    RegistrySnapshot snapshot;
    snapshot.status.name = QStringLiteral("%1 <i>node</i>");
    snapshot.instances.append(sampleInstance(QStringLiteral("%2 & %10"), QStringLiteral("A%1")));
    const QString rendered = StatusPage::render(snapshot, 0);
    QVERIFY(rendered.contains(QStringLiteral("%1 &lt;i&gt;node&lt;/i&gt;")));
    QVERIFY(rendered.contains(QStringLiteral("%2 &amp; %10")));
    QVERIFY(rendered.contains(QStringLiteral("<h3>A%1 ")));
}

void TestStatusPage::theMeasuringMinuteIsExplained()
{
    RegistrySnapshot snapshot;
    snapshot.status.selfPreservation.expectedClients = 3;
    snapshot.status.selfPreservation.measuringUntilMs = QDateTime::currentMSecsSinceEpoch() + 30'000;
    const QString page = StatusPage::render(snapshot, QDateTime::currentMSecsSinceEpoch());
    QVERIFY(page.contains(QStringLiteral("measuring until %1").arg(SelfPreservationText::measuredAt(snapshot.status.selfPreservation))));
    QVERIFY(page.contains(QStringLiteral("has not counted a full minute of renewals yet")));
}

void TestStatusPage::chromiumShowsThePage()
{
    const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
    QVERIFY2(!chromium.isEmpty(), "chromium is not installed: installer/install-deps.sh installs Debian's chromium");
    QTemporaryDir profile;
    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(m_node->port());
    const QStringList common {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                              QStringLiteral("--no-first-run"), QStringLiteral("--user-data-dir=") + profile.path()};
    const auto run = [&](const QStringList &arguments) {
        QProcess browser;
        browser.start(chromium, common + arguments);
        QString output;
        // The node answers on this thread's event loop: wait without blocking it.
        QTest::qWaitFor([&] {
            output += QString::fromUtf8(browser.readAllStandardOutput());
            return browser.state() == QProcess::NotRunning;
        }, 90'000);
        output += QString::fromUtf8(browser.readAllStandardOutput());
        if (browser.state() != QProcess::NotRunning) {
            browser.kill();
            browser.waitForFinished();
        }
        return output;
    };

    const QString dom = run({QStringLiteral("--dump-dom"), url});
    QVERIFY2(dom.contains(QStringLiteral("orders-1")), qPrintable(dom.left(2000)));
    QVERIFY(dom.contains(QStringLiteral("page-test")));
    QVERIFY2(dom.contains(hostileId.toHtmlEscaped()),
             "the hostile id is text in the DOM, not a script");

    const QString screenshot = QDir(QStringLiteral(QT_TESTCASE_BUILDDIR)).filePath(QStringLiteral("statuspage.png"));
    QFile::remove(screenshot);
    run({QStringLiteral("--screenshot=") + screenshot, QStringLiteral("--window-size=1280,900"),
         QStringLiteral("--hide-scrollbars"), url});
    const QImage image(screenshot);
    QVERIFY2(!image.isNull(), qPrintable(screenshot));
    QCOMPARE(image.size(), QSize(1280, 900));
}

QTEST_GUILESS_MAIN(TestStatusPage)
#include "tst_statuspage.moc"
