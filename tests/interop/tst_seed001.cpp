// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario 3: the Spring Cloud / ServiceComb mix without a syncer. A Spring Boot account-server
// registers with a Muster node over Eureka; a go-chassis hello-server (sc-client, tests/interop/go)
// registers with the same node over Service-Center and serves GET /hello. Each finds the other in its
// own protocol: the Go side finds account-server (appId "eureka") and calls its endpoint at the
// address it found; the Java side calls hello-server by name through Spring Cloud LoadBalancer. When
// the Go instance deregisters, the Java side stops seeing it.
#include "interopsupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

class Seed001 : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goFindsAndCallsJava();
    void javaFindsAndCallsGo();
    void goLeavesJavaStopsSeeingIt();
    void cleanupTestCase();

private:
    QJsonObject run(const QString &line) { return m_go.command(line); }

    Http m_http;
    MusterNode m_muster {u"muster"_s};
    SpringService m_account {u"account-server"_s, u"account-server-1"_s};
    ScDriver m_go {u"hello-server"_s};
    quint16 m_goPort = 0;
    QString m_helloService;
    QString m_helloInstance;
};

void Seed001::initTestCase()
{
    QVERIFY2(m_muster.start(), qPrintable(m_muster.process().tail()));
    m_account.launch({m_muster.eurekaUrl()});
    QVERIFY2(m_go.start(m_muster.port()), qPrintable(m_go.process().tail()));

    // hello-server as a go-chassis service registers it: service, instance with its REST endpoint,
    // heartbeats every second.
    m_goPort = freePort();
    QVERIFY(run(u"serve %1 hello-server"_s.arg(m_goPort)).value(u"ok"_s).toBool());
    const QJsonObject service = run(u"create default hello-server 0.0.1"_s);
    QVERIFY2(service.value(u"ok"_s).toBool(), qPrintable(m_go.process().tail()));
    m_helloService = service.value(u"serviceId"_s).toString();
    // go-chassis registers the machine's name as hostName; "localhost" is one that resolves to the
    // loopback address the endpoint names.
    const QJsonObject instance = run(u"register %1 localhost rest://127.0.0.1:%2"_s.arg(m_helloService).arg(m_goPort));
    QVERIFY2(instance.value(u"ok"_s).toBool(), qPrintable(instance.value(u"error"_s).toString()));
    m_helloInstance = instance.value(u"instanceId"_s).toString();
    QVERIFY(run(u"heartbeat-loop %1 %2 1000"_s.arg(m_helloService, m_helloInstance)).value(u"ok"_s).toBool());

    QVERIFY2(m_account.waitUntilStarted(), qPrintable(m_account.process().tail()));
}

void Seed001::goFindsAndCallsJava()
{
    // Eureka app ACCOUNT-SERVER is the Service-Center service account-server in appId "eureka".
    QJsonArray found;
    QTRY_VERIFY2_WITH_TIMEOUT((found = run(u"find-fresh %1 eureka account-server"_s.arg(m_helloService))
                                           .value(u"instances"_s).toArray()).size() == 1,
                              qPrintable(m_muster.process().tail(20)), 60'000);
    const QJsonObject account = found.at(0).toObject();
    QCOMPARE(account.value(u"status"_s).toString(), u"UP"_s);
    const QJsonArray endpoints = account.value(u"endpoints"_s).toArray();
    const QString rest = u"rest://127.0.0.1:%1"_s.arg(m_account.port());
    QVERIFY2(endpoints.contains(rest), QJsonDocument(endpoints).toJson().constData());

    // The Go side calls the Java side at the address it found.
    const QString address = rest.mid(int(qstrlen("rest://")));
    const QJsonObject called = run(u"call http://%1/hello"_s.arg(address));
    QVERIFY2(called.value(u"ok"_s).toBool(), qPrintable(called.value(u"error"_s).toString()));
    QCOMPARE(called.value(u"status"_s).toInt(), 200);
    const QJsonObject body = QJsonDocument::fromJson(called.value(u"body"_s).toString().toUtf8()).object();
    QCOMPARE(body.value(u"app"_s).toString(), u"account-server"_s);
    QCOMPARE(body.value(u"instanceId"_s).toString(), u"account-server-1"_s);
}

void Seed001::javaFindsAndCallsGo()
{
    QJsonArray seen;
    QTRY_VERIFY2_WITH_TIMEOUT((seen = m_http.get(m_account.url(u"/discovery/hello-server"_s)).jsonArray()).size() == 1,
                              qPrintable(m_account.process().tail(20)), 60'000);
    // Spring's EurekaServiceInstance gives the Eureka hostName as the host to call, which for a
    // Service-Center instance is the hostName it registered (docs/protocol-mapping.md).
    const QJsonObject hello = seen.at(0).toObject();
    QCOMPARE(hello.value(u"host"_s).toString(), u"localhost"_s);
    QCOMPARE(hello.value(u"port"_s).toInt(), int(m_goPort));

    Reply called;
    QTRY_VERIFY2_WITH_TIMEOUT((called = m_http.get(m_account.url(u"/call/hello-server"_s))).status == 200,
                              qPrintable(called.describe()), 30'000);
    QCOMPARE(called.json().value(u"app"_s).toString(), u"hello-server"_s);
    QCOMPARE(called.json().value(u"instanceId"_s).toString(), u"go-%1"_s.arg(m_goPort));
}

void Seed001::goLeavesJavaStopsSeeingIt()
{
    QVERIFY(run(u"deregister %1 %2"_s.arg(m_helloService, m_helloInstance)).value(u"ok"_s).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_account.url(u"/discovery/hello-server"_s)).jsonArray().size(), 0, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_account.url(u"/call/hello-server"_s)).status, 503, 30'000);
}

void Seed001::cleanupTestCase()
{
    m_go.stop();
    m_account.stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(Seed001)
#include "tst_seed001.moc"
