// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center services over /v4 against a real node (contract servicecomb.md §1, §2.1-2.4, §2.13;
// checklist §8 items 1-11 and 37): version, health and the global SERVICECENTER service, create with
// defaults, validation and idempotency, invalid JSON, existence, get, list, tenants and properties.
// Every error is checked for the §1.2 body (QVERIFY_SC_ERROR).
#include "sctestnode.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// {"service": demo with field set to value}; an undefined value removes the field.
QByteArray serviceBody(const QString &field, const QJsonValue &value)
{
    QJsonObject service {{u"serviceName"_s, u"demo"_s}};
    if (value.isUndefined())
        service.remove(field);
    else
        service[field] = value;
    return compact({{u"service"_s, service}});
}

QStringList serviceNames(const QJsonArray &services)
{
    QStringList names;
    for (const QJsonValue service : services)
        names.append(service.toObject().value(u"serviceName").toString());
    names.sort();
    return names;
}
}

class TestScServices : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void versionReportsApiVersion_data();
    void versionReportsApiVersion();
    void healthListsThisNode_data();
    void healthListsThisNode();
    void serviceCenterIsAGlobalService();

    void createServiceAppliesDefaults();
    void createServiceKeepsGivenFields();
    void createServiceWithOwnId();
    void createServiceAcceptsValidFields_data();
    void createServiceAcceptsValidFields();
    void createServiceIsIdempotent();
    void createServiceWithConflictingIdFails();
    void createServiceRejectsInvalidFields_data();
    void createServiceRejectsInvalidFields();
    void createServiceWithInstances();
    void invalidJsonIsRejected_data();
    void invalidJsonIsRejected();

    void existence_data();
    void existence();
    void schemaExistence();
    void getService_data();
    void getService();
    void listServicesHidesServiceCenter();
    void listIsEmptyObjectWhenNothingMatches_data();
    void listIsEmptyObjectWhenNothingMatches();
    void projectsAndDomainsAreSeparateTenants();

    void servicePropertiesAreReplaced();
    void servicePropertiesIgnoreOtherFields();
    void servicePropertiesOfUnknownService();

private:
    QString fill(QString text) const;
    QString serviceCenterId();

    std::unique_ptr<ScTestNode> m_node;
    QString m_sid;   // set by tests that create "demo" and use {sid} placeholders
    QString m_iid;
};

void TestScServices::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestScServices::init()
{
    m_node = std::make_unique<ScTestNode>();
    QVERIFY(m_node->start());
    m_sid.clear();
    m_iid.clear();
}

void TestScServices::cleanup()
{
    m_node.reset();
}

QString TestScServices::fill(QString text) const
{
    return text.replace(u"{sid}"_s, m_sid).replace(u"{iid}"_s, m_iid);
}

QString TestScServices::serviceCenterId()
{
    const HttpReply health = m_node->scGet(reg(u"/health"_s));
    if (health.status != 200)
        qWarning("GET /health: %s", health.describe().constData());
    return ScTestNode::instancesOf(health).at(0).toObject().value(u"serviceId").toString();
}

void TestScServices::versionReportsApiVersion_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("apiVersion");
    QTest::newRow("v4") << reg(u"/version"_s) << u"4.0.0"_s;
    QTest::newRow("legacy") << u"/version"_s << u"3.0.0"_s;
}

// Checklist 1.
void TestScServices::versionReportsApiVersion()
{
    QFETCH(QString, path);
    QFETCH(QString, apiVersion);
    const HttpReply reply = m_node->scGet(path);
    QVERIFY_SC_JSON(reply);
    const QJsonObject version = reply.json();
    QCOMPARE(version.value(u"apiVersion").toString(), apiVersion);
    QVERIFY(version.value(u"version").isString());
    QVERIFY(!version.value(u"version").toString().isEmpty());
}

