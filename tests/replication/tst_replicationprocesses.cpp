// SPDX-License-Identifier: GPL-3.0-or-later
// Faults with real processes: three `muster --headless` nodes on 127.0.0.1, fully meshed through
// --peer, driven over HTTP as clients drive them. A node killed with SIGKILL, or stopped with
// SIGTERM, misses a stretch of writes made at the others; on restart it copies the registry from a
// peer (contract §4.5) and the three full fetches converge on what the clients did: no lost
// registration, cancel, status change or metadata update, no cancelled instance back. Two nodes
// registering the same instance at once end up agreeing (§4.4). A node frozen with SIGSTOP (a peer
// that hangs) slows no client of the others, and after SIGCONT nothing it held back undoes a later
// write. Each node's full fetch is compared, as a normalised set, with a model of the writes.

#include "replicationharness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

#include <array>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr qint64 T = 1'700'000'000'000;
constexpr int leaseSecs = 600;          // nothing expires during a test, but eviction runs every second
constexpr qint64 promptMs = 1000;       // a client write must be answered within this, whatever the peers do
constexpr int convergeMs = 30'000;      // the longest back-off (a peer that timed out) is 30 s
const QString outOfService = u"OUT_OF_SERVICE"_s;

QString appOf(int n) { return u"FAULT-%1"_s.arg(n % 4); }
QString idOf(int n) { return u"i-%1:fault-%2:8080"_s.arg(n).arg(n % 4); }

struct Reply
{
    int status = 0;
    QByteArray body;
    qint64 elapsedMs = 0;

    QString describe() const
    {
        return u"HTTP %1 after %2 ms %3"_s.arg(status).arg(elapsedMs).arg(QString::fromUtf8(body.left(300)));
    }
};

// One muster --headless process on a fixed port, with every line it prints kept for failure messages.
class MusterProcess
{
public:
    MusterProcess(QString name, quint16 port, const QList<quint16> &peerPorts)
        : m_name {std::move(name)}
        , m_port {port}
    {
        m_arguments = {u"--headless"_s, u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s,
                       u"--name"_s, m_name, u"--register-with-peers"_s, u"off"_s, u"--eviction-interval"_s,
                       u"1"_s, u"--self-preservation"_s, u"off"_s, u"--data-dir"_s, m_dataDir.path()};
        for (quint16 peer : peerPorts)
            m_arguments << u"--peer"_s << H::serviceUrl(peer).toString();
    }

    ~MusterProcess() { stop(); }

    // Starts the process and waits for its "listening on" line.
    bool start()
    {
        stop();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                         [this] { m_output += QString::fromUtf8(m_process->readAll()); });
        m_output += u"--- start %1 %2\n"_s.arg(QStringLiteral(MUSTER_BIN), m_arguments.join(u' '));
        const qsizetype from = m_output.size();
        m_process->start(QStringLiteral(MUSTER_BIN), m_arguments);
        const QString line = u"listening on http://127.0.0.1:%1/eureka/"_s.arg(m_port);
        return QTest::qWaitFor([&] {
            return m_output.indexOf(line, from) >= 0 || m_process->state() == QProcess::NotRunning;
        }, 10000) && m_process->state() == QProcess::Running;
    }

    void kill()
    {
        m_process->kill();   // SIGKILL: no clean stop, nothing flushed
        m_process->waitForFinished(10000);
    }

    // SIGTERM, as an operator stops a node; true when it exited cleanly.
    bool terminate()
    {
        m_process->terminate();
        return m_process->waitForFinished(10000) && m_process->exitStatus() == QProcess::NormalExit
            && m_process->exitCode() == 0;
    }

    void freeze() { ::kill(pid_t(m_process->processId()), SIGSTOP); }
    void thaw() { ::kill(pid_t(m_process->processId()), SIGCONT); }

    void stop()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        thaw();
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    const QString &name() const { return m_name; }
    quint16 port() const { return m_port; }
    QString serviceUrl() const { return H::serviceUrl(m_port).toString(); }
    QString output() const { return m_output.right(4000); }

