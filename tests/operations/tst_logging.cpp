// SPDX-License-Identifier: GPL-3.0-or-later
// The muster binary's log: --log-format text|json, --log-level, one line per write naming who made
// it, and no line per heartbeat above debug.
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestLogging : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void jsonLinesCarryTheRequestFields();
    void infoLevelLogsWritesButNotHeartbeats();
    void warningLevelHidesWrites();
    void badValuesExitWithAMessage_data();
    void badValuesExitWithAMessage();

private:
    // Starts muster with the arguments, registers ORDERS/o1, sends heartbeats, stops it and returns
    // its stderr lines; empty when it did not start.
    QStringList runAndLog(const QStringList &arguments, int heartbeats);
    int send(quint16 port, const QByteArray &verb, const QString &path, const QByteArray &body = {});

    QTemporaryDir m_home;
};

void TestLogging::init()
{
    qputenv("LC_ALL", "C");
    qputenv("LANGUAGE", "C");
    qunsetenv("QT_LOGGING_RULES");
}

int TestLogging::send(quint16 port, const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply {network.sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QStringList TestLogging::runAndLog(const QStringList &arguments, int heartbeats)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MUSTER_BIN), QStringList {QStringLiteral("--headless"), QStringLiteral("--port"),
                                                           QStringLiteral("0")} + arguments);
    const QRegularExpression listening(QStringLiteral("listening on http://[^:]+:(\\d+)/eureka/"));
    QString output;
    QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        return listening.match(output).hasMatch() || process.state() == QProcess::NotRunning;
    }, 10000);
    const auto match = listening.match(output);
    if (!match.hasMatch())
        return {};
    const quint16 port = quint16(match.captured(1).toUInt());
    const QByteArray registration = "{\"instance\": {\"instanceId\": \"o1\", \"app\": \"ORDERS\", \"hostName\": \"h1\",\n"
        "        \"ipAddr\": \"10.0.0.1\", \"port\": 8080, \"vipAddress\": \"orders\", \"dataCenterInfo\": {\"name\": \"MyOwn\"}}}";
    if (send(port, "POST", QStringLiteral("/eureka/apps/ORDERS"), registration) != 204)
        return {};
    for (int i = 0; i < heartbeats; ++i)
        send(port, "PUT", QStringLiteral("/eureka/apps/ORDERS/o1"));
    process.terminate();
    process.waitForFinished(10000);
    return QString::fromUtf8(process.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
}

void TestLogging::jsonLinesCarryTheRequestFields()
{
    const QStringList lines = runAndLog({QStringLiteral("--log-format"), QStringLiteral("json"),
                                         QStringLiteral("--log-level"), QStringLiteral("debug")}, 2);
    QVERIFY(!lines.isEmpty());
    bool sawRequest = false;
    bool sawWrite = false;
    for (const QString &line : lines) {
        QJsonParseError error {};
        const QJsonObject entry = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
        for (const char *field : {"time", "level", "category", "message"})
            QVERIFY2(entry.contains(QLatin1String(field)), qPrintable(line));
        QVERIFY2(entry.value(u"time").toString().endsWith(u'Z'), qPrintable(line));
        if (entry.value(u"category").toString() == u"muster.http" && entry.value(u"method").toString() == u"PUT") {
            QCOMPARE(entry.value(u"level").toString(), QStringLiteral("debug"));
            QCOMPARE(entry.value(u"path").toString(), QStringLiteral("/eureka/apps/ORDERS/o1"));
            QCOMPARE(entry.value(u"status").toInt(), 200);
            QCOMPARE(entry.value(u"remoteAddress").toString(), QStringLiteral("127.0.0.1"));
            QVERIFY(entry.value(u"durationMs").isDouble());
            sawRequest = true;
        }
        if (entry.value(u"message").toString().contains(u"registered ORDERS/o1")) {
            QCOMPARE(entry.value(u"category").toString(), QStringLiteral("muster.writes"));
            QCOMPARE(entry.value(u"level").toString(), QStringLiteral("info"));
            QVERIFY2(entry.value(u"message").toString().contains(u"registered ORDERS/o1 (UP) by client 127.0.0.1"),
                     qPrintable(line));
            sawWrite = true;
        }
    }
    QVERIFY(sawRequest);
    QVERIFY(sawWrite);
}

void TestLogging::infoLevelLogsWritesButNotHeartbeats()
{
    const QStringList lines = runAndLog({}, 20);
    QVERIFY(!lines.isEmpty());
    const QStringList aboutTheInstance = lines.filter(QStringLiteral("o1"));
    QCOMPARE(aboutTheInstance.size(), 1);
    const QRegularExpression format(QStringLiteral(
        "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z info muster\\.writes: muster registered ORDERS/o1 \\(UP\\) by client 127\\.0\\.0\\.1 revision \\d+$"));
    QVERIFY2(format.match(aboutTheInstance.first()).hasMatch(), qPrintable(aboutTheInstance.first()));
    QVERIFY(lines.filter(QStringLiteral("muster.http")).isEmpty());
}

void TestLogging::warningLevelHidesWrites()
{
    const QStringList lines = runAndLog({QStringLiteral("--log-level"), QStringLiteral("warning")}, 1);
    QVERIFY(lines.filter(QStringLiteral("registered")).isEmpty());
    QVERIFY(lines.filter(QStringLiteral(" info ")).isEmpty());
}

void TestLogging::badValuesExitWithAMessage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("format") << QStringList {QStringLiteral("--log-format"), QStringLiteral("xml")}
                            << QStringLiteral("--log-format: 'xml' is neither text nor json");
    QTest::newRow("level") << QStringList {QStringLiteral("--log-level"), QStringLiteral("loud")}
                           << QStringLiteral("--log-level: 'loud' is not one of debug, info, warning, error");
    QTest::newRow("metrics") << QStringList {QStringLiteral("--metrics"), QStringLiteral("maybe")}
                             << QStringLiteral("--metrics: 'maybe' is not on or off");
}

void TestLogging::badValuesExitWithAMessage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(MUSTER_BIN), QStringList {QStringLiteral("--headless"), QStringLiteral("--port"),
                                                           QStringLiteral("0")} + arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
