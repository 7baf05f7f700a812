// SPDX-License-Identifier: GPL-3.0-or-later
// RemoteRegistry against a real node on 127.0.0.1: read as a Muster node (detected), as plain
// Eureka and as Service-Center; changes made at the node arrive as RegistryChange values, commands
// reach the node, refusals carry the node's own words, and an unreachable URL recovers.
#include "auth/accountstore.h"
#include "client/remoteregistry.h"
#include "node/nodehandle.h"
#include "sctestnode.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr int waitMs = 10'000;
using Kind = RegistryChange::Kind;

// Every change a RemoteRegistry reported, in order.
class ChangeLog : public QObject
{
public:
    explicit ChangeLog(RemoteRegistry &remote)
    {
        connect(&remote, &RemoteRegistry::changesReady, this, [this](const ChangeBatch &batch) {
            QVERIFY(batch.revision > lastRevision);
            lastRevision = batch.revision;
            changes.append(batch.changes);
        });
    }

    // The first change of kind for instance id (or service name) since from, if one came.
    std::optional<RegistryChange> find(Kind kind, const QString &id, qsizetype from = 0) const
    {
        for (qsizetype i = from; i < changes.size(); ++i) {
            const RegistryChange &change = changes[i];
            const QString subject = change.isServiceChange() ? change.service.key.serviceName : change.instance.instanceId;
            if (change.kind == kind && subject == id)
                return change;
        }
        return std::nullopt;
    }

    QList<RegistryChange> changes;
    quint64 lastRevision = 0;
};

Instance eurekaInstance(const QString &app, const QString &id)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = app;
    instance.hostName = id + u".example"_s;
    instance.ipAddr = u"10.1.2.3"_s;
    instance.port = {9000, true};
    instance.vipAddress = app.toLower();
    instance.metadata.insert(u"zone"_s, u"a"_s);
    return instance;
}
}

class TestRemoteRegistry : public QObject
{
    Q_OBJECT

private slots:
    void detectsMusterFromTheUrlFormsUsersPaste_data();
    void detectsMusterFromTheUrlFormsUsersPaste();
    void snapshotShowsWhatWasRegistered_data();
    void snapshotShowsWhatWasRegistered();
    void changesAtTheNodeArriveAsRegistryChanges_data();
    void changesAtTheNodeArriveAsRegistryChanges();
    void commandsReachTheNode_data();
    void commandsReachTheNode();
    void replacedMetadataLosesTheKeysLeftOut_data();
    void replacedMetadataLosesTheKeysLeftOut();
    void serviceCenterReplaceAndMergeDiffer();
    void refusedCommandsCarryTheRemotesError();
    void serviceCenterIsReadAndWritten();
    void serviceCenterRefusalCarriesItsError();
    void wrongPathIsUnreachableWithAReason();
    void unreachableUrlRecoversWhenANodeAppears();
    void callsBeforeStartAnswerAtOnce();
    void securedNodeWithTheCredentialsInTheUrl();
    void mustersHistoryIsReadAtAMoment();

private:
    static std::unique_ptr<RemoteRegistry> connectTo(const QUrl &url, RemoteRegistry::Kind kind);
    template<typename Result, typename Call>
    static std::optional<Result> await(Call call);
    static RegistrySnapshot snapshotOf(RemoteRegistry &remote);
    static CommandResult run(const std::function<void(QObject *, std::function<void(const CommandResult &)>)> &call);
};

std::unique_ptr<RemoteRegistry> TestRemoteRegistry::connectTo(const QUrl &url, RemoteRegistry::Kind kind)
{
    auto remote = std::make_unique<RemoteRegistry>(url, kind);
    remote->setPollIntervalMs(100);
    remote->setMaxRetryIntervalMs(300);
    remote->start();
    return remote;
}

template<typename Result, typename Call>
std::optional<Result> TestRemoteRegistry::await(Call call)
{
    QObject context;
    std::optional<Result> result;
    call(&context, [&](const Result &received) { result = received; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, waitMs))
        return std::nullopt;
    return result;
}

RegistrySnapshot TestRemoteRegistry::snapshotOf(RemoteRegistry &remote)
{
    return await<RegistrySnapshot>([&](QObject *c, auto cb) { remote.requestSnapshot(c, cb); }).value_or(RegistrySnapshot {});
}