private:
    QString m_name;
    quint16 m_port;
    QTemporaryDir m_dataDir;           // kept across restarts, as a real node's is
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    QString m_output;
};

// What a node's full fetch must show for one instance.
struct Expected
{
    QString app;
    qint64 lastDirty = 0;
    QString status = u"UP"_s;
    QString overriddenStatus = u"UNKNOWN"_s;
    QJsonObject metadata;
};

QString normalized(const QString &status, const QString &overridden, qint64 lastDirty, const QJsonObject &metadata)
{
    return u"status=%1 overridden=%2 lastDirty=%3 metadata=%4"_s.arg(status, overridden).arg(lastDirty)
        .arg(QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact)));
}
}

class TestReplicationProcesses : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void killedNodeSyncsOnRestartAndConverges();
    void stoppedNodeMissesALongStretchOfWrites();
    void twoNodesRegisteringTheSameInstanceAgree();
    void cancelRightAfterAHeartbeatElsewhereHolds();
    void frozenPeerSlowsNoClientAndUndoesNothingWhenItWakes();

private:
    MusterProcess &node(int i) { return *m_nodes[size_t(i)]; }
    bool startAll();
    bool ready(int i);
    bool readyAfterSync(int i);
    void forgetConnections() { m_network.clearConnectionCache(); }

    QNetworkReply *begin(int i, const QByteArray &verb, const QString &path, const QByteArray &body = {});
    Reply finish(QNetworkReply *reply, const QElapsedTimer &timer);
    Reply send(int i, const QByteArray &verb, const QString &path, const QByteArray &body = {});

    // Client writes at node i that update the model and fail the test (through m_problems) unless they
    // are answered as expected and promptly.
    void registerAt(int i, int n, qint64 lastDirty, const QJsonObject &metadata = {});
    void cancelAt(int i, int n);
    void outOfServiceAt(int i, int n);
    void removeOverrideAt(int i, int n);
    void metadataAt(int i, int n, const QString &key, const QString &value);
    void expect(int i, const QString &what, const Reply &reply, int status);

    // The full fetch of node i as instance key → normalised state; empty with *error set on failure.
    QMap<QString, QString> fullFetch(int i, QString *error);
    QMap<QString, QString> expectedFetch() const;
    // The differences between every node's full fetch and the model; empty when all agree with it.
    QString divergence();
    // Waits until every node equals the model, then registers a marker at each node and waits again:
    // a peer's queue goes out in order, so once the markers are everywhere, every write queued before
    // them has arrived too, and a state that only looked right between two deliveries does not pass.
    bool settle(QString *diff, int timeoutMs = convergeMs);
    // Checks for windowMs that the nodes stay equal to the model: what must not happen has no event to
    // wait for, only the time within which it would have happened.
    bool staysSettled(QString *diff, int windowMs);

    QNetworkAccessManager m_network;
    std::array<quint16, 3> m_ports {};
    std::array<std::unique_ptr<MusterProcess>, 3> m_nodes;
    QMap<QString, Expected> m_expected;   // "APP/id" → state
    int m_markers = 0;
    QStringList m_problems;
};

void TestReplicationProcesses::initTestCase()
{
    m_network.setProxy(QNetworkProxy::NoProxy);
}

void TestReplicationProcesses::init()
{
    const QList<quint16> ports = H::reservePorts(3);
    QCOMPARE(ports.size(), 3);
    for (int i = 0; i < 3; ++i) {
        m_ports[size_t(i)] = ports[i];
        QList<quint16> peers = ports;
        peers.removeAt(i);
        m_nodes[size_t(i)] = std::make_unique<MusterProcess>(QString(QChar(u'A' + i)), ports[i], peers);
    }
    m_expected.clear();
    m_markers = 0;
    m_problems.clear();
    QVERIFY(startAll());
}

