// SPDX-License-Identifier: GPL-3.0-or-later
// The muster binary as a user runs it: --help, --version, bad options, --config, signals, --data-dir, TLS.
#include "testpki.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void helpListsTheOptions();
    void versionPrintsTheVersion();
    void helpAndVersionNeedNoDisplay_data();
    void helpAndVersionNeedNoDisplay();
    void badOptionValuesExitWithAMessage_data();
    void badOptionValuesExitWithAMessage();
    void unknownOptionIsAnError();
    void configFileIsReadAndCommandLineWins();
    void bridgesComeFromTheConfigFile();
    void stopsCleanlyOnSignal_data();
    void stopsCleanlyOnSignal();
    void busyPortIsReported();
    void servesHttpsWithACertificate();
    void nodesRunsAMeshedClusterInOneProcess();
    void aNodeCopiesTheRegistryFromItsPeerOnStart();
    void aPinnedEntrySurvivesKill9();
    void unwritableDataDirFailsTheStart();
    void twoProcessesCannotShareADataDir();
    void twoNodesOnOneMachineGetADataDirEach();
    void aJournalInThePreviousDefaultIsTakenOver();

private:
    struct Finished
    {
        int exitCode;
        QString out;
        QString err;
    };
    Finished runToEnd(const QStringList &arguments);
    // Starts muster and returns the port it reports, or 0.
    quint16 startNode(QProcess &process, const QStringList &arguments);
    QJsonObject nodeInfo(quint16 port);
    int registerInstance(quint16 port, const QString &app, const QString &id);
    QJsonObject applications(quint16 port);
    int pin(quint16 port, const QString &app, const QString &id);
    // Gives the process a home of its own, so its default --data-dir is not shared with another.
    void isolate(QProcess &process);
    static void useHome(QProcess &process, const QString &home);
    static quint16 freePort();
    static QByteArray contents(const QString &path);
    QStringList pinnedIds(quint16 port, const QString &app);

    std::vector<std::unique_ptr<QTemporaryDir>> m_homes;
};

void TestHeadless::init()
{
    qputenv("LC_ALL", "C");
    qputenv("LANGUAGE", "C");
}

TestHeadless::Finished TestHeadless::runToEnd(const QStringList &arguments)
{
    QProcess process;
    isolate(process);
    process.start(QStringLiteral(MUSTER_BIN), arguments);
    if (!process.waitForFinished(10000))
        return {-1, {}, {}};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

void TestHeadless::isolate(QProcess &process)
{
    useHome(process, m_homes.emplace_back(std::make_unique<QTemporaryDir>())->path());
}

void TestHeadless::useHome(QProcess &process, const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home);
    process.setProcessEnvironment(environment);
}

quint16 TestHeadless::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QByteArray TestHeadless::contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList TestHeadless::pinnedIds(quint16 port, const QString &app)
{
    QStringList ids;
    for (const QJsonValue &entry : applications(port).value(u"application").toArray()) {
        if (entry.toObject().value(u"name").toString() == app) {
            for (const QJsonValue &instance : entry.toObject().value(u"instance").toArray())
                ids.append(instance.toObject().value(u"instanceId").toString());
        }
    }
    return ids;
}

quint16 TestHeadless::startNode(QProcess &process, const QStringList &arguments)
{
    if (process.processEnvironment().isEmpty())
        isolate(process);
    process.start(QStringLiteral(MUSTER_BIN), arguments);
    const QRegularExpression listening(QStringLiteral("listening on http://[^:]+:(\\d+)/eureka/"));
    QString output;
    const bool ready = QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        return listening.match(output).hasMatch() || process.state() == QProcess::NotRunning;
    }, 10000);
    const auto match = listening.match(output);
    return ready && match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