CommandResult TestRemoteRegistry::run(const std::function<void(QObject *, std::function<void(const CommandResult &)>)> &call)
{
    return await<CommandResult>(call).value_or(CommandResult {false, u"no answer"_s});
}

// The console's connection to a node that requires accounts: the credentials written in the URL go
// with every request as HTTP Basic; its commands are the account's; without them it is refused.
void TestRemoteRegistry::securedNodeWithTheCredentialsInTheUrl()
{
    QTemporaryDir dir;
    AccountStore accounts(dir.path());
    QCOMPARE(accounts.add(u"ops"_s, Role::Operator, "ops-secret"), QString());
    QCOMPARE(accounts.add(u"look"_s, Role::Viewer, "look-secret"), QString());
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.dataDir = dir.path();
    config.auth.mode = AuthConfig::Mode::Required;
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"ORDERS"_s, u"h1:orders:8080"_s, u"h1"_s),
                                     u"/eureka"_s, {}, {{"Authorization", "Basic " + QByteArray("ops:ops-secret").toBase64()}}),
                   204);

    const auto anonymous = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::Muster);
    QTRY_COMPARE_WITH_TIMEOUT(anonymous->state(), RemoteRegistry::State::Unreachable, waitMs);

    const auto remote = connectTo(QUrl(u"http://ops:ops-secret@127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::Detect);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QCOMPARE(remote->kind(), RemoteRegistry::Kind::Muster);
    QCOMPARE(snapshotOf(*remote).instances.size(), 1);
    const CommandResult override = run([&](QObject *c, auto cb) {
        remote->setStatusOverride(u"ORDERS"_s, u"h1:orders:8080"_s, InstanceStatus::OutOfService, c, cb);
    });
    QVERIFY2(override.ok, qPrintable(override.error));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(RegistryChange::Kind::StatusChanged, u"h1:orders:8080"_s).has_value(), waitMs);

    const auto viewer = connectTo(QUrl(u"http://look:look-secret@127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::Muster);
    QTRY_COMPARE_WITH_TIMEOUT(viewer->state(), RemoteRegistry::State::Running, waitMs);
    const CommandResult refused = run([&](QObject *c, auto cb) {
        viewer->removeStatusOverride(u"ORDERS"_s, u"h1:orders:8080"_s, std::nullopt, c, cb);
    });
    QVERIFY(!refused.ok);
}

void TestRemoteRegistry::detectsMusterFromTheUrlFormsUsersPaste_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("root") << QString();
    QTest::newRow("root slash") << u"/"_s;
    QTest::newRow("eureka") << u"/eureka"_s;
    QTest::newRow("eureka slash") << u"/eureka/"_s;
}

void TestRemoteRegistry::detectsMusterFromTheUrlFormsUsersPaste()
{
    QFETCH(QString, path);
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1%2"_s.arg(node.port()).arg(path)), RemoteRegistry::Kind::Detect);
    QCOMPARE(remote->kind(), RemoteRegistry::Kind::Detect);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QCOMPARE(remote->kind(), RemoteRegistry::Kind::Muster);
    QVERIFY(remote->lastError().isEmpty());
    const NodeStatus status = snapshotOf(*remote).status;
    QCOMPARE(status.name, u"eureka-test"_s);
    QCOMPARE(status.url, u"http://127.0.0.1:%1"_s.arg(node.port()));
}

void TestRemoteRegistry::snapshotShowsWhatWasRegistered_data()
{
    QTest::addColumn<RemoteRegistry::Kind>("kind");
    QTest::newRow("muster") << RemoteRegistry::Kind::Detect;
    QTest::newRow("eureka") << RemoteRegistry::Kind::Eureka;
}

// A remote Muster node's past through RegistryConnection, as the console's time bar reads it; a
// registry that keeps no history says so.
void TestRemoteRegistry::mustersHistoryIsReadAtAMoment()
{
    QTemporaryDir dir;
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.dataDir = dir.path();
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"ORDERS"_s, u"h1:orders:8080"_s, u"h1"_s)), 204);
    const qint64 moment = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(QTest::qWaitFor([moment] { return QDateTime::currentMSecsSinceEpoch() > moment + 1; }));
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"CART"_s, u"h3:cart:8080"_s, u"h3"_s)), 204);

    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::Muster);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    const auto bounds = await<PastRegistry>([&](QObject *c, auto cb) { remote->requestHistoryBounds(c, cb); });
    QVERIFY(bounds);
    QVERIFY2(bounds->ok(), qPrintable(bounds->error));
    QVERIFY(bounds->earliest > 0 && bounds->earliest <= moment);
    const auto past = await<PastRegistry>([&](QObject *c, auto cb) { remote->requestStateAt(moment, c, cb); });
    QVERIFY(past && past->ok() && past->state);
    QCOMPARE(past->state->instances.size(), 1);
    QCOMPARE(past->state->instances.first().instanceId, u"h1:orders:8080"_s);
    const auto before = await<PastRegistry>([&](QObject *c, auto cb) { remote->requestStateAt(bounds->earliest - 1000, c, cb); });
    QVERIFY(before && !before->ok() && !before->state);
    QVERIFY2(before->error.contains(u"begins at"_s), qPrintable(before->error));

    EurekaTestNode withoutHistory;
    QVERIFY(withoutHistory.start());
    const auto other = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(withoutHistory.port())), RemoteRegistry::Kind::Muster);
    QTRY_COMPARE_WITH_TIMEOUT(other->state(), RemoteRegistry::State::Running, waitMs);
    const auto none = await<PastRegistry>([&](QObject *c, auto cb) { other->requestHistoryBounds(c, cb); });
    QVERIFY(none && !none->ok());
    QVERIFY2(none->error.contains(u"no history"_s), qPrintable(none->error));
}

