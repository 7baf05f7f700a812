// SPDX-License-Identifier: GPL-3.0-or-later
// The journal file alone: what goes in comes back, a write replaces the file whole, an unreadable
// file is kept aside, and a directory that cannot be written is reported.
#include "eureka/eurekajsoncodec.h"
#include "model/musterjson.h"
#include "store/journal.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
Service handMadeService()
{
    Service service;
    service.serviceId = u"svc-legacy-billing"_s;
    service.key.appId = u"billing"_s;
    service.key.serviceName = u"legacy-billing"_s;
    service.key.version = u"2.1.0"_s;
    service.key.environment = u"production"_s;
    service.description = u"the mainframe gateway"_s;
    service.schemaIds = {u"invoices"_s};
    service.schemas.insert(u"invoices"_s, SchemaEntry {u"openapi: 3.0.0"_s, u"abc"_s});
    service.properties.insert(u"owner"_s, u"ops"_s);
    service.tags.insert(u"tier"_s, u"gold"_s);
    service.createdMs = 1'700'000'000'000;
    service.modifiedMs = 1'700'000'000'500;
    service.pinned = true;
    return service;
}

Service eurekaAppService()
{
    Service service = EurekaServiceMapping::serviceForApp(u"LEGACY"_s, 1'700'000'000'000);
    service.serviceId = service.key.derivedServiceId();
    return service;
}

Instance eurekaInstance(const Service &service)
{
    Instance instance;
    instance.instanceId = u"legacy-1"_s;
    instance.app = u"LEGACY"_s;
    instance.hostName = u"legacy.example"_s;
    instance.ipAddr = u"10.0.0.9"_s;
    instance.port = PortInfo {8080, true};
    instance.securePort = PortInfo {8443, true};
    instance.vipAddress = u"legacy"_s;
    instance.metadata = {{u"zone"_s, u"b"_s}, {u"owner"_s, u"ops"_s}};
    instance.status = InstanceStatus::OutOfService;
    instance.overriddenStatus = InstanceStatus::OutOfService;
    instance.lease.durationSecs = 90;
    instance.lastDirtyTimestamp = 1'700'000'000'123;
    instance.serviceId = service.serviceId;
    instance.endpoints = {u"rest://10.0.0.9:8080"_s, u"rest://10.0.0.9:8443?sslEnabled=true"_s};
    instance.pinned = true;
    return instance;
}

Instance serviceCombInstance(const Service &service)
{
    Instance instance;
    instance.instanceId = u"billing-1"_s;
    instance.app = u"LEGACY-BILLING"_s;
    instance.appGroupName = service.key.appId;
    instance.hostName = u"billing-host"_s;
    instance.ipAddr = u"10.0.0.10"_s;
    instance.port = PortInfo {9090, true};
    instance.vipAddress = service.key.serviceName;
    instance.secureVipAddress = service.key.serviceName;
    instance.status = InstanceStatus::Testing;
    instance.lease.durationSecs = 120;
    instance.lastDirtyTimestamp = 1'700'000'000'456;
    instance.serviceId = service.serviceId;
    instance.endpoints = {u"rest://10.0.0.10:9090"_s};
    instance.healthCheck = HealthCheck {u"push"_s, 30, 3, 0, {}};
    instance.locality = Locality {u"dc1"_s, u"eu"_s, u"eu-1a"_s};
    instance.origin = Protocol::ServiceComb;
    instance.pinned = true;
    return instance;
}

PinnedEntries sampleEntries()
{
    const Service handMade = handMadeService();
    const Service app = eurekaAppService();
    PinnedEntries entries;
    entries.services = {handMade};
    entries.instances = {eurekaInstance(app), serviceCombInstance(handMade)};
    entries.instanceServices = {{app.serviceId, app}, {handMade.serviceId, handMade}};
    return entries;
}

// What the journal does not keep: the lease's timestamps start afresh on restore, and the
// registry stamps revisions and action types itself.
Instance withoutRuntimeFields(Instance instance)
{
    instance.lease = LeaseInfo {instance.lease.renewalIntervalSecs, instance.lease.durationSecs, 0, 0, 0, 0};
    instance.revision = 0;
    instance.actionType = ActionType::Added;
    instance.lastUpdatedTimestamp = 0;
    return instance;
}

