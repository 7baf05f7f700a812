// SPDX-License-Identifier: GPL-3.0-or-later
// Eureka registration over HTTP against a real node (contract eureka.md §1.2, §2.2, §2.4, §2.5;
// checklist 1-5): both prefixes, JSON and XML bodies, validation errors, lenient input, canonical output.
#include "eurekatestnode.h"
#include "xmlnode.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString fixtureId = u"h1:myapp:8080"_s;
const QString defaultDataCenterClass = u"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"_s;

QJsonObject port(int number, bool enabled)
{
    return {{u"$"_s, number}, {u"@enabled"_s, enabled ? u"true"_s : u"false"_s}};
}

QJsonObject emptyMetadata()
{
    return {{u"@class"_s, u"java.util.Collections$EmptyMap"_s}};
}

// A canonical <instance> as XStream writes it (contract §2.4).
QByteArray xmlInstance(const QByteArray &app, const QByteArray &id, const QByteArray &host)
{
    return "<instance>"
           "<instanceId>" + id + "</instanceId>"
           "<hostName>" + host + "</hostName>"
           "<app>" + app + "</app>"
           "<ipAddr>10.0.0.9</ipAddr>"
           "<status>UP</status>"
           "<overriddenstatus>UNKNOWN</overriddenstatus>"
           "<port enabled=\"true\">9090</port>"
           "<securePort enabled=\"false\">9443</securePort>"
           "<countryId>1</countryId>"
           "<dataCenterInfo class=\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\"><name>MyOwn</name></dataCenterInfo>"
           "<leaseInfo><renewalIntervalInSecs>30</renewalIntervalInSecs><durationInSecs>90</durationInSecs></leaseInfo>"
           "<metadata><zone>a</zone><management.port>9091</management.port><my__key>v</my__key></metadata>"
           "<homePageUrl>http://" + host + ":9090/</homePageUrl>"
           "<vipAddress>" + app.toLower() + "</vipAddress>"
           "<isCoordinatingDiscoveryServer>false</isCoordinatingDiscoveryServer>"
           "<lastUpdatedTimestamp>1700000000000</lastUpdatedTimestamp>"
           "<lastDirtyTimestamp>1700000000000</lastDirtyTimestamp>"
           "<actionType>ADDED</actionType>"
           "</instance>";
}
}

class TestEurekaRegister : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void registerJsonAnswers204_data();
    void registerJsonAnswers204();
    void appNameIsUpperCased();
    void registerXmlAnswers204_data();
    void registerXmlAnswers204();
    void xmlPortsDefaultTheirEnabledFlag();
    void xmlClassAttributesAreRead();
    void rejectsInvalidBody_data();
    void rejectsInvalidBody();
    void rejectsOtherContentType_data();
    void rejectsOtherContentType();
    void rejectsMissingContentType();
    void acceptsContentTypeParameters();
    void lenientInputGivesCanonicalOutput_data();
    void lenientInputGivesCanonicalOutput();
    void amazonInstanceIdIsTheDefaultId();
    void amazonMetadataGetsTheInstanceId();
    void reRegisterReplacesUnlessStoredCopyIsNewer();
    void reRegisterStartsANewLease();
    void replicatedRegisterIsApplied();

private:
    // The full registry and delta as JSON bytes, to prove a rejected request changed nothing.
    QByteArray registryState();
    std::unique_ptr<EurekaTestNode> m_node;
};

void TestEurekaRegister::initTestCase()
{
    QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
}

void TestEurekaRegister::init()
{
    m_node = std::make_unique<EurekaTestNode>();
    QVERIFY(m_node->start());
}

void TestEurekaRegister::cleanup()
{
    m_node.reset();
}

QByteArray TestEurekaRegister::registryState()
{
    const HttpReply full = m_node->get(u"/eureka/apps"_s);
    const HttpReply delta = m_node->get(u"/eureka/apps/delta"_s);
    if (full.status != 200 || delta.status != 200)
        return {};
    return full.body + '\n' + delta.body;
}

void TestEurekaRegister::registerJsonAnswers204_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("/eureka") << u"/eureka"_s << QString();
    QTest::newRow("/eureka/v2") << u"/eureka/v2"_s << QString();
    QTest::newRow("/eureka trailing slash") << u"/eureka"_s << u"/"_s;
    QTest::newRow("/eureka/v2 trailing slash") << u"/eureka/v2"_s << u"/"_s;
    QTest::newRow("/eureka/v1") << u"/eureka/v1"_s << QString();
}