void TestRemoteRegistry::snapshotShowsWhatWasRegistered()
{
    QFETCH(RemoteRegistry::Kind, kind);
    EurekaTestNode node;
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"ORDERS"_s, u"h1:orders:8080"_s, u"h1"_s)), 204);
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"ORDERS"_s, u"h2:orders:8080"_s, u"h2"_s)), 204);
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"CART"_s, u"h3:cart:8080"_s, u"h3"_s)), 204);

    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), kind);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QCOMPARE(remote->kind(), kind == RemoteRegistry::Kind::Detect ? RemoteRegistry::Kind::Muster : kind);

    const RegistrySnapshot snapshot = snapshotOf(*remote);
    QCOMPARE(snapshot.instances.size(), 3);
    const auto h2 = std::find_if(snapshot.instances.cbegin(), snapshot.instances.cend(),
                                 [](const Instance &i) { return i.instanceId == u"h2:orders:8080"_s; });
    QVERIFY(h2 != snapshot.instances.cend());
    QCOMPARE(h2->app, u"ORDERS"_s);
    QCOMPARE(h2->hostName, u"h2"_s);
    QCOMPARE(h2->ipAddr, u"10.0.0.1"_s);
    QCOMPARE(h2->port, (PortInfo {8080, true}));
    QCOMPARE(h2->status, InstanceStatus::Up);
    QCOMPARE(h2->metadata.value(u"management.port"_s), u"8080"_s);
    QCOMPARE(h2->endpoints, QStringList {u"rest://10.0.0.1:8080"_s});
    QCOMPARE(h2->serviceId, EurekaServiceMapping::keyForApp(u"ORDERS"_s).derivedServiceId());
    QVERIFY(h2->lease.lastRenewalTimestamp > 0);

    QStringList services;
    for (const Service &service : snapshot.services)
        services.append(service.key.appId + u'/' + service.key.serviceName);
    services.sort();
    QCOMPARE(services, (QStringList {u"eureka/cart"_s, u"eureka/orders"_s}));
    // The first read came as one Registered per instance, numbered below the snapshot's revision.
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, u"h3:cart:8080"_s).has_value(), waitMs);
    QVERIFY(log.lastRevision <= snapshot.revision);
}

void TestRemoteRegistry::changesAtTheNodeArriveAsRegistryChanges_data()
{
    snapshotShowsWhatWasRegistered_data();
}