void TestScServices::healthListsThisNode_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("v4") << reg(u"/health"_s);
    QTest::newRow("legacy") << u"/health"_s;
}

// Checklist 2 and §2.13: one node, one SERVICECENTER instance, with the node's own REST endpoint.
void TestScServices::healthListsThisNode()
{
    QFETCH(QString, path);
    const HttpReply reply = m_node->scGet(path);
    QVERIFY_SC_JSON(reply);
    const QJsonArray instances = ScTestNode::instancesOf(reply);
    QCOMPARE(instances.size(), 1);
    const QJsonObject self = instances.first().toObject();
    QCOMPARE(self.value(u"endpoints").toArray(), QJsonArray {u"rest://127.0.0.1:%1/"_s.arg(m_node->port())});
    QCOMPARE(self.value(u"healthCheck").toObject(), ScTestNode::healthCheck(u"push"_s, 30, 3));
    QCOMPARE(self.value(u"status").toString(), u"UP"_s);
    QVERIFY(!self.value(u"instanceId").toString().isEmpty());
    QVERIFY(!self.value(u"hostName").toString().isEmpty());
    QVERIFY(ScTestNode::isRecentSecondsString(self.value(u"timestamp")));

    const QString serviceId = self.value(u"serviceId").toString();
    QVERIFY(!serviceId.isEmpty());
    const auto service = m_node->service(serviceId);
    QVERIFY2(service, "the health instance's serviceId must be a readable service");
    QCOMPARE(service->value(u"serviceName").toString(), u"SERVICECENTER"_s);
    QCOMPARE(self.value(u"version").toString(), service->value(u"version").toString());
}

// Checklist 2 and §3.5: SERVICECENTER is default/default, appId "default", allowCrossApp "true", and
// its instance can be read like any other.
void TestScServices::serviceCenterIsAGlobalService()
{
    const QString sid = serviceCenterId();
    QVERIFY(!sid.isEmpty());
    const HttpReply reply = m_node->scGet(reg(u"/microservices/"_s + sid));
    QVERIFY_SC_JSON(reply);
    const QJsonObject service = reply.json().value(u"service").toObject();
    QCOMPARE(service.value(u"serviceId").toString(), sid);
    QCOMPARE(service.value(u"serviceName").toString(), u"SERVICECENTER"_s);
    QCOMPARE(service.value(u"appId").toString(), u"default"_s);
    QCOMPARE(service.value(u"properties").toObject().value(u"allowCrossApp").toString(), u"true"_s);

    const QString iid = ScTestNode::instancesOf(m_node->scGet(reg(u"/health"_s))).at(0).toObject()
                            .value(u"instanceId").toString();
    const auto instance = m_node->scInstance(sid, iid);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"endpoints").toArray(), QJsonArray {u"rest://127.0.0.1:%1/"_s.arg(m_node->port())});
}