// Checklist 1 and 2: 204 with an empty body on both prefixes, and the instance is then readable.
void TestEurekaRegister::registerJsonAnswers204()
{
    QFETCH(QString, prefix);
    QFETCH(QString, suffix);
    const HttpReply reply = m_node->send("POST", prefix + u"/apps/MYAPP"_s + suffix,
                                         EurekaTestNode::instanceDocument(EurekaTestNode::instanceFixture()),
                                         {{"Content-Type", "application/json"}, {"Accept", "application/json"}});
    QVERIFY_STATUS(reply, 204);
    QVERIFY(reply.body.isEmpty());

    for (const QString &readPrefix : {u"/eureka"_s, u"/eureka/v2"_s}) {
        const HttpReply read = m_node->get(readPrefix + u"/apps/MYAPP/"_s + fixtureId);
        QVERIFY_STATUS(read, 200);
        QCOMPARE(read.json().value(u"instance").toObject().value(u"instanceId").toString(), fixtureId);
    }
}

// Checklist 3: the app name is upper-cased, in the body and in the path.
void TestEurekaRegister::appNameIsUpperCased()
{
    QJsonObject instance = EurekaTestNode::instanceFixture();
    instance[u"app"_s] = u"myapp"_s;
    HttpReply reply = m_node->registerJson(instance, u"/eureka"_s, u"myapp"_s);
    QVERIFY_STATUS(reply, 204);
    instance[u"instanceId"_s] = u"h2:myapp:8080"_s;
    reply = m_node->registerJson(instance, u"/eureka"_s, u"MyApp"_s);
    QVERIFY_STATUS(reply, 204);

    for (const QString &path : {u"/eureka/apps/MYAPP"_s, u"/eureka/apps/myapp"_s}) {
        const HttpReply read = m_node->get(path);
        QVERIFY_STATUS(read, 200);
        const QJsonObject application = read.json().value(u"application").toObject();
        QCOMPARE(application.value(u"name").toString(), u"MYAPP"_s);
        const QJsonArray instances = application.value(u"instance").toArray();
        QCOMPARE(instances.size(), 2);
        for (const QJsonValue value : instances)
            QCOMPARE(value.toObject().value(u"app").toString(), u"MYAPP"_s);
    }
    const QJsonObject applications = m_node->applications();
    QCOMPARE(applications.value(u"application").toArray().size(), 1);
    QCOMPARE(applications.value(u"apps__hashcode").toString(), u"UP_2_"_s);
}

void TestEurekaRegister::registerXmlAnswers204_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::newRow("/eureka") << u"/eureka"_s;
    QTest::newRow("/eureka/v2") << u"/eureka/v2"_s;
}

// Checklist 5: an XML <instance> registers; JSON and XML reads show what it said.
void TestEurekaRegister::registerXmlAnswers204()
{
    QFETCH(QString, prefix);
    const HttpReply reply = m_node->registerXml(xmlInstance("XMLAPP", "x1:xmlapp:9090", "x1"), u"XMLAPP"_s, prefix);
    QVERIFY_STATUS(reply, 204);
    QVERIFY(reply.body.isEmpty());

    const auto json = m_node->instance(u"XMLAPP"_s, u"x1:xmlapp:9090"_s);
    QVERIFY(json);
    QCOMPARE(json->value(u"hostName").toString(), u"x1"_s);
    QCOMPARE(json->value(u"app").toString(), u"XMLAPP"_s);
    QCOMPARE(json->value(u"ipAddr").toString(), u"10.0.0.9"_s);
    QCOMPARE(json->value(u"port").toObject(), port(9090, true));
    QCOMPARE(json->value(u"securePort").toObject(), port(9443, false));
    QCOMPARE(json->value(u"dataCenterInfo").toObject().value(u"@class").toString(), defaultDataCenterClass);
    const QJsonObject metadata {{u"zone"_s, u"a"_s}, {u"management.port"_s, u"9091"_s}, {u"my_key"_s, u"v"_s}};
    QCOMPARE(json->value(u"metadata").toObject(), metadata);
    QCOMPARE(json->value(u"vipAddress").toString(), u"xmlapp"_s);
    QCOMPARE(json->value(u"lastDirtyTimestamp").toString(), u"1700000000000"_s);

    const HttpReply xmlReply = m_node->get(prefix + u"/apps/XMLAPP/x1:xmlapp:9090"_s, "application/xml");
    QVERIFY_STATUS(xmlReply, 200);
    const auto xml = XmlNode::parse(xmlReply.body);
    QVERIFY2(xml, xmlReply.body.constData());
    QCOMPARE(xml->name, u"instance"_s);
    QCOMPARE(xml->textAt(u"port"_s), u"9090"_s);
    QCOMPARE(xml->child(u"port"_s)->attributes.value(u"enabled"_s), u"true"_s);
    QCOMPARE(xml->textAt(u"metadata/my__key"_s), u"v"_s);
    QCOMPARE(xml->textAt(u"metadata/management.port"_s), u"9091"_s);
}