// A journal as version 1 wrote it: each instance in Eureka's JSON, its statuses beside it (Eureka shows
// TESTING as UNKNOWN), and its Service-Center side in a "muster" field.
QByteArray versionOneJournal(const PinnedEntries &entries)
{
    QJsonArray services;
    for (const Service &service : entries.services)
        services.append(MusterJson::encodeService(service));
    QJsonArray instances;
    for (const Instance &instance : entries.instances) {
        const Service service = entries.instanceServices.value(instance.serviceId);
        QJsonObject extension {{u"service"_s, MusterJson::encodeService(service)},
                               {u"endpoints"_s, QJsonArray::fromStringList(instance.endpoints)},
                               {u"origin"_s, instance.origin == Protocol::Eureka ? u"eureka"_s : u"servicecomb"_s},
                               {u"pinned"_s, instance.pinned},
                               {u"locality"_s, QJsonObject {{u"name"_s, instance.locality.name},
                                                            {u"region"_s, instance.locality.region},
                                                            {u"availableZone"_s, instance.locality.availableZone}}}};
        if (const auto &check = instance.healthCheck) {
            extension.insert(u"healthCheck"_s, QJsonObject {{u"mode"_s, check->mode}, {u"interval"_s, check->intervalSecs},
                                                            {u"times"_s, check->times}, {u"port"_s, check->port},
                                                            {u"url"_s, check->url}});
        }
        instances.append(QJsonObject {{u"instanceInfo"_s, EurekaJsonCodec::encodeInstance(instance)},
                                      {u"status"_s, statusName(instance.status)},
                                      {u"overriddenStatus"_s, statusName(instance.overriddenStatus)},
                                      {u"muster"_s, extension}});
    }
    const QJsonObject root {{u"format"_s, u"muster-journal"_s}, {u"version"_s, 1},
                            {u"services"_s, services}, {u"instances"_s, instances}};
    return QJsonDocument(root).toJson();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}
}

class TestJournal : public QObject
{
    Q_OBJECT

private slots:
    void entriesComeBackAsWritten()
    {
        QTemporaryDir dir;
        Journal journal(dir.filePath(u"data"_s));   // created on the first write
        const PinnedEntries written = sampleEntries();
        QVERIFY2(journal.write(written), qPrintable(journal.errorString()));
        QCOMPARE(journal.filePath(), dir.filePath(u"data/journal.json"_s));

        const auto loaded = Journal(dir.filePath(u"data"_s)).load();
        QVERIFY(loaded);
        QVERIFY(loaded->movedAsideTo.isEmpty());
        QCOMPARE(loaded->unreadableEntries, 0);
        QCOMPARE(loaded->entries.services, written.services);
        QCOMPARE(loaded->entries.instanceServices, written.instanceServices);
        QCOMPARE(loaded->entries.instances.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const Instance expected = withoutRuntimeFields(written.instances[i]);
            const Instance actual = withoutRuntimeFields(loaded->entries.instances[i]);
            QVERIFY2(actual == expected, qPrintable(written.instances[i].instanceId));
        }
    }

    // A journal written before the entries were kept in Muster's own JSON is read as it was written.
    void aVersionOneJournalIsStillRead()
    {
        QTemporaryDir dir;
        Journal journal(dir.path());
        const PinnedEntries written = sampleEntries();
        QVERIFY(writeFile(journal.filePath(), versionOneJournal(written)));

        const auto loaded = journal.load();
        QVERIFY(loaded);
        QVERIFY(loaded->movedAsideTo.isEmpty());
        QCOMPARE(loaded->unreadableEntries, 0);
        QCOMPARE(loaded->entries.services, written.services);
        QCOMPARE(loaded->entries.instanceServices, written.instanceServices);
        QCOMPARE(loaded->entries.instances.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const Instance expected = withoutRuntimeFields(written.instances[i]);
            const Instance actual = withoutRuntimeFields(loaded->entries.instances[i]);
            QVERIFY2(actual == expected, qPrintable(written.instances[i].instanceId));
        }
    }

    void aMissingJournalIsEmpty()
    {
        QTemporaryDir dir;
        const auto loaded = Journal(dir.path()).load();
        QVERIFY(loaded);
        QVERIFY(loaded->entries.isEmpty());
        QVERIFY(loaded->movedAsideTo.isEmpty());
    }