// Checklist 3 and §1.3, §1.4, §2.2.
void TestScServices::createServiceAppliesDefaults()
{
    const QJsonObject nameOnly {{u"serviceName"_s, u"demo"_s}};
    const HttpReply reply = m_node->scPost(reg(u"/microservices"_s), {{u"service"_s, nameOnly}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json().keys(), QStringList {u"serviceId"_s});
    const QString sid = reply.json().value(u"serviceId").toString();
    QVERIFY2(ScTestNode::isHex(sid, 40), qPrintable(sid));
    QCOMPARE(sid, ScTestNode::expectedServiceId(u"default"_s, u"demo"_s, u"0.0.1"_s));

    const HttpReply get = m_node->scGet(reg(u"/microservices/"_s + sid));
    QVERIFY_SC_JSON(get);
    const QJsonObject service = get.json().value(u"service").toObject();
    QCOMPARE(service.value(u"serviceId").toString(), sid);
    QCOMPARE(service.value(u"serviceName").toString(), u"demo"_s);
    QCOMPARE(service.value(u"appId").toString(), u"default"_s);
    QCOMPARE(service.value(u"version").toString(), u"0.0.1"_s);
    QCOMPARE(service.value(u"level").toString(), u"BACK"_s);
    QCOMPARE(service.value(u"status").toString(), u"UP"_s);
    QCOMPARE(service.value(u"environment").toString(), QString());
    QVERIFY2(ScTestNode::isRecentSecondsString(service.value(u"timestamp")), compact(service).constData());
    QVERIFY2(ScTestNode::isRecentSecondsString(service.value(u"modTimestamp")), compact(service).constData());
}

// §2.2: every field a client sends is kept; the server's timestamps replace the client's.
void TestScServices::createServiceKeepsGivenFields()
{
    const QJsonObject given {
        {u"appId"_s, u"shop"_s}, {u"serviceName"_s, u"orders"_s}, {u"version"_s, u"1.0.0"_s},
        {u"environment"_s, u"production"_s}, {u"level"_s, u"FRONT"_s}, {u"schemas"_s, QJsonArray {u"OrderApi"_s}},
        {u"status"_s, u"UP"_s}, {u"properties"_s, QJsonObject {{u"allowCrossApp"_s, u"false"_s}}},
        {u"framework"_s, QJsonObject {{u"name"_s, u"ServiceComb"_s}, {u"version"_s, u"3.0.0"_s}}},
        {u"registerBy"_s, u"SDK"_s}, {u"alias"_s, u"orders-alias"_s}, {u"description"_s, u"the orders"_s},
        {u"timestamp"_s, u"1"_s}, {u"modTimestamp"_s, u"1"_s},
    };
    SC_REQUIRE_ID(sid, m_node->createService(given));
    QCOMPARE(sid, ScTestNode::expectedServiceId(u"shop"_s, u"orders"_s, u"1.0.0"_s, u"production"_s));
    const auto service = m_node->service(sid);
    QVERIFY(service);
    for (const QString &field : {u"appId"_s, u"serviceName"_s, u"version"_s, u"environment"_s, u"level"_s,
                                 u"schemas"_s, u"status"_s, u"properties"_s, u"framework"_s, u"registerBy"_s,
                                 u"alias"_s, u"description"_s})
        QVERIFY2(service->value(field) == given.value(field),
                 qPrintable(field + u": "_s + QString::fromUtf8(compact(*service))));
    QVERIFY(ScTestNode::isRecentSecondsString(service->value(u"timestamp")));
    QVERIFY(ScTestNode::isRecentSecondsString(service->value(u"modTimestamp")));
}

// §1.3: a caller may choose its own serviceId.
void TestScServices::createServiceWithOwnId()
{
    QJsonObject service = ScTestNode::serviceFixture(u"custom"_s);
    service[u"serviceId"_s] = u"my-service-1"_s;
    const HttpReply reply = m_node->scPost(reg(u"/microservices"_s), {{u"service"_s, service}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"serviceId"_s, u"my-service-1"_s}}));
    QCOMPARE(m_node->service(u"my-service-1"_s).value_or(QJsonObject()).value(u"serviceName").toString(), u"custom"_s);
}