// Contract §2.4: on XML input a missing enabled attribute means enabled for port, disabled for securePort.
void TestEurekaRegister::xmlPortsDefaultTheirEnabledFlag()
{
    const QByteArray xml = "<instance><hostName>x2</hostName><app>XMLAPP</app><ipAddr>10.0.0.10</ipAddr>"
                           "<port>7070</port><securePort>7443</securePort>"
                           "<dataCenterInfo><name>MyOwn</name></dataCenterInfo></instance>";
    const HttpReply reply = m_node->registerXml(xml, u"xmlapp"_s);
    QVERIFY_STATUS(reply, 204);
    const auto json = m_node->instance(u"XMLAPP"_s, u"x2"_s);
    QVERIFY(json);
    QCOMPARE(json->value(u"instanceId").toString(), u"x2"_s);
    QCOMPARE(json->value(u"port").toObject(), port(7070, true));
    QCOMPARE(json->value(u"securePort").toObject(), port(7443, false));
    QCOMPARE(json->value(u"status").toString(), u"UP"_s);
    QCOMPARE(json->value(u"dataCenterInfo").toObject().value(u"@class").toString(), defaultDataCenterClass);
    QCOMPARE(json->value(u"metadata").toObject(), emptyMetadata());
}

// XStream's own output read back: an empty metadata map with its class attribute, and an Amazon
// dataCenterInfo with its metadata map.
void TestEurekaRegister::xmlClassAttributesAreRead()
{
    const QByteArray xml = "<instance><instanceId>i-0123</instanceId><hostName>x3</hostName><app>XMLAPP</app>"
                           "<ipAddr>10.0.0.11</ipAddr><port enabled=\"true\">7071</port>"
                           "<dataCenterInfo class=\"com.netflix.appinfo.AmazonInfo\"><name>Amazon</name>"
                           "<metadata><instance-id>i-0123</instance-id><availability-zone>eu-west-1a</availability-zone>"
                           "</metadata></dataCenterInfo>"
                           "<metadata class=\"java.util.Collections$EmptyMap\"/></instance>";
    const HttpReply reply = m_node->registerXml(xml, u"XMLAPP"_s);
    QVERIFY_STATUS(reply, 204);
    const auto json = m_node->instance(u"XMLAPP"_s, u"i-0123"_s);
    QVERIFY(json);
    QCOMPARE(json->value(u"metadata").toObject(), emptyMetadata());
    const QJsonObject dataCenter = json->value(u"dataCenterInfo").toObject();
    QCOMPARE(dataCenter.value(u"@class").toString(), u"com.netflix.appinfo.AmazonInfo"_s);
    QCOMPARE(dataCenter.value(u"metadata").toObject().value(u"availability-zone").toString(), u"eu-west-1a"_s);

    const auto back = XmlNode::parse(m_node->get(u"/eureka/apps/XMLAPP/i-0123"_s, "application/xml").body);
    QVERIFY(back);
    QCOMPARE(back->child(u"metadata"_s)->attributes.value(u"class"_s), u"java.util.Collections$EmptyMap"_s);
    QCOMPARE(back->child(u"dataCenterInfo"_s)->attributes.value(u"class"_s), u"com.netflix.appinfo.AmazonInfo"_s);
    QCOMPARE(back->textAt(u"dataCenterInfo/metadata/instance-id"_s), u"i-0123"_s);
}