    // The new file replaces the old by a rename: a reader holding the old file still reads all of
    // the old content, never a mix, and no temporary file is left behind.
    void aWriteReplacesTheFileWhole()
    {
        QTemporaryDir dir;
        Journal journal(dir.path());
        PinnedEntries first = sampleEntries();
        QVERIFY(journal.write(first));
        const QByteArray firstBytes = readFile(journal.filePath());
        QFile oldFile(journal.filePath());
        QVERIFY(oldFile.open(QIODevice::ReadOnly));

        PinnedEntries second = first;
        second.instances.removeLast();
        second.services.clear();
        QVERIFY(journal.write(second));

        QCOMPARE(oldFile.readAll(), firstBytes);
        QCOMPARE(readFile(journal.filePath()), Journal::encode(second));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {u"journal.json"_s});
    }

    void anUnreadableJournalIsMovedAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("truncated") << Journal::encode(sampleEntries()).left(200);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not a journal") << QByteArray(R"({"applications": {}})");
        QTest::newRow("future version") << QByteArray(R"({"format": "muster-journal", "version": 3, "services": [], "instances": []})");
    }

    void anUnreadableJournalIsMovedAside()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        Journal journal(dir.path());
        QVERIFY(writeFile(journal.filePath(), content));

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^the journal %1 is unreadable .* moved it aside to %1\\.corrupt-\\d{8}T\\d{9}Z"_s
                                                                  .arg(QRegularExpression::escape(journal.filePath()))));
        const auto loaded = journal.load();
        QVERIFY(loaded);
        QVERIFY(loaded->entries.isEmpty());
        QVERIFY(loaded->movedAsideTo.startsWith(journal.filePath() + u".corrupt-"_s));
        QCOMPARE(readFile(loaded->movedAsideTo), content);
        QVERIFY(!QFile::exists(journal.filePath()));
    }

    // Entries that can be read come back; the file is still kept aside, since the next write would
    // drop the rest.
    void aPartlyReadableJournalKeepsWhatItCan()
    {
        QTemporaryDir dir;
        Journal journal(dir.path());
        QByteArray content = Journal::encode(sampleEntries());
        QCOMPARE(content.count("\"instanceId\": \"billing-1\""), 1);
        content.replace("\"instanceId\": \"billing-1\"", "\"instanceId\": 7");
        QVERIFY(writeFile(journal.filePath(), content));

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"1 entries could not be read"_s));
        const auto loaded = journal.load();
        QVERIFY(loaded);
        QCOMPARE(loaded->unreadableEntries, 1);
        QCOMPARE(loaded->entries.instances.size(), 1);
        QCOMPARE(loaded->entries.instances.first().instanceId, u"legacy-1"_s);
        QCOMPARE(loaded->entries.services.size(), 1);
        QCOMPARE(readFile(loaded->movedAsideTo), content);
    }

    void aDirectoryThatCannotBeWrittenIsReported()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(u"a-file"_s), "x"));
        Journal journal(dir.filePath(u"a-file/data"_s));
        QVERIFY(!journal.write(sampleEntries()));
        QCOMPARE(journal.errorString(), u"cannot create the data directory %1"_s.arg(dir.filePath(u"a-file/data"_s)));
    }

    // Not a benchmark: the cost of one durable write (encode, write, fsync of file and directory),
    // printed for bench/README.md, and every write must succeed.
    void writeCost_data()
    {
        QTest::addColumn<int>("extraInstances");
        QTest::newRow("2 instances") << 0;
        QTest::newRow("52 instances") << 50;
    }

    void writeCost()
    {
        QFETCH(int, extraInstances);
        QTemporaryDir dir;
        Journal journal(dir.path());
        PinnedEntries entries = sampleEntries();
        const Instance base = entries.instances.first();
        for (int i = 0; i < extraInstances; ++i) {
            Instance copy = base;
            copy.instanceId = u"legacy-%1"_s.arg(i + 2);
            entries.instances.append(copy);
        }
        constexpr int writes = 50;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < writes; ++i)
            QVERIFY2(journal.write(entries), qPrintable(journal.errorString()));
        qInfo("journal of %lld instances, %lld bytes: %.2f ms per write", qlonglong(entries.instances.size()),
              qlonglong(QFileInfo(journal.filePath()).size()), double(timer.nsecsElapsed()) / 1e6 / writes);
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
