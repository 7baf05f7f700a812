// SPDX-License-Identifier: GPL-3.0-or-later
// The muster binary as the README runs it: muster --headless --store etcd://host:port, two of them
// over one etcd, and the same from a config file; muster account add|list|remove --store etcd://
// changing the accounts a node over the same prefix signs in with. Each process gets a data
// directory of its own, as in memory mode two processes must not share one.
#include "etcdprocess.h"

#include <QDir>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;

class TestEtcdBinary : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void twoProcessesShareOneRegistry();
    void theConfigFileSelectsEtcd();
    void pinnedEntriesLiveInEtcdNotInAJournal();
    void theAccountCommandChangesTheClustersAccounts();

private:
    struct Answer
    {
        int status = 0;
        QByteArray body;
    };
    struct Outcome
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // muster account ARGUMENTS, with input on its standard input; exitCode -1 when it did not finish.
    static Outcome runAccountCommand(const QStringList &arguments, const QByteArray &input = {});
    // Starts muster with its own home (XDG_DATA_HOME), so its default --data-dir is its own too.
    quint16 startMuster(QProcess &process, const QStringList &arguments);
    Answer request(const QByteArray &verb, quint16 port, const QString &path, const QByteArray &body = {},
                   const QByteArray &authorization = {});
    static void stopMuster(QProcess &process);

    std::unique_ptr<EtcdProcess> m_etcd;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<QTemporaryDir>> m_homes;
};

void TestEtcdBinary::initTestCase()
{
    qputenv("LC_ALL", "C");
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_etcd = std::make_unique<EtcdProcess>();
    QVERIFY2(m_etcd->start(), qPrintable(m_etcd->lastError()));
}

quint16 TestEtcdBinary::startMuster(QProcess &process, const QStringList &arguments)
{
    auto &home = m_homes.emplace_back(std::make_unique<QTemporaryDir>());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_DATA_HOME"_s, home->path());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MUSTER_BIN), arguments);
    const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)/eureka/"_s);
    QString output;
    const bool ready = QTest::qWaitFor([&] {
        output += QString::fromUtf8(process.readAllStandardOutput());
        return listening.match(output).hasMatch() || process.state() == QProcess::NotRunning;
    }, 15000);
    const auto match = listening.match(output);
    return ready && match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

void TestEtcdBinary::stopMuster(QProcess &process)
{
    process.terminate();
    if (!process.waitForFinished(10000))
        process.kill();
}

TestEtcdBinary::Answer TestEtcdBinary::request(const QByteArray &verb, quint16 port, const QString &path,
                                               const QByteArray &body, const QByteArray &authorization)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)));
    request.setRawHeader("Accept", "application/json");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, verb, body));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

void TestEtcdBinary::twoProcessesShareOneRegistry()
{
    const QStringList arguments {u"--headless"_s, u"--port"_s, u"0"_s, u"--store"_s, m_etcd->storeSpec(),
                                 u"--etcd-prefix"_s, u"/binary"_s};
    QProcess first;
    QProcess second;
    const quint16 firstPort = startMuster(first, arguments);
    const quint16 secondPort = startMuster(second, arguments);
    QVERIFY2(firstPort && secondPort, QByteArray(first.readAllStandardError() + second.readAllStandardError()).constData());

    const QByteArray instance = R"({"instance":{"instanceId":"b-1","hostName":"h1","app":"MYAPP","ipAddr":"10.0.0.1",
        "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}})";
    QCOMPARE(request("POST", firstPort, u"/eureka/apps/MYAPP"_s, instance).status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(request("GET", secondPort, u"/eureka/apps/MYAPP/b-1"_s).status, 200, 5000);

    const QJsonObject store = QJsonDocument::fromJson(request("GET", secondPort, u"/muster/api/v1/node"_s).body)
                                  .object().value(u"store").toObject();
    QCOMPARE(store.value(u"kind").toString(), u"etcd"_s);
    QCOMPARE(store.value(u"prefix").toString(), u"/binary/"_s);
    QCOMPARE(store.value(u"stale").toBool(), false);
    bool ok = false;
    QVERIFY(m_etcd->etcdctl({u"get"_s, u"--keys-only"_s, u"/binary/instances/MYAPP/b-1"_s}, &ok).contains("b-1"));
    QVERIFY(ok);

    stopMuster(first);
    stopMuster(second);
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
}

void TestEtcdBinary::theConfigFileSelectsEtcd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"muster.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[node]\nstore=" + m_etcd->storeSpec().toUtf8() + "\netcd-prefix=/fromfile/\n");
    file.close();
    QProcess muster;
    const quint16 port = startMuster(muster, {u"--headless"_s, u"--port"_s, u"0"_s, u"--config"_s, path});
    QVERIFY2(port, muster.readAllStandardError().constData());
    const QJsonObject store = QJsonDocument::fromJson(request("GET", port, u"/muster/api/v1/node"_s).body)
                                  .object().value(u"store").toObject();
    QCOMPARE(store.value(u"kind").toString(), u"etcd"_s);
    QCOMPARE(store.value(u"prefix").toString(), u"/fromfile/"_s);
    stopMuster(muster);
}

