// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario 4 with go-chassis's Service-Center client (github.com/go-chassis/sc-client, driven by
// tests/interop/go): microservice create (twice: the same id), exists, get; instance register,
// heartbeat, heartbeats in the background; watch; find with the client's revision (304 while
// nothing changed, the new instances after a change); status change; deregister — each checked
// through the client and through Muster's own answers (Service-Center and Eureka views). Last, the
// websocket heartbeat (WSHeartbeat): connecting renews the lease, and when the instance has gone the
// node closes the socket with 4001 at its next ping (every 30 s, as Service-Center's default) and the
// client registers the instance again.
#include "interopsupport.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
const QRegularExpression hex40(u"^[0-9a-f]{40}$"_s);
}

class GoChassisClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createExistsGet();
    void registerAndHeartbeat();
    void findWithRevision();
    void watchSeesChanges();
    void statusChange();
    void deregister();
    void webSocketHeartbeatReRegisters();
    void cleanupTestCase();

private:
    QJsonObject run(const QString &line);
    QJsonArray find(bool *notModified = nullptr);
    const QJsonObject *lastEvent(const QString &action, const QString &instanceId);
    QString scPath(const QString &path) const { return u"/v4/default/registry"_s + path; }

    Http m_http;
    MusterNode m_muster {u"muster"_s};
    ScDriver m_driver {u"scdriver"_s};
    QString m_provider;
    QString m_consumer;
    QString m_first;
    QString m_second;
};

QJsonObject GoChassisClient::run(const QString &line)
{
    return m_driver.command(line);
}

QJsonArray GoChassisClient::find(bool *notModified)
{
    const QJsonObject reply = run(u"find %1 interop provider"_s.arg(m_consumer));
    if (notModified)
        *notModified = reply.value(u"notModified"_s).toBool();
    return reply.value(u"instances"_s).toArray();
}

const QJsonObject *GoChassisClient::lastEvent(const QString &action, const QString &instanceId)
{
    const QList<QJsonObject> &events = m_driver.events();
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->value(u"action"_s).toString() == action
            && it->value(u"instance"_s).toObject().value(u"instanceId"_s).toString() == instanceId) {
            return &*it;
        }
    }
    return nullptr;
}

void GoChassisClient::initTestCase()
{
    QVERIFY2(m_muster.start(), qPrintable(m_muster.process().tail()));
    QVERIFY2(m_driver.start(m_muster.port()), qPrintable(m_driver.process().tail()));
}

void GoChassisClient::createExistsGet()
{
    const QJsonObject created = run(u"create interop provider 1.0.0"_s);
    QVERIFY2(created.value(u"ok"_s).toBool(), qPrintable(m_driver.process().tail()));
    m_provider = created.value(u"serviceId"_s).toString();
    QVERIFY2(hex40.match(m_provider).hasMatch(), qPrintable(m_provider));

    // Creating the same service again is not an error: the same id comes back.
    QCOMPARE(run(u"create interop provider 1.0.0"_s).value(u"serviceId"_s).toString(), m_provider);

    const QJsonObject exists = run(u"exists interop provider 1.0.0"_s);
    QVERIFY(exists.value(u"ok"_s).toBool());
    QCOMPARE(exists.value(u"serviceId"_s).toString(), m_provider);
    // The client reads the 400 of an unknown service as "no id".
    QCOMPARE(run(u"exists interop nobody 1.0.0"_s).value(u"serviceId"_s).toString(), QString());
    QCOMPARE(m_http.get(m_muster.url(scPath(u"/existence?type=microservice&appId=interop&serviceName=nobody&version=1.0.0"_s)))
                 .status, 400);

    const QJsonObject got = run(u"get "_s + m_provider);
    QVERIFY2(got.value(u"ok"_s).toBool(), qPrintable(got.value(u"error"_s).toString()));
    const QJsonObject service = got.value(u"service"_s).toObject();
    QCOMPARE(service.value(u"serviceId"_s).toString(), m_provider);
    QCOMPARE(service.value(u"appId"_s).toString(), u"interop"_s);
    QCOMPARE(service.value(u"serviceName"_s).toString(), u"provider"_s);
    QCOMPARE(service.value(u"version"_s).toString(), u"1.0.0"_s);
    QCOMPARE(service.value(u"level"_s).toString(), u"BACK"_s);
    QVERIFY(!service.value(u"timestamp"_s).toString().isEmpty());
    QVERIFY(!run(u"get 0000000000000000000000000000000000000000"_s).value(u"ok"_s).toBool());

    m_consumer = run(u"create interop consumer 1.0.0"_s).value(u"serviceId"_s).toString();
    QVERIFY(hex40.match(m_consumer).hasMatch());
    QVERIFY(m_consumer != m_provider);
}

