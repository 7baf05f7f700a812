// SPDX-License-Identifier: GPL-3.0-or-later
// Managing Service-Center services over /v4 against a real node (contract servicecomb.md §1.1, §2.4,
// §2.5, §2.14, §2.15; checklist §8 items 12, 35, 36, 38-40): schemas, delete with and without force,
// batch delete, 404/405/CORS, the govern API used by the UIs, and the admin dump.
#include "sctestnode.h"

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
}

class TestScManagement : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void schemaUpsertAndRead();
    void schemaList_data();
    void schemaList();
    void schemaListWithoutSchemasIsEmptyObject();
    void schemaErrors_data();
    void schemaErrors();
    void schemasReplaceTheWholeSet();
    void deleteSchema();

    void deleteServiceWithInstances_data();
    void deleteServiceWithInstances();
    void deleteServiceWithoutInstances();
    void deleteServiceWithConsumersNeedsForce();
    void deleteServiceCenterIsRefused_data();
    void deleteServiceCenterIsRefused();
    void batchDeleteServices();
    void batchDeleteWithoutForceKeepsServicesWithInstances();

    void unknownPathIs404_data();
    void unknownPathIs404();
    void wrongMethodIs405WithAllow_data();
    void wrongMethodIs405WithAllow();
    void corsPreflight();
    void corsOnSimpleRequest();

    void governMicroservices();
    void governCountOnly_data();
    void governCountOnly();
    void governServiceDetail();
    void governApps();
    void adminDump();

private:
    QString fill(QString text) const;
    QString serviceCenterId();

    std::unique_ptr<ScTestNode> m_node;
    QString m_sid;   // set by tests that create "demo" and use {sid} placeholders
};

void TestScManagement::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestScManagement::init()
{
    m_node = std::make_unique<ScTestNode>();
    QVERIFY(m_node->start());
    m_sid.clear();
}

void TestScManagement::cleanup()
{
    m_node.reset();
}

QString TestScManagement::fill(QString text) const
{
    return text.replace(u"{sid}"_s, m_sid);
}

QString TestScManagement::serviceCenterId()
{
    const HttpReply health = m_node->scGet(reg(u"/health"_s));
    if (health.status != 200)
        qWarning("GET /health: %s", health.describe().constData());
    return ScTestNode::instancesOf(health).at(0).toObject().value(u"serviceId").toString();
}

// Checklist 12 and §2.5: PUT upserts the content and adds the id to service.schemas once.
void TestScManagement::schemaUpsertAndRead()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const QString path = reg(u"/microservices/%1/schemas/DemoApi"_s.arg(sid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
    QCOMPARE(m_node->service(sid).value_or(QJsonObject()).value(u"schemas").toArray(), QJsonArray {u"DemoApi"_s});

    HttpReply reply = m_node->scGet(path);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"schema"_s, u"openapi: 3.0.0"_s}}));
    QCOMPARE(reply.header("X-Schema-Summary"), QByteArray("s1"));

    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"schema"_s, u"openapi: 3.0.1"_s}, {u"summary"_s, u"s2"_s}}));
    reply = m_node->scGet(path);
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.json(), (QJsonObject {{u"schema"_s, u"openapi: 3.0.1"_s}}));
    QCOMPARE(reply.header("X-Schema-Summary"), QByteArray("s2"));
    QCOMPARE(m_node->service(sid).value_or(QJsonObject()).value(u"schemas").toArray(), QJsonArray {u"DemoApi"_s});
}

void TestScManagement::schemaList_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("withContent");
    QTest::newRow("no withSchema") << QString() << false;
    QTest::newRow("withSchema=0") << u"?withSchema=0"_s << false;
    QTest::newRow("withSchema=1") << u"?withSchema=1"_s << true;
}

