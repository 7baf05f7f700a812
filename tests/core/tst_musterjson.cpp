// SPDX-License-Identifier: GPL-3.0-or-later
// Muster's own JSON: every field of an instance and a service comes back exactly as written.
#include "model/musterjson.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// Every field set, none to its default, so a field the codec forgets shows as a difference.
Instance everyFieldSet()
{
    Instance instance;
    instance.instanceId = u"orders-7"_s;
    instance.app = u"ORDERS"_s;
    instance.appGroupName = u"shop"_s;
    instance.hostName = u"orders.example"_s;
    instance.ipAddr = u"10.1.2.3"_s;
    instance.sid = u"sid-9"_s;
    instance.port = PortInfo {8081, false};
    instance.securePort = PortInfo {8444, true};
    instance.countryId = 7;
    instance.dataCenterInfo = DataCenterInfo {u"Amazon"_s, {{u"instance-id"_s, u"i-123"_s}}};
    instance.lease = LeaseInfo {11, 33, 1'700'000'000'001, 1'700'000'000'002, 1'700'000'000'003, 1'700'000'000'004};
    instance.metadata = {{u"zone"_s, u"a"_s}, {u"weight"_s, u"3"_s}};
    instance.homePageUrl = u"http://orders/"_s;
    instance.statusPageUrl = u"http://orders/info"_s;
    instance.healthCheckUrl = u"http://orders/health"_s;
    instance.secureHealthCheckUrl = u"https://orders/health"_s;
    instance.vipAddress = u"orders"_s;
    instance.secureVipAddress = u"orders-secure"_s;
    instance.asgName = u"orders-asg"_s;
    instance.status = InstanceStatus::Testing;
    instance.overriddenStatus = InstanceStatus::OutOfService;
    instance.isCoordinatingDiscoveryServer = true;
    instance.lastUpdatedTimestamp = 1'700'000'000'005;
    instance.lastDirtyTimestamp = 1'700'000'000'006;
    instance.actionType = ActionType::Modified;
    instance.serviceId = u"svc-orders"_s;
    instance.endpoints = {u"rest://10.1.2.3:8081"_s, u"highway://10.1.2.3:7070"_s};
    instance.healthCheck = HealthCheck {u"pull"_s, 5, 2, 8081, u"/health"_s};
    instance.locality = Locality {u"dc"_s, u"eu"_s, u"eu-1b"_s};
    instance.origin = Protocol::ServiceComb;
    instance.pinned = true;
    return instance;
}

Service everyServiceFieldSet()
{
    Service service;
    service.serviceId = u"svc-orders"_s;
    service.key = ServiceKey {u"tenant/project"_s, u"production"_s, u"shop"_s, u"orders"_s, u"2.0.1"_s};
    service.alias = u"ord"_s;
    service.level = u"FRONT"_s;
    service.status = u"DOWN"_s;
    service.description = u"takes orders"_s;
    service.registerBy = u"SDK"_s;
    service.frameworkName = u"java-chassis"_s;
    service.frameworkVersion = u"2.8.0"_s;
    service.schemaIds = {u"a"_s, u"b"_s};
    service.schemas = {{u"a"_s, SchemaEntry {u"openapi: 3.0.0"_s, u"sum-a"_s}}};
    service.properties = {{u"allowCrossApp"_s, u"true"_s}};
    service.tags = {{u"tier"_s, u"gold"_s}};
    service.createdMs = 1'700'000'000'010;
    service.modifiedMs = 1'700'000'000'020;
    service.origin = Protocol::Eureka;
    service.pinned = true;
    return service;
}

// Through text, as the stores and peers see it.
QJsonObject throughText(const QJsonObject &object)
{
    return QJsonDocument::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).object();
}
}

class TestMusterJson : public QObject
{
    Q_OBJECT

private slots:
    void anInstanceComesBackWhole()
    {
        const Instance written = everyFieldSet();
        const auto read = MusterJson::decodeInstance(throughText(MusterJson::encodeInstance(written)));
        QVERIFY(read);
        QVERIFY(*read == written);
    }

    void theRevisionBelongsToTheRegistry()
    {
        Instance written = everyFieldSet();
        written.revision = 42;
        const auto read = MusterJson::decodeInstance(MusterJson::encodeInstance(written));
        QVERIFY(read);
        QCOMPARE(read->revision, quint64(0));
    }

    void anInstanceWithoutAHealthCheckHasNone()
    {
        Instance written = everyFieldSet();
        written.healthCheck.reset();
        const auto read = MusterJson::decodeInstance(MusterJson::encodeInstance(written));
        QVERIFY(read);
        QVERIFY(!read->healthCheck);
    }

    void aServiceComesBackWhole()
    {
        Service written = everyServiceFieldSet();
        const auto read = MusterJson::decodeService(throughText(MusterJson::encodeService(written)));
        QVERIFY(read);
        written.revision = 0;
        QVERIFY(*read == written);
    }

    void theServiceCombSideAloneFillsAnInstance()
    {
        const Instance written = everyFieldSet();
        Instance target;
        MusterJson::decodeServiceCombSide(MusterJson::encodeServiceCombSide(written), target);
        QCOMPARE(target.serviceId, written.serviceId);
        QCOMPARE(target.endpoints, written.endpoints);
        QVERIFY(target.healthCheck == written.healthCheck);
        QVERIFY(target.locality == written.locality);
        QCOMPARE(target.origin, written.origin);
        QCOMPARE(target.pinned, written.pinned);
    }

    void entriesWithoutTheirNamesAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("instanceId") << u"instanceId"_s;
        QTest::newRow("app") << u"app"_s;
    }

    void entriesWithoutTheirNamesAreRefused()
    {
        QFETCH(QString, field);
        QJsonObject object = MusterJson::encodeInstance(everyFieldSet());
        object.remove(field);
        QVERIFY(!MusterJson::decodeInstance(object));
        QJsonObject service = MusterJson::encodeService(everyServiceFieldSet());
        service.remove(u"serviceId"_s);
        QVERIFY(!MusterJson::decodeService(service));
    }
};

QTEST_GUILESS_MAIN(TestMusterJson)
#include "tst_musterjson.moc"