void TestEurekaRegister::rejectsInvalidBody_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("pathApp");
    QTest::addColumn<bool>("parseError");

    const auto without = [](const QString &field) {
        QJsonObject instance = EurekaTestNode::instanceFixture(u"MYAPP"_s, u"bad:myapp:1"_s);
        instance.remove(field);
        return EurekaTestNode::instanceDocument(instance);
    };
    const auto with = [](const QString &field, const QJsonValue &value) {
        QJsonObject instance = EurekaTestNode::instanceFixture(u"MYAPP"_s, u"bad:myapp:1"_s);
        instance[field] = value;
        return EurekaTestNode::instanceDocument(instance);
    };
    const QByteArray json = "application/json";
    const QByteArray xml = "application/xml";

    QTest::newRow("malformed json") << json << QByteArray(R"({"instance":{"app":"MYAPP","hostName":)")
                                    << u"MYAPP"_s << true;
    QTest::newRow("empty json body") << json << QByteArray() << u"MYAPP"_s << true;
    QTest::newRow("json array") << json << QByteArray("[1,2,3]") << u"MYAPP"_s << true;
    QTest::newRow("json without instance root")
        << json << QJsonDocument(EurekaTestNode::instanceFixture()).toJson(QJsonDocument::Compact) << u"MYAPP"_s
        << true;
    QTest::newRow("malformed xml") << xml << QByteArray("<instance><app>MYAPP</app><hostName>h</hostName>")
                                   << u"MYAPP"_s << true;
    QTest::newRow("xml that is not xml") << xml << QByteArray("{\"instance\":{}}") << u"MYAPP"_s << true;
    QTest::newRow("xml with another root") << xml << QByteArray("<application><name>MYAPP</name></application>")
                                           << u"MYAPP"_s << true;

    QTest::newRow("missing hostName and instanceId") << json << [] {
        QJsonObject instance = EurekaTestNode::instanceFixture();
        instance.remove(u"hostName"_s);
        instance.remove(u"instanceId"_s);
        return EurekaTestNode::instanceDocument(instance);
    }() << u"MYAPP"_s << false;
    QTest::newRow("missing hostName") << json << without(u"hostName"_s) << u"MYAPP"_s << false;
    QTest::newRow("blank hostName") << json << with(u"hostName"_s, u"  "_s) << u"MYAPP"_s << false;
    QTest::newRow("missing ipAddr") << json << without(u"ipAddr"_s) << u"MYAPP"_s << false;
    QTest::newRow("blank ipAddr") << json << with(u"ipAddr"_s, u""_s) << u"MYAPP"_s << false;
    QTest::newRow("missing app") << json << without(u"app"_s) << u"MYAPP"_s << false;
    QTest::newRow("missing dataCenterInfo") << json << without(u"dataCenterInfo"_s) << u"MYAPP"_s << false;
    QTest::newRow("dataCenterInfo without name")
        << json << with(u"dataCenterInfo"_s, QJsonObject {{u"@class"_s, defaultDataCenterClass}}) << u"MYAPP"_s
        << false;
    QTest::newRow("app differs from path") << json << without(u"nothing"_s) << u"OTHERAPP"_s << false;
    QTest::newRow("unknown status") << json << with(u"status"_s, u"SLEEPING"_s) << u"MYAPP"_s << false;
    QTest::newRow("unknown overriddenStatus") << json << with(u"overriddenStatus"_s, u"MAYBE"_s) << u"MYAPP"_s
                                              << false;
    QTest::newRow("port is not a number") << json << with(u"port"_s, u"http"_s) << u"MYAPP"_s << false;

    QByteArray xmlMissingHost = xmlInstance("MYAPP", "bad:myapp:1", "h9");
    xmlMissingHost.replace("<hostName>h9</hostName>", "");
    QTest::newRow("xml missing hostName") << xml << xmlMissingHost << u"MYAPP"_s << false;
    QByteArray xmlMissingDataCenter = xmlInstance("MYAPP", "bad:myapp:1", "h9");
    xmlMissingDataCenter.replace(
        "<dataCenterInfo class=\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\"><name>MyOwn</name></dataCenterInfo>",
        "");
    QTest::newRow("xml missing dataCenterInfo") << xml << xmlMissingDataCenter << u"MYAPP"_s << false;
    QTest::newRow("xml app differs from path") << xml << xmlInstance("MYAPP", "bad:myapp:1", "h9") << u"OTHERAPP"_s
                                               << false;
    QByteArray xmlBadStatus = xmlInstance("MYAPP", "bad:myapp:1", "h9");
    xmlBadStatus.replace("<status>UP</status>", "<status>SLEEPING</status>");
    QTest::newRow("xml unknown status") << xml << xmlBadStatus << u"MYAPP"_s << false;
}

// Checklist 4 and §1.2: 400 with a JSON error, and nothing registered or changed.
void TestEurekaRegister::rejectsInvalidBody()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, pathApp);
    QFETCH(bool, parseError);

    QCOMPARE(m_node->registerJson(EurekaTestNode::instanceFixture()).status, 204);
    const QByteArray before = registryState();
    QVERIFY(!before.isEmpty());

    const HttpReply reply = m_node->send("POST", u"/eureka/apps/"_s + pathApp, body,
                                         {{"Content-Type", contentType}, {"Accept", "application/json"}});
    QVERIFY_STATUS(reply, 400);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type").constData());
    const QJsonValue error = reply.json().value(u"error");
    QVERIFY2(error.isString() && !error.toString().isEmpty(), reply.describe().constData());
    if (parseError)
        QVERIFY2(error.toString().startsWith(u"cannot parse request body"_s), reply.describe().constData());

    QCOMPARE(registryState(), before);
    QVERIFY(m_node->instance(u"MYAPP"_s, fixtureId));
    QVERIFY(!m_node->instance(u"MYAPP"_s, u"bad:myapp:1"_s));
}

