// SPDX-License-Identifier: GPL-3.0-or-later
// CheckTransfers, the health checks' libcurl client, against real servers on 127.0.0.1: 2xx passes,
// anything else fails, a server that never answers times out, redirects are followed (not from
// https to http), connections are reused, https verifies with the CA it is given, and a TCP check
// connects and lets go at once. The upstreams live on the test's thread, so the test drives the
// transfers between its own event processing.

#include "checks/checktransfers.h"

#include "testpki.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using Outcome = CheckTransfers::Outcome;
using StatusCode = QHttpServerResponder::StatusCode;

namespace {
constexpr int timeoutMs = 3000;

// An HTTP (or HTTPS) upstream with a few routes; counts the connections it accepts.
class Upstream
{
public:
    bool start(const QSslConfiguration &tls = {})
    {
        if (tls.isNull()) {
            m_listener = new QTcpServer(&m_server);
        } else {
            auto *secure = new QSslServer(&m_server);
            secure->setSslConfiguration(tls);
            m_listener = secure;
        }
        QObject::connect(m_listener, &QTcpServer::pendingConnectionAvailable, [this] { ++m_connections; });
        if (!m_listener->listen(QHostAddress::LocalHost, 0))
            return false;
        m_server.bind(m_listener);
        m_server.route(u"/health"_s, [] { return QHttpServerResponse(StatusCode::Ok); });
        m_server.route(u"/empty"_s, [] { return QHttpServerResponse(StatusCode::NoContent); });
        m_server.route(u"/broken"_s, [] { return QHttpServerResponse(StatusCode::ServiceUnavailable); });
        m_server.route(u"/moved"_s, [] { return redirect(u"/health"_s); });
        m_server.route(u"/moved-to-broken"_s, [] { return redirect(u"/broken"_s); });
        m_server.route(u"/loop"_s, [] { return redirect(u"/loop"_s); });
        m_server.route(u"/to-plain"_s, [this] { return redirect(m_plainTarget); });
        return true;
    }
    QString url(const QString &path) const
    {
        const QString scheme = qobject_cast<QSslServer *>(m_listener) ? u"https"_s : u"http"_s;
        return u"%1://127.0.0.1:%2%3"_s.arg(scheme).arg(m_listener->serverPort()).arg(path);
    }
    void setPlainTarget(const QString &url) { m_plainTarget = url; }
    int connections() const { return m_connections; }

private:
    static QHttpServerResponse redirect(const QString &location)
    {
        QHttpServerResponse response(StatusCode::Found);
        response.setHeader("Location", location.toUtf8());
        return response;
    }

    QHttpServer m_server;
    QTcpServer *m_listener = nullptr;
    QString m_plainTarget;
    int m_connections = 0;
};

QSslConfiguration serverTls(const QString &certificateFile, const QString &keyFile)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QSslCertificate::fromPath(certificateFile));
    QFile key(keyFile);
    if (key.open(QIODevice::ReadOnly))
        tls.setPrivateKey(QSslKey(&key, QSsl::Ec));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

// A port nothing listens on: bound, then released.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool waitFor(CheckTransfers &checks, const std::function<bool()> &condition, int timeout)
{
    return QTest::qWaitFor([&] {
        checks.poll(0);
        return condition();
    }, timeout);
}

std::optional<Outcome> run(CheckTransfers &checks, const QString &url, int timeout = timeoutMs)
{
    std::optional<Outcome> outcome;
    checks.get(url, timeout, [&outcome](const Outcome &done) { outcome = done; });
    return waitFor(checks, [&outcome] { return outcome.has_value(); }, timeout + 5000) ? outcome : std::nullopt;
}

std::optional<Outcome> connectTo(CheckTransfers &checks, quint16 port)
{
    std::optional<Outcome> outcome;
    checks.connectTo(u"127.0.0.1"_s, port, timeoutMs, [&outcome](const Outcome &done) { outcome = done; });
    return waitFor(checks, [&outcome] { return outcome.has_value(); }, timeoutMs + 5000) ? outcome : std::nullopt;
}
}