// Checklist 12 and §2.5: the content only with withSchema=1.
void TestScManagement::schemaList()
{
    QFETCH(QString, query);
    QFETCH(bool, withContent);
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/schemas/DemoApi"_s.arg(sid)),
                                      {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
    const HttpReply reply = m_node->scGet(reg(u"/microservices/%1/schemas"_s.arg(sid)) + query);
    QVERIFY_SC_JSON(reply);
    QJsonObject expected {{u"schemaId"_s, u"DemoApi"_s}, {u"summary"_s, u"s1"_s}};
    if (withContent)
        expected[u"schema"_s] = u"openapi: 3.0.0"_s;
    QCOMPARE(reply.json(), (QJsonObject {{u"schemas"_s, QJsonArray {expected}}}));
}

void TestScManagement::schemaListWithoutSchemasIsEmptyObject()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const HttpReply reply = m_node->scGet(reg(u"/microservices/%1/schemas"_s.arg(sid)));
    QVERIFY_SC_JSON(reply);
    QCOMPARE(reply.body, QByteArray("{}"));
}

void TestScManagement::schemaErrors_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("code");
    const QByteArray schema = R"({"schema":"openapi: 3.0.0","summary":"s1"})";
    QTest::newRow("withSchema=2") << QByteArray("GET") << reg(u"/microservices/{sid}/schemas?withSchema=2"_s)
                                  << QByteArray() << QByteArray("400001");
    QTest::newRow("get unknown schema") << QByteArray("GET") << reg(u"/microservices/{sid}/schemas/Nope"_s)
                                        << QByteArray() << QByteArray("400016");
    QTest::newRow("delete unknown schema") << QByteArray("DELETE") << reg(u"/microservices/{sid}/schemas/Nope"_s)
                                           << QByteArray() << QByteArray("400016");
    QTest::newRow("list for unknown service") << QByteArray("GET") << reg(u"/microservices/nope/schemas"_s)
                                              << QByteArray() << QByteArray("400012");
    QTest::newRow("put for unknown service") << QByteArray("PUT") << reg(u"/microservices/nope/schemas/DemoApi"_s)
                                             << schema << QByteArray("400012");
    QTest::newRow("put bad schema id") << QByteArray("PUT") << reg(u"/microservices/{sid}/schemas/bad%20id"_s)
                                       << schema << QByteArray("400001");
}

// Checklist 12 and §2.5.
void TestScManagement::schemaErrors()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, code);
    m_sid = m_node->createService(u"demo"_s);
    QVERIFY2(!m_sid.isEmpty(), ScTestNode::lastFailure().constData());
    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/schemas/DemoApi"_s.arg(m_sid)),
                                      {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
    QVERIFY_SC_ERROR(m_node->scSend(verb, fill(path), body), code);
}

// §2.5: POST …/schemas replaces the set and service.schemas with it.
void TestScManagement::schemasReplaceTheWholeSet()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const QString schemas = reg(u"/microservices/%1/schemas"_s.arg(sid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(schemas + u"/DemoApi"_s, {{u"schema"_s, u"d"_s}, {u"summary"_s, u"sd"_s}}));
    const QJsonArray set {QJsonObject {{u"schemaId"_s, u"A"_s}, {u"schema"_s, u"a"_s}, {u"summary"_s, u"sa"_s}},
                          QJsonObject {{u"schemaId"_s, u"B"_s}, {u"schema"_s, u"b"_s}, {u"summary"_s, u"sb"_s}}};
    QVERIFY_SC_EMPTY_OK(m_node->scPost(schemas, {{u"schemas"_s, set}}));

    QJsonArray listed = m_node->service(sid).value_or(QJsonObject()).value(u"schemas").toArray();
    QStringList ids;
    for (const QJsonValue id : listed)
        ids.append(id.toString());
    ids.sort();
    QCOMPARE(ids, (QStringList {u"A"_s, u"B"_s}));
    QVERIFY_SC_ERROR(m_node->scGet(schemas + u"/DemoApi"_s), "400016");
    const HttpReply a = m_node->scGet(schemas + u"/A"_s);
    QVERIFY_SC_JSON(a);
    QCOMPARE(a.json(), (QJsonObject {{u"schema"_s, u"a"_s}}));
    QCOMPARE(a.header("X-Schema-Summary"), QByteArray("sa"));
    const HttpReply all = m_node->scGet(schemas + u"?withSchema=1"_s);
    QVERIFY_SC_JSON(all);
    listed = all.json().value(u"schemas").toArray();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(ScTestNode::findById(listed, u"schemaId"_s, u"B"_s).value_or(QJsonObject()), set.at(1).toObject());
}