void TestEurekaRegister::rejectsOtherContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("text/plain") << QByteArray("text/plain");
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded");
    QTest::newRow("octet-stream") << QByteArray("application/octet-stream");
}

// §1.2: Jersey's @Consumes(json, xml) answers 415 to anything else.
void TestEurekaRegister::rejectsOtherContentType()
{
    QFETCH(QByteArray, contentType);
    QCOMPARE(m_node->registerJson(EurekaTestNode::instanceFixture()).status, 204);
    const QByteArray before = registryState();

    QJsonObject other = EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2:myapp:8080"_s, u"h2"_s);
    const HttpReply reply = m_node->send("POST", u"/eureka/apps/MYAPP"_s, EurekaTestNode::instanceDocument(other),
                                         {{"Content-Type", contentType}});
    QVERIFY_STATUS(reply, 415);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QCOMPARE(registryState(), before);
}

void TestEurekaRegister::rejectsMissingContentType()
{
    QCOMPARE(m_node->registerJson(EurekaTestNode::instanceFixture()).status, 204);
    const QByteArray before = registryState();

    const QByteArray body = EurekaTestNode::instanceDocument(
        EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h2:myapp:8080"_s, u"h2"_s));
    const HttpReply reply = m_node->raw("POST /eureka/apps/MYAPP HTTP/1.1\r\n" + m_node->hostHeader()
                                        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY_STATUS(reply, 415);
    QVERIFY2(reply.json().value(u"error").isString(), reply.describe().constData());
    QCOMPARE(registryState(), before);
}

// Java's Jersey client and others add a charset.
void TestEurekaRegister::acceptsContentTypeParameters()
{
    HttpReply reply = m_node->send("POST", u"/eureka/apps/MYAPP"_s,
                                   EurekaTestNode::instanceDocument(EurekaTestNode::instanceFixture()),
                                   {{"Content-Type", "application/json; charset=UTF-8"}});
    QVERIFY_STATUS(reply, 204);
    reply = m_node->send("POST", u"/eureka/apps/XMLAPP"_s, xmlInstance("XMLAPP", "x1", "x1"),
                         {{"Content-Type", "application/xml;charset=utf-8"}});
    QVERIFY_STATUS(reply, 204);
    QVERIFY(m_node->instance(u"MYAPP"_s, fixtureId));
    QVERIFY(m_node->instance(u"XMLAPP"_s, u"x1"_s));
}

void TestEurekaRegister::lenientInputGivesCanonicalOutput_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QJsonObject>("expectedPort");
    QTest::addColumn<QJsonObject>("expectedSecurePort");
    QTest::addColumn<QJsonObject>("expectedMetadata");
    QTest::addColumn<QString>("expectedLastDirty");   // empty: any value set by the server

    // eureka-js-client README's basic example (contract §2.5, checklist 39).
    QTest::newRow("js-client minimal config")
        << QByteArray(R"({"instance":{"app":"jqservice","hostName":"localhost","ipAddr":"127.0.0.1",)"
                      R"("port":8080,"vipAddress":"jq.test.something.com","dataCenterInfo":{"name":"MyOwn"}}})")
        << u"JQSERVICE"_s << u"localhost"_s << port(8080, true) << port(443, false) << emptyMetadata() << QString();
    QTest::newRow("numeric string ports")
        << QByteArray(R"({"instance":{"instanceId":"s1","app":"STRAPP","hostName":"s1","ipAddr":"10.0.0.3",)"
                      R"("port":"8081","securePort":"8444","dataCenterInfo":{"name":"MyOwn"}}})")
        << u"STRAPP"_s << u"s1"_s << port(8081, true) << port(8444, false) << emptyMetadata() << QString();
    QTest::newRow("port objects with string $ and boolean @enabled")
        << QByteArray(R"({"instance":{"instanceId":"o1","app":"OBJAPP","hostName":"o1","ipAddr":"10.0.0.4",)"
                      R"("port":{"$":"8082","@enabled":true},"securePort":{"$":8445,"@enabled":true},)"
                      R"("dataCenterInfo":{"name":"MyOwn"}}})")
        << u"OBJAPP"_s << u"o1"_s << port(8082, true) << port(8445, true) << emptyMetadata() << QString();
    QTest::newRow("port objects without @enabled")
        << QByteArray(R"({"instance":{"instanceId":"o2","app":"OBJAPP","hostName":"o2","ipAddr":"10.0.0.4",)"
                      R"("port":{"$":8088},"securePort":{"$":8446},"dataCenterInfo":{"name":"MyOwn"}}})")
        << u"OBJAPP"_s << u"o2"_s << port(8088, true) << port(8446, false) << emptyMetadata() << QString();
    QTest::newRow("disabled port, enabled securePort")
        << QByteArray(R"({"instance":{"instanceId":"o3","app":"OBJAPP","hostName":"o3","ipAddr":"10.0.0.4",)"
                      R"("port":{"$":8089,"@enabled":"false"},"securePort":{"$":8447,"@enabled":"true"},)"
                      R"("dataCenterInfo":{"name":"MyOwn"},"leaseInfo":{"durationInSecs":0}}})")
        << u"OBJAPP"_s << u"o3"_s << port(8089, false) << port(8447, true) << emptyMetadata() << QString();
    QTest::newRow("dataCenterInfo Netflix without @class")
        << QByteArray(R"({"instance":{"instanceId":"n1","app":"NFAPP","hostName":"n1","ipAddr":"10.0.0.5",)"
                      R"("port":{"$":8083,"@enabled":"true"},"dataCenterInfo":{"name":"Netflix"}}})")
        << u"NFAPP"_s << u"n1"_s << port(8083, true) << port(443, false) << emptyMetadata() << QString();
    QTest::newRow("empty metadata with @class")
        << QByteArray(R"({"instance":{"instanceId":"m1","app":"METAAPP","hostName":"m1","ipAddr":"10.0.0.6",)"
                      R"("port":{"$":8084,"@enabled":"true"},"dataCenterInfo":{"name":"MyOwn"},)"
                      R"("metadata":{"@class":"java.util.Collections$EmptyMap"}}})")
        << u"METAAPP"_s << u"m1"_s << port(8084, true) << port(443, false) << emptyMetadata() << QString();
    QTest::newRow("metadata with @class and keys")
        << QByteArray(R"({"instance":{"instanceId":"m2","app":"METAAPP","hostName":"m2","ipAddr":"10.0.0.7",)"
                      R"("port":8085,"dataCenterInfo":{"name":"MyOwn"},)"
                      R"("metadata":{"@class":"java.util.LinkedHashMap","zone":"a","weight":5}}})")
        << u"METAAPP"_s << u"m2"_s << port(8085, true) << port(443, false)
        << QJsonObject {{u"zone"_s, u"a"_s}, {u"weight"_s, u"5"_s}} << QString();
    QTest::newRow("timestamps and flags as numbers and booleans")
        << QByteArray(R"({"instance":{"instanceId":"t1","app":"TSAPP","hostName":"t1","ipAddr":"10.0.0.8",)"
                      R"("port":8086,"dataCenterInfo":{"name":"MyOwn"},"countryId":"1",)"
                      R"("isCoordinatingDiscoveryServer":false,"lastUpdatedTimestamp":1700000000456,)"
                      R"("lastDirtyTimestamp":1700000000123,"overriddenstatus":"UNKNOWN"}})")
        << u"TSAPP"_s << u"t1"_s << port(8086, true) << port(443, false) << emptyMetadata()
        << u"1700000000123"_s;
    QTest::newRow("timestamps as strings")
        << QByteArray(R"({"instance":{"instanceId":"t2","app":"TSAPP","hostName":"t2","ipAddr":"10.0.0.8",)"
                      R"("port":8087,"dataCenterInfo":{"name":"MyOwn"},"leaseInfo":{"renewalIntervalInSecs":"30",)"
                      R"("durationInSecs":"90"},"lastDirtyTimestamp":"1700000000789"}})")
        << u"TSAPP"_s << u"t2"_s << port(8087, true) << port(443, false) << emptyMetadata()
        << u"1700000000789"_s;
}

// Contract §2.5: loose input is accepted, and the output is always the canonical shape of §2.2.
void TestEurekaRegister::lenientInputGivesCanonicalOutput()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, app);
    QFETCH(QString, id);
    QFETCH(QJsonObject, expectedPort);
    QFETCH(QJsonObject, expectedSecurePort);
    QFETCH(QJsonObject, expectedMetadata);
    QFETCH(QString, expectedLastDirty);

    const HttpReply reply = m_node->send("POST", u"/eureka/apps/"_s + app, body,
                                         {{"Content-Type", "application/json"}, {"Accept", "application/json"}});
    QVERIFY_STATUS(reply, 204);

    const auto found = EurekaTestNode::findInstance(m_node->applications(), id);
    QVERIFY2(found, "the instance is missing from GET /eureka/apps");
    const QJsonObject &instance = *found;
    QCOMPARE(instance.value(u"app").toString(), app);
    QCOMPARE(instance.value(u"port").toObject(), expectedPort);
    QCOMPARE(instance.value(u"securePort").toObject(), expectedSecurePort);
    QCOMPARE(instance.value(u"metadata").toObject(), expectedMetadata);
    QCOMPARE(instance.value(u"status").toString(), u"UP"_s);
    QCOMPARE(instance.value(u"overriddenStatus").toString(), u"UNKNOWN"_s);
    QCOMPARE(instance.value(u"countryId"), QJsonValue(1));
    const QJsonObject dataCenter = instance.value(u"dataCenterInfo").toObject();
    QCOMPARE(dataCenter.value(u"@class").toString(), defaultDataCenterClass);
    QVERIFY(!dataCenter.value(u"name").toString().isEmpty());
    const QJsonObject lease = instance.value(u"leaseInfo").toObject();
    QCOMPARE(lease.value(u"renewalIntervalInSecs"), QJsonValue(30));
    QCOMPARE(lease.value(u"durationInSecs"), QJsonValue(90));
    QCOMPARE(instance.value(u"isCoordinatingDiscoveryServer"), QJsonValue(u"false"_s));
    QVERIFY(instance.value(u"lastUpdatedTimestamp").isString());
    QVERIFY(instance.value(u"lastDirtyTimestamp").isString());
    QVERIFY(instance.value(u"lastDirtyTimestamp").toString().toLongLong() > 0);
    if (!expectedLastDirty.isEmpty())
        QCOMPARE(instance.value(u"lastDirtyTimestamp").toString(), expectedLastDirty);
    QCOMPARE(instance.value(u"actionType").toString(), u"ADDED"_s);
    // Null fields are omitted, never written as null (§2.1).
    for (auto it = instance.constBegin(); it != instance.constEnd(); ++it)
        QVERIFY2(!it.value().isNull() && !it.value().isUndefined(), qPrintable(it.key()));

    const HttpReply xmlReply = m_node->get(u"/eureka/apps/%1/%2"_s.arg(app, id), "application/xml");
    const auto xml = XmlNode::parse(xmlReply.body);
    QVERIFY2(xml, xmlReply.describe().constData());
    QCOMPARE(xml->textAt(u"port"_s), QString::number(expectedPort.value(u"$").toInt()));
    QCOMPARE(xml->child(u"port"_s)->attributes.value(u"enabled"_s), expectedPort.value(u"@enabled").toString());
    QCOMPARE(xml->child(u"dataCenterInfo"_s)->attributes.value(u"class"_s), defaultDataCenterClass);
}