QJsonObject TestHeadless::nodeInfo(quint16 port)
{
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply {
        network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/muster/api/v1/node").arg(port))))};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

int TestHeadless::registerInstance(quint16 port, const QString &app, const QString &id)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/apps/%2").arg(port).arg(app)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject instance {{QStringLiteral("instanceId"), id}, {QStringLiteral("hostName"), id},
                                {QStringLiteral("app"), app}, {QStringLiteral("ipAddr"), QStringLiteral("10.0.0.1")},
                                {QStringLiteral("port"), 8080},
                                {QStringLiteral("dataCenterInfo"), QJsonObject {{QStringLiteral("name"), QStringLiteral("MyOwn")}}}};
    std::unique_ptr<QNetworkReply> reply {
        network.post(request, QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson())};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QJsonObject TestHeadless::applications(quint16 port)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/apps").arg(port)));
    request.setRawHeader("Accept", "application/json");
    std::unique_ptr<QNetworkReply> reply {network.get(request)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object().value(u"applications").toObject();
}

int TestHeadless::pin(quint16 port, const QString &app, const QString &id)
{
    QNetworkAccessManager network;
    QNetworkRequest request(
        QUrl(QStringLiteral("http://127.0.0.1:%1/muster/api/v1/pinned/apps/%2/%3").arg(port).arg(app, id)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject instance {{QStringLiteral("hostName"), QStringLiteral("legacy.example")},
                                {QStringLiteral("ipAddr"), QStringLiteral("10.0.0.9")},
                                {QStringLiteral("port"), 8080}};
    std::unique_ptr<QNetworkReply> reply {
        network.put(request, QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson())};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// --tls-cert and --tls-key: the node names itself with https and serves HTTPS; a key that is not
// one fails the start with a message naming the file.
void TestHeadless::servesHttpsWithACertificate()
{
    TestPki pki;
    QVERIFY2(pki.create(), qPrintable(pki.error()));
    QProcess process;
    isolate(process);
    process.start(QStringLiteral(MUSTER_BIN), {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                               QStringLiteral("--tls-cert"), pki.trustedCert(),
                                               QStringLiteral("--tls-key"), pki.trustedKey()});
    const QRegularExpression listening(QStringLiteral("listening on https://127\\.0\\.0\\.1:(\\d+)/eureka/"));
    QString output;
    QVERIFY(QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        return listening.match(output).hasMatch() || process.state() == QProcess::NotRunning;
    }, 10000));
    const auto match = listening.match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output + QString::fromUtf8(process.readAllStandardError())));
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/eureka/apps").arg(match.captured(1))));
    request.setSslConfiguration(pki.trustingClient());
    request.setRawHeader("Accept", "application/json");
    std::unique_ptr<QNetworkReply> reply {network.get(request)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));

    const Finished wrongKey = runToEnd({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                        QStringLiteral("--tls-cert"), pki.trustedCert(), QStringLiteral("--tls-key"),
                                        pki.trustedCa()});
    QCOMPARE(wrongKey.exitCode, 1);
    QVERIFY2(wrongKey.err.contains(pki.trustedCa()), qPrintable(wrongKey.err));
}

void TestHeadless::helpListsTheOptions()
{
    const Finished result = runToEnd({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    for (const char *option : {"--headless", "--port", "--bind", "--name", "--config", "--lease-duration",
                               "--eviction-interval", "--self-preservation", "--renewal-threshold", "--data-dir",
                               "--store", "--etcd-prefix", "--bridge", "--bridge-grace", "--bridge-interval",
                               "--version"})
        QVERIFY2(result.out.contains(QLatin1String(option)), option);
}

void TestHeadless::versionPrintsTheVersion()
{
    const Finished result = runToEnd({QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.trimmed(), QStringLiteral("muster " MUSTER_VERSION));
}

void TestHeadless::helpAndVersionNeedNoDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--version") << QStringLiteral("--version") << QStringLiteral("muster " MUSTER_VERSION);
    QTest::newRow("-v") << QStringLiteral("-v") << QStringLiteral("muster " MUSTER_VERSION);
    QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--headless");
    QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--headless");
}

// As on a server, or in a package's checks: no display and no platform plugin chosen.
void TestHeadless::helpAndVersionNeedNoDisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    QProcess process;
    isolate(process);
    QProcessEnvironment environment = process.processEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MUSTER_BIN), {option});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(QString::fromUtf8(process.readAllStandardOutput()).contains(expected),
             qPrintable(QString::fromUtf8(process.readAllStandardError())));
}