void TestScManagement::deleteSchema()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    const QString path = reg(u"/microservices/%1/schemas/A"_s.arg(sid));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(path, {{u"schema"_s, u"a"_s}, {u"summary"_s, u"sa"_s}}));
    QVERIFY_SC_EMPTY_OK(m_node->scDelete(path));
    QVERIFY_SC_ERROR(m_node->scGet(path), "400016");
    QVERIFY_SC_ERROR(m_node->scDelete(path), "400016");
}

void TestScManagement::deleteServiceWithInstances_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("code");   // empty: deleted
    QTest::newRow("no force") << QString() << QByteArray("400013");
    QTest::newRow("force=false") << u"?force=false"_s << QByteArray("400013");
    QTest::newRow("force=0") << u"?force=0"_s << QByteArray("400013");
    QTest::newRow("force=abc") << u"?force=abc"_s << QByteArray("400001");
    QTest::newRow("force=true") << u"?force=true"_s << QByteArray();
    QTest::newRow("force=1") << u"?force=1"_s << QByteArray();
}

// Checklist 35 and §2.4: a service with instances goes only with force, and takes them along.
void TestScManagement::deleteServiceWithInstances()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, code);
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(sid));
    const QString path = reg(u"/microservices/"_s + sid);
    if (!code.isEmpty()) {
        QVERIFY_SC_ERROR(m_node->scDelete(path + query), code);
        QVERIFY(m_node->service(sid));
        QVERIFY(m_node->scInstance(sid, iid));
        return;
    }
    QVERIFY_SC_EMPTY_OK(m_node->scDelete(path + query));
    QVERIFY_SC_ERROR(m_node->scGet(path), "400012");
    QVERIFY_SC_ERROR(m_node->heartbeat(sid, iid), "400017");
    QVERIFY_SC_ERROR(m_node->scGet(reg(u"/microservices/%1/instances"_s.arg(sid))), "400012");
    QVERIFY_SC_ERROR(m_node->find(u"default"_s, u"demo"_s), "400012");
    QVERIFY_SC_ERROR(m_node->scDelete(path + query), "400012");
}

void TestScManagement::deleteServiceWithoutInstances()
{
    SC_REQUIRE_ID(sid, m_node->createService(u"demo"_s));
    QVERIFY_SC_EMPTY_OK(m_node->scDelete(reg(u"/microservices/"_s + sid)));
    QVERIFY(!m_node->service(sid));
    QVERIFY_SC_ERROR(m_node->scDelete(reg(u"/microservices/"_s + sid)), "400012");
}

// §2.4: a find with X-ConsumerId makes a dependency; the provider then needs force.
void TestScManagement::deleteServiceWithConsumersNeedsForce()
{
    SC_REQUIRE_ID(provider, m_node->createService(u"provider"_s));
    SC_REQUIRE_ID(consumer, m_node->createService(u"consumer"_s));
    const HttpReply found = m_node->find(u"default"_s, u"provider"_s, consumer);
    QVERIFY_SC_JSON(found);
    QCOMPARE(found.body, QByteArray("{}"));
    QVERIFY_SC_ERROR(m_node->scDelete(reg(u"/microservices/"_s + provider)), "400023");
    QVERIFY(m_node->service(provider));
    QVERIFY_SC_EMPTY_OK(m_node->scDelete(reg(u"/microservices/%1?force=true"_s.arg(provider))));
    QVERIFY(!m_node->service(provider));
}

void TestScManagement::deleteServiceCenterIsRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("no force") << QString();
    QTest::newRow("force=true") << u"?force=true"_s;
}

// Checklist 35: the node's own service cannot be deleted.
void TestScManagement::deleteServiceCenterIsRefused()
{
    QFETCH(QString, query);
    const QString sid = serviceCenterId();
    QVERIFY(!sid.isEmpty());
    QVERIFY_SC_ERROR(m_node->scDelete(reg(u"/microservices/"_s + sid) + query), "400001");
    QVERIFY(m_node->service(sid));
    QCOMPARE(ScTestNode::instancesOf(m_node->scGet(reg(u"/health"_s))).size(), 1);
}