void TestReplicationProcesses::cleanup()
{
    if (QTest::currentTestFailed()) {
        for (const auto &process : m_nodes)
            qInfo().noquote() << "output of node" << process->name() << ":\n" << process->output();
    }
    for (auto &process : m_nodes)
        process.reset();
    forgetConnections();
}

bool TestReplicationProcesses::startAll()
{
    for (int i = 0; i < 3; ++i) {
        if (!node(i).start()) {
            qWarning().noquote() << node(i).output();
            return false;
        }
    }
    return QTest::qWaitFor([&] { return ready(0) && ready(1) && ready(2); }, 10000);
}

bool TestReplicationProcesses::ready(int i)
{
    const Reply reply = send(i, "GET", u"/muster/api/v1/node"_s);
    return QJsonDocument::fromJson(reply.body).object().value(u"ready").toBool();
}

bool TestReplicationProcesses::readyAfterSync(int i)
{
    const QJsonObject status = QJsonDocument::fromJson(send(i, "GET", u"/muster/api/v1/node"_s).body).object();
    return status.value(u"ready").toBool() && !status.value(u"syncedFrom").toString().isEmpty();
}

QNetworkReply *TestReplicationProcesses::begin(int i, const QByteArray &verb, const QString &path,
                                               const QByteArray &body)
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_ports[size_t(i)]).arg(path)));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(5000);
    return body.isEmpty() ? m_network.sendCustomRequest(request, verb) : m_network.sendCustomRequest(request, verb, body);
}

Reply TestReplicationProcesses::finish(QNetworkReply *reply, const QElapsedTimer &timer)
{
    std::unique_ptr<QNetworkReply> owned {reply};
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
    }
    Reply result;
    result.elapsedMs = timer.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->isFinished() ? reply->readAll() : QByteArray(reply->errorString().toUtf8());
    if (result.status == 0)
        result.body = reply->errorString().toUtf8();
    return result;
}

Reply TestReplicationProcesses::send(int i, const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QElapsedTimer timer;
    timer.start();
    return finish(begin(i, verb, path, body), timer);
}

void TestReplicationProcesses::expect(int i, const QString &what, const Reply &reply, int status)
{
    if (reply.status != status || reply.elapsedMs >= promptMs)
        m_problems << u"%1 at %2: expected HTTP %3 within %4 ms, got %5"_s.arg(what, node(i).name()).arg(status)
                          .arg(promptMs).arg(reply.describe());
}

void TestReplicationProcesses::registerAt(int i, int n, qint64 lastDirty, const QJsonObject &metadata)
{
    const QJsonObject meta = metadata.isEmpty() ? QJsonObject {{u"n"_s, QString::number(n)}} : metadata;
    const QJsonObject instance = H::instance(appOf(n), idOf(n), lastDirty, leaseSecs, meta);
    expect(i, u"register "_s + idOf(n),
           send(i, "POST", u"/eureka/apps/"_s + appOf(n), EurekaTestNode::instanceDocument(instance)), 204);
    m_expected.insert(appOf(n) + u'/' + idOf(n), Expected {appOf(n), lastDirty, u"UP"_s, u"UNKNOWN"_s, meta});
}

void TestReplicationProcesses::cancelAt(int i, int n)
{
    expect(i, u"cancel "_s + idOf(n), send(i, "DELETE", u"/eureka/apps/%1/%2"_s.arg(appOf(n), idOf(n))), 200);
    m_expected.remove(appOf(n) + u'/' + idOf(n));
}

void TestReplicationProcesses::outOfServiceAt(int i, int n)
{
    expect(i, u"status of "_s + idOf(n),
           send(i, "PUT", u"/eureka/apps/%1/%2/status?value=OUT_OF_SERVICE"_s.arg(appOf(n), idOf(n))), 200);
    Expected &expected = m_expected[appOf(n) + u'/' + idOf(n)];
    expected.status = outOfService;
    expected.overriddenStatus = outOfService;
}

