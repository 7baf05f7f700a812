// SPDX-License-Identifier: GPL-3.0-or-later
// Pinned entries on real nodes: pinned over the muster API and through NodeHandle, kept in the
// journal across a stop and a new start on the same data directory, never expiring, replicated
// with their flag, removed from every journal by a deregistration at any node, refused with a JSON
// 4xx when the input is bad, and not acknowledged when the journal cannot be written.
#include "eurekatestnode.h"
#include "store/journal.h"
#include "node/localcluster.h"
#include "node/nodehandle.h"
#include "replicationharness.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
// A node through both of its doors: NodeHandle, as the console uses it, and HTTP.
class PinnedNode
{
public:
    explicit PinnedNode(NodeConfig config)
        : m_handle {std::make_unique<NodeHandle>(std::move(config))}
    {
    }

    bool start()
    {
        QSignalSpy started(m_handle.get(), &NodeHandle::started);
        m_handle->start();
        return started.wait(10000);
    }

    NodeHandle &handle() { return *m_handle; }

    HttpReply send(const QByteArray &verb, const QString &path, const QByteArray &body = {})
    {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_handle->port()).arg(path)));
        request.setRawHeader("Accept", "application/json");
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply {body.isEmpty() ? m_network.sendCustomRequest(request, verb)
                                                             : m_network.sendCustomRequest(request, verb, body)};
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(5000))
            return {};
        return HttpReply {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), {}};
    }

    bool isReady() { return send("GET", u"/muster/api/v1/node"_s).json().value(u"ready").toBool(); }
    // Whether the registry holds the instance at all: Eureka's reads hide an expired one before
    // the eviction pass removes it.
    bool holds(const QString &id)
    {
        const RegistrySnapshot current = snapshot();
        return std::any_of(current.instances.cbegin(), current.instances.cend(),
                           [&](const Instance &instance) { return instance.instanceId == id; });
    }

    CommandResult command(const std::function<void(NodeHandle &, QObject *, std::function<void(const CommandResult &)>)> &call)
    {
        std::optional<CommandResult> result;
        QObject context;
        call(*m_handle, &context, [&](const CommandResult &answer) { result = answer; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
            return {false, u"no answer"_s};
        return *result;
    }

    RegistrySnapshot snapshot()
    {
        std::optional<RegistrySnapshot> snapshot;
        QObject context;
        m_handle->requestSnapshot(&context, [&](const RegistrySnapshot &received) { snapshot = received; });
        return QTest::qWaitFor([&] { return snapshot.has_value(); }, 5000) ? *snapshot : RegistrySnapshot {};
    }

private:
    std::unique_ptr<NodeHandle> m_handle;
    QNetworkAccessManager m_network;
};

NodeConfig configIn(const QString &dataDir, const QString &name = u"pinned"_s, quint16 port = 0,
                    const QList<QUrl> &peers = {})
{
    NodeConfig config = H::expiringConfig(name, port, peers);
    config.dataDir = dataDir;
    return config;
}

QByteArray pinBody(const QJsonObject &fields = {})
{
    QJsonObject instance {{u"hostName"_s, u"legacy.example"_s}, {u"ipAddr"_s, u"10.0.0.9"_s}, {u"port"_s, 8080}};
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        instance.insert(it.key(), it.value());
    return QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(QJsonDocument::Compact);
}

QByteArray serviceBody(const QString &name)
{
    const QJsonObject service {{u"appId"_s, u"billing"_s}, {u"serviceName"_s, name}, {u"version"_s, u"1.0.0"_s}};
    return QJsonDocument(QJsonObject {{u"service"_s, service}}).toJson(QJsonDocument::Compact);
}

Instance consoleInstance()
{
    Instance instance;
    instance.instanceId = u"console-1"_s;
    instance.app = u"CONSOLE"_s;
    instance.hostName = u"console.example"_s;
    instance.ipAddr = u"10.0.0.8"_s;
    instance.port = PortInfo {9000, true};
    instance.pinned = true;
    return instance;
}

QStringList journaledIds(const QString &directory)
{
    QStringList ids;
    if (const auto loaded = Journal(directory).load()) {
        for (const Instance &instance : loaded->entries.instances)
            ids.append(instance.app + u'/' + instance.instanceId);
    }
    return ids;
}

QStringList pinnedIds(PinnedNode &node)
{
    QStringList ids;
    for (const QJsonValue &instance : node.send("GET", u"/muster/api/v1/pinned/apps"_s).json().value(u"instances").toArray())
        ids.append(instance.toObject().value(u"app").toString() + u'/' + instance.toObject().value(u"instanceId").toString());
    return ids;
}
}