void TestHeadless::badOptionValuesExitWithAMessage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("port") << QStringList {QStringLiteral("--port"), QStringLiteral("99999")} << QStringLiteral("--port");
    QTest::newRow("bind") << QStringList {QStringLiteral("--bind"), QStringLiteral("not-an-ip")} << QStringLiteral("--bind");
    QTest::newRow("lease") << QStringList {QStringLiteral("--lease-duration"), QStringLiteral("0")}
                           << QStringLiteral("--lease-duration");
    QTest::newRow("eviction") << QStringList {QStringLiteral("--eviction-interval"), QStringLiteral("x")}
                              << QStringLiteral("--eviction-interval");
    QTest::newRow("preservation") << QStringList {QStringLiteral("--self-preservation"), QStringLiteral("maybe")}
                                  << QStringLiteral("--self-preservation");
    QTest::newRow("threshold") << QStringList {QStringLiteral("--renewal-threshold"), QStringLiteral("1.5")}
                               << QStringLiteral("--renewal-threshold");
    QTest::newRow("config") << QStringList {QStringLiteral("--config"), QStringLiteral("/nonexistent/muster.ini")}
                            << QStringLiteral("--config");
    QTest::newRow("store scheme") << QStringList {QStringLiteral("--store"), QStringLiteral("foo://")}
                                  << QStringLiteral("--store: 'foo://' is neither memory nor etcd://");
    QTest::newRow("store no host") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://")}
                                   << QStringLiteral("--store: 'etcd://' names no etcd endpoint");
    QTest::newRow("store empty host") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://127.0.0.1:2379,")}
                                      << QStringLiteral("is not an etcd endpoint host:port");
    QTest::newRow("store bad port") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://127.0.0.1:99999")}
                                    << QStringLiteral("--store: '127.0.0.1:99999'");
    QTest::newRow("store port text") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://host:abc")}
                                     << QStringLiteral("--store: 'host:abc'");
    QTest::newRow("etcd prefix") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://127.0.0.1:2379"),
                                                 QStringLiteral("--etcd-prefix"), QStringLiteral(" ")}
                                 << QStringLiteral("--etcd-prefix");
    QTest::newRow("store with peer") << QStringList {QStringLiteral("--store"), QStringLiteral("etcd://127.0.0.1:2379"),
                                                     QStringLiteral("--peer"), QStringLiteral("http://127.0.0.1:8762/eureka/")}
                                     << QStringLiteral("--peer: nodes that keep their state in etcd");
    QTest::newRow("bridge kind") << QStringList {QStringLiteral("--bridge"), QStringLiteral("consul=http://127.0.0.1:8500")}
                                 << QStringLiteral("--bridge: 'consul=http://127.0.0.1:8500'");
    QTest::newRow("bridge url") << QStringList {QStringLiteral("--bridge"), QStringLiteral("eureka=not a url")}
                                << QStringLiteral("--bridge: 'eureka=not a url'");
    QTest::newRow("bridge no kind") << QStringList {QStringLiteral("--bridge"), QStringLiteral("http://127.0.0.1:8761/eureka/")}
                                    << QStringLiteral("--bridge:");
    QTest::newRow("bridge grace") << QStringList {QStringLiteral("--bridge-grace"), QStringLiteral("-1")}
                                  << QStringLiteral("--bridge-grace");
    QTest::newRow("bridge interval") << QStringList {QStringLiteral("--bridge-interval"), QStringLiteral("10")}
                                     << QStringLiteral("--bridge-interval");
    QTest::newRow("tls cert without key") << QStringList {QStringLiteral("--tls-cert"), QStringLiteral(MUSTER_BIN)}
                                          << QStringLiteral("--tls-cert and --tls-key: give both, or neither");
    QTest::newRow("tls unreadable") << QStringList {QStringLiteral("--tls-ca"), QStringLiteral("/nonexistent/ca.pem")}
                                    << QStringLiteral("--tls: cannot read /nonexistent/ca.pem");
    QTest::newRow("peer scheme") << QStringList {QStringLiteral("--peer"), QStringLiteral("ftp://127.0.0.1:8762/eureka/")}
                                 << QStringLiteral("is not an http(s) URL");
}