void TestReplicationProcesses::removeOverrideAt(int i, int n)
{
    expect(i, u"override removal of "_s + idOf(n),
           send(i, "DELETE", u"/eureka/apps/%1/%2/status?value=UP"_s.arg(appOf(n), idOf(n))), 200);
    Expected &expected = m_expected[appOf(n) + u'/' + idOf(n)];
    expected.status = u"UP"_s;
    expected.overriddenStatus = u"UNKNOWN"_s;
}

void TestReplicationProcesses::metadataAt(int i, int n, const QString &key, const QString &value)
{
    expect(i, u"metadata of "_s + idOf(n),
           send(i, "PUT", u"/eureka/apps/%1/%2/metadata?%3=%4"_s.arg(appOf(n), idOf(n), key, value)), 200);
    Expected &expected = m_expected[appOf(n) + u'/' + idOf(n)];
    expected.metadata.insert(key, value);
    // The update is a new version: the node moved lastDirtyTimestamp on, and every node must end with it.
    const Reply reply = send(i, "GET", u"/eureka/apps/%1/%2"_s.arg(appOf(n), idOf(n)));
    expected.lastDirty = H::dirtyTimestamp(QJsonDocument::fromJson(reply.body).object().value(u"instance").toObject());
}

QMap<QString, QString> TestReplicationProcesses::fullFetch(int i, QString *error)
{
    const Reply reply = send(i, "GET", u"/eureka/apps"_s);
    if (reply.status != 200) {
        *error = u"node %1: full fetch %2"_s.arg(node(i).name(), reply.describe());
        return {};
    }
    QMap<QString, QString> result;
    const QJsonObject applications = QJsonDocument::fromJson(reply.body).object().value(u"applications").toObject();
    for (const QJsonValue instance : EurekaTestNode::allInstances(applications)) {
        const QJsonObject object = instance.toObject();
        result.insert(object.value(u"app").toString() + u'/' + object.value(u"instanceId").toString(),
                      normalized(object.value(u"status").toString(), object.value(u"overriddenStatus").toString(),
                                 H::dirtyTimestamp(object), object.value(u"metadata").toObject()));
    }
    return result;
}

QMap<QString, QString> TestReplicationProcesses::expectedFetch() const
{
    QMap<QString, QString> result;
    for (auto it = m_expected.cbegin(); it != m_expected.cend(); ++it)
        result.insert(it.key(), normalized(it->status, it->overriddenStatus, it->lastDirty, it->metadata));
    return result;
}

namespace {
// Up to a few differences between two normalised fetches, named from the point of view of node.
QStringList differences(const QString &node, const QMap<QString, QString> &actual,
                        const QMap<QString, QString> &expected, const QString &reference)
{
    QStringList result;
    for (auto it = expected.cbegin(); it != expected.cend() && result.size() < 5; ++it) {
        const auto found = actual.constFind(it.key());
        if (found == actual.cend())
            result << u"%1 lacks %2 (%3 has %4)"_s.arg(node, it.key(), reference, it.value());
        else if (*found != it.value())
            result << u"%1 has %2 as %3, %4 has %5"_s.arg(node, it.key(), *found, reference, it.value());
    }
    for (auto it = actual.cbegin(); it != actual.cend() && result.size() < 10; ++it) {
        if (!expected.contains(it.key()))
            result << u"%1 has %2, which %3 lacks (%4)"_s.arg(node, it.key(), reference, it.value());
    }
    return result;
}
}

QString TestReplicationProcesses::divergence()
{
    const QMap<QString, QString> expected = expectedFetch();
    QStringList problems;
    for (int i = 0; i < 3; ++i) {
        QString error;
        const QMap<QString, QString> actual = fullFetch(i, &error);
        if (!error.isEmpty())
            problems << error;
        else
            problems << differences(node(i).name(), actual, expected, u"the clients' writes"_s);
    }
    return problems.join(u"\n  ");
}