class TestPinnedNode : public QObject
{
    Q_OBJECT

private slots:
    void pinnedEntriesComeBackOnTheSameDataDir();
    void aPinnedInstanceOutlivesItsLeaseWhileItsSiblingExpires();
    void aDeregistrationAtAPeerLeavesEveryJournal();
    void badInputIsRefusedWithJson_data();
    void badInputIsRefusedWithJson();
    void aChangeTheJournalCannotTakeIsNotAcknowledged();
    void localClusterNodesKeepSeparateJournals();
    void aNodeStartsBesideAnUnreadableJournal();
    void aDataDirThatCannotBeWrittenFailsTheStart();
};

void TestPinnedNode::pinnedEntriesComeBackOnTheSameDataDir()
{
    QTemporaryDir dir;
    QString handMadeId;
    QString consoleServiceId;
    {
        PinnedNode node(configIn(dir.path()));
        QVERIFY(node.start());
        const HttpReply pinned = node.send("PUT", u"/muster/api/v1/pinned/apps/legacy/legacy-1"_s,
                                           pinBody({{u"metadata"_s, QJsonObject {{u"zone"_s, u"b"_s}}}}));
        QVERIFY_STATUS(pinned, 201);
        QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/legacy/legacy-1"_s, pinBody()), 204);
        QVERIFY_STATUS(node.send("PUT", u"/eureka/apps/LEGACY/legacy-1/status?value=OUT_OF_SERVICE"_s), 200);
        const HttpReply created = node.send("POST", u"/muster/api/v1/pinned/services"_s, serviceBody(u"legacy-billing"_s));
        QVERIFY_STATUS(created, 201);
        handMadeId = created.json().value(u"serviceId").toString();
        QVERIFY(!handMadeId.isEmpty());
        QVERIFY_STATUS(node.send("POST", u"/muster/api/v1/pinned/services"_s, serviceBody(u"legacy-billing"_s)), 200);

        const CommandResult registered = node.command([](NodeHandle &handle, QObject *context, auto callback) {
            handle.registerInstance(consoleInstance(), context, callback);
        });
        QVERIFY2(registered.ok, qPrintable(registered.error));
        std::optional<ServiceResult> service;
        Service console;
        console.key.serviceName = u"console-made"_s;
        node.handle().createService(console, this, [&](const ServiceResult &result) { service = result; });
        QTRY_VERIFY(service.has_value());
        QVERIFY2(service->result.ok, qPrintable(service->result.error));
        consoleServiceId = service->serviceId;
        QVERIFY_STATUS(node.send("POST", u"/eureka/apps/ORDINARY"_s,
                                 EurekaTestNode::instanceDocument(EurekaTestNode::instanceFixture(u"ORDINARY"_s))), 204);
        node.handle().stop();
    }
    QCOMPARE(journaledIds(dir.path()), (QStringList {u"CONSOLE/console-1"_s, u"LEGACY/legacy-1"_s}));

    PinnedNode node(configIn(dir.path()));
    QVERIFY(node.start());
    const RegistrySnapshot snapshot = node.snapshot();
    QStringList instances;
    for (const Instance &instance : snapshot.instances) {
        instances.append(instance.instanceId);
        if (instance.instanceId == u"legacy-1") {
            QVERIFY(instance.pinned);
            QCOMPARE(instance.status, InstanceStatus::OutOfService);
            QCOMPARE(instance.metadata.value(u"zone"_s), QString());   // the second PUT replaced the first
        }
    }
    instances.sort();
    QCOMPARE(instances, (QStringList {u"console-1"_s, u"legacy-1"_s}));
    QStringList services;
    for (const Service &service : snapshot.services) {
        if (service.pinned)
            services.append(service.serviceId);
    }
    services.sort();
    QStringList expected {handMadeId, consoleServiceId};
    expected.sort();
    QCOMPARE(services, expected);
    const QJsonObject listed = node.send("GET", u"/muster/api/v1/pinned"_s).json();
    QCOMPARE(listed.value(u"instances").toArray().size(), 2);
    QCOMPARE(listed.value(u"services").toArray().size(), 2);
    QVERIFY_STATUS(node.send("GET", u"/muster/api/v1/pinned/services/%1"_s.arg(handMadeId)), 200);

    const CommandResult deleted = node.command([&](NodeHandle &handle, QObject *context, auto callback) {
        handle.deleteService(consoleServiceId, false, context, callback);
    });
    QVERIFY2(deleted.ok, qPrintable(deleted.error));
    QVERIFY_STATUS(node.send("DELETE", u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s), 204);
    QCOMPARE(journaledIds(dir.path()), QStringList {u"CONSOLE/console-1"_s});
    QCOMPARE(Journal(dir.path()).load()->entries.services.size(), 1);
}