class TestCheckTransfers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void twoHundredsPass();
    void otherAnswersFail();
    void aServerThatNeverAnswersTimesOut();
    void aRefusedConnectionFails();
    void redirectsAreFollowedUpToFive();
    void connectionsToOneUpstreamAreReused();
    void manyChecksAtOnceAllAnswer();
    void httpsVerifiesWithTheGivenCa();
    void httpsNeverRedirectsToHttp();
    void tcpConnectPassesAndLetsGo();
    void tcpConnectToAClosedPortFails();

private:
    TestPki m_pki;
};

void TestCheckTransfers::initTestCase()
{
    QVERIFY2(m_pki.create(), qPrintable(m_pki.error()));
}

void TestCheckTransfers::twoHundredsPass()
{
    Upstream upstream;
    QVERIFY(upstream.start());
    CheckTransfers checks({}, 8);
    for (const QString &path : {u"/health"_s, u"/empty"_s}) {
        const auto outcome = run(checks, upstream.url(path));
        QVERIFY(outcome);
        QVERIFY2(outcome->passed, qPrintable(outcome->detail));
        QCOMPARE(outcome->detail, path == u"/health" ? u"HTTP 200"_s : u"HTTP 204"_s);
    }
    QCOMPARE(checks.running(), 0);
}