void TestRemoteRegistry::changesAtTheNodeArriveAsRegistryChanges()
{
    QFETCH(RemoteRegistry::Kind, kind);
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(node.port())), kind);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);

    const QString id = u"h1:orders:8080"_s;
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"ORDERS"_s, id, u"h1"_s)), 204);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, id).has_value(), waitMs);
    QCOMPARE(log.find(Kind::Registered, id)->instance.hostName, u"h1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::ServiceCreated, u"orders"_s).has_value(), waitMs);

    qsizetype from = log.changes.size();
    QVERIFY_STATUS(node.put(u"/eureka/apps/ORDERS/%1/status?value=OUT_OF_SERVICE"_s.arg(id)), 200);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::StatusChanged, id, from).has_value(), waitMs);
    QCOMPARE(log.find(Kind::StatusChanged, id, from)->instance.status, InstanceStatus::OutOfService);
    QCOMPARE(log.find(Kind::StatusChanged, id, from)->instance.overriddenStatus, InstanceStatus::OutOfService);

    from = log.changes.size();
    QVERIFY_STATUS(node.put(u"/eureka/apps/ORDERS/%1/metadata?zone=b"_s.arg(id)), 200);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::MetadataChanged, id, from).has_value(), waitMs);
    QCOMPARE(log.find(Kind::MetadataChanged, id, from)->instance.metadata.value(u"zone"_s), u"b"_s);

    from = log.changes.size();
    QVERIFY_STATUS(node.del(u"/eureka/apps/ORDERS/%1/status?value=UP"_s.arg(id)), 200);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::OverrideRemoved, id, from).has_value(), waitMs);
    QCOMPARE(log.find(Kind::OverrideRemoved, id, from)->instance.status, InstanceStatus::Up);

    from = log.changes.size();
    QVERIFY_STATUS(node.del(u"/eureka/apps/ORDERS/%1"_s.arg(id)), 200);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Cancelled, id, from).has_value(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(snapshotOf(*remote).instances.isEmpty(), waitMs);
    // Nothing but these changes, once each, and no phantom re-registrations from repeated deltas.
    QCOMPARE(std::count_if(log.changes.cbegin(), log.changes.cend(),
                           [](const RegistryChange &change) { return change.kind == Kind::Registered; }), 1);
}

void TestRemoteRegistry::commandsReachTheNode_data()
{
    snapshotShowsWhatWasRegistered_data();
}