// Leases of 1 s, an eviction pass every second and no self-preservation: two ordinary siblings
// come and go while the pinned instance, never renewed, stays.
void TestPinnedNode::aPinnedInstanceOutlivesItsLeaseWhileItsSiblingExpires()
{
    QTemporaryDir dir;
    PinnedNode node(configIn(dir.path()));
    QVERIFY(node.start());
    const QJsonObject shortLease {{u"durationInSecs"_s, 1}, {u"renewalIntervalInSecs"_s, 1}};
    QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/LEGACY/pinned-1"_s,
                             pinBody({{u"leaseInfo"_s, shortLease}})), 201);
    const qint64 pinnedAt = QDateTime::currentMSecsSinceEpoch();
    for (const QString &id : {u"sibling-1"_s, u"sibling-2"_s}) {
        QJsonObject sibling = EurekaTestNode::instanceFixture(u"LEGACY"_s, id, id);
        sibling.insert(u"leaseInfo"_s, shortLease);
        QVERIFY_STATUS(node.send("POST", u"/eureka/apps/LEGACY"_s, EurekaTestNode::instanceDocument(sibling)), 204);
        QVERIFY(node.holds(id));
        QTRY_VERIFY_WITH_TIMEOUT(!node.holds(id), 10000);
    }
    const HttpReply pinned = node.send("GET", u"/eureka/apps/LEGACY/pinned-1"_s);
    QVERIFY_STATUS(pinned, 200);
    const QJsonObject lease = pinned.json().value(u"instance").toObject().value(u"leaseInfo").toObject();
    QCOMPARE(lease.value(u"durationInSecs").toInt(), 1);
    QVERIFY(QDateTime::currentMSecsSinceEpoch() - pinnedAt > 2000);   // two leases' worth has passed
    QVERIFY(lease.value(u"lastRenewalTimestamp").toInteger() <= pinnedAt);
    QCOMPARE(node.send("GET", u"/muster/api/v1/node"_s).json().value(u"selfPreservation").toObject()
                 .value(u"expectedClients").toInt(), 0);
    // Heartbeats are still accepted.
    QVERIFY_STATUS(node.send("PUT", u"/eureka/apps/LEGACY/pinned-1"_s), 200);
}