void TestCheckTransfers::otherAnswersFail()
{
    Upstream upstream;
    QVERIFY(upstream.start());
    CheckTransfers checks({}, 8);
    auto outcome = run(checks, upstream.url(u"/broken"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QCOMPARE(outcome->detail, u"HTTP 503"_s);
    outcome = run(checks, upstream.url(u"/nowhere"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QCOMPARE(outcome->detail, u"HTTP 404"_s);
}

void TestCheckTransfers::aServerThatNeverAnswersTimesOut()
{
    // Connections complete in the kernel's backlog; nothing ever reads them.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    CheckTransfers checks({}, 8);
    QElapsedTimer elapsed;
    elapsed.start();
    const auto outcome = run(checks, u"http://127.0.0.1:%1/health"_s.arg(silent.serverPort()), 300);
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QCOMPARE(outcome->detail, u"timed out after 300 ms"_s);
    QVERIFY2(elapsed.elapsed() >= 290, qPrintable(QString::number(elapsed.elapsed())));
}

void TestCheckTransfers::aRefusedConnectionFails()
{
    CheckTransfers checks({}, 8);
    const auto outcome = run(checks, u"http://127.0.0.1:%1/health"_s.arg(closedPort()));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QVERIFY2(outcome->detail.contains(u"connect"_s, Qt::CaseInsensitive), qPrintable(outcome->detail));
}

void TestCheckTransfers::redirectsAreFollowedUpToFive()
{
    Upstream upstream;
    QVERIFY(upstream.start());
    CheckTransfers checks({}, 8);
    auto outcome = run(checks, upstream.url(u"/moved"_s));
    QVERIFY(outcome);
    QVERIFY2(outcome->passed, qPrintable(outcome->detail));
    QCOMPARE(outcome->detail, u"HTTP 200"_s);

    outcome = run(checks, upstream.url(u"/moved-to-broken"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QCOMPARE(outcome->detail, u"HTTP 503"_s);

    outcome = run(checks, upstream.url(u"/loop"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QVERIFY2(outcome->detail.contains(u"redirects"_s), qPrintable(outcome->detail));
}

void TestCheckTransfers::connectionsToOneUpstreamAreReused()
{
    Upstream upstream;
    QVERIFY(upstream.start());
    CheckTransfers checks({}, 8);
    for (int i = 0; i < 20; ++i) {
        const auto outcome = run(checks, upstream.url(u"/health"_s));
        QVERIFY(outcome);
        QVERIFY2(outcome->passed, qPrintable(outcome->detail));
    }
    QCOMPARE(upstream.connections(), 1);
}

void TestCheckTransfers::manyChecksAtOnceAllAnswer()
{
    Upstream first;
    Upstream second;
    QVERIFY(first.start());
    QVERIFY(second.start());
    CheckTransfers checks({}, 16);
    int passed = 0;
    int answered = 0;
    constexpr int count = 200;
    for (int i = 0; i < count; ++i) {
        const Upstream &upstream = i % 2 ? first : second;
        checks.get(upstream.url(u"/health"_s), timeoutMs, [&](const Outcome &outcome) {
            ++answered;
            passed += outcome.passed ? 1 : 0;
        });
    }
    QVERIFY(waitFor(checks, [&answered] { return answered == count; }, 20000));
    QCOMPARE(passed, count);
    QCOMPARE(checks.running(), 0);
}

void TestCheckTransfers::httpsVerifiesWithTheGivenCa()
{
    Upstream trusted;
    QVERIFY(trusted.start(serverTls(m_pki.trustedCert(), m_pki.trustedKey())));
    Upstream stranger;
    QVERIFY(stranger.start(serverTls(m_pki.strangerCert(), m_pki.strangerKey())));

    CheckTransfers withCa(m_pki.trustedCa(), 8);
    auto outcome = run(withCa, trusted.url(u"/health"_s));
    QVERIFY(outcome);
    QVERIFY2(outcome->passed, qPrintable(outcome->detail));
    QCOMPARE(outcome->detail, u"HTTP 200"_s);

    outcome = run(withCa, stranger.url(u"/health"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QVERIFY2(outcome->detail.contains(u"certificate"_s), qPrintable(outcome->detail));

    CheckTransfers systemCasOnly({}, 8);
    outcome = run(systemCasOnly, trusted.url(u"/health"_s));
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QVERIFY2(outcome->detail.contains(u"certificate"_s), qPrintable(outcome->detail));
}

void TestCheckTransfers::httpsNeverRedirectsToHttp()
{
    Upstream plain;
    QVERIFY(plain.start());
    Upstream secure;
    QVERIFY(secure.start(serverTls(m_pki.trustedCert(), m_pki.trustedKey())));
    secure.setPlainTarget(plain.url(u"/health"_s));
    CheckTransfers checks(m_pki.trustedCa(), 8);
    const auto outcome = run(checks, secure.url(u"/to-plain"_s));
    QVERIFY(outcome);
    QVERIFY2(!outcome->passed, qPrintable(outcome->detail));
    QCOMPARE(plain.connections(), 0);
}

void TestCheckTransfers::tcpConnectPassesAndLetsGo()
{
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    CheckTransfers checks({}, 8);
    const auto outcome = connectTo(checks, listener.serverPort());
    QVERIFY(outcome);
    QVERIFY2(outcome->passed, qPrintable(outcome->detail));
    QCOMPARE(outcome->detail, u"connected"_s);
    QCOMPARE(checks.running(), 0);

    // The check's connection is closed once it is made, not kept for reuse.
    QTRY_VERIFY(listener.hasPendingConnections());
    QTcpSocket *accepted = listener.nextPendingConnection();
    QVERIFY(accepted);
    QTRY_COMPARE(accepted->state(), QAbstractSocket::UnconnectedState);
}

void TestCheckTransfers::tcpConnectToAClosedPortFails()
{
    CheckTransfers checks({}, 8);
    const auto outcome = connectTo(checks, closedPort());
    QVERIFY(outcome);
    QVERIFY(!outcome->passed);
    QVERIFY2(outcome->detail.contains(u"connect"_s, Qt::CaseInsensitive), qPrintable(outcome->detail));
}

QTEST_GUILESS_MAIN(TestCheckTransfers)
#include "tst_checktransfers.moc"
