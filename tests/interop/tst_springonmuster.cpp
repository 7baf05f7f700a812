// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario 1: Spring Boot services with Spring Cloud Netflix's Eureka client on a Muster node.
// An "account" service and two "hello" instances register with one muster --headless
// (defaultZone http://127.0.0.1:PORT/eureka/), heartbeat and fetch every second, and call each other
// by service name through Spring Cloud LoadBalancer. Then: an instance taken OUT_OF_SERVICE through
// Muster's Eureka API leaves the caller's load balancer and comes back when the override goes (with
// and without a fallback value); a service shut down cleanly deregisters; Muster restarted empty on
// the same port gets every client back on its own (404 on renew → register) and calls go on.
#include "interopsupport.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
constexpr int startMs = 120'000;   // a JVM start on two shared cores
constexpr int settleMs = 60'000;   // fetch 1 s + load-balancer cache 1 s + heartbeat back-off up to 10 s
}

class SpringOnMuster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void registerAndHeartbeat();
    void fetchFullAndDeltaGzipped();
    void callEachOtherByName();
    void outOfServiceLeavesTheLoadBalancer();
    void overrideRemovedWithoutValueReRegisters();
    void cleanShutdownDeregisters();
    void musterRestartedEmptyGetsClientsBack();
    void cleanupTestCase();

private:
    QJsonObject registry();
    QJsonObject instance(const QString &app, const QString &id);
    QString statusAtMuster(const QString &app, const QString &id);
    QSet<QString> answerersOfCalls(SpringService &caller, const QString &service, int calls);
    QStringList discovered(SpringService &caller, const QString &service);
    int countInMusterLog(const QRegularExpression &pattern);
    QString diagnostics();

    Http m_http;
    MusterNode m_muster {u"muster"_s};
    SpringService m_account {u"account"_s, u"account-1"_s};
    SpringService m_hello1 {u"hello"_s, u"hello-1"_s};
    SpringService m_hello2 {u"hello"_s, u"hello-2"_s};
};

QJsonObject SpringOnMuster::registry()
{
    return m_http.getJson(m_muster.url(u"/eureka/apps"_s)).json();
}

QJsonObject SpringOnMuster::instance(const QString &app, const QString &id)
{
    return m_http.getJson(m_muster.url(u"/eureka/apps/%1/%2"_s.arg(app, id))).json().value(u"instance"_s).toObject();
}

QString SpringOnMuster::statusAtMuster(const QString &app, const QString &id)
{
    return instance(app, id).value(u"status"_s).toString();
}

// Which instances answered `calls` calls made by caller to service by name.
QSet<QString> SpringOnMuster::answerersOfCalls(SpringService &caller, const QString &service, int calls)
{
    QSet<QString> answerers;
    for (int i = 0; i < calls; ++i) {
        const Reply reply = m_http.get(caller.url(u"/call/"_s + service));
        if (reply.status != 200)
            answerers.insert(u"failed: "_s + reply.describe());
        else
            answerers.insert(reply.json().value(u"instanceId"_s).toString());
    }
    return answerers;
}

QStringList SpringOnMuster::discovered(SpringService &caller, const QString &service)
{
    QStringList ids;
    for (const QJsonValue &v : m_http.get(caller.url(u"/discovery/"_s + service)).jsonArray())
        ids << v.toObject().value(u"instanceId"_s).toString();
    ids.sort();
    return ids;
}

int SpringOnMuster::countInMusterLog(const QRegularExpression &pattern)
{
    int n = 0;
    for (auto it = pattern.globalMatch(m_muster.process().output()); it.hasNext(); it.next())
        ++n;
    return n;
}

QString SpringOnMuster::diagnostics()
{
    return m_muster.process().tail(30) + u'\n' + m_account.process().tail(15) + u'\n'
           + m_hello1.process().tail(15) + u'\n' + m_hello2.process().tail(15);
}