bool TestReplicationProcesses::settle(QString *diff, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return (*diff = divergence()).isEmpty(); }, timeoutMs))
        return false;
    for (int i = 0; i < 3; ++i) {
        const int n = 100'000 + m_markers++;
        registerAt(i, n, T + n);
    }
    if (!m_problems.isEmpty()) {
        *diff = m_problems.join(u"\n  ");
        return false;
    }
    return QTest::qWaitFor([&] { return (*diff = divergence()).isEmpty(); }, timeoutMs);
}

bool TestReplicationProcesses::staysSettled(QString *diff, int windowMs)
{
    return !QTest::qWaitFor([&] { return !(*diff = divergence()).isEmpty(); }, windowMs);
}

// Kill -9 (no clean stop) while the others keep taking writes, also while the node comes back: it
// copies the registry from a peer before it opens, the writes its peers queued for it arrive after,
// and all three end equal to what the clients did.
void TestReplicationProcesses::killedNodeSyncsOnRestartAndConverges()
{
    for (int n = 0; n < 90; ++n)
        registerAt(n % 3, n, T + n);
    for (int n = 0; n < 90; n += 9)
        outOfServiceAt(n % 3, n);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QString diff;
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));

    node(2).kill();
    forgetConnections();
    for (int n = 90; n < 150; ++n)
        registerAt(n % 2, n, T + n);
    for (int n = 1; n < 90; n += 4)
        cancelAt(n % 2, n);                       // registered at A, B and C; 9, 45, 81 OUT_OF_SERVICE
    for (int n = 2; n < 90; n += 6)
        outOfServiceAt((n + 1) % 2, n);
    for (int n = 0; n < 90; n += 18)
        removeOverrideAt(n % 2, n);               // back UP: C saw these OUT_OF_SERVICE
    for (int n = 7; n < 90; n += 12)
        metadataAt(n % 2, n, u"zone"_s, u"z2"_s);
    for (int n = 90; n < 150; n += 5)
        cancelAt(n % 2, n);                       // registered and cancelled while C was away
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));

    // C comes back on its port; registrations go on while it copies the registry and opens. Only new
    // ones: a change to an instance that reaches C before the copy is lost there
    // (tst_replicationreordering, cancelDuringTheStartupCopyIsNotUndoneByTheCopy).
    QVERIFY2(node(2).start(), qPrintable(node(2).output()));
    int n = 150;
    QElapsedTimer waited;
    waited.start();
    for (; !readyAfterSync(2) && waited.elapsed() < 10000; ++n)
        registerAt(n % 2, n, T + n);
    QVERIFY2(readyAfterSync(2), qPrintable(node(2).output()));
    const QString source = QJsonDocument::fromJson(send(2, "GET", u"/muster/api/v1/node"_s).body)
                               .object().value(u"syncedFrom").toString();
    QVERIFY2(source == node(0).serviceUrl() || source == node(1).serviceUrl(), qPrintable(source));
    for (const int last = n + 20; n < last; ++n)
        registerAt(n % 2, n, T + n);
    cancelAt(0, 92);
    outOfServiceAt(1, 96);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));

    QVERIFY2(settle(&diff), qPrintable(diff));
}

