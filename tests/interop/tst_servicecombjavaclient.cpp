// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario 4 with Apache ServiceComb's Java client for Service-Center (service-center-client, driven
// by tests/interop/servicecomb-client): microservice create (twice: the same id), exists, get;
// instance register, heartbeats (one for an unknown instance: refused); find, find with the
// client's revision (304, "not modified"), a second instance and find with the old revision
// (modified); status DOWN and UP; deregister; find (empty). The program stops after each step until the test has checked Muster's own answers
// (Service-Center and Eureka views) and tells it to go on.
#include "interopsupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
const QRegularExpression hex40(u"^[0-9a-f]{40}$"_s);
}

class ServiceCombJavaClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scenario();
    void cleanupTestCase();

private:
    // Waits for the client's line for this step; its key=value details, or a failure.
    bool awaitStep(const QString &name, QHash<QString, QString> *details);
    void proceed() { m_client.writeLine("next"); }
    QString scPath(const QString &path) const { return u"/v4/default/registry"_s + path; }
    Reply instance(const QString &serviceId, const QString &instanceId)
    {
        return m_http.get(m_muster.url(scPath(u"/microservices/%1/instances/%2"_s.arg(serviceId, instanceId))));
    }
    QJsonObject eurekaInstance(const QString &instanceId, int *status = nullptr)
    {
        const Reply reply = m_http.getJson(m_muster.url(u"/eureka/apps/JAVA-PROVIDER/"_s + instanceId));
        if (status)
            *status = reply.status;
        return reply.json().value(u"instance"_s).toObject();
    }
    QJsonArray instancesOf(const QString &serviceId)
    {
        return m_http.get(m_muster.url(scPath(u"/microservices/%1/instances"_s.arg(serviceId))))
            .json().value(u"instances"_s).toArray();
    }

    Http m_http;
    MusterNode m_muster {u"muster"_s};
    LoggedProcess m_client {u"servicecomb-client"_s};
};

