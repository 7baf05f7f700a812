// SPDX-License-Identifier: GPL-3.0-or-later
// Bridges to real registries. Seed 001 for real: the stock Spring Cloud Netflix Eureka server with a
// Spring Boot account-server registered at it, a Muster node ("hub") bridged to it with
// --bridge eureka=, and a go-chassis hello-server (tests/interop/go) registered at the hub over
// Service-Center. Each side finds the other: the Go side at the hub, which pulled account-server from
// the Eureka server; the Java side through the Eureka server, where the hub pushed hello-server.
// Then two externals through one node: a second Muster process, used only as a Service-Center, is
// bridged to the hub at run time (POST /muster/api/v1/bridges), and a registration at either
// external is visible at the other, once. Cancels reach both.
#include "interopsupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
constexpr int syncMs = 60'000;   // a bridge reads every second; Spring clients fetch every second
const QString markKey = u"muster.bridged-by"_s;

QString text(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
}

class BridgesToRealRegistries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goFindsJavaThroughTheBridge();
    void javaFindsGoThroughTheEurekaServer();
    void pushedInstanceIsRenewedAtTheEurekaServer();
    void bridgeShowsInSync();
    void statusOverrideAtEurekaReachesGo();
    void serviceCenterBridgedAtRunTime();
    void eurekaRegistrationVisibleAtServiceCenter();
    void serviceCenterRegistrationVisibleAtEureka();
    void cancelsReachBothExternals();
    void cleanupTestCase();

private:
    QJsonObject eurekaApps() { return m_http.getJson(QUrl(m_eureka.eurekaUrl() + u"apps/"_s)).json(); }
    QJsonArray foundAtServiceCenter(const QString &appId, const QString &service);
    int countAtServiceCenter(const QString &appId, const QString &service);   // -1: the find failed
    QString diagnostics();

    Http m_http;
    EurekaServer m_eureka {u"eureka-server"_s};
    SpringService m_account {u"account-server"_s, u"account-server-1"_s};
    MusterNode m_hub {u"hub"_s};
    MusterNode m_serviceCenter {u"service-center"_s};
    ScDriver m_hello {u"hello-server"_s};        // at the hub
    ScDriver m_inventory {u"inventory"_s};       // at the Service-Center
    quint16 m_helloPort = 0;
    QString m_helloService;
    QString m_helloInstance;
    QString m_inventoryService;
    QString m_inventoryInstance;
};

QJsonArray BridgesToRealRegistries::foundAtServiceCenter(const QString &appId, const QString &service)
{
    return m_inventory.command(u"find-fresh %1 %2 %3"_s.arg(m_inventoryService, appId, service))
        .value(u"instances"_s).toArray();
}

int BridgesToRealRegistries::countAtServiceCenter(const QString &appId, const QString &service)
{
    const QJsonObject reply = m_inventory.command(u"find-fresh %1 %2 %3"_s.arg(m_inventoryService, appId, service));
    return reply.value(u"ok"_s).toBool() ? int(reply.value(u"instances"_s).toArray().size()) : -1;
}

QString BridgesToRealRegistries::diagnostics()
{
    const Reply bridges = m_http.getJson(m_hub.url(u"/muster/api/v1/bridges"_s));
    return u"hub bridges: "_s + bridges.describe() + u'\n' + m_hub.process().tail(25) + u'\n'
        + m_eureka.process().tail(15);
}

void BridgesToRealRegistries::initTestCase()
{
    m_eureka.setPort(freePort());
    m_eureka.launchAsPeerOf({});
    m_account.launch({m_eureka.eurekaUrl()});
    // The hub starts before the Eureka server answers: its bridge connects once it does.
    QVERIFY2(m_hub.start(0, {u"--bridge"_s, u"eureka="_s + m_eureka.eurekaUrl()}), qPrintable(m_hub.process().tail()));
    QVERIFY2(m_serviceCenter.start(), qPrintable(m_serviceCenter.process().tail()));

    QVERIFY2(m_hello.start(m_hub.port()), qPrintable(m_hello.process().tail()));
    m_helloPort = freePort();
    QVERIFY(m_hello.command(u"serve %1 hello-server"_s.arg(m_helloPort)).value(u"ok"_s).toBool());
    const QJsonObject service = m_hello.command(u"create default hello-server 0.0.1"_s);
    QVERIFY2(service.value(u"ok"_s).toBool(), qPrintable(m_hello.process().tail()));
    m_helloService = service.value(u"serviceId"_s).toString();
    const QJsonObject instance = m_hello.command(
        u"register %1 localhost rest://127.0.0.1:%2"_s.arg(m_helloService).arg(m_helloPort));
    QVERIFY2(instance.value(u"ok"_s).toBool(), qPrintable(instance.value(u"error"_s).toString()));
    m_helloInstance = instance.value(u"instanceId"_s).toString();
    QVERIFY(m_hello.command(u"heartbeat-loop %1 %2 1000"_s.arg(m_helloService, m_helloInstance))
                .value(u"ok"_s).toBool());

    QVERIFY2(m_eureka.waitUntilStarted(), qPrintable(m_eureka.process().tail()));
    QVERIFY2(m_account.waitUntilStarted(), qPrintable(m_account.process().tail()));
}