void TestHeadless::badOptionValuesExitWithAMessage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Finished result = runToEnd(QStringList {QStringLiteral("--headless")} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void TestHeadless::unknownOptionIsAnError()
{
    const Finished result = runToEnd({QStringLiteral("--headless"), QStringLiteral("--no-such-option")});
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains(QStringLiteral("no-such-option")), qPrintable(result.err));
}

void TestHeadless::configFileIsReadAndCommandLineWins()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("muster.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[node]\nname=from-file\nport=0\nself-preservation=off\nrenewal-threshold=0.5\n");
    file.close();

    QProcess process;
    const quint16 port = startNode(process, {QStringLiteral("--headless"), QStringLiteral("--config"), path,
                                             QStringLiteral("--renewal-threshold"), QStringLiteral("0.7")});
    QVERIFY2(port != 0, process.readAllStandardError().constData());
    const QJsonObject info = nodeInfo(port);
    QCOMPARE(info.value(u"name").toString(), QStringLiteral("from-file"));
    const QJsonObject preservation = info.value(u"selfPreservation").toObject();
    QCOMPARE(preservation.value(u"enabled").toBool(true), false);
    QCOMPARE(preservation.value(u"renewalPercentThreshold").toDouble(), 0.7);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

void TestHeadless::bridgesComeFromTheConfigFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("muster.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[node]\nport=0\nbridge-grace=30\n"
               "bridges=eureka=http://127.0.0.1:1/eureka/,servicecomb=http://127.0.0.1:2\n");
    file.close();

    QProcess process;
    const quint16 port = startNode(process, {QStringLiteral("--headless"), QStringLiteral("--config"), path});
    QVERIFY2(port != 0, process.readAllStandardError().constData());
    const QJsonArray bridges = nodeInfo(port).value(u"bridges").toArray();
    QCOMPARE(bridges.size(), 2);
    QCOMPARE(bridges[0][u"kind"].toString(), QStringLiteral("eureka"));
    QCOMPARE(bridges[0][u"url"].toString(), QStringLiteral("http://127.0.0.1:1/eureka/"));
    QCOMPARE(bridges[1][u"kind"].toString(), QStringLiteral("servicecomb"));
    QCOMPARE(bridges[1][u"url"].toString(), QStringLiteral("http://127.0.0.1:2"));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