void TestPinnedNode::aDeregistrationAtAPeerLeavesEveryJournal()
{
    QTemporaryDir dirA;
    QTemporaryDir dirB;
    const QList<quint16> ports = H::reservePorts(3);
    const QList<QUrl> mesh {H::serviceUrl(ports[0]), H::serviceUrl(ports[1])};
    PinnedNode a(configIn(dirA.path(), u"A"_s, ports[0], mesh));
    PinnedNode b(configIn(dirB.path(), u"B"_s, ports[1], mesh));
    QVERIFY(a.start());
    QVERIFY(b.start());
    QTRY_VERIFY_WITH_TIMEOUT(a.isReady() && b.isReady(), 10000);

    QVERIFY_STATUS(a.send("PUT", u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s,
                          pinBody({{u"leaseInfo"_s, QJsonObject {{u"durationInSecs"_s, 1}}}})), 201);
    // The flag travels in the batch: B keeps it pinned (and in its journal), so B never evicts it.
    QTRY_COMPARE_WITH_TIMEOUT(pinnedIds(b), QStringList {u"LEGACY/legacy-1"_s}, 10000);
    QCOMPARE(journaledIds(dirB.path()), QStringList {u"LEGACY/legacy-1"_s});
    // And in the startup snapshot: a node joining later copies it pinned.
    PinnedNode c(configIn({}, u"C"_s, ports[2], {H::serviceUrl(ports[0]), H::serviceUrl(ports[2])}));
    QVERIFY(c.start());
    QTRY_VERIFY_WITH_TIMEOUT(c.isReady(), 10000);
    QCOMPARE(pinnedIds(c), QStringList {u"LEGACY/legacy-1"_s});

    QVERIFY_STATUS(b.send("DELETE", u"/eureka/apps/LEGACY/legacy-1"_s), 200);
    QVERIFY(journaledIds(dirB.path()).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(journaledIds(dirA.path()).isEmpty(), 10000);
    QVERIFY(pinnedIds(a).isEmpty());
}

void TestPinnedNode::badInputIsRefusedWithJson_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("names");

    const QString pin = u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s;
    QTest::newRow("not JSON") << QByteArray("PUT") << pin << QByteArray("{hostName") << 400 << u"cannot parse"_s;
    QTest::newRow("no instance") << QByteArray("PUT") << pin << QByteArray(R"({"hostName":"h"})") << 400 << u"{\"instance\""_s;
    QTest::newRow("no hostName") << QByteArray("PUT") << pin << pinBody({{u"hostName"_s, u""_s}}) << 400 << u"hostName"_s;
    QTest::newRow("no ipAddr") << QByteArray("PUT") << pin
                               << QByteArray(R"({"instance":{"hostName":"h","port":8080}})") << 400 << u"ipAddr"_s;
    QTest::newRow("port not a number") << QByteArray("PUT") << pin << pinBody({{u"port"_s, u"http"_s}}) << 400 << u"port"_s;
    QTest::newRow("port too large") << QByteArray("PUT") << pin << pinBody({{u"port"_s, 70000}}) << 400 << u"port"_s;
    QTest::newRow("bad status") << QByteArray("PUT") << pin << pinBody({{u"status"_s, u"SIDEWAYS"_s}}) << 400 << u"status"_s;
    QTest::newRow("other app") << QByteArray("PUT") << pin << pinBody({{u"app"_s, u"OTHER"_s}}) << 400 << u"app"_s;
    QTest::newRow("other id") << QByteArray("PUT") << pin << pinBody({{u"instanceId"_s, u"x"_s}}) << 400 << u"instanceId"_s;
    QTest::newRow("service without name") << QByteArray("POST") << u"/muster/api/v1/pinned/services"_s
                                          << QByteArray(R"({"service":{"appId":"a"}})") << 400 << u"serviceName"_s;
    QTest::newRow("service bad version") << QByteArray("POST") << u"/muster/api/v1/pinned/services"_s
                                         << QByteArray(R"({"service":{"serviceName":"s","version":"one"}})") << 400
                                         << u"version"_s;
    QTest::newRow("unknown pinned instance") << QByteArray("DELETE") << pin << QByteArray() << 404 << u"legacy-1"_s;
    QTest::newRow("unknown service") << QByteArray("GET") << u"/muster/api/v1/pinned/services/nope"_s << QByteArray()
                                     << 404 << u"nope"_s;
    QTest::newRow("bad force") << QByteArray("DELETE") << u"/muster/api/v1/pinned/services/nope?force=maybe"_s
                               << QByteArray() << 400 << u"force"_s;
    QTest::newRow("wrong method") << QByteArray("POST") << pin << pinBody() << 405 << QString();
}

void TestPinnedNode::badInputIsRefusedWithJson()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, names);
    QTemporaryDir dir;
    PinnedNode node(configIn(dir.path()));
    QVERIFY(node.start());
    const qint64 journalSize = QFileInfo(Journal(dir.path()).filePath()).size();

    const HttpReply reply = node.send(verb, path, body);
    QVERIFY_STATUS(reply, status);
    const QJsonObject error = reply.json();
    QCOMPARE(error.value(u"status").toInt(), status);
    QVERIFY2(error.value(u"error").toString().contains(names), reply.describe().constData());
    QCOMPARE(node.send("GET", u"/muster/api/v1/pinned"_s).body, QByteArray(R"({"instances":[],"services":[]})"));
    QCOMPARE(QFileInfo(Journal(dir.path()).filePath()).size(), journalSize);
}