void BridgesToRealRegistries::goFindsJavaThroughTheBridge()
{
    QJsonArray found;
    QTRY_VERIFY2_WITH_TIMEOUT((found = m_hello.command(u"find-fresh %1 eureka account-server"_s.arg(m_helloService))
                                           .value(u"instances"_s).toArray()).size() == 1,
                              qPrintable(diagnostics()), syncMs);
    const QJsonObject account = found.at(0).toObject();
    QCOMPARE(account.value(u"status"_s).toString(), u"UP"_s);
    const QString rest = u"rest://127.0.0.1:%1"_s.arg(m_account.port());
    QVERIFY2(account.value(u"endpoints"_s).toArray().contains(rest), qPrintable(text(account)));

    // At the hub it is a foreign entry of the bridge, not an instance of the hub's own.
    const QList<QJsonObject> atHub = musterInstances(m_http, m_hub, u"account-server-1"_s);
    QCOMPARE(atHub.size(), 1);
    QCOMPARE(atHub.first().value(u"bridge"_s).toString(), m_eureka.eurekaUrl());

    const QJsonObject called = m_hello.command(u"call http://127.0.0.1:%1/hello"_s.arg(m_account.port()));
    QVERIFY2(called.value(u"ok"_s).toBool(), qPrintable(called.value(u"error"_s).toString()));
    QCOMPARE(called.value(u"status"_s).toInt(), 200);
    const QJsonObject body = QJsonDocument::fromJson(called.value(u"body"_s).toString().toUtf8()).object();
    QCOMPARE(body.value(u"app"_s).toString(), u"account-server"_s);
    QCOMPARE(body.value(u"instanceId"_s).toString(), u"account-server-1"_s);
}