// Checklist 36 and §2.0: per-service results; errMessage only on failures.
void TestScManagement::batchDeleteServices()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(demo));
    SC_REQUIRE_ID(orders, m_node->createService(u"orders"_s));
    const QByteArray body = compact({{u"serviceIds"_s, QJsonArray {demo, u"nope"_s}}, {u"force"_s, true}});
    const HttpReply reply = m_node->scSend("DELETE", reg(u"/microservices"_s), body);
    QVERIFY_SC_JSON(reply);
    const QJsonArray services = reply.json().value(u"services").toArray();
    QCOMPARE(services.size(), 2);
    QCOMPARE(ScTestNode::findById(services, u"serviceId"_s, demo).value_or(QJsonObject()),
             (QJsonObject {{u"serviceId"_s, demo}}));
    const auto nope = ScTestNode::findById(services, u"serviceId"_s, u"nope"_s);
    QVERIFY(nope);
    QVERIFY(nope->value(u"errMessage").isString());
    QVERIFY(!nope->value(u"errMessage").toString().isEmpty());

    QVERIFY(!m_node->service(demo));
    QVERIFY_SC_ERROR(m_node->heartbeat(demo, iid), "400017");
    QVERIFY(m_node->service(orders));
}

// §2.4 applied per item: without force, a service with instances stays and reports why.
void TestScManagement::batchDeleteWithoutForceKeepsServicesWithInstances()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(demo));
    SC_REQUIRE_ID(orders, m_node->createService(u"orders"_s));
    const QByteArray body = compact({{u"serviceIds"_s, QJsonArray {demo, orders}}, {u"force"_s, false}});
    const HttpReply reply = m_node->scSend("DELETE", reg(u"/microservices"_s), body);
    QVERIFY_SC_JSON(reply);
    const QJsonArray services = reply.json().value(u"services").toArray();
    QCOMPARE(services.size(), 2);
    QVERIFY(!ScTestNode::findById(services, u"serviceId"_s, demo).value_or(QJsonObject())
                 .value(u"errMessage").toString().isEmpty());
    QCOMPARE(ScTestNode::findById(services, u"serviceId"_s, orders).value_or(QJsonObject()),
             (QJsonObject {{u"serviceId"_s, orders}}));
    QVERIFY(m_node->service(demo));
    QVERIFY(m_node->scInstance(demo, iid));
    QVERIFY(!m_node->service(orders));
}

void TestScManagement::unknownPathIs404_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("/v4/default/nope") << u"/v4/default/nope"_s;
    QTest::newRow("/v4/default/registry/nope") << reg(u"/nope"_s);
}

// Checklist 38.
void TestScManagement::unknownPathIs404()
{
    QFETCH(QString, path);
    QVERIFY_STATUS(m_node->scGet(path), 404);
}

void TestScManagement::wrongMethodIs405WithAllow_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("allowed");
    QTest::newRow("microservices") << reg(u"/microservices"_s) << QStringList {u"GET"_s, u"POST"_s, u"DELETE"_s};
    QTest::newRow("one microservice") << reg(u"/microservices/{sid}"_s) << QStringList {u"GET"_s, u"DELETE"_s};
    QTest::newRow("heartbeat") << reg(u"/microservices/{sid}/instances/x/heartbeat"_s) << QStringList {u"PUT"_s};
}

// Checklist 38 and §1.1: 405 names the methods the path takes.
void TestScManagement::wrongMethodIs405WithAllow()
{
    QFETCH(QString, path);
    QFETCH(QStringList, allowed);
    m_sid = m_node->createService(u"demo"_s);
    QVERIFY2(!m_sid.isEmpty(), ScTestNode::lastFailure().constData());
    const HttpReply reply = m_node->scSend("PATCH", fill(path), "{}");
    QVERIFY_STATUS(reply, 405);
    const QString allow = QString::fromLatin1(reply.header("Allow"));
    QStringList methods;
    for (const QString &method : allow.split(u',', Qt::SkipEmptyParts))
        methods.append(method.trimmed().toUpper());
    for (const QString &method : allowed)
        QVERIFY2(methods.contains(method), qPrintable(u"Allow: "_s + allow));
    QVERIFY2(!methods.contains(u"PATCH"_s), qPrintable(u"Allow: "_s + allow));
}