void TestRemoteRegistry::commandsReachTheNode()
{
    QFETCH(RemoteRegistry::Kind, kind);
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), kind);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    const QString id = u"console-1"_s;

    CommandResult result = run([&](QObject *c, auto cb) { remote->registerInstance(eurekaInstance(u"billing"_s, id), c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    std::optional<QJsonObject> atNode = node.instance(u"BILLING"_s, id);
    QVERIFY(atNode.has_value());
    QCOMPARE(atNode->value(u"hostName"_s).toString(), u"console-1.example"_s);
    QCOMPARE(atNode->value(u"port"_s).toObject().value(u"$"_s).toInt(), 9000);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, id).has_value(), waitMs);

    result = run([&](QObject *c, auto cb) { remote->setStatusOverride(u"BILLING"_s, id, InstanceStatus::OutOfService, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(node.instance(u"BILLING"_s, id)->value(u"status"_s).toString(), u"OUT_OF_SERVICE"_s);

    const QString awkward = u"a b&c=d+e/ü"_s;
    result = run([&](QObject *c, auto cb) {
        remote->mergeMetadata(u"BILLING"_s, id, {{u"owner"_s, awkward}, {u"zone"_s, u"b"_s}}, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    const QJsonObject metadata = node.instance(u"BILLING"_s, id)->value(u"metadata"_s).toObject();
    QCOMPARE(metadata.value(u"owner"_s).toString(), awkward);
    QCOMPARE(metadata.value(u"zone"_s).toString(), u"b"_s);

    result = run([&](QObject *c, auto cb) { remote->removeStatusOverride(u"BILLING"_s, id, InstanceStatus::Up, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    atNode = node.instance(u"BILLING"_s, id);
    QCOMPARE(atNode->value(u"status"_s).toString(), u"UP"_s);
    QCOMPARE(atNode->value(u"overriddenStatus"_s).toString(), u"UNKNOWN"_s);

    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::OverrideRemoved, id).has_value(), waitMs);
    result = run([&](QObject *c, auto cb) { remote->cancelInstance(u"BILLING"_s, id, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!node.instance(u"BILLING"_s, id).has_value());
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Cancelled, id).has_value(), waitMs);
}

void TestRemoteRegistry::replacedMetadataLosesTheKeysLeftOut_data()
{
    snapshotShowsWhatWasRegistered_data();
}

// Eureka's metadata PUT merges; a replace registers the instance again, so a key the user removed
// stays removed at the node and in what the client reads back, poll after poll.
void TestRemoteRegistry::replacedMetadataLosesTheKeysLeftOut()
{
    QFETCH(RemoteRegistry::Kind, kind);
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), kind);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    const QString id = u"replace-1"_s;
    Instance instance = eurekaInstance(u"billing"_s, id);
    instance.metadata.insert(u"owner"_s, u"team-a"_s);
    CommandResult result = run([&](QObject *c, auto cb) { remote->registerInstance(instance, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    const auto readBack = [&] {
        for (const Instance &read : snapshotOf(*remote).instances) {
            if (read.instanceId == id)
                return read.metadata;
        }
        return QMap<QString, QString> {};
    };
    QTRY_COMPARE_WITH_TIMEOUT(readBack().value(u"owner"_s), u"team-a"_s, waitMs);

    result = run([&](QObject *c, auto cb) { remote->mergeMetadata(u"BILLING"_s, id, {{u"zone"_s, u"b"_s}}, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    QJsonObject metadata = node.instance(u"BILLING"_s, id)->value(u"metadata"_s).toObject();
    QCOMPARE(metadata.value(u"owner"_s).toString(), u"team-a"_s);
    QCOMPARE(metadata.value(u"zone"_s).toString(), u"b"_s);
    QTRY_COMPARE_WITH_TIMEOUT(readBack().value(u"zone"_s), u"b"_s, waitMs);

    result = run([&](QObject *c, auto cb) { remote->replaceMetadata(u"BILLING"_s, id, {{u"zone"_s, u"c"_s}}, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    metadata = node.instance(u"BILLING"_s, id)->value(u"metadata"_s).toObject();
    QCOMPARE(metadata, (QJsonObject {{u"zone"_s, u"c"_s}}));
    const QMap<QString, QString> expected {{u"zone"_s, u"c"_s}};
    QTRY_COMPARE_WITH_TIMEOUT(readBack(), expected, waitMs);
    // Several polls later the key is still gone, and the instance kept its place.
    QTest::qWait(500);
    QCOMPARE(readBack(), expected);
    QCOMPARE(node.instance(u"BILLING"_s, id)->value(u"metadata"_s).toObject(), (QJsonObject {{u"zone"_s, u"c"_s}}));
    QCOMPARE(node.instance(u"BILLING"_s, id)->value(u"hostName"_s).toString(), u"replace-1.example"_s);

    result = run([&](QObject *c, auto cb) { remote->replaceMetadata(u"BILLING"_s, u"ghost"_s, {}, c, cb); });
    QVERIFY(!result.ok);
    QCOMPARE(result.errorKind(), CommandResult::Error::NoSuchInstance);
}

// Service-Center's PUT properties replaces the map: merge sends what was read plus the new keys.
void TestRemoteRegistry::serviceCenterReplaceAndMergeDiffer()
{
    ScTestNode node;
    QVERIFY(node.start());
    SC_REQUIRE_ID(serviceId, node.createService(u"inventory"_s, u"shop"_s, u"1.0.0"_s));
    QJsonObject fixture = ScTestNode::instanceFixture(u"inv-1"_s, u"rest://10.0.0.5:7001"_s);
    fixture.insert(u"properties"_s, QJsonObject {{u"zone"_s, u"a"_s}, {u"owner"_s, u"team-a"_s}});
    SC_REQUIRE_ID(id, node.registerInstance(serviceId, fixture));
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::ServiceComb);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshotOf(*remote).instances.isEmpty(), waitMs);

    CommandResult result = run([&](QObject *c, auto cb) {
        remote->mergeMetadata(u"INVENTORY"_s, id, {{u"zone"_s, u"b"_s}}, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(node.scInstance(serviceId, id)->value(u"properties"_s).toObject(),
             (QJsonObject {{u"zone"_s, u"b"_s}, {u"owner"_s, u"team-a"_s}}));

    result = run([&](QObject *c, auto cb) {
        remote->replaceMetadata(u"INVENTORY"_s, id, {{u"zone"_s, u"c"_s}}, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(node.scInstance(serviceId, id)->value(u"properties"_s).toObject(), (QJsonObject {{u"zone"_s, u"c"_s}}));
    const QMap<QString, QString> expected {{u"zone"_s, u"c"_s}};
    QTRY_COMPARE_WITH_TIMEOUT(snapshotOf(*remote).instances.value(0).metadata, expected, waitMs);
    QTest::qWait(500);
    QCOMPARE(snapshotOf(*remote).instances.value(0).metadata, expected);
    QCOMPARE(node.scInstance(serviceId, id)->value(u"properties"_s).toObject(), (QJsonObject {{u"zone"_s, u"c"_s}}));
}

void TestRemoteRegistry::refusedCommandsCarryTheRemotesError()
{
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::Detect);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);

    CommandResult result = run([&](QObject *c, auto cb) {
        remote->setStatusOverride(u"NOPE"_s, u"ghost"_s, InstanceStatus::Down, c, cb);
    });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"HTTP 404"_s) && result.error.contains(u"no instance ghost in application NOPE"_s),
             qPrintable(result.error));
    QCOMPARE(result.errorKind(), CommandResult::Error::Refused);

    Instance noAddress = eurekaInstance(u"billing"_s, u"x"_s);
    noAddress.ipAddr.clear();
    result = run([&](QObject *c, auto cb) { remote->registerInstance(noAddress, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"HTTP 400"_s) && result.error.contains(u"missing ipAddr"_s), qPrintable(result.error));
}

void TestRemoteRegistry::serviceCenterIsReadAndWritten()
{
    ScTestNode node;
    QVERIFY(node.start());
    SC_REQUIRE_ID(serviceId, node.createService(u"inventory"_s, u"shop"_s, u"1.0.0"_s));
    SC_REQUIRE_ID(first, node.registerInstance(serviceId, ScTestNode::instanceFixture(u"inv-1"_s, u"rest://10.0.0.5:7001"_s)));

    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::ServiceComb);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QCOMPARE(remote->kind(), RemoteRegistry::Kind::ServiceComb);

    RegistrySnapshot snapshot = snapshotOf(*remote);
    QCOMPARE(snapshot.instances.size(), 1);
    const Instance &read = snapshot.instances.first();
    QCOMPARE(read.instanceId, first);
    QCOMPARE(read.app, u"INVENTORY"_s);
    QCOMPARE(read.serviceId, serviceId);
    QCOMPARE(read.hostName, u"inv-1"_s);
    QCOMPARE(read.ipAddr, u"10.0.0.5"_s);
    QCOMPARE(read.port.number, 7001);
    QCOMPARE(read.origin, Protocol::ServiceComb);
    const auto service = std::find_if(snapshot.services.cbegin(), snapshot.services.cend(),
                                      [&](const Service &s) { return s.serviceId == serviceId; });
    QVERIFY(service != snapshot.services.cend());
    QCOMPARE(service->key.appId, u"shop"_s);
    QCOMPARE(service->key.version, u"1.0.0"_s);

    // Changes made at the node.
    QVERIFY_SC_EMPTY_OK(node.setStatus(serviceId, first, u"DOWN"_s));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::StatusChanged, first).has_value(), waitMs);
    QCOMPARE(log.find(Kind::StatusChanged, first)->instance.status, InstanceStatus::Down);
    SC_REQUIRE_ID(second, node.registerInstance(serviceId, ScTestNode::instanceFixture(u"inv-2"_s, u"rest://10.0.0.6:7001"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, second).has_value(), waitMs);
    QVERIFY_SC_EMPTY_OK(node.unregister(serviceId, second));
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Cancelled, second).has_value(), waitMs);

    // Commands: a new service and instance, its status, its properties, its removal.
    Instance created;
    created.instanceId = u"console-sc-1"_s;
    created.app = u"PAYMENTS"_s;
    created.vipAddress = u"payments"_s;
    created.hostName = u"pay-1"_s;
    created.ipAddr = u"10.0.0.9"_s;
    created.port = {8443, true};
    created.metadata.insert(u"zone"_s, u"a"_s);
    CommandResult result = run([&](QObject *c, auto cb) { remote->registerInstance(created, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    const QString paymentsId = ScTestNode::expectedServiceId(u"default"_s, u"payments"_s, u"0.0.1"_s);
    std::optional<QJsonObject> atNode = node.scInstance(paymentsId, created.instanceId);
    QVERIFY(atNode.has_value());
    QCOMPARE(atNode->value(u"endpoints"_s).toArray().first().toString(), u"rest://10.0.0.9:8443"_s);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, created.instanceId).has_value(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::ServiceCreated, u"payments"_s).has_value(), waitMs);

    result = run([&](QObject *c, auto cb) {
        remote->setStatusOverride(u"PAYMENTS"_s, created.instanceId, InstanceStatus::OutOfService, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(node.scInstance(paymentsId, created.instanceId)->value(u"status"_s).toString(), u"OUTOFSERVICE"_s);

    result = run([&](QObject *c, auto cb) {
        remote->mergeMetadata(u"PAYMENTS"_s, created.instanceId, {{u"owner"_s, u"team-b"_s}}, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    const QJsonObject properties = node.scInstance(paymentsId, created.instanceId)->value(u"properties"_s).toObject();
    QCOMPARE(properties.value(u"owner"_s).toString(), u"team-b"_s);
    QCOMPARE(properties.value(u"zone"_s).toString(), u"a"_s);

    result = run([&](QObject *c, auto cb) {
        remote->removeStatusOverride(u"PAYMENTS"_s, created.instanceId, std::nullopt, c, cb);
    });
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(node.scInstance(paymentsId, created.instanceId)->value(u"status"_s).toString(), u"UP"_s);

    result = run([&](QObject *c, auto cb) { remote->cancelInstance(u"PAYMENTS"_s, created.instanceId, c, cb); });
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(!node.scInstance(paymentsId, created.instanceId).has_value());
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Cancelled, created.instanceId).has_value(), waitMs);
}

void TestRemoteRegistry::serviceCenterRefusalCarriesItsError()
{
    ScTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(node.port())), RemoteRegistry::Kind::ServiceComb);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);

    Instance badId = eurekaInstance(u"payments"_s, u"not a valid id!"_s);
    CommandResult result = run([&](QObject *c, auto cb) { remote->registerInstance(badId, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"HTTP 400"_s) && result.error.contains(u"400001"_s)
                 && result.error.contains(u"instanceId must be"_s), qPrintable(result.error));

    result = run([&](QObject *c, auto cb) { remote->cancelInstance(u"PAYMENTS"_s, u"ghost"_s, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"no instance ghost"_s), qPrintable(result.error));
}

void TestRemoteRegistry::wrongPathIsUnreachableWithAReason()
{
    EurekaTestNode node;
    QVERIFY(node.start());
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1/nothing/here"_s.arg(node.port())), RemoteRegistry::Kind::Eureka);
    QSignalSpy states(remote.get(), &RemoteRegistry::stateChanged);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Unreachable, waitMs);
    QVERIFY2(remote->lastError().contains(u"does not answer as an Eureka server"_s)
                 && remote->lastError().contains(u"/nothing/here/apps/: HTTP 404"_s), qPrintable(remote->lastError()));
    const CommandResult result = run([&](QObject *c, auto cb) { remote->cancelInstance(u"A"_s, u"b"_s, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.startsWith(u"not connected to"_s), qPrintable(result.error));
    QCOMPARE(result.errorKind(), CommandResult::Error::NotConnected);
}

void TestRemoteRegistry::unreachableUrlRecoversWhenANodeAppears()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const auto remote = connectTo(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), RemoteRegistry::Kind::Detect);
    ChangeLog log(*remote);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Unreachable, waitMs);
    QVERIFY2(remote->lastError().startsWith(u"cannot reach http://127.0.0.1:%1"_s.arg(port)), qPrintable(remote->lastError()));

    NodeConfig config = EurekaTestNode::defaultConfig();
    config.port = port;
    EurekaTestNode node(config);
    QVERIFY(node.start());
    QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RemoteRegistry::State::Running, waitMs);
    QVERIFY(remote->lastError().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(log.find(Kind::Registered, u"h1:myapp:8080"_s).has_value(), waitMs);

    QElapsedTimer stopping;
    stopping.start();
    remote->stop();
    qInfo() << "stop() took" << stopping.elapsed() << "ms";
    const CommandResult result = run([&](QObject *c, auto cb) { remote->cancelInstance(u"MYAPP"_s, u"h1:myapp:8080"_s, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY(node.instance(u"MYAPP"_s, u"h1:myapp:8080"_s).has_value());
}

void TestRemoteRegistry::callsBeforeStartAnswerAtOnce()
{
    RemoteRegistry remote(QUrl(u"http://127.0.0.1:1"_s));
    QCOMPARE(remote.state(), RemoteRegistry::State::Starting);
    const auto snapshot = await<RegistrySnapshot>([&](QObject *c, auto cb) { remote.requestSnapshot(c, cb); });
    QVERIFY(snapshot.has_value());
    QCOMPARE(snapshot->revision, 0u);
    const CommandResult result = run([&](QObject *c, auto cb) { remote.cancelInstance(u"A"_s, u"b"_s, c, cb); });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"not started"_s), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestRemoteRegistry)
#include "tst_remoteregistry.moc"