void BridgesToRealRegistries::javaFindsGoThroughTheEurekaServer()
{
    // The hub pushed hello-server to the Eureka server, marked as its own push.
    QTRY_VERIFY2_WITH_TIMEOUT(!findInstance(eurekaApps(), u"HELLO-SERVER"_s, m_helloInstance).isEmpty(),
                              qPrintable(diagnostics()), syncMs);
    const QList<QJsonObject> atEureka = instancesWithId(eurekaApps(), m_helloInstance);
    QCOMPARE(atEureka.size(), 1);
    const QJsonObject pushed = atEureka.first();
    QCOMPARE(pushed.value(u"status"_s).toString(), u"UP"_s);
    QCOMPARE(pushed.value(u"vipAddress"_s).toString(), u"hello-server"_s);
    QVERIFY2(pushed.value(u"metadata"_s).toObject().value(markKey).toString().startsWith(u"hub@"_s),
             qPrintable(text(pushed)));

    // account-server's DiscoveryClient has it from the Eureka server, and calls it by name.
    QJsonArray seen;
    QTRY_VERIFY2_WITH_TIMEOUT((seen = m_http.get(m_account.url(u"/discovery/hello-server"_s)).jsonArray()).size() == 1,
                              qPrintable(m_account.process().tail(20)), syncMs);
    QCOMPARE(seen.at(0).toObject().value(u"host"_s).toString(), u"localhost"_s);
    QCOMPARE(seen.at(0).toObject().value(u"port"_s).toInt(), int(m_helloPort));
    Reply called;
    QTRY_VERIFY2_WITH_TIMEOUT((called = m_http.get(m_account.url(u"/call/hello-server"_s))).status == 200,
                              qPrintable(called.describe()), 30'000);
    QCOMPARE(called.json().value(u"app"_s).toString(), u"hello-server"_s);
    QCOMPARE(called.json().value(u"instanceId"_s).toString(), u"go-%1"_s.arg(m_helloPort));
}

// The hub heartbeats what it pushed: the Eureka server sees renewals of hello-server (the lease of a
// Service-Center instance, interval × (times + 1) after Muster's clamps) and no second registration.
void BridgesToRealRegistries::pushedInstanceIsRenewedAtTheEurekaServer()
{
    const QUrl pushed(m_eureka.eurekaUrl() + u"apps/HELLO-SERVER/"_s + m_helloInstance);
    const auto leaseInfo = [&] {
        return m_http.getJson(pushed).json().value(u"instance"_s).toObject().value(u"leaseInfo"_s).toObject();
    };
    const auto lastRenewal = [&] { return leaseInfo().value(u"lastRenewalTimestamp"_s).toInteger(); };
    const QJsonObject lease = leaseInfo();
    const qint64 registered = lease.value(u"registrationTimestamp"_s).toInteger();
    const int renewalSecs = lease.value(u"renewalIntervalInSecs"_s).toInt();
    QVERIFY2(registered > 0 && renewalSecs > 0 && renewalSecs <= 10, qPrintable(text(lease)));
    const int twoRenewalsMs = (2 * renewalSecs + 5) * 1000;
    qint64 firstRenewal = 0;
    QTRY_VERIFY2_WITH_TIMEOUT((firstRenewal = lastRenewal()) > registered, qPrintable(text(leaseInfo()) + diagnostics()),
                              twoRenewalsMs);
    QTRY_VERIFY2_WITH_TIMEOUT(lastRenewal() > firstRenewal, qPrintable(text(leaseInfo()) + diagnostics()), twoRenewalsMs);
    QCOMPARE(leaseInfo().value(u"registrationTimestamp"_s).toInteger(), registered);
    QCOMPARE(instancesWithId(eurekaApps(), m_helloInstance).size(), 1);
}

void BridgesToRealRegistries::bridgeShowsInSync()
{
    QJsonObject bridge;
    QTRY_VERIFY2_WITH_TIMEOUT((bridge = bridgeState(m_http, m_hub, m_eureka.eurekaUrl()))
                                  .value(u"state"_s).toString() == u"in sync"_s,
                              qPrintable(diagnostics()), syncMs);
    QCOMPARE(bridge.value(u"kind"_s).toString(), u"eureka"_s);
    // Pulled: account-server. Pushed: hello-server. Nothing the hub pushed came back.
    QVERIFY2(bridge.value(u"pulled"_s).toInt() == 1, qPrintable(text(bridge)));
    QVERIFY2(bridge.value(u"pushed"_s).toInt() == 1, qPrintable(text(bridge)));
    QVERIFY2(bridge.value(u"queued"_s).toInt() == 0, qPrintable(text(bridge)));
    QVERIFY2(!bridge.value(u"lastSync"_s).toString().isEmpty(), qPrintable(text(bridge)));
    QVERIFY2(bridge.value(u"cutSince"_s).toString().isEmpty(), qPrintable(text(bridge)));
}

// An override set at the Eureka server is the status of the pulled entry, and its removal too.
void BridgesToRealRegistries::statusOverrideAtEurekaReachesGo()
{
    const QString status = m_eureka.eurekaUrl() + u"apps/ACCOUNT-SERVER/account-server-1/status"_s;
    const auto statusSeenByGo = [&] {
        const QJsonArray found = m_hello.command(u"find-fresh %1 eureka account-server"_s.arg(m_helloService))
                                     .value(u"instances"_s).toArray();
        return found.size() == 1 ? found.at(0).toObject().value(u"status"_s).toString() : u"<%1 instances>"_s.arg(found.size());
    };
    QCOMPARE(m_http.put(QUrl(status + u"?value=OUT_OF_SERVICE"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusSeenByGo(), u"OUTOFSERVICE"_s, syncMs);
    QCOMPARE(m_http.del(QUrl(status + u"?value=UP"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusSeenByGo(), u"UP"_s, syncMs);
}

void BridgesToRealRegistries::serviceCenterBridgedAtRunTime()
{
    const QUrl bridges = m_hub.url(u"/muster/api/v1/bridges"_s);
    const QByteArray body = QJsonDocument(QJsonObject {{u"kind"_s, u"servicecomb"_s}, {u"url"_s, m_serviceCenter.base()}})
                                .toJson(QJsonDocument::Compact);
    const Reply added = m_http.post(bridges, body);
    QVERIFY2(added.status == 201, qPrintable(added.describe()));
    QCOMPARE(added.json().value(u"url"_s).toString(), m_serviceCenter.base());
    QCOMPARE(added.json().value(u"kind"_s).toString(), u"servicecomb"_s);
    const Reply again = m_http.post(bridges, body);
    QVERIFY2(again.status == 409, qPrintable(again.describe()));
    const Reply unknownKind = m_http.post(bridges, R"({"kind":"consul","url":"http://127.0.0.1:8500"})");
    QVERIFY2(unknownKind.status == 400, qPrintable(unknownKind.describe()));

    QTRY_VERIFY2_WITH_TIMEOUT(bridgeState(m_http, m_hub, m_serviceCenter.base()).value(u"state"_s).toString()
                                  == u"in sync"_s,
                              qPrintable(diagnostics()), syncMs);
}

void BridgesToRealRegistries::eurekaRegistrationVisibleAtServiceCenter()
{
    QVERIFY2(m_inventory.start(m_serviceCenter.port()), qPrintable(m_inventory.process().tail()));
    const QJsonObject service = m_inventory.command(u"create default inventory 1.0.0"_s);
    QVERIFY2(service.value(u"ok"_s).toBool(), qPrintable(m_inventory.process().tail()));
    m_inventoryService = service.value(u"serviceId"_s).toString();

    // account-server, registered at the Eureka server, reaches the Service-Center through the hub.
    QJsonArray found;
    QTRY_VERIFY2_WITH_TIMEOUT((found = foundAtServiceCenter(u"eureka"_s, u"account-server"_s)).size() == 1,
                              qPrintable(diagnostics() + m_serviceCenter.process().tail(15)), syncMs);
    const QJsonObject account = found.at(0).toObject();
    QVERIFY2(account.value(u"endpoints"_s).toArray().contains(u"rest://127.0.0.1:%1"_s.arg(m_account.port())),
             qPrintable(text(account)));
    QVERIFY2(account.value(u"properties"_s).toObject().value(markKey).toString().startsWith(u"hub@"_s),
             qPrintable(text(account)));
    // The hub's own hello-server went there too.
    QTRY_VERIFY2_WITH_TIMEOUT(countAtServiceCenter(u"default"_s, u"hello-server"_s) == 1,
                              qPrintable(diagnostics()), syncMs);
}

void BridgesToRealRegistries::serviceCenterRegistrationVisibleAtEureka()
{
    const QJsonObject instance = m_inventory.command(u"register %1 localhost rest://127.0.0.1:%2"_s
                                                         .arg(m_inventoryService).arg(freePort()));
    QVERIFY2(instance.value(u"ok"_s).toBool(), qPrintable(instance.value(u"error"_s).toString()));
    m_inventoryInstance = instance.value(u"instanceId"_s).toString();
    QVERIFY(m_inventory.command(u"heartbeat-loop %1 %2 1000"_s.arg(m_inventoryService, m_inventoryInstance))
                .value(u"ok"_s).toBool());

    // Service-Center → hub (pull) → Eureka server (push), once, with the hub's mark.
    QTRY_VERIFY2_WITH_TIMEOUT(!findInstance(eurekaApps(), u"INVENTORY"_s, m_inventoryInstance).isEmpty(),
                              qPrintable(diagnostics()), syncMs);
    QCOMPARE(instancesWithId(eurekaApps(), m_inventoryInstance).size(), 1);
    const QJsonObject pushed = findInstance(eurekaApps(), u"INVENTORY"_s, m_inventoryInstance);
    QVERIFY2(pushed.value(u"metadata"_s).toObject().value(markKey).toString().startsWith(u"hub@"_s),
             qPrintable(text(pushed)));
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_account.url(u"/discovery/inventory"_s)).jsonArray().size(), 1, syncMs);

    // At the hub it is the Service-Center bridge's; the hub did not push it back where it came from.
    const QList<QJsonObject> atHub = musterInstances(m_http, m_hub, m_inventoryInstance);
    QCOMPARE(atHub.size(), 1);
    QCOMPARE(atHub.first().value(u"bridge"_s).toString(), m_serviceCenter.base());
    const QJsonArray atServiceCenter = foundAtServiceCenter(u"default"_s, u"inventory"_s);
    QCOMPARE(atServiceCenter.size(), 1);
    QVERIFY2(!atServiceCenter.at(0).toObject().value(u"properties"_s).toObject().contains(markKey),
             qPrintable(text(atServiceCenter.at(0).toObject())));
}

void BridgesToRealRegistries::cancelsReachBothExternals()
{
    QVERIFY(m_hello.command(u"deregister %1 %2"_s.arg(m_helloService, m_helloInstance)).value(u"ok"_s).toBool());
    QTRY_VERIFY2_WITH_TIMEOUT(instancesWithId(eurekaApps(), m_helloInstance).isEmpty(), qPrintable(diagnostics()),
                              syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(countAtServiceCenter(u"default"_s, u"hello-server"_s) == 0,
                              qPrintable(diagnostics()), syncMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_account.url(u"/discovery/hello-server"_s)).jsonArray().size(), 0, syncMs);

    QVERIFY(m_inventory.command(u"deregister %1 %2"_s.arg(m_inventoryService, m_inventoryInstance))
                .value(u"ok"_s).toBool());
    QTRY_VERIFY2_WITH_TIMEOUT(instancesWithId(eurekaApps(), m_inventoryInstance).isEmpty(), qPrintable(diagnostics()),
                              syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(musterInstances(m_http, m_hub, m_inventoryInstance).isEmpty(), qPrintable(diagnostics()),
                              syncMs);
}

void BridgesToRealRegistries::cleanupTestCase()
{
    m_inventory.stop();
    m_hello.stop();
    m_account.stop();
    m_hub.stop();
    m_serviceCenter.stop();
    m_eureka.stop();
}

QTEST_GUILESS_MAIN(BridgesToRealRegistries)
#include "tst_bridgedregistries.moc"