// Over etcd a pinned instance is a key with no lease, read at every node; the node writes no journal
// (etcd is the durable copy), so its data directory stays empty.
void TestEtcdBinary::pinnedEntriesLiveInEtcdNotInAJournal()
{
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    QProcess first;
    QProcess second;
    const quint16 firstPort = startMuster(first, {u"--headless"_s, u"--port"_s, u"0"_s, u"--store"_s, m_etcd->storeSpec(),
                                                  u"--etcd-prefix"_s, u"/pinned/"_s, u"--data-dir"_s, dataDir.path()});
    const quint16 secondPort = startMuster(second, {u"--headless"_s, u"--port"_s, u"0"_s, u"--store"_s,
                                                    m_etcd->storeSpec(), u"--etcd-prefix"_s, u"/pinned/"_s});
    QVERIFY2(firstPort && secondPort, QByteArray(first.readAllStandardError() + second.readAllStandardError()).constData());

    const QByteArray pinned = R"({"instance":{"hostName":"legacy","ipAddr":"10.0.0.9","port":8080}})";
    QCOMPARE(request("PUT", firstPort, u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s, pinned).status, 201);
    const Answer read = request("GET", secondPort, u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s);
    QCOMPARE(read.status, 200);
    QVERIFY(QJsonDocument::fromJson(read.body).object().value(u"instance").toObject().contains(u"hostName"));

    bool ok = false;
    const QByteArray stored = m_etcd->etcdctl({u"get"_s, u"/pinned/instances/LEGACY/legacy-1"_s, u"-w"_s, u"json"_s}, &ok);
    QVERIFY2(ok, stored.constData());
    const QJsonArray kvs = QJsonDocument::fromJson(stored).object().value(u"kvs").toArray();
    QCOMPARE(kvs.size(), 1);
    QVERIFY2(!kvs.first().toObject().contains(u"lease"), stored.constData());
    QVERIFY(QDir(dataDir.path()).isEmpty());

    QCOMPARE(request("DELETE", secondPort, u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s).status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(request("GET", firstPort, u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s).status, 404, 5000);
    stopMuster(first);
    stopMuster(second);
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
}

TestEtcdBinary::Outcome TestEtcdBinary::runAccountCommand(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(MUSTER_BIN), QStringList {u"account"_s} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000)) {
        process.kill();
        process.waitForFinished(5000);
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

// The command changes the accounts in etcd under the prefix, without a running node; a node over
// the same prefix signs them in from then on, and refuses one removed within a watch round-trip.
void TestEtcdBinary::theAccountCommandChangesTheClustersAccounts()
{
    const QStringList cluster {u"--store"_s, m_etcd->storeSpec(), u"--etcd-prefix"_s, u"/cli-accounts/"_s};
    const Outcome added = runAccountCommand(QStringList {u"add"_s, u"ops"_s, u"--role"_s, u"admin"_s} + cluster,
                                            "ops-secret\n");
    QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    QVERIFY2(added.out.contains(u"ops"), qPrintable(added.out));
    QCOMPARE(runAccountCommand(QStringList {u"add"_s, u"app"_s, u"--role"_s, u"client"_s} + cluster, "app-secret\n")
                 .exitCode,
             0);
    const Outcome again = runAccountCommand(QStringList {u"add"_s, u"app"_s, u"--role"_s, u"viewer"_s} + cluster,
                                            "other\n");
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(!again.err.isEmpty(), qPrintable(again.out));
    const Outcome listed = runAccountCommand(QStringList {u"list"_s} + cluster);
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(u"ops\tadmin") && listed.out.contains(u"app\tclient"), qPrintable(listed.out));
    bool ok = false;
    const QByteArray stored = m_etcd->etcdctl({u"get"_s, u"--prefix"_s, u"/cli-accounts/accounts/"_s}, &ok);
    QVERIFY(ok);
    QVERIFY(stored.contains("$argon2id$"));
    QVERIFY(!stored.contains("app-secret"));

    QProcess node;
    QProcess elsewhere;
    const quint16 port = startMuster(node, QStringList {u"--headless"_s, u"--port"_s, u"0"_s, u"--auth"_s, u"required"_s}
                                               + cluster);
    const quint16 otherPort = startMuster(elsewhere, {u"--headless"_s, u"--port"_s, u"0"_s, u"--auth"_s, u"required"_s,
                                                      u"--store"_s, m_etcd->storeSpec(), u"--etcd-prefix"_s,
                                                      u"/other-cluster/"_s});
    QVERIFY2(port && otherPort, QByteArray(node.readAllStandardError() + elsewhere.readAllStandardError()).constData());
    const QByteArray app = "Basic " + QByteArray("app:app-secret").toBase64();
    QTRY_COMPARE_WITH_TIMEOUT(request("GET", port, u"/eureka/apps"_s, {}, app).status, 200, 5000);
    QCOMPARE(request("GET", port, u"/eureka/apps"_s, {}, "Basic " + QByteArray("app:wrong").toBase64()).status, 401);
    QCOMPARE(request("GET", port, u"/eureka/apps"_s).status, 401);
    QCOMPARE(request("GET", port, u"/muster/api/v1/accounts"_s, {}, app).status, 403);
    QCOMPARE(request("GET", port, u"/muster/api/v1/accounts"_s, {}, "Basic " + QByteArray("ops:ops-secret").toBase64())
                 .status,
             200);
    QCOMPARE(request("GET", otherPort, u"/eureka/apps"_s, {}, app).status, 401);

    const Outcome removed = runAccountCommand(QStringList {u"remove"_s, u"app"_s} + cluster);
    QVERIFY2(removed.exitCode == 0, qPrintable(removed.err));
    QTRY_COMPARE_WITH_TIMEOUT(request("GET", port, u"/eureka/apps"_s, {}, app).status, 401, 5000);
    QVERIFY(!runAccountCommand(QStringList {u"list"_s} + cluster).out.contains(u"app\t"));
    QCOMPARE(runAccountCommand(QStringList {u"remove"_s, u"app"_s} + cluster).exitCode, 1);
    stopMuster(node);
    stopMuster(elsewhere);
    QCOMPARE(node.exitCode(), 0);
    QCOMPARE(elsewhere.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestEtcdBinary)
#include "tst_etcdbinary.moc"
