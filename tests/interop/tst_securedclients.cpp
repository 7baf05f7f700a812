// SPDX-License-Identifier: GPL-3.0-or-later
// Real clients against a node that requires accounts (muster --auth required): a Spring Boot service
// with Spring Cloud Netflix's Eureka client, its credentials in the service URL
// (http://spring:secret@127.0.0.1:PORT/eureka/), and go-chassis's Service-Center client logging in at
// POST /v4/token and sending its token. Each registers and heartbeats; the node attributes their
// writes to their accounts; a client without credentials gets 401 and one with a viewer's gets 403.
#include "interopsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
constexpr int startMs = 120'000;   // a JVM start on two shared cores

QByteArray basic(const QString &account, const QString &password)
{
    return "Basic " + (account + u':' + password).toUtf8().toBase64();
}
}

class SecuredClients : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void anonymousAndViewerAreRefused();
    void springClientWithBasicCredentials();
    void goChassisClientWithAToken();
    void cleanupTestCase();

private:
    Reply getAs(const QString &account, const QString &path);
    QJsonArray audit();

    Http m_http;
    MusterNode m_muster {u"muster-secured"_s};
    SpringService m_spring {u"secured"_s, u"secured-1"_s};
    ScDriver m_driver {u"scdriver-secured"_s};
};

Reply SecuredClients::getAs(const QString &account, const QString &path)
{
    QList<std::pair<QByteArray, QByteArray>> headers {{"Accept", "application/json"}};
    if (!account.isEmpty())
        headers.append({"Authorization", basic(account, account + u"-secret"_s)});
    return m_http.get(m_muster.url(path), headers);
}

QJsonArray SecuredClients::audit()
{
    return getAs(u"ops"_s, u"/muster/api/v1/audit?limit=200"_s).json().value(u"entries"_s).toArray();
}

void SecuredClients::initTestCase()
{
    for (const auto &[name, role] : {std::pair {u"spring"_s, u"client"_s}, {u"gochassis"_s, u"client"_s},
                                     {u"ops"_s, u"operator"_s}, {u"watcher"_s, u"viewer"_s}})
        QVERIFY2(m_muster.addAccount(name, role, name + u"-secret"_s), qPrintable(name));
    QVERIFY2(m_muster.start(0, {u"--auth"_s, u"required"_s}), qPrintable(m_muster.process().tail()));
}

void SecuredClients::anonymousAndViewerAreRefused()
{
    const Reply anonymous = getAs({}, u"/eureka/apps"_s);
    QCOMPARE(anonymous.status, 401);
    QVERIFY(anonymous.headers.value("www-authenticate").startsWith("Basic"));
    QCOMPARE(getAs(u"watcher"_s, u"/eureka/apps"_s).status, 200);
    const Reply viewerWrite = m_http.sendWith("POST", m_muster.url(u"/eureka/apps/SECURED"_s), "{}",
                                              {{"Content-Type", "application/json"},
                                               {"Authorization", basic(u"watcher"_s, u"watcher-secret"_s)}});
    QCOMPARE(viewerWrite.status, 403);
    QCOMPARE(viewerWrite.json().value(u"requiredRole"_s).toString(), u"client"_s);
}

void SecuredClients::springClientWithBasicCredentials()
{
    const QString serviceUrl = u"http://spring:spring-secret@127.0.0.1:%1/eureka/"_s.arg(m_muster.port());
    QVERIFY2(m_spring.start({serviceUrl}), qPrintable(m_spring.process().tail()));
    QTRY_VERIFY2_WITH_TIMEOUT(getAs(u"ops"_s, u"/eureka/apps/SECURED/secured-1"_s).status == 200,
                              qPrintable(m_muster.process().tail(20)), startMs);
    // Heartbeats keep coming with the credentials: the renewals count grows.
    const QJsonObject before = getAs(u"ops"_s, u"/muster/api/v1/node"_s).json();
    QTRY_VERIFY_WITH_TIMEOUT(getAs(u"ops"_s, u"/muster/api/v1/node"_s).json().value(u"renewsTotal"_s).toInteger()
                                 > before.value(u"renewsTotal"_s).toInteger(),
                             30'000);
    bool attributed = false;
    for (const QJsonValue &entry : audit()) {
        const QJsonObject object = entry.toObject();
        if (object.value(u"instanceId"_s).toString() == u"secured-1" && object.value(u"kind"_s).toString() == u"registered")
            attributed = object.value(u"account"_s).toString() == u"spring" && object.value(u"address"_s).toString() == u"127.0.0.1";
    }
    QVERIFY(attributed);
    QVERIFY(!m_muster.process().output().contains(u"spring-secret"_s));
}

void SecuredClients::goChassisClientWithAToken()
{
    QVERIFY2(m_driver.start(m_muster.port(), u"gochassis"_s, u"gochassis-secret"_s), qPrintable(m_driver.process().tail()));
    const QJsonObject created = m_driver.command(u"create secured provider 1.0.0"_s);
    QVERIFY2(created.value(u"ok"_s).toBool(), qPrintable(m_driver.process().tail() + m_muster.process().tail(20)));
    const QString serviceId = created.value(u"serviceId"_s).toString();
    const QJsonObject registered = m_driver.command(u"register %1 provider-a rest://127.0.0.1:9101"_s.arg(serviceId));
    QVERIFY2(registered.value(u"ok"_s).toBool(), qPrintable(registered.value(u"error"_s).toString()));
    const QString instanceId = registered.value(u"instanceId"_s).toString();
    QVERIFY(m_driver.command(u"heartbeat %1 %2"_s.arg(serviceId, instanceId)).value(u"ok"_s).toBool());
    QVERIFY(m_driver.command(u"status %1 %2 DOWN"_s.arg(serviceId, instanceId)).value(u"ok"_s).toBool());

    bool attributed = false;
    for (const QJsonValue &entry : audit()) {
        const QJsonObject object = entry.toObject();
        if (object.value(u"instanceId"_s).toString() == instanceId && object.value(u"kind"_s).toString() == u"registered")
            attributed = object.value(u"account"_s).toString() == u"gochassis";
    }
    QVERIFY(attributed);
    QVERIFY(m_muster.process().output().contains(u"POST /v4/token"_s));

    // The Spring client's instance is not the Go client's to change.
    const Reply foreign = m_http.sendWith("PUT", m_muster.url(u"/eureka/apps/SECURED/secured-1/status?value=DOWN"_s), {},
                                          {{"Authorization", basic(u"gochassis"_s, u"gochassis-secret"_s)}});
    QCOMPARE(foreign.status, 403);
    QVERIFY(m_driver.command(u"deregister %1 %2"_s.arg(serviceId, instanceId)).value(u"ok"_s).toBool());
}

void SecuredClients::cleanupTestCase()
{
    m_driver.stop();
    m_spring.stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(SecuredClients)
#include "tst_securedclients.moc"