void TestScServices::createServiceAcceptsValidFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("echoed");   // GET shows the value as given
    QTest::newRow("appId with . - _") << u"appId"_s << QJsonValue(u"a.b-c_d"_s) << true;
    QTest::newRow("appId one char") << u"appId"_s << QJsonValue(u"A"_s) << true;
    QTest::newRow("appId 160 chars") << u"appId"_s << QJsonValue(QString(160, u'a')) << true;
    QTest::newRow("serviceName 128 chars") << u"serviceName"_s << QJsonValue(QString(128, u'n')) << true;
    QTest::newRow("serviceName with . - _") << u"serviceName"_s << QJsonValue(u"my_demo-svc.v2"_s) << true;
    QTest::newRow("version 1 part") << u"version"_s << QJsonValue(u"1"_s) << true;
    QTest::newRow("version 4 parts") << u"version"_s << QJsonValue(u"1.2.3.4"_s) << true;
    QTest::newRow("version max parts") << u"version"_s << QJsonValue(u"32767.32767.32767.32767"_s) << true;
    for (const QString &environment : {u"development"_s, u"testing"_s, u"acceptance"_s, u"production"_s})
        QTest::addRow("environment %s", qPrintable(environment)) << u"environment"_s << QJsonValue(environment) << true;
    for (const QString &level : {u"FRONT"_s, u"MIDDLE"_s, u"BACK"_s})
        QTest::addRow("level %s", qPrintable(level)) << u"level"_s << QJsonValue(level) << true;
    QTest::newRow("status DOWN") << u"status"_s << QJsonValue(u"DOWN"_s) << true;
    QTest::newRow("schemas") << u"schemas"_s << QJsonValue(QJsonArray {u"a"_s, u"Api_v1.2-x"_s}) << true;
    QTest::newRow("registerBy SIDECAR") << u"registerBy"_s << QJsonValue(u"SIDECAR"_s) << true;
    QTest::newRow("registerBy PLATFORM") << u"registerBy"_s << QJsonValue(u"PLATFORM"_s) << true;
    QTest::newRow("alias with colon") << u"alias"_s << QJsonValue(u"demo:alias"_s) << true;
    QTest::newRow("description 256 chars") << u"description"_s << QJsonValue(QString(256, u'd')) << true;
    QTest::newRow("unknown field") << u"unknownField"_s << QJsonValue(QJsonObject {{u"x"_s, 1}}) << false;
    QTest::newRow("client timestamp in ms") << u"timestamp"_s << QJsonValue(u"1700000000000"_s) << false;
}

// §1.3, §1.4: valid values are stored; unknown fields are tolerated.
void TestScServices::createServiceAcceptsValidFields()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(bool, echoed);
    const HttpReply reply = m_node->scSend("POST", reg(u"/microservices"_s), serviceBody(field, value));
    QVERIFY_SC_JSON(reply);
    const QString sid = reply.json().value(u"serviceId").toString();
    QVERIFY(!sid.isEmpty());
    const auto service = m_node->service(sid);
    QVERIFY(service);
    if (echoed)
        QCOMPARE(service->value(field), value);
    else
        QVERIFY(service->value(field) != value);
}

// Checklist 4 and §0.4: the same key gives the same id, also when the caller names that id.
void TestScServices::createServiceIsIdempotent()
{
    SC_REQUIRE_ID(first, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(second, m_node->createService(u"demo"_s));
    QCOMPARE(second, first);
    QJsonObject withId = ScTestNode::serviceFixture(u"demo"_s);
    withId[u"serviceId"_s] = first;
    SC_REQUIRE_ID(third, m_node->createService(withId));
    QCOMPARE(third, first);
    const HttpReply list = m_node->scGet(reg(u"/microservices"_s));
    QCOMPARE(serviceNames(list.json().value(u"services").toArray()), QStringList {u"demo"_s});
}

// Checklist 5 and §2.2: 400010 for an explicit id that conflicts either way.
void TestScServices::createServiceWithConflictingIdFails()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    QJsonObject otherId = ScTestNode::serviceFixture(u"demo"_s);
    otherId[u"serviceId"_s] = u"other-id"_s;
    QVERIFY_SC_ERROR(m_node->scPost(reg(u"/microservices"_s), {{u"service"_s, otherId}}), "400010");
    QVERIFY(!m_node->service(u"other-id"_s));

    QJsonObject otherKey = ScTestNode::serviceFixture(u"demo2"_s);
    otherKey[u"serviceId"_s] = sid;
    QVERIFY_SC_ERROR(m_node->scPost(reg(u"/microservices"_s), {{u"service"_s, otherKey}}), "400010");
    QCOMPARE(m_node->service(sid).value_or(QJsonObject()).value(u"serviceName").toString(), u"demo"_s);
}