// A clean stop for a long stretch: hundreds of registrations, cancels (of instances the stopped node
// held, some of them OUT_OF_SERVICE), status changes and override removals, and instances cancelled
// at one node and registered again at another. None of it is lost and nothing cancelled comes back.
void TestReplicationProcesses::stoppedNodeMissesALongStretchOfWrites()
{
    for (int n = 0; n < 120; ++n)
        registerAt(n % 3, n, T + n);
    QString diff;
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));
    for (int n = 0; n < 120; n += 4)
        outOfServiceAt(2, n);                     // made at C, seen by all
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));

    QVERIFY2(node(2).terminate(), qPrintable(node(2).output()));
    forgetConnections();
    // A and B agree (C's fetch is the only difference): what one of them did, the other holds, so a
    // client may now change it at the other.
    const auto onlyCDiffers = [&] { return (diff = divergence()).startsWith(u"node C: full fetch"_s); };
    for (int n = 120; n < 420; ++n)
        registerAt(n % 2, n, T + n);
    for (int n = 0; n < 120; n += 2)
        cancelAt((n / 2) % 2, n);                 // half of what C held, half of that OUT_OF_SERVICE
    for (int n = 1; n < 120; n += 4)
        outOfServiceAt(n % 2, n);
    for (int n = 1; n < 120; n += 8)
        removeOverrideAt(n % 2, n);               // an override C never saw, set and removed
    for (int n = 120; n < 420; n += 3)
        outOfServiceAt(n % 2, n);
    QTRY_VERIFY2_WITH_TIMEOUT(onlyCDiffers(), qPrintable(diff), 10000);
    for (int n = 120; n < 420; n += 6)
        removeOverrideAt((n + 1) % 2, n);
    for (int n = 121; n < 420; n += 5)
        cancelAt((n + 1) % 2, n);
    for (int n = 5; n < 120; n += 10)
        metadataAt(n % 2, n, u"zone"_s, u"z3"_s);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QTRY_VERIFY2_WITH_TIMEOUT(onlyCDiffers(), qPrintable(diff), 10000);
    for (int n = 0; n < 40; n += 4)
        registerAt(1, n, T + 10'000 + n);         // cancelled at A, registered again at B
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QTRY_VERIFY2_WITH_TIMEOUT(onlyCDiffers(), qPrintable(diff), 10000);

    QVERIFY2(node(2).start(), qPrintable(node(2).output()));
    QTRY_VERIFY_WITH_TIMEOUT(readyAfterSync(2), 10000);
    QVERIFY2(settle(&diff), qPrintable(diff));

    // Its own writes travel again.
    registerAt(2, 1000, T + 1000);
    cancelAt(2, 121 + 1);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));
}

// Contract §4.4: the copy with the newest lastDirtyTimestamp wins wherever the writes meet. Both
// registrations of each id are in flight at once, at A and at B. (Copies with equal timestamps swap
// instead: tst_replicationreordering, registrationsWithEqualTimestampsEndTheSameEverywhere.)
void TestReplicationProcesses::twoNodesRegisteringTheSameInstanceAgree()
{
    constexpr int count = 30;
    QList<QNetworkReply *> replies;
    QElapsedTimer timer;
    timer.start();
    for (int n = 0; n < count; ++n) {
        // Even n: B's copy is newer. Odd n: A's copy is newer.
        const qint64 dirtyA = T + (n % 2 ? 2000 : 1000);
        const qint64 dirtyB = T + (n % 2 ? 1000 : 2000);
        const QJsonObject copyA = H::instance(appOf(n), idOf(n), dirtyA, leaseSecs, {{u"owner"_s, u"A"_s}});
        const QJsonObject copyB = H::instance(appOf(n), idOf(n), dirtyB, leaseSecs, {{u"owner"_s, u"B"_s}});
        replies << begin(0, "POST", u"/eureka/apps/"_s + appOf(n), EurekaTestNode::instanceDocument(copyA));
        replies << begin(1, "POST", u"/eureka/apps/"_s + appOf(n), EurekaTestNode::instanceDocument(copyB));
        m_expected.insert(appOf(n) + u'/' + idOf(n),
                          Expected {appOf(n), std::max(dirtyA, dirtyB), u"UP"_s, u"UNKNOWN"_s,
                                    {{u"owner"_s, n % 2 ? u"A"_s : u"B"_s}}});
    }
    for (QNetworkReply *reply : std::as_const(replies))
        expect(0, u"concurrent register"_s, finish(reply, timer), 204);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QString diff;
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));
}