void TestPinnedNode::aChangeTheJournalCannotTakeIsNotAcknowledged()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(u"data"_s);
    PinnedNode node(configIn(dataDir));
    QVERIFY(node.start());
    QVERIFY(QFile::rename(dataDir, dir.filePath(u"elsewhere"_s)));
    QFile blocker(dataDir);   // a file where the directory was: nothing can be written there
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    const HttpReply refused = node.send("PUT", u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s, pinBody());
    QVERIFY_STATUS(refused, 500);
    QVERIFY2(refused.json().value(u"error").toString().contains(u"not saved"_s), refused.describe().constData());
    const CommandResult failed = node.command([](NodeHandle &handle, QObject *context, auto callback) {
        handle.registerInstance(consoleInstance(), context, callback);
    });
    QVERIFY(!failed.ok);
    QVERIFY2(failed.error.contains(u"cannot create the data directory %1"_s.arg(dataDir)), qPrintable(failed.error));
    // Ordinary registrations never touch the journal, so they go on.
    QVERIFY_STATUS(node.send("POST", u"/eureka/apps/ORDINARY"_s,
                             EurekaTestNode::instanceDocument(EurekaTestNode::instanceFixture(u"ORDINARY"_s))), 204);
    Instance ordinary = consoleInstance();
    ordinary.pinned = false;
    ordinary.instanceId = u"console-2"_s;
    const CommandResult accepted = node.command([&](NodeHandle &handle, QObject *context, auto callback) {
        handle.registerInstance(ordinary, context, callback);
    });
    QVERIFY2(accepted.ok, qPrintable(accepted.error));

    // Once the directory can be written again, the retry saves what was refused.
    QVERIFY(QFile::remove(dataDir));
    QTRY_COMPARE_WITH_TIMEOUT(journaledIds(dataDir), (QStringList {u"CONSOLE/console-1"_s, u"LEGACY/legacy-1"_s}), 10000);
}

// Each node of a LocalCluster has its own journal in a sub-directory named after it; a pin made at
// one reaches the other's journal by replication.
void TestPinnedNode::localClusterNodesKeepSeparateJournals()
{
    QTemporaryDir dir;
    NodeConfig base = configIn(dir.path(), u"muster"_s);
    LocalCluster cluster(base);
    int started = 0;
    connect(&cluster, &LocalCluster::nodeStarted, this, [&] { ++started; });
    NodeHandle *first = cluster.addNode();
    QTRY_COMPARE_WITH_TIMEOUT(started, 1, 10000);
    cluster.addNode();
    QTRY_COMPARE_WITH_TIMEOUT(started, 2, 10000);
    QCOMPARE(first->config().dataDir, QDir(dir.path()).filePath(u"muster-1"_s));
    QVERIFY(QFile::exists(dir.filePath(u"muster-1/journal.json"_s)));
    QVERIFY(QFile::exists(dir.filePath(u"muster-2/journal.json"_s)));

    bool batchShowsThePin = false;
    connect(first, &NodeHandle::changesReady, this, [&](const ChangeBatch &batch) {
        for (const RegistryChange &change : batch.changes)
            batchShowsThePin = batchShowsThePin || (change.instance.instanceId == u"console-1" && change.instance.pinned);
    });
    std::optional<CommandResult> result;
    first->registerInstance(consoleInstance(), this, [&](const CommandResult &answer) { result = answer; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok);
    QTRY_VERIFY(batchShowsThePin);   // the console's change batches carry the flag
    QCOMPARE(journaledIds(dir.filePath(u"muster-1"_s)), QStringList {u"CONSOLE/console-1"_s});
    QTRY_COMPARE_WITH_TIMEOUT(journaledIds(dir.filePath(u"muster-2"_s)), QStringList {u"CONSOLE/console-1"_s}, 10000);
    cluster.stopAll();
}

void TestPinnedNode::aNodeStartsBesideAnUnreadableJournal()
{
    QTemporaryDir dir;
    QFile garbage(dir.filePath(u"journal.json"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("\x00\x01 not a journal");
    garbage.close();

    PinnedNode node(configIn(dir.path()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"the journal .*journal.json is unreadable .* moved it aside to .*journal.json.corrupt-"_s));
    QVERIFY(node.start());
    const QStringList aside = QDir(dir.path()).entryList({u"journal.json.corrupt-*"_s}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QFile kept(dir.filePath(aside.first()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("\x00\x01 not a journal"));
    QVERIFY_STATUS(node.send("PUT", u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s, pinBody()), 201);
    QCOMPARE(journaledIds(dir.path()), QStringList {u"LEGACY/legacy-1"_s});
}

void TestPinnedNode::aDataDirThatCannotBeWrittenFailsTheStart()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"a-file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    NodeHandle node(configIn(dir.filePath(u"a-file/data"_s)));
    QSignalSpy failed(&node, &NodeHandle::startFailed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot start: cannot create the data directory"_s));
    node.start();
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toString(), u"cannot create the data directory %1"_s.arg(dir.filePath(u"a-file/data"_s)));
    QVERIFY(!node.isRunning());
}

QTEST_GUILESS_MAIN(TestPinnedNode)
#include "tst_pinnednode.moc"