// Checklist 38 and §1.1: a preflight is answered with CORS headers and no error.
void TestScManagement::corsPreflight()
{
    const QByteArray origin = "http://console.example";
    const HttpReply reply = m_node->send("OPTIONS", reg(u"/microservices"_s), {},
                                         {{"Origin", origin},
                                          {"Access-Control-Request-Method", "PUT"},
                                          {"Access-Control-Request-Headers", "X-Domain-Name, Content-Type"}});
    QVERIFY2(reply.status == 200 || reply.status == 204, reply.describe().constData());
    const QByteArray allowOrigin = reply.header("Access-Control-Allow-Origin");
    QVERIFY2(allowOrigin == "*" || allowOrigin == origin, allowOrigin.constData());
    QVERIFY2(reply.header("Access-Control-Allow-Methods").toUpper().contains("PUT"),
             reply.header("Access-Control-Allow-Methods").constData());
    QVERIFY2(reply.header("Access-Control-Allow-Headers").toLower().contains("x-domain-name"),
             reply.header("Access-Control-Allow-Headers").constData());
    QVERIFY2(!reply.json().contains(u"errorCode"), reply.describe().constData());
}

void TestScManagement::corsOnSimpleRequest()
{
    const QByteArray origin = "http://console.example";
    const HttpReply reply = m_node->scGet(reg(u"/version"_s), {{"Origin", origin}});
    QVERIFY_SC_JSON(reply);
    const QByteArray allowOrigin = reply.header("Access-Control-Allow-Origin");
    QVERIFY2(allowOrigin == "*" || allowOrigin == origin, allowOrigin.constData());
}

// Checklist 39 and §2.14.
void TestScManagement::governMicroservices()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(demo));
    QVERIFY_SC_EMPTY_OK(m_node->scPut(reg(u"/microservices/%1/schemas/DemoApi"_s.arg(demo)),
                                      {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
    SC_REQUIRE_ID(orders, m_node->createService(u"orders"_s, u"shop"_s));

    const auto details = [&](const QString &query) {
        const HttpReply reply = m_node->scGet(u"/v4/default/govern/microservices"_s + query);
        return std::make_pair(reply, reply.json().value(u"allServicesDetail").toArray());
    };
    const auto names = [](const QJsonArray &all) {
        QStringList result;
        for (const QJsonValue detail : all)
            result.append(detail.toObject().value(u"microService").toObject().value(u"serviceName").toString());
        result.sort();
        return result;
    };

    const auto [shared, all] = details(u"?options=instances,schemas,dependencies&withShared=true"_s);
    QVERIFY_SC_JSON(shared);
    QCOMPARE(names(all), (QStringList {u"SERVICECENTER"_s, u"demo"_s, u"orders"_s}));
    QJsonObject demoDetail;
    for (const QJsonValue detail : all) {
        if (detail.toObject().value(u"microService").toObject().value(u"serviceId").toString() == demo)
            demoDetail = detail.toObject();
    }
    QCOMPARE(ScTestNode::instanceIds(demoDetail.value(u"instances").toArray()), QStringList {iid});
    const QJsonArray schemaInfos = demoDetail.value(u"schemaInfos").toArray();
    QCOMPARE(schemaInfos.size(), 1);
    QCOMPARE(schemaInfos.first().toObject().value(u"schemaId").toString(), u"DemoApi"_s);

    const QJsonObject statistics = shared.json().value(u"statistics").toObject();
    for (const QString &part : {u"services"_s, u"instances"_s, u"apps"_s})
        QVERIFY2(statistics.value(part).toObject().value(u"count").isDouble(), qPrintable(part));
    QVERIFY(statistics.value(u"services").toObject().value(u"count").toInt() >= 2);
    QVERIFY(statistics.value(u"instances").toObject().value(u"count").toInt() >= 1);
    QVERIFY(statistics.value(u"apps").toObject().value(u"count").toInt() >= 2);

    const auto [unshared, own] = details(u"?options=instances"_s);
    QVERIFY_SC_JSON(unshared);
    QCOMPARE(names(own), (QStringList {u"demo"_s, u"orders"_s}));
}

void TestScManagement::governCountOnly_data()
{
    QTest::addColumn<QString>("countOnly");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("countOnly=1") << u"1"_s << QByteArray();
    QTest::newRow("countOnly=0") << u"0"_s << QByteArray();
    QTest::newRow("countOnly=2") << u"2"_s << QByteArray("400001");
}

// Checklist 39 and §2.14: countOnly=1 gives statistics only.
void TestScManagement::governCountOnly()
{
    QFETCH(QString, countOnly);
    QFETCH(QByteArray, code);
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    const HttpReply reply = m_node->scGet(u"/v4/default/govern/microservices?countOnly="_s + countOnly);
    if (!code.isEmpty()) {
        QVERIFY_SC_ERROR(reply, code);
        return;
    }
    QVERIFY_SC_JSON(reply);
    QVERIFY(reply.json().value(u"statistics").toObject().value(u"services").toObject().value(u"count").toInt() >= 1);
    const QJsonArray all = reply.json().value(u"allServicesDetail").toArray();
    if (countOnly == u"1"_s)
        QVERIFY2(all.isEmpty(), reply.describe().constData());
    else
        QVERIFY2(!all.isEmpty(), reply.describe().constData());
}

void TestScManagement::governServiceDetail()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(demo));
    const HttpReply reply = m_node->scGet(u"/v4/default/govern/microservices/%1?options=instances"_s.arg(demo));
    QVERIFY_SC_JSON(reply);
    const QJsonObject detail = reply.json().value(u"service").toObject();
    QCOMPARE(detail.value(u"microService").toObject().value(u"serviceId").toString(), demo);
    QCOMPARE(ScTestNode::instanceIds(detail.value(u"instances").toArray()), QStringList {iid});
    QVERIFY_SC_ERROR(m_node->scGet(u"/v4/default/govern/microservices/nope"_s), "400012");
}