void TestScServices::createServiceRejectsInvalidFields_data()
{
    QTest::addColumn<QByteArray>("body");
    const auto row = [](const char *name, const QString &field, const QJsonValue &value) {
        QTest::newRow(name) << serviceBody(field, value);
    };
    row("serviceName with a space", u"serviceName"_s, u"bad name"_s);
    row("serviceName empty", u"serviceName"_s, u""_s);
    row("serviceName missing", u"serviceName"_s, QJsonValue(QJsonValue::Undefined));
    row("serviceName 129 chars", u"serviceName"_s, QString(129, u'n'));
    row("serviceName starts with -", u"serviceName"_s, u"-demo"_s);
    row("serviceName ends with .", u"serviceName"_s, u"demo."_s);
    row("appId with a space", u"appId"_s, u"bad app"_s);
    row("appId 161 chars", u"appId"_s, QString(161, u'a'));
    row("version 5 parts", u"version"_s, u"1.2.3.4.5"_s);
    row("version part over 32767", u"version"_s, u"1.32768"_s);
    row("version not numeric", u"version"_s, u"a.b"_s);
    row("environment prod", u"environment"_s, u"prod"_s);
    row("level TOP", u"level"_s, u"TOP"_s);
    row("service status STARTING", u"status"_s, u"STARTING"_s);
    row("schema id with a space", u"schemas"_s, QJsonArray {u"bad schema"_s});
    row("registerBy BOT", u"registerBy"_s, u"BOT"_s);
    row("alias with a space", u"alias"_s, u"bad alias"_s);
    row("description 257 chars", u"description"_s, QString(257, u'd'));
    row("serviceId with whitespace", u"serviceId"_s, u"a b"_s);
    row("serviceId 65 chars", u"serviceId"_s, QString(65, u's'));
    QTest::newRow("no service") << QByteArray("{}");
}

// Checklist 6 and §1.4: 400001, and nothing is created.
void TestScServices::createServiceRejectsInvalidFields()
{
    QFETCH(QByteArray, body);
    QVERIFY_SC_ERROR(m_node->scSend("POST", reg(u"/microservices"_s), body), "400001");
    const HttpReply list = m_node->scGet(reg(u"/microservices"_s));
    QVERIFY_STATUS(list, 200);
    QCOMPARE(list.body, QByteArray("{}"));
}

// §2.2: instances in the create body are registered right away.
void TestScServices::createServiceWithInstances()
{
    const QJsonObject body {{u"service"_s, ScTestNode::serviceFixture(u"demo"_s)},
                            {u"instances"_s, QJsonArray {ScTestNode::instanceFixture(u"h1"_s)}}};
    const HttpReply reply = m_node->scPost(reg(u"/microservices"_s), body);
    QVERIFY_SC_JSON(reply);
    const QString sid = reply.json().value(u"serviceId").toString();
    QCOMPARE(sid, ScTestNode::expectedServiceId(u"default"_s, u"demo"_s, u"0.0.1"_s));
    const QJsonArray instances = ScTestNode::instancesOf(m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(sid))));
    QCOMPARE(instances.size(), 1);
    QCOMPARE(instances.first().toObject().value(u"hostName").toString(), u"h1"_s);
    QCOMPARE(instances.first().toObject().value(u"serviceId").toString(), sid);
}