// §1.2 check 1: without instanceId the id is Amazon's instance-id, and the output keeps AmazonInfo.
void TestEurekaRegister::amazonInstanceIdIsTheDefaultId()
{
    const QByteArray body =
        R"({"instance":{"app":"AWSAPP","hostName":"ip-10-0-0-1.ec2.internal","ipAddr":"10.0.0.1","port":8080,)"
        R"("dataCenterInfo":{"@class":"com.netflix.appinfo.AmazonInfo","name":"Amazon",)"
        R"("metadata":{"instance-id":"i-0abc","availability-zone":"us-east-1a"}}}})";
    const HttpReply reply = m_node->send("POST", u"/eureka/apps/AWSAPP"_s, body, {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(reply, 204);
    const auto instance = m_node->instance(u"AWSAPP"_s, u"i-0abc"_s);
    QVERIFY(instance);
    const QJsonObject dataCenter = instance->value(u"dataCenterInfo").toObject();
    QCOMPARE(dataCenter.value(u"@class").toString(), u"com.netflix.appinfo.AmazonInfo"_s);
    QCOMPARE(dataCenter.value(u"name").toString(), u"Amazon"_s);
    QCOMPARE(dataCenter.value(u"metadata").toObject().value(u"availability-zone").toString(), u"us-east-1a"_s);
    QCOMPARE(dataCenter.value(u"metadata").toObject().value(u"instance-id").toString(), u"i-0abc"_s);
}

// §1.2: "An Amazon dataCenterInfo without instance-id in its metadata gets the instance id copied in."
void TestEurekaRegister::amazonMetadataGetsTheInstanceId()
{
    const QByteArray body =
        R"({"instance":{"instanceId":"aws-1","app":"AWSAPP","hostName":"aws1","ipAddr":"10.0.0.1","port":8080,)"
        R"("dataCenterInfo":{"@class":"com.netflix.appinfo.AmazonInfo","name":"Amazon",)"
        R"("metadata":{"availability-zone":"us-east-1a"}}}})";
    const HttpReply reply = m_node->send("POST", u"/eureka/apps/AWSAPP"_s, body, {{"Content-Type", "application/json"}});
    QVERIFY_STATUS(reply, 204);
    const auto instance = m_node->instance(u"AWSAPP"_s, u"aws-1"_s);
    QVERIFY(instance);
    const QJsonObject metadata = instance->value(u"dataCenterInfo").toObject().value(u"metadata").toObject();
    QCOMPARE(metadata.value(u"instance-id").toString(), u"aws-1"_s);
}

// §1.2: re-registering replaces the record, unless the stored lastDirtyTimestamp is strictly newer.
void TestEurekaRegister::reRegisterReplacesUnlessStoredCopyIsNewer()
{
    const auto registerWith = [&](const QString &lastDirty, const QString &version) {
        QJsonObject instance = EurekaTestNode::instanceFixture();
        instance[u"lastDirtyTimestamp"_s] = lastDirty;
        instance[u"metadata"_s] = QJsonObject {{u"version"_s, version}};
        return m_node->registerJson(instance).status;
    };
    const auto storedVersion = [&] {
        const auto instance = m_node->instance(u"MYAPP"_s, fixtureId);
        return instance ? instance->value(u"metadata").toObject().value(u"version").toString() : QString();
    };

    QCOMPARE(registerWith(u"2000000000000"_s, u"first"_s), 204);
    QCOMPARE(storedVersion(), u"first"_s);
    QCOMPARE(registerWith(u"1999999999999"_s, u"older"_s), 204);
    QCOMPARE(storedVersion(), u"first"_s);
    QCOMPARE(registerWith(u"2000000000000"_s, u"tie"_s), 204);
    QCOMPARE(storedVersion(), u"tie"_s);
    QCOMPARE(registerWith(u"2000000000001"_s, u"newer"_s), 204);
    QCOMPARE(storedVersion(), u"newer"_s);
    QCOMPARE(EurekaTestNode::allInstances(m_node->applications()).size(), 1);
}

// §1.2: each register makes a new lease; serviceUpTimestamp is carried over.
void TestEurekaRegister::reRegisterStartsANewLease()
{
    QCOMPARE(m_node->registerJson(EurekaTestNode::instanceFixture()).status, 204);
    const auto first = m_node->instance(u"MYAPP"_s, fixtureId);
    QVERIFY(first);
    const QJsonObject firstLease = first->value(u"leaseInfo").toObject();
    const qint64 serviceUp = qint64(firstLease.value(u"serviceUpTimestamp").toDouble());
    const qint64 registered = qint64(firstLease.value(u"registrationTimestamp").toDouble());
    QVERIFY(serviceUp > 0);
    QVERIFY(registered > 0);
    QCOMPARE(qint64(firstLease.value(u"evictionTimestamp").toDouble()), 0);

    // Wait until the node's clock has moved, so a new lease is visible as a new registrationTimestamp.
    QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > registered + 5);
    QCOMPARE(m_node->registerJson(EurekaTestNode::instanceFixture()).status, 204);
    const auto second = m_node->instance(u"MYAPP"_s, fixtureId);
    QVERIFY(second);
    const QJsonObject secondLease = second->value(u"leaseInfo").toObject();
    QVERIFY(qint64(secondLease.value(u"registrationTimestamp").toDouble()) > registered);
    QCOMPARE(qint64(secondLease.value(u"serviceUpTimestamp").toDouble()), serviceUp);
}

// A register from a peer (x-netflix-discovery-replication: true) is applied locally.
void TestEurekaRegister::replicatedRegisterIsApplied()
{
    const HttpReply reply = m_node->registerJson(EurekaTestNode::instanceFixture(), u"/eureka/v2"_s, {},
                                                 {{"x-netflix-discovery-replication", "true"}});
    QVERIFY_STATUS(reply, 204);
    const auto instance = m_node->instance(u"MYAPP"_s, fixtureId);
    QVERIFY(instance);
    QCOMPARE(instance->value(u"status").toString(), u"UP"_s);
    QCOMPARE(m_node->applications().value(u"apps__hashcode").toString(), u"UP_1_"_s);
}

QTEST_GUILESS_MAIN(TestEurekaRegister)
#include "tst_eurekaregister.moc"