void TestScManagement::governApps()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(orders, m_node->createService(u"orders"_s, u"shop"_s));
    const HttpReply reply = m_node->scGet(u"/v4/default/govern/apps"_s);
    QVERIFY_SC_JSON(reply);
    QStringList apps;
    for (const QJsonValue app : reply.json().value(u"appIds").toArray())
        apps.append(app.toString());
    QVERIFY2(apps.contains(u"default"_s), reply.describe().constData());
    QVERIFY2(apps.contains(u"shop"_s), reply.describe().constData());
    QCOMPARE(apps.count(u"shop"_s), 1);
}

// Checklist 40 and §2.15, §3.3: raw etcd-style keys with the stored values.
void TestScManagement::adminDump()
{
    SC_REQUIRE_ID(demo, m_node->createService(u"demo"_s));
    SC_REQUIRE_ID(iid, m_node->registerInstance(demo));
    const HttpReply reply = m_node->scGet(u"/v4/default/admin/dump"_s);
    QVERIFY_SC_JSON(reply);
    const QJsonObject cache = reply.json().value(u"cache").toObject();

    const auto service = ScTestNode::findById(cache.value(u"services").toArray(), u"key"_s,
                                              u"/cse-sr/ms/files/default/default/"_s + demo);
    QVERIFY2(service, reply.describe().constData());
    QCOMPARE(service->value(u"value").toObject().value(u"serviceId").toString(), demo);
    QCOMPARE(service->value(u"value").toObject().value(u"serviceName").toString(), u"demo"_s);

    const auto instance = ScTestNode::findById(cache.value(u"instances").toArray(), u"key"_s,
                                               u"/cse-sr/inst/files/default/default/%1/%2"_s.arg(demo, iid));
    QVERIFY2(instance, reply.describe().constData());
    QCOMPARE(instance->value(u"value").toObject().value(u"instanceId").toString(), iid);
    QCOMPARE(instance->value(u"value").toObject().value(u"serviceId").toString(), demo);
}

QTEST_GUILESS_MAIN(TestScManagement)
#include "tst_scmanagement.moc"