void TestScServices::invalidJsonIsRejected_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::newRow("create service") << QByteArray("POST") << reg(u"/microservices"_s);
    QTest::newRow("batch delete") << QByteArray("DELETE") << reg(u"/microservices"_s);
    QTest::newRow("service properties") << QByteArray("PUT") << reg(u"/microservices/{sid}/properties"_s);
    QTest::newRow("register instance") << QByteArray("POST") << reg(u"/microservices/{sid}/instances"_s);
    QTest::newRow("instance properties") << QByteArray("PUT") << reg(u"/microservices/{sid}/instances/{iid}/properties"_s);
    QTest::newRow("batch heartbeat") << QByteArray("PUT") << reg(u"/heartbeats"_s);
    QTest::newRow("replace schemas") << QByteArray("POST") << reg(u"/microservices/{sid}/schemas"_s);
    QTest::newRow("put schema") << QByteArray("PUT") << reg(u"/microservices/{sid}/schemas/DemoApi"_s);
    QTest::newRow("batch find") << QByteArray("POST") << reg(u"/instances/action?type=query"_s);
}

// Checklist 7 and §1.2: 400001 with a JSON body and a detail.
void TestScServices::invalidJsonIsRejected()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    m_sid = m_node->createService(u"demo"_s);
    QVERIFY2(!m_sid.isEmpty(), ScTestNode::lastFailure().constData());
    m_iid = m_node->registerInstance(m_sid);
    QVERIFY2(!m_iid.isEmpty(), ScTestNode::lastFailure().constData());
    const HttpReply reply = m_node->scSend(verb, fill(path), "{not json");
    QVERIFY_SC_ERROR(reply, "400001");
    QVERIFY(!reply.json().value(u"detail").toString().isEmpty());
}

void TestScServices::existence_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("code");   // empty: found
    const QString base = u"type=microservice&appId=default&serviceName=demo"_s;
    QTest::newRow("found") << base + u"&version=0.0.1"_s << QByteArray();
    QTest::newRow("found with env=") << base + u"&version=0.0.1&env="_s << QByteArray();
    QTest::newRow("by alias") << u"type=microservice&appId=default&serviceName=demo-alias&version=0.0.1"_s << QByteArray();
    QTest::newRow("other version") << base + u"&version=9.9.9"_s << QByteArray("400026");
    QTest::newRow("unknown name") << u"type=microservice&appId=default&serviceName=nope&version=0.0.1"_s
                                  << QByteArray("400012");
    QTest::newRow("unknown app") << u"type=microservice&appId=nope&serviceName=demo&version=0.0.1"_s
                                 << QByteArray("400012");
    QTest::newRow("other environment") << base + u"&version=0.0.1&env=production"_s << QByteArray("400012");
    QTest::newRow("no version") << base << QByteArray("400001");
    QTest::newRow("bad version") << base + u"&version=1.2.3.4.5"_s << QByteArray("400001");
    QTest::newRow("no serviceName") << u"type=microservice&appId=default&version=0.0.1"_s << QByteArray("400001");
    QTest::newRow("no appId") << u"type=microservice&serviceName=demo&version=0.0.1"_s << QByteArray("400001");
    QTest::newRow("type foo") << u"type=foo&appId=default&serviceName=demo&version=0.0.1"_s << QByteArray("400001");
    QTest::newRow("no type") << u"appId=default&serviceName=demo&version=0.0.1"_s << QByteArray("400001");
}

// Checklist 8 and §2.3.
void TestScServices::existence()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, code);
    QJsonObject demo = ScTestNode::serviceFixture(u"demo"_s);
    demo[u"alias"_s] = u"demo-alias"_s;
    SC_REQUIRE_ID(sid, m_node->createService(demo));
    const HttpReply reply = m_node->scGet(reg(u"/existence?"_s + query));
    if (code.isEmpty()) {
        QVERIFY_SC_JSON(reply);
        QCOMPARE(reply.json(), (QJsonObject {{u"serviceId"_s, sid}}));
    } else {
        QVERIFY_SC_ERROR(reply, code);
    }
}