void TestHeadless::stopsCleanlyOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestHeadless::stopsCleanlyOnSignal()
{
    QFETCH(int, signal);
    QProcess process;
    const quint16 port = startNode(process, {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(port != 0);
    ::kill(pid_t(process.processId()), signal);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardError().contains("stopped"));
}

void TestHeadless::busyPortIsReported()
{
    QProcess first;
    const quint16 port = startNode(first, {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(port != 0);
    const Finished second = runToEnd({QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(port)});
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.err.contains(QString::number(port)), qPrintable(second.err));
    first.terminate();
    QVERIFY(first.waitForFinished(10000));
}

void TestHeadless::nodesRunsAMeshedClusterInOneProcess()
{
    QProcess process;
    isolate(process);
    process.start(QStringLiteral(MUSTER_BIN), {QStringLiteral("--headless"), QStringLiteral("--nodes"),
                                               QStringLiteral("3"), QStringLiteral("--port"), QStringLiteral("0")});
    const QRegularExpression listening(QStringLiteral("node (\\S+) listening on http://[^:]+:(\\d+)/eureka/"));
    QHash<QString, quint16> ports;
    QString output;
    QVERIFY(QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        for (auto it = listening.globalMatch(output); it.hasNext();) {
            const auto match = it.next();
            ports.insert(match.captured(1), quint16(match.captured(2).toUInt()));
        }
        return ports.size() == 3;
    }, 10000));
    QCOMPARE(QSet<QString>(ports.keyBegin(), ports.keyEnd()),
             (QSet<QString> {QStringLiteral("muster-1"), QStringLiteral("muster-2"), QStringLiteral("muster-3")}));

    QTRY_VERIFY(nodeInfo(ports.value(QStringLiteral("muster-1"))).value(u"ready").toBool());
    QCOMPARE(nodeInfo(ports.value(QStringLiteral("muster-1"))).value(u"peers").toArray().size(), 2);
    QCOMPARE(registerInstance(ports.value(QStringLiteral("muster-1")), QStringLiteral("MESHED"), QStringLiteral("m1")), 204);
    // Each node registers itself with the others as app MUSTER; the meshed app reaches every node.
    const auto appNames = [&](const QString &node) {
        QStringList names;
        for (const QJsonValue &app : applications(ports.value(node)).value(u"application").toArray())
            names.append(app.toObject().value(u"name").toString() + u'×'
                         + QString::number(app.toObject().value(u"instance").toArray().size()));
        return names;
    };
    for (const QString &node : ports.keys())
        QTRY_COMPARE(appNames(node), (QStringList {QStringLiteral("MESHED×1"), QStringLiteral("MUSTER×3")}));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestHeadless::aNodeCopiesTheRegistryFromItsPeerOnStart()
{
    QProcess first;
    const quint16 firstPort = startNode(first, {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(firstPort != 0);
    QCOMPARE(registerInstance(firstPort, QStringLiteral("EARLY"), QStringLiteral("e1")), 204);
    QCOMPARE(registerInstance(firstPort, QStringLiteral("EARLY"), QStringLiteral("e2")), 204);

    const QString peer = QStringLiteral("http://127.0.0.1:%1/eureka/").arg(firstPort);
    QProcess second;
    const quint16 secondPort = startNode(second, {QStringLiteral("--headless"), QStringLiteral("--port"),
                                                  QStringLiteral("0"), QStringLiteral("--peer"), peer});
    QVERIFY(secondPort != 0);
    QTRY_VERIFY(nodeInfo(secondPort).value(u"ready").toBool());
    const QJsonObject info = nodeInfo(secondPort);
    QCOMPARE(info.value(u"syncedFrom").toString(), peer);
    QVERIFY(info.value(u"instances").toInt() >= 2);
    QString early;
    for (const QJsonValue &app : applications(secondPort).value(u"application").toArray()) {
        if (app.toObject().value(u"name").toString() == u"EARLY")
            early = QString::number(app.toObject().value(u"instance").toArray().size());
    }
    QCOMPARE(early, QStringLiteral("2"));
    first.terminate();
    second.terminate();
    QVERIFY(first.waitForFinished(10000));
    QVERIFY(second.waitForFinished(10000));
}

// The acknowledged pin is on the disk when the 2xx leaves: a SIGKILL right after it loses nothing.
void TestHeadless::aPinnedEntrySurvivesKill9()
{
    QTemporaryDir dataDir;
    const QStringList arguments {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                 QStringLiteral("--data-dir"), dataDir.path()};
    QProcess first;
    const quint16 firstPort = startNode(first, arguments);
    QVERIFY(firstPort != 0);
    QCOMPARE(pin(firstPort, QStringLiteral("LEGACY"), QStringLiteral("legacy-1")), 201);
    first.kill();
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);

    QProcess second;
    const quint16 secondPort = startNode(second, arguments);
    QVERIFY2(secondPort != 0, second.readAllStandardError().constData());
    QStringList legacy;
    for (const QJsonValue &app : applications(secondPort).value(u"application").toArray()) {
        if (app.toObject().value(u"name").toString() == u"LEGACY") {
            for (const QJsonValue &instance : app.toObject().value(u"instance").toArray())
                legacy.append(instance.toObject().value(u"instanceId").toString());
        }
    }
    QCOMPARE(legacy, QStringList {QStringLiteral("legacy-1")});
    second.terminate();
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitCode(), 0);
}

void TestHeadless::unwritableDataDirFailsTheStart()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString dataDir = dir.filePath(QStringLiteral("a-file/data"));   // a directory inside a file
    const Finished result = runToEnd({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                      QStringLiteral("--data-dir"), dataDir});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("muster: cannot create the data directory ") + dataDir),
             qPrintable(result.err));
}