void SpringOnMuster::initTestCase()
{
    QVERIFY2(m_muster.start(), qPrintable(m_muster.process().tail()));
    const QStringList zone {m_muster.eurekaUrl()};
    m_account.launch(zone);
    m_hello1.launch(zone);
    m_hello2.launch(zone);
    QVERIFY2(m_account.waitUntilStarted(startMs), qPrintable(m_account.process().tail()));
    QVERIFY2(m_hello1.waitUntilStarted(startMs), qPrintable(m_hello1.process().tail()));
    QVERIFY2(m_hello2.waitUntilStarted(startMs), qPrintable(m_hello2.process().tail()));
}

void SpringOnMuster::registerAndHeartbeat()
{
    QTRY_VERIFY2_WITH_TIMEOUT(!findInstance(registry(), u"ACCOUNT"_s, u"account-1"_s).isEmpty()
                                  && !findInstance(registry(), u"HELLO"_s, u"hello-1"_s).isEmpty()
                                  && !findInstance(registry(), u"HELLO"_s, u"hello-2"_s).isEmpty(),
                              qPrintable(diagnostics()), settleMs);
    const QJsonObject hello1 = instance(u"HELLO"_s, u"hello-1"_s);
    QCOMPARE(hello1.value(u"status"_s).toString(), u"UP"_s);
    QCOMPARE(hello1.value(u"app"_s).toString(), u"HELLO"_s);
    QCOMPARE(hello1.value(u"vipAddress"_s).toString(), u"hello"_s);
    QCOMPARE(hello1.value(u"ipAddr"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(hello1.value(u"port"_s).toObject().value(u"$"_s).toInt(), int(m_hello1.port()));
    QCOMPARE(hello1.value(u"leaseInfo"_s).toObject().value(u"renewalIntervalInSecs"_s).toInt(), 1);

    // The clients registered with 204 and renew with 200 every second (the lease moves on).
    static const QRegularExpression registered(u"POST /eureka/apps/HELLO 204"_s);
    QVERIFY2(countInMusterLog(registered) >= 2, qPrintable(m_muster.process().tail()));
    const qint64 renewed = hello1.value(u"leaseInfo"_s).toObject().value(u"lastRenewalTimestamp"_s).toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(instance(u"HELLO"_s, u"hello-1"_s).value(u"leaseInfo"_s).toObject()
                                     .value(u"lastRenewalTimestamp"_s).toInteger() > renewed, 10'000);
    static const QRegularExpression heartbeat(u"PUT /eureka/apps/HELLO/hello-1\\?status=UP&lastDirtyTimestamp=\\d+ 200 0 bytes"_s);
    QTRY_VERIFY_WITH_TIMEOUT(countInMusterLog(heartbeat) >= 3, 10'000);
    // (A 404 is the registry asking for a registration; anything else would be a refusal.)
    static const QRegularExpression refusedHeartbeat(u"PUT /eureka/apps/\\S+ (?!404)[45]\\d\\d "_s);
    QCOMPARE(countInMusterLog(refusedHeartbeat), 0);
}

void SpringOnMuster::fetchFullAndDeltaGzipped()
{
    // Wait for a few delta fetches made after every instance was registered.
    const auto deltas = [this] {
        int n = 0;
        for (const Exchange &e : exchangesInLog(m_account.process().output()))
            n += e.path == u"/eureka/apps/delta"_s ? 1 : 0;
        return n;
    };
    const int before = deltas();
    QTRY_VERIFY_WITH_TIMEOUT(deltas() >= before + 3, 15'000);

    const QList<Exchange> exchanges = exchangesInLog(m_account.process().output());
    int full = 0, delta = 0;
    for (const Exchange &e : exchanges) {
        if (e.method != u"GET"_s || e.inFlight)
            continue;
        const bool isFull = e.path == u"/eureka/apps/"_s;
        const bool isDelta = e.path == u"/eureka/apps/delta"_s;
        if (!isFull && !isDelta)
            continue;
        const QString what = e.method + u' ' + e.path;
        QVERIFY2(e.status == 200, qPrintable(what + u" answered %1"_s.arg(e.status)));
        QVERIFY2(e.accept.contains(u"json"_s), qPrintable(what + u" Accept: "_s + e.accept));
        QVERIFY2(e.acceptEncoding.contains(u"gzip"_s), qPrintable(what + u" Accept-Encoding: "_s + e.acceptEncoding));
        QVERIFY2(e.contentEncoding == u"gzip"_s, qPrintable(what + u" came back with Content-Encoding '"_s
                                                            + e.contentEncoding + u"'"_s));
        full += isFull;
        delta += isDelta;
    }
    QVERIFY2(full >= 1, "the client never fetched the full registry");
    QVERIFY2(delta >= 3, "the client did not fetch deltas");

    // The client recomputes the hashcode after each delta and fetches everything on a mismatch.
    for (SpringService *s : {&m_account, &m_hello1, &m_hello2}) {
        QVERIFY2(!s->process().output().contains(u"Reconcile hashcodes do not match"_s),
                 qPrintable(s->process().tail()));
    }
}

void SpringOnMuster::callEachOtherByName()
{
    QTRY_COMPARE_WITH_TIMEOUT(discovered(m_account, u"hello"_s), (QStringList {u"hello-1"_s, u"hello-2"_s}), settleMs);
    // Round robin over both instances.
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 6), (QSet<QString> {u"hello-1"_s, u"hello-2"_s}),
                              settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_hello1, u"account"_s, 2), QSet<QString> {u"account-1"_s}, settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_hello2, u"account"_s, 2), QSet<QString> {u"account-1"_s}, settleMs);
    // An unknown name is an error the caller sees, not a hang.
    QCOMPARE(m_http.get(m_account.url(u"/call/nobody"_s)).status, 503);
}

void SpringOnMuster::outOfServiceLeavesTheLoadBalancer()
{
    const Reply set = m_http.put(m_muster.url(u"/eureka/apps/HELLO/hello-2/status?value=OUT_OF_SERVICE"_s));
    QCOMPARE(set.status, 200);
    QCOMPARE(statusAtMuster(u"HELLO"_s, u"hello-2"_s), u"OUT_OF_SERVICE"_s);

    QTRY_COMPARE_WITH_TIMEOUT(discovered(m_account, u"hello"_s), QStringList {u"hello-1"_s}, settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 6), QSet<QString> {u"hello-1"_s}, settleMs);

    // hello-2 keeps heartbeating with status=UP and re-registering when dirty; the override wins.
    static const QRegularExpression heartbeat2(u"PUT /eureka/apps/HELLO/hello-2\\?status=\\w+&lastDirtyTimestamp=\\d+ 200"_s);
    const int beats = countInMusterLog(heartbeat2);
    QTRY_VERIFY_WITH_TIMEOUT(countInMusterLog(heartbeat2) >= beats + 3, 15'000);
    const QJsonObject held = instance(u"HELLO"_s, u"hello-2"_s);
    QCOMPARE(held.value(u"status"_s).toString(), u"OUT_OF_SERVICE"_s);
    QCOMPARE(held.value(u"overriddenStatus"_s).toString(), u"OUT_OF_SERVICE"_s);
    // Still out after more fetch cycles (no flapping through deltas).
    QCOMPARE(discovered(m_account, u"hello"_s), QStringList {u"hello-1"_s});

    const Reply removed = m_http.del(m_muster.url(u"/eureka/apps/HELLO/hello-2/status?value=UP"_s));
    QCOMPARE(removed.status, 200);
    QCOMPARE(statusAtMuster(u"HELLO"_s, u"hello-2"_s), u"UP"_s);
    QTRY_COMPARE_WITH_TIMEOUT(discovered(m_account, u"hello"_s), (QStringList {u"hello-1"_s, u"hello-2"_s}), settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 6), (QSet<QString> {u"hello-1"_s, u"hello-2"_s}),
                              settleMs);
}