// §2.3: type=schema answers the ids and the summary header.
void TestScServices::schemaExistence()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/schemas/DemoApi"_s.arg(sid)),
                                      {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
    const HttpReply reply = m_node->scGet(reg(u"/existence?type=schema&serviceId=%1&schemaId=DemoApi"_s.arg(sid)));
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"serviceId"_s, sid}, {u"schemaId"_s, u"DemoApi"_s}}));
    QCOMPARE(reply.header("X-Schema-Summary"), QByteArray("s1"));
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/existence?type=schema&serviceId=%1&schemaId=Nope"_s.arg(sid))), "400016");
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/existence?type=schema&serviceId=nope&schemaId=DemoApi"_s)), "400012");
}

void TestScServices::getService_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("known") << u"{sid}"_s << QByteArray();
    QTest::newRow("unknown") << u"0123456789abcdef0123456789abcdef01234567"_s << QByteArray("400012");
    QTest::newRow("with a space") << u"a%20b"_s << QByteArray("400001");
    QTest::newRow("65 chars") << QString(65, u'a') << QByteArray("400001");
}

// Checklist 9 and §2.4.
void TestScServices::getService()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, code);
    m_sid = m_node->createService(u"demo"_s);
    QVERIFY2(!m_sid.isEmpty(), ScTestNode::lastFailure().constData());
    const HttpReply reply = m_node->scGet(reg(u"/microservices/"_s + fill(id)));
    if (code.isEmpty()) {
        QVERIFY_SC_JSON(reply);
        QCOMPARE(reply.json().keys(), QStringList {u"service"_s});
        QCOMPARE(reply.json().value(u"service").toObject().value(u"serviceId").toString(), m_sid);
    } else {
        QVERIFY_SC_ERROR(reply, code);
    }
}

// Checklist 10 and §2.4: SERVICECENTER only with withShared=true.
void TestScServices::listServicesHidesServiceCenter()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(orders, m_node->createService(u"orders"_s, u"shop"_s, u"1.0.0"_s, u"production"_s));
    const HttpReply plain = m_node->scGet(reg(u"/microservices"_s));
    QVERIFY_SC_JSON(plain);
    QCOMPARE(serviceNames(plain.json().value(u"services").toArray()), (QStringList {u"demo"_s, u"orders"_s}));
    const auto listed = ScTestNode::findById(plain.json().value(u"services").toArray(), u"serviceId"_s, orders);
    QVERIFY(listed);
    QCOMPARE(listed->value(u"appId").toString(), u"shop"_s);
    QCOMPARE(listed->value(u"environment").toString(), u"production"_s);

    const HttpReply shared = m_node->scGet(reg(u"/microservices?withShared=true"_s));
    QVERIFY_SC_JSON(shared);
    QCOMPARE(serviceNames(shared.json().value(u"services").toArray()),
             (QStringList {u"SERVICECENTER"_s, u"demo"_s, u"orders"_s}));
}

void TestScServices::listIsEmptyObjectWhenNothingMatches_data()
{
    QTest::addColumn<QByteArray>("domain");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("createDemo");
    QTest::newRow("fresh node") << QByteArray("default") << u"default"_s << QString() << false;
    QTest::newRow("other domain") << QByteArray("nobody") << u"default"_s << QString() << true;
    QTest::newRow("other domain, withShared") << QByteArray("nobody") << u"default"_s << u"?withShared=true"_s << true;
    QTest::newRow("other project") << QByteArray("default") << u"other"_s << QString() << true;
}

// Checklist 10 and §1.3: an empty list is the body "{}".
void TestScServices::listIsEmptyObjectWhenNothingMatches()
{
    QFETCH(QByteArray, domain);
    QFETCH(QString, project);
    QFETCH(QString, query);
    QFETCH(bool, createDemo);
    if (createDemo)
        QVERIFY2(!m_node->createService(u"demo"_s).isEmpty(), ScTestNode::lastFailure().constData());
    const HttpReply reply = m_node->scGet(ScTestNode::registryPath(u"/microservices"_s, project) + query,
                                          {{"X-Domain-Name", domain}});
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.body, QByteArray("{}"));
}