// Contract §4.2's "Heartbeat 404 → Register" race, as clients behind a load balancer meet it: an
// instance heartbeats at one node and is cancelled at another a moment later. The heartbeat's
// replica reaches the cancelling node after the cancel (404); the register it calls for must not
// bring the instance back there.
void TestReplicationProcesses::cancelRightAfterAHeartbeatElsewhereHolds()
{
    constexpr int count = 60;
    for (int n = 0; n < count; ++n)
        registerAt(n % 3, n, T + n);
    QString diff;
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));
    for (int n = 0; n < count; ++n) {
        const int heartbeatAt = n % 3;
        expect(heartbeatAt, u"heartbeat of "_s + idOf(n),
               send(heartbeatAt, "PUT", u"/eureka/apps/%1/%2"_s.arg(appOf(n), idOf(n))), 200);
        cancelAt((heartbeatAt + 1 + n % 2) % 3, n);
    }
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));
    // The Register a 404 calls for leaves 1 s after it (PeerReplicator::Limits::reRegisterDelayMs).
    QVERIFY2(staysSettled(&diff, 2000), qPrintable(diff));
}

// A peer that hangs: SIGSTOP leaves C's socket accepting connections that nobody answers. A and B
// answer their clients at once while their batches to C time out and wait to be sent again. After
// SIGCONT, C works through the requests that waited in its sockets, the stale ones included, and
// must still end equal to the others.
void TestReplicationProcesses::frozenPeerSlowsNoClientAndUndoesNothingWhenItWakes()
{
    for (int n = 0; n < 40; ++n)
        registerAt(n % 3, n, T + n);
    QString diff;
    QVERIFY2(settle(&diff, 10000), qPrintable(diff));

    node(2).freeze();
    for (int n = 40; n < 80; ++n)
        registerAt(0, n, T + n);                  // the first batch to C: sent, never answered
    const auto peerC = [&](int i) {
        const QJsonObject status = QJsonDocument::fromJson(send(i, "GET", u"/muster/api/v1/node"_s).body).object();
        for (const QJsonValue peer : status.value(u"peers").toArray()) {
            if (peer.toObject().value(u"url").toString() == node(2).serviceUrl())
                return peer.toObject();
        }
        return QJsonObject {};
    };
    // The 5 s transfer timeout makes it "unreachable"; meanwhile the clients of A and B, writing about
    // ten times a second, get prompt answers.
    QElapsedTimer frozen;
    frozen.start();
    int n = 80;
    while (peerC(0).value(u"state").toString() != u"unreachable"_s && frozen.elapsed() < 15000) {
        registerAt(n % 2, n, T + n);
        metadataAt(n % 2, n, u"zone"_s, u"z1"_s);
        ++n;
        QTest::qWait(100);
    }
    QCOMPARE(peerC(0).value(u"state").toString(), u"unreachable"_s);
    // The first batch is back in A's queue. After a 1 s back-off A sends it again (16 KiB of it at
    // most), and that request waits in C's socket too.
    const int requeued = peerC(0).value(u"queueLength").toInt();
    QTRY_VERIFY_WITH_TIMEOUT(peerC(0).value(u"queueLength").toInt() < requeued, 5000);
    for (int k = 40; k < 80; k += 2)
        cancelAt(k % 2, k);                       // cancels of what both waiting requests register
    for (int k = 41; k < 80; k += 4)
        outOfServiceAt(k % 2, k);
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(u"\n  ")));

    node(2).thaw();
    QVERIFY2(settle(&diff), qPrintable(diff));
    QTRY_COMPARE_WITH_TIMEOUT(peerC(0).value(u"state").toString(), u"reachable"_s, 10000);
}

QTEST_GUILESS_MAIN(TestReplicationProcesses)
#include "tst_replicationprocesses.moc"