bool ServiceCombJavaClient::awaitStep(const QString &name, QHash<QString, QString> *details)
{
    const QRegularExpression line(u"^STEP %1 (ok|FAILED)(.*)$"_s.arg(QRegularExpression::escape(name)),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = m_client.waitForLine(line, 60'000);
    if (!match.hasMatch() || match.captured(1) != u"ok"_s)
        return false;
    details->clear();
    for (const QString &pair : match.captured(2).split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals > 0)
            details->insert(pair.left(equals), pair.mid(equals + 1));
    }
    return true;
}

void ServiceCombJavaClient::initTestCase()
{
    QVERIFY2(QFile::exists(serviceCombClientJar()), qPrintable(serviceCombClientJar()));
    QVERIFY2(m_muster.start(), qPrintable(m_muster.process().tail()));
}

void ServiceCombJavaClient::scenario()
{
    QElapsedTimer timer;
    timer.start();
    m_client.start(javaBinary(), {u"-XX:TieredStopAtLevel=1"_s, u"-Xshare:auto"_s, u"-jar"_s,
                                  serviceCombClientJar(), m_muster.base(), u"--pause"_s});
    QHash<QString, QString> step;
    const auto expect = [&](const QString &name) {
        const bool ok = awaitStep(name, &step);
        if (!ok)
            qWarning().noquote() << m_client.tail();
        return ok;
    };

    QVERIFY(expect(u"create"_s));
    const QString provider = step.value(u"serviceId"_s);
    QVERIFY2(hex40.match(provider).hasMatch(), qPrintable(provider));
    const Reply service = m_http.get(m_muster.url(scPath(u"/microservices/"_s + provider)));
    QCOMPARE(service.status, 200);
    QCOMPARE(service.json().value(u"service"_s).toObject().value(u"serviceName"_s).toString(), u"java-provider"_s);
    QCOMPARE(service.json().value(u"service"_s).toObject().value(u"appId"_s).toString(), u"interop-java"_s);
    proceed();

    QVERIFY(expect(u"create-again"_s));
    QCOMPARE(step.value(u"serviceId"_s), provider);
    proceed();
    QVERIFY(expect(u"exists"_s));
    QCOMPARE(step.value(u"serviceId"_s), provider);
    proceed();
    QVERIFY(expect(u"exists-unknown"_s));
    proceed();
    QVERIFY(expect(u"get"_s));
    QCOMPARE(step.value(u"serviceName"_s), u"java-provider"_s);
    QCOMPARE(step.value(u"version"_s), u"1.0.0"_s);
    proceed();
    QVERIFY(expect(u"create-consumer"_s));
    const QString consumer = step.value(u"serviceId"_s);
    QVERIFY(hex40.match(consumer).hasMatch());
    QVERIFY(consumer != provider);
    QVERIFY(instancesOf(provider).isEmpty());
    proceed();

    QVERIFY(expect(u"register"_s));
    const QString first = step.value(u"instanceId"_s);
    QVERIFY(!first.isEmpty());
    const Reply stored = instance(provider, first);
    QCOMPARE(stored.status, 200);
    const QJsonObject storedInstance = stored.json().value(u"instance"_s).toObject();
    QCOMPARE(storedInstance.value(u"hostName"_s).toString(), u"java-provider-a"_s);
    QCOMPARE(storedInstance.value(u"endpoints"_s).toArray(), QJsonArray {u"rest://127.0.0.1:9101"_s});
    QCOMPARE(storedInstance.value(u"status"_s).toString(), u"UP"_s);
    const QJsonObject eureka = eurekaInstance(first);
    QCOMPARE(eureka.value(u"port"_s).toObject().value(u"$"_s).toInt(), 9101);
    const qint64 renewedAtRegistration = eureka.value(u"leaseInfo"_s).toObject().value(u"lastRenewalTimestamp"_s)
                                             .toInteger();
    proceed();
    QVERIFY(expect(u"get-instance"_s));
    QCOMPARE(step.value(u"endpoints"_s), u"rest://127.0.0.1:9101"_s);
    proceed();

    QVERIFY(expect(u"heartbeat"_s));
    QCOMPARE(step.value(u"count"_s), u"3"_s);
    QVERIFY(eurekaInstance(first).value(u"leaseInfo"_s).toObject().value(u"lastRenewalTimestamp"_s).toInteger()
            > renewedAtRegistration);
    proceed();
    QVERIFY(expect(u"heartbeat-unknown"_s));
    QCOMPARE(step.value(u"errorCode"_s), u"400017"_s);
    proceed();

    QVERIFY(expect(u"find"_s));
    QCOMPARE(step.value(u"modified"_s), u"true"_s);
    QCOMPARE(step.value(u"instances"_s), first + u":UP"_s);
    const QString revision = step.value(u"revision"_s);
    QVERIFY(!revision.isEmpty());
    proceed();

    // Nothing changed: the client sends its revision and reads Muster's 304 as "not modified".
    QVERIFY(expect(u"find-unchanged"_s));
    QCOMPARE(step.value(u"modified"_s), u"false"_s);
    const QRegularExpression notModified(u"GET /v4/default/registry/instances\\?[^ ]*rev=%1[^ ]* 304 "_s
                                             .arg(QRegularExpression::escape(revision)));
    QVERIFY2(notModified.match(m_muster.process().output()).hasMatch(), qPrintable(m_muster.process().tail(10)));
    // The 304 carries the revision too, as Service-Center's does (this client keeps its own).
    const Reply unchanged = m_http.get(
        m_muster.url(scPath(u"/instances?appId=interop-java&serviceName=java-provider&rev="_s + revision)),
        {{"X-ConsumerId", consumer.toLatin1()}});
    QCOMPARE(unchanged.status, 304);
    QCOMPARE(unchanged.headers.value("x-resource-revision"), revision.toLatin1());
    proceed();

    QVERIFY(expect(u"register-second"_s));
    const QString second = step.value(u"instanceId"_s);
    QVERIFY(!second.isEmpty() && second != first);
    QCOMPARE(instancesOf(provider).size(), 2);
    proceed();
    QVERIFY(expect(u"find-changed"_s));
    QCOMPARE(step.value(u"modified"_s), u"true"_s);
    QVERIFY(step.value(u"revision"_s) != revision);
    QCOMPARE(step.value(u"instances"_s).split(u',').size(), 2);
    proceed();

    QVERIFY(expect(u"status-down"_s));
    QCOMPARE(instance(provider, second).json().value(u"instance"_s).toObject().value(u"status"_s).toString(),
             u"DOWN"_s);
    QCOMPARE(eurekaInstance(second).value(u"status"_s).toString(), u"DOWN"_s);
    QCOMPARE(eurekaInstance(first).value(u"status"_s).toString(), u"UP"_s);
    proceed();
    QVERIFY(expect(u"find-down"_s));
    QVERIFY(step.value(u"instances"_s).contains(second + u":DOWN"_s));
    proceed();
    QVERIFY(expect(u"status-up"_s));
    QCOMPARE(eurekaInstance(second).value(u"status"_s).toString(), u"UP"_s);
    proceed();

    QVERIFY(expect(u"deregister"_s));
    QCOMPARE(instance(provider, first).status, 400);
    QCOMPARE(instance(provider, second).status, 400);
    int eurekaStatus = 0;
    eurekaInstance(second, &eurekaStatus);
    QCOMPARE(eurekaStatus, 404);
    QVERIFY(instancesOf(provider).isEmpty());
    proceed();
    QVERIFY(expect(u"find-empty"_s));
    QCOMPARE(step.value(u"modified"_s), u"true"_s);
    QCOMPARE(step.value(u"instances"_s), QString());
    proceed();

    QVERIFY2(m_client.waitForLine(QRegularExpression(u"^DONE$"_s, QRegularExpression::MultilineOption), 20'000)
                 .hasMatch(),
             qPrintable(m_client.tail()));
    QVERIFY(m_client.waitForExit(20'000));
    QCOMPARE(m_client.exitCode(), 0);
    qInfo("the ServiceComb Java client's scenario took %lld ms", timer.elapsed());
}

void ServiceCombJavaClient::cleanupTestCase()
{
    m_client.stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(ServiceCombJavaClient)
#include "tst_servicecombjavaclient.moc"