// §1.1, §1.3: data is keyed by domain/project; the id hashes the tenant in.
void TestScServices::projectsAndDomainsAreSeparateTenants()
{
    SC_REQUIRE_ID(inDefault, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(inOther, m_node->createService(ScTestNode::serviceFixture(u"demo"_s), u"other"_s));
    QCOMPARE(inOther, ScTestNode::expectedServiceId(u"default"_s, u"demo"_s, u"0.0.1"_s, {}, u"default/other"_s));
    QVERIFY(inOther != inDefault);
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/microservices/"_s + inOther)), "400012");
    QVERIFY_SC_JSON(m_node->scGet(ScTestNode::registryPath(u"/microservices/"_s + inOther, u"other"_s)));

    const HttpReply acme = m_node->scPost(reg(u"/microservices"_s), {{u"service"_s, ScTestNode::serviceFixture(u"demo"_s)}},
                                          {{"X-Domain-Name", "acme"}});
    QVERIFY_SC_JSON(acme);
    const QString inAcme = acme.json().value(u"serviceId").toString();
    QCOMPARE(inAcme, ScTestNode::expectedServiceId(u"default"_s, u"demo"_s, u"0.0.1"_s, {}, u"acme/default"_s));
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/microservices/"_s + inAcme)), "400012");
    QVERIFY_SC_JSON(m_node->scGet(reg(u"/microservices/"_s + inAcme), {{"X-Domain-Name", "acme"}}));
}

// Checklist 11 and §2.4: PUT replaces the map and bumps modTimestamp.
void TestScServices::servicePropertiesAreReplaced()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const QString path = reg(u"/microservices/%1/properties"_s.arg(sid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"a"_s, u"1"_s}}}}));
    auto service = m_node->service(sid);
    QVERIFY(service);
    QCOMPARE(service->value(u"properties").toObject(), (QJsonObject {{u"a"_s, u"1"_s}}));
    const qint64 before = service->value(u"modTimestamp").toString().toLongLong();
    QVERIFY(before > 0);

    // Timestamps are in seconds: let the clock pass the one just stored.
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > before, 3000);
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"b"_s, u"2"_s}}}}));
    service = m_node->service(sid);
    QVERIFY(service);
    QCOMPARE(service->value(u"properties").toObject(), (QJsonObject {{u"b"_s, u"2"_s}}));
    QVERIFY2(service->value(u"modTimestamp").toString().toLongLong() > before, compact(*service).constData());
}

// §2.4: clients send whole services to this endpoint; only properties count.
void TestScServices::servicePropertiesIgnoreOtherFields()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const QString path = reg(u"/microservices/%1/properties"_s.arg(sid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {{u"c"_s, u"3"_s}}},
                                             {u"serviceName"_s, u"other"_s},
                                             {u"version"_s, u"9.9.9"_s},
                                             {u"framework"_s, QJsonObject {{u"name"_s, u"ServiceComb"_s}}}}));
    auto service = m_node->service(sid);
    QVERIFY(service);
    QCOMPARE(service->value(u"properties").toObject(), (QJsonObject {{u"c"_s, u"3"_s}}));
    QCOMPARE(service->value(u"serviceName").toString(), u"demo"_s);
    QCOMPARE(service->value(u"version").toString(), u"0.0.1"_s);

    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"properties"_s, QJsonObject {}}}));
    service = m_node->service(sid);
    QVERIFY(service);
    QVERIFY(service->value(u"properties").toObject().isEmpty());
}

void TestScServices::servicePropertiesOfUnknownService()
{
    QVERIFY_SC_ERROR(m_node->scPut(reg(u"/microservices/nope/properties"_s),
                                   {{u"properties"_s, QJsonObject {{u"a"_s, u"1"_s}}}}),
                     "400012");
}

QTEST_GUILESS_MAIN(TestScServices)
#include "tst_scservices.moc"