void TestHeadless::twoProcessesCannotShareADataDir()
{
    QTemporaryDir dataDir;
    const QStringList arguments {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                 QStringLiteral("--data-dir"), dataDir.path()};
    QProcess first;
    QVERIFY(startNode(first, arguments) != 0);
    const Finished second = runToEnd(arguments);
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.err.contains(QStringLiteral("is in use by another Muster node (process %1").arg(first.processId())),
             qPrintable(second.err));
    first.terminate();
    QVERIFY(first.waitForFinished(10000));
}

// The two-peer guide: two nodes on one machine naming each other, with no other option.
void TestHeadless::twoNodesOnOneMachineGetADataDirEach()
{
    QTemporaryDir home;
    const quint16 ports[] {freePort(), freePort()};
    QProcess nodes[2];
    for (int i = 0; i < 2; ++i) {
        useHome(nodes[i], home.path());
        const QString name = QStringLiteral("peer%1").arg(i + 1);
        const QString peer = QStringLiteral("http://127.0.0.1:%1/eureka/").arg(ports[1 - i]);
        QCOMPARE(startNode(nodes[i], {QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(ports[i]),
                                      QStringLiteral("--name"), name, QStringLiteral("--peer"), peer}),
                 ports[i]);
    }
    QCOMPARE(pin(ports[0], QStringLiteral("LEGACY"), QStringLiteral("legacy-1")), 201);
    for (int i = 0; i < 2; ++i) {
        const QString journal = QStringLiteral("%1/Muster/muster/peer%2-%3/journal.json").arg(home.path()).arg(i + 1).arg(ports[i]);
        QTRY_VERIFY2(contents(journal).contains("legacy-1"), qPrintable(journal));
    }
    for (QProcess &node : nodes) {
        node.terminate();
        QVERIFY(node.waitForFinished(10000));
        QCOMPARE(node.exitCode(), 0);
    }
}

// Before the default was one directory per node, every node kept its journal in the application
// data location itself: what is there is not lost.
void TestHeadless::aJournalInThePreviousDefaultIsTakenOver()
{
    QTemporaryDir home;
    const QString previous = home.filePath(QStringLiteral("Muster/muster"));
    QProcess old;
    useHome(old, home.path());
    const quint16 oldPort = startNode(old, {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                                            QStringLiteral("--data-dir"), previous});
    QVERIFY(oldPort != 0);
    QCOMPARE(pin(oldPort, QStringLiteral("LEGACY"), QStringLiteral("legacy-1")), 201);
    old.terminate();
    QVERIFY(old.waitForFinished(10000));
    QVERIFY(QFile::exists(previous + QStringLiteral("/journal.json")));

    const quint16 port = freePort();
    QProcess current;
    useHome(current, home.path());
    QCOMPARE(startNode(current, {QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(port)}), port);
    QCOMPARE(pinnedIds(port, QStringLiteral("LEGACY")), QStringList {QStringLiteral("legacy-1")});
    QVERIFY(QFile::exists(QStringLiteral("%1/muster-%2/journal.json").arg(previous).arg(port)));
    QVERIFY(!QFile::exists(previous + QStringLiteral("/journal.json")));
    current.terminate();
    QVERIFY(current.waitForFinished(10000));
    QVERIFY2(current.readAllStandardError().contains("moved the journal"), "the move is logged");
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