void GoChassisClient::registerAndHeartbeat()
{
    const QJsonObject registered = run(u"register %1 provider-a rest://127.0.0.1:9001"_s.arg(m_provider));
    QVERIFY2(registered.value(u"ok"_s).toBool(), qPrintable(registered.value(u"error"_s).toString()));
    m_first = registered.value(u"instanceId"_s).toString();
    QVERIFY(!m_first.isEmpty());

    const Reply stored = m_http.get(m_muster.url(scPath(u"/microservices/%1/instances/%2"_s.arg(m_provider, m_first))));
    QCOMPARE(stored.status, 200);
    const QJsonObject instance = stored.json().value(u"instance"_s).toObject();
    QCOMPARE(instance.value(u"hostName"_s).toString(), u"provider-a"_s);
    QCOMPARE(instance.value(u"endpoints"_s).toArray(), QJsonArray {u"rest://127.0.0.1:9001"_s});
    QCOMPARE(instance.value(u"status"_s).toString(), u"UP"_s);
    QCOMPARE(instance.value(u"healthCheck"_s).toObject().value(u"mode"_s).toString(), u"push"_s);

    // The same instance as Eureka sees it.
    const Reply eureka = m_http.getJson(m_muster.url(u"/eureka/apps/PROVIDER/"_s + m_first));
    QCOMPARE(eureka.status, 200);
    QCOMPARE(eureka.json().value(u"instance"_s).toObject().value(u"port"_s).toObject().value(u"$"_s).toInt(), 9001);

    QVERIFY(run(u"heartbeat %1 %2"_s.arg(m_provider, m_first)).value(u"ok"_s).toBool());
    const QJsonObject unknown = run(u"heartbeat %1 nosuchinstance"_s.arg(m_provider));
    QVERIFY(!unknown.value(u"ok"_s).toBool());
    QVERIFY2(unknown.value(u"error"_s).toString().contains(u"400017"_s), qPrintable(unknown.value(u"error"_s).toString()));

    // From now on the client heartbeats every second, as a go-chassis service does.
    QVERIFY(run(u"heartbeat-loop %1 %2 1000"_s.arg(m_provider, m_first)).value(u"ok"_s).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(run(u"heartbeat-stats"_s).value(u"okCount"_s).toInt() >= 2, 10'000);
    QCOMPARE(run(u"heartbeat-stats"_s).value(u"failedCount"_s).toInt(), 0);
}

void GoChassisClient::findWithRevision()
{
    bool notModified = true;
    const QJsonArray first = find(&notModified);
    QVERIFY(!notModified);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.at(0).toObject().value(u"instanceId"_s).toString(), m_first);

    // Nothing changed: the client sends its revision and gets 304 (its ErrNotModified).
    find(&notModified);
    QVERIFY2(notModified, qPrintable(m_muster.process().tail(10)));
    // Heartbeats are not changes either.
    const int beats = run(u"heartbeat-stats"_s).value(u"okCount"_s).toInt();
    QTRY_VERIFY_WITH_TIMEOUT(run(u"heartbeat-stats"_s).value(u"okCount"_s).toInt() > beats, 10'000);
    find(&notModified);
    QVERIFY(notModified);

    const QJsonObject fresh = run(u"find-fresh %1 interop provider"_s.arg(m_consumer));
    QVERIFY(!fresh.value(u"notModified"_s).toBool());
    QCOMPARE(fresh.value(u"instances"_s).toArray().size(), 1);

    // The find recorded the dependency.
    const Reply providers = m_http.get(m_muster.url(scPath(u"/microservices/%1/providers"_s.arg(m_consumer))));
    QCOMPARE(providers.status, 200);
    QCOMPARE(providers.json().value(u"providers"_s).toArray().at(0).toObject().value(u"serviceId"_s).toString(),
             m_provider);
}

void GoChassisClient::watchSeesChanges()
{
    QVERIFY(run(u"watch "_s + m_consumer).value(u"ok"_s).toBool());
    const QJsonObject registered = run(u"register %1 provider-b rest://127.0.0.1:9002"_s.arg(m_provider));
    QVERIFY(registered.value(u"ok"_s).toBool());
    m_second = registered.value(u"instanceId"_s).toString();
    QVERIFY(m_second != m_first);

    QTRY_VERIFY2_WITH_TIMEOUT(lastEvent(u"CREATE"_s, m_second), qPrintable(m_driver.process().tail()), 10'000);
    const QJsonObject key = lastEvent(u"CREATE"_s, m_second)->value(u"key"_s).toObject();
    QCOMPARE(key.value(u"serviceName"_s).toString(), u"provider"_s);
    QCOMPARE(key.value(u"appId"_s).toString(), u"interop"_s);

    // The revision moved on: the find answers with both, then 304 again.
    bool notModified = true;
    const QJsonArray both = find(&notModified);
    QVERIFY(!notModified);
    QCOMPARE(both.size(), 2);
    find(&notModified);
    QVERIFY(notModified);
}

void GoChassisClient::statusChange()
{
    QVERIFY(run(u"status %1 %2 OUTOFSERVICE"_s.arg(m_provider, m_second)).value(u"ok"_s).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastEvent(u"UPDATE"_s, m_second)
                                 && lastEvent(u"UPDATE"_s, m_second)->value(u"instance"_s).toObject()
                                            .value(u"status"_s).toString() == u"OUTOFSERVICE"_s,
                             10'000);
    bool notModified = true;
    const QJsonArray instances = find(&notModified);
    QVERIFY(!notModified);
    for (const QJsonValue &v : instances) {
        const QJsonObject instance = v.toObject();
        const bool second = instance.value(u"instanceId"_s).toString() == m_second;
        QCOMPARE(instance.value(u"status"_s).toString(), second ? u"OUTOFSERVICE"_s : u"UP"_s);
    }
    // Eureka's view of the same status.
    QCOMPARE(m_http.getJson(m_muster.url(u"/eureka/apps/PROVIDER/"_s + m_second)).json().value(u"instance"_s)
                 .toObject().value(u"status"_s).toString(),
             u"OUT_OF_SERVICE"_s);

    const QJsonObject bogus = run(u"status %1 %2 BOGUS"_s.arg(m_provider, m_second));
    QVERIFY(!bogus.value(u"ok"_s).toBool());
    QVERIFY2(bogus.value(u"error"_s).toString().contains(u"400001"_s), qPrintable(bogus.value(u"error"_s).toString()));

    QVERIFY(run(u"status %1 %2 UP"_s.arg(m_provider, m_second)).value(u"ok"_s).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastEvent(u"UPDATE"_s, m_second)->value(u"instance"_s).toObject()
                                     .value(u"status"_s).toString() == u"UP"_s,
                             10'000);
}

void GoChassisClient::deregister()
{
    QVERIFY(run(u"deregister %1 %2"_s.arg(m_provider, m_second)).value(u"ok"_s).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastEvent(u"DELETE"_s, m_second), 10'000);
    QCOMPARE(m_http.get(m_muster.url(scPath(u"/microservices/%1/instances/%2"_s.arg(m_provider, m_second)))).status, 400);
    QCOMPARE(m_http.getJson(m_muster.url(u"/eureka/apps/PROVIDER/"_s + m_second)).status, 404);

    bool notModified = true;
    const QJsonArray left = find(&notModified);
    QVERIFY(!notModified);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).toObject().value(u"instanceId"_s).toString(), m_first);

    const QJsonObject again = run(u"deregister %1 %2"_s.arg(m_provider, m_second));
    QVERIFY(!again.value(u"ok"_s).toBool());
    QVERIFY2(again.value(u"error"_s).toString().contains(u"400017"_s), qPrintable(again.value(u"error"_s).toString()));

    // The first instance lived on its background heartbeats the whole time.
    QCOMPARE(run(u"heartbeat-stats"_s).value(u"failedCount"_s).toInt(), 0);
    QCOMPARE(m_http.get(m_muster.url(scPath(u"/microservices/%1/instances/%2"_s.arg(m_provider, m_first)))).status, 200);
}

void GoChassisClient::webSocketHeartbeatReRegisters()
{
    const QJsonObject registered = run(u"register %1 provider-ws rest://127.0.0.1:9003"_s.arg(m_provider));
    QVERIFY(registered.value(u"ok"_s).toBool());
    const QString id = registered.value(u"instanceId"_s).toString();
    const QUrl eurekaView = m_muster.url(u"/eureka/apps/PROVIDER/"_s + id);
    const auto lastRenewal = [&] {
        return m_http.getJson(eurekaView).json().value(u"instance"_s).toObject().value(u"leaseInfo"_s).toObject()
            .value(u"lastRenewalTimestamp"_s).toInteger();
    };
    const qint64 before = lastRenewal();
    QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentMSecsSinceEpoch() > before, 1000);

    QVERIFY(run(u"ws-heartbeat %1 %2"_s.arg(m_provider, id)).value(u"ok"_s).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(lastRenewal() > before, 5'000);

    // Gone at the registry (as after an expiry): the client learns it from the 4001 close and
    // registers the same instance again.
    const QUrl instance = m_muster.url(scPath(u"/microservices/%1/instances/%2"_s.arg(m_provider, id)));
    QCOMPARE(m_http.del(instance).status, 200);
    QCOMPARE(m_http.get(instance).status, 400);
    QTRY_VERIFY2_WITH_TIMEOUT(m_http.get(instance).status == 200, qPrintable(m_driver.process().tail()), 70'000);
    QVERIFY(run(u"heartbeat-stats"_s).value(u"reregisters"_s).toInt() >= 1);
    QCOMPARE(m_http.get(instance).json().value(u"instance"_s).toObject().value(u"hostName"_s).toString(),
             u"provider-ws"_s);
}

void GoChassisClient::cleanupTestCase()
{
    m_driver.stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(GoChassisClient)
#include "tst_gochassisclient.moc"