void SpringOnMuster::overrideRemovedWithoutValueReRegisters()
{
    QCOMPARE(m_http.put(m_muster.url(u"/eureka/apps/HELLO/hello-2/status?value=OUT_OF_SERVICE"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(discovered(m_account, u"hello"_s), QStringList {u"hello-1"_s}, settleMs);

    // Without a fallback value the status becomes UNKNOWN; the next heartbeat is answered 404 and the
    // client registers again with its own status.
    static const QRegularExpression notFound(u"PUT /eureka/apps/HELLO/hello-2\\S* 404"_s);
    static const QRegularExpression registered(u"POST /eureka/apps/HELLO 204"_s);
    const int notFoundBefore = countInMusterLog(notFound);
    const int registeredBefore = countInMusterLog(registered);
    QCOMPARE(m_http.del(m_muster.url(u"/eureka/apps/HELLO/hello-2/status"_s)).status, 200);
    QTRY_VERIFY2_WITH_TIMEOUT(countInMusterLog(notFound) > notFoundBefore
                                  && countInMusterLog(registered) > registeredBefore
                                  && statusAtMuster(u"HELLO"_s, u"hello-2"_s) == u"UP"_s,
                              qPrintable(m_muster.process().tail()), settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 6), (QSet<QString> {u"hello-1"_s, u"hello-2"_s}),
                              settleMs);
}

void SpringOnMuster::cleanShutdownDeregisters()
{
    QVERIFY2(m_hello2.stop(), qPrintable(m_hello2.process().tail()));
    // The cancel happened before the JVM exited: no waiting for a lease to expire.
    QCOMPARE(m_http.getJson(m_muster.url(u"/eureka/apps/HELLO/hello-2"_s)).status, 404);
    static const QRegularExpression cancelled(u"DELETE /eureka/apps/HELLO/hello-2 200"_s);
    QCOMPARE(countInMusterLog(cancelled), 1);
    QVERIFY(findInstance(registry(), u"HELLO"_s, u"hello-2"_s).isEmpty());
    QVERIFY(!findInstance(registry(), u"HELLO"_s, u"hello-1"_s).isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(discovered(m_account, u"hello"_s), QStringList {u"hello-1"_s}, settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 6), QSet<QString> {u"hello-1"_s}, settleMs);
}

void SpringOnMuster::musterRestartedEmptyGetsClientsBack()
{
    const quint16 port = m_muster.port();
    QVERIFY(m_muster.stop());
    QVERIFY2(m_muster.start(port), qPrintable(m_muster.process().tail()));
    QCOMPARE(m_muster.port(), port);

    // The new process starts with nothing: whatever it holds, the clients registered again.
    static const QRegularExpression renewUnknown(u"PUT /eureka/apps/(ACCOUNT/account-1|HELLO/hello-1)\\S* 404"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(!findInstance(registry(), u"ACCOUNT"_s, u"account-1"_s).isEmpty()
                                  && !findInstance(registry(), u"HELLO"_s, u"hello-1"_s).isEmpty(),
                              qPrintable(diagnostics()), settleMs);
    const QString run = m_muster.process().currentRunOutput();
    QVERIFY2(run.contains(u"POST /eureka/apps/ACCOUNT 204"_s) && run.contains(u"POST /eureka/apps/HELLO 204"_s),
             qPrintable(run.right(3000)));
    // At least one of them learnt it from a 404 on its heartbeat (the other may have re-registered
    // first because its own instance info changed); neither sees hello-2, which is gone.
    QVERIFY2(renewUnknown.match(run).hasMatch(), qPrintable(run.right(3000)));
    QVERIFY(findInstance(registry(), u"HELLO"_s, u"hello-2"_s).isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_account, u"hello"_s, 4), QSet<QString> {u"hello-1"_s}, settleMs);
    QTRY_COMPARE_WITH_TIMEOUT(answerersOfCalls(m_hello1, u"account"_s, 2), QSet<QString> {u"account-1"_s}, settleMs);
}

void SpringOnMuster::cleanupTestCase()
{
    for (SpringService *s : {&m_account, &m_hello1, &m_hello2})
        s->stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(SpringOnMuster)
#include "tst_springonmuster.moc"
