// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario 2: a mixed pair as in Eureka's peer-awareness setup. The stock Spring Cloud Netflix Eureka
// server (tests/interop/eureka-server) and a Muster node name each other as peers, and each registers
// with the other. Registrations, status overrides, heartbeats and cancels made at either one appear
// at the other; each lists the other as a replica; a Spring client of the Eureka server and a Spring
// client of Muster call each other by name; each of the two is killed with SIGKILL while writes go
// to the other, started again, and the two converge on the same registry with nothing resurrected
// and nothing lost. Service-Center and pinned instances registered at Muster reach the Eureka
// server too, which refused them in a whole batch before Muster sent it plain Eureka items.
#include "interopsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
constexpr int replicateMs = 30'000;   // the Eureka server sends its batches within about a second
constexpr int settleMs = 90'000;      // restarts, back-offs and lease expiry (Eureka's 2 × duration)

// Heartbeats (PUT, no query, as eureka-js-client sends them) to some instances at one server every
// second, as the Spring clients here renew, without waiting for the answers; counts answers that were
// not 200. (Not faster: the Eureka server coalesces queued replication tasks per instance and sends
// a batch only once its oldest task is 500 ms old, and a heartbeat that replaces the queued one
// resets that age, so heartbeats every 500 ms or less were not replicated at all for seconds.)
class Heartbeater : public QObject
{
public:
    explicit Heartbeater(QList<QUrl> urls)
        : m_urls {std::move(urls)}
    {
        m_manager.setProxy(QNetworkProxy::NoProxy);
        m_timer.setInterval(1000);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            for (const QUrl &url : std::as_const(m_urls)) {
                QNetworkReply *reply = m_manager.put(QNetworkRequest(url), QByteArray());
                connect(reply, &QNetworkReply::finished, this, [this, reply] {
                    ++m_answers;
                    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                        ++m_failures;
                    reply->deleteLater();
                });
            }
        });
        m_timer.start();
    }
    int answers() const { return m_answers; }
    int failures() const { return m_failures; }

private:
    QList<QUrl> m_urls;
    QNetworkAccessManager m_manager;
    QTimer m_timer;
    int m_answers = 0;
    int m_failures = 0;
};
} // namespace

class MixedPair : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eachListsTheOtherAsReplica();
    void registrationsAppearAtTheOther();
    void statusOverridesAppearAtTheOther();
    void heartbeatsKeepTheOtherAlive();
    void springClientsFindEachOther();
    void cancelsAppearAtTheOther();
    void serviceCombAndPinnedInstancesReachTheEurekaServer();
    void musterKilledAndRestartedConverges();
    void eurekaKilledAndRestartedConverges();
    void cleanupTestCase();

private:
    QUrl at(bool muster, const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/eureka%2"_s.arg(muster ? m_musterPort : m_eurekaPort).arg(path));
    }
    int registerAt(bool muster, const QString &app, const QString &id, int durationSecs = 600);
    Reply instanceAt(bool muster, const QString &app, const QString &id);
    QString statusAt(bool muster, const QString &app, const QString &id);
    QMap<QString, QString> registryAt(bool muster);   // "APP/id" → status
    QString diagnostics();

    Http m_http;
    quint16 m_musterPort = 0;
    quint16 m_eurekaPort = 0;
    MusterNode m_muster {u"muster"_s};
    EurekaServer m_eureka {u"eureka-server"_s};
    SpringService m_clientOfEureka {u"at-eureka"_s, u"at-eureka-1"_s};
    SpringService m_clientOfMuster {u"at-muster"_s, u"at-muster-1"_s};
    QStringList m_musterArguments;
};

int MixedPair::registerAt(bool muster, const QString &app, const QString &id, int durationSecs)
{
    return m_http.post(at(muster, u"/apps/"_s + app), eurekaInstanceJson(app, id, durationSecs)).status;
}

Reply MixedPair::instanceAt(bool muster, const QString &app, const QString &id)
{
    return m_http.getJson(at(muster, u"/apps/%1/%2"_s.arg(app, id)));
}

QString MixedPair::statusAt(bool muster, const QString &app, const QString &id)
{
    return instanceAt(muster, app, id).json().value(u"instance"_s).toObject().value(u"status"_s).toString();
}

QMap<QString, QString> MixedPair::registryAt(bool muster)
{
    const Reply reply = m_http.getJson(at(muster, u"/apps/"_s));
    QMap<QString, QString> entries;
    if (reply.status != 200)
        entries.insert(u"<unreadable>"_s, reply.describe());
    for (const QJsonValue &app : applications(reply.json())) {
        for (const QJsonValue &v : app.toObject().value(u"instance"_s).toArray()) {
            const QJsonObject instance = v.toObject();
            entries.insert(instance.value(u"app"_s).toString() + u'/' + instance.value(u"instanceId"_s).toString(),
                           instance.value(u"status"_s).toString());
        }
    }
    return entries;
}

QString MixedPair::diagnostics()
{
    QString text;
    const auto dump = [&](const QMap<QString, QString> &map) {
        QStringList lines;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            lines << it.key() + u'=' + it.value();
        return lines.join(u", "_s);
    };
    text += u"muster: "_s + dump(registryAt(true)) + u"\neureka: "_s + dump(registryAt(false)) + u'\n';
    return text + m_muster.process().tail(25) + u'\n' + m_eureka.process().tail(25);
}

void MixedPair::initTestCase()
{
    m_musterPort = freePort();
    m_eurekaPort = freePort();
    QVERIFY(m_musterPort && m_eurekaPort && m_musterPort != m_eurekaPort);
    m_musterArguments = {u"--peer"_s, u"http://127.0.0.1:%1/eureka/"_s.arg(m_eurekaPort), u"--eviction-interval"_s,
                         u"1"_s, u"--self-preservation"_s, u"off"_s};
    QVERIFY2(m_muster.start(m_musterPort, m_musterArguments), qPrintable(m_muster.process().tail()));
    m_eureka.setPort(m_eurekaPort);
    m_eureka.launchAsPeerOf({m_muster.eurekaUrl()});
    m_clientOfEureka.launch({u"http://127.0.0.1:%1/eureka/"_s.arg(m_eurekaPort)});
    m_clientOfMuster.launch({m_muster.eurekaUrl()});
    QVERIFY2(m_eureka.waitUntilStarted(), qPrintable(m_eureka.process().tail()));
    QVERIFY2(m_clientOfEureka.waitUntilStarted(), qPrintable(m_clientOfEureka.process().tail()));
    QVERIFY2(m_clientOfMuster.waitUntilStarted(), qPrintable(m_clientOfMuster.process().tail()));
}

void MixedPair::eachListsTheOtherAsReplica()
{
    // Each registered with the other: Muster as app MUSTER, the Eureka server as app EUREKA-SERVER.
    const QString musterId = u"MUSTER"_s;
    QTRY_VERIFY2_WITH_TIMEOUT(!instancesOf(m_http.getJson(at(false, u"/apps/"_s)).json(), musterId).isEmpty(),
                              qPrintable(diagnostics()), replicateMs);
    QCOMPARE(instancesOf(m_http.getJson(at(false, u"/apps/"_s)).json(), musterId).at(0).toObject()
                 .value(u"port"_s).toObject().value(u"$"_s).toInt(),
             int(m_musterPort));
    const QString eurekaId = u"127.0.0.1:eureka-server:%1"_s.arg(m_eurekaPort);
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(true, u"EUREKA-SERVER"_s, eurekaId).status == 200, qPrintable(diagnostics()),
                              replicateMs);

    // The Eureka server's status page lists Muster as a registered and an available replica.
    const QString musterUrl = u"http://127.0.0.1:%1/eureka/"_s.arg(m_musterPort);
    QTRY_VERIFY_WITH_TIMEOUT(QString::fromUtf8(m_http.get(at(false, u"/status"_s)).body)
                                 .contains(u"<available-replicas>"_s + musterUrl), replicateMs);
    const QString status = QString::fromUtf8(m_http.get(at(false, u"/status"_s)).body);
    QVERIFY2(status.contains(u"<registered-replicas>"_s + musterUrl), qPrintable(status.left(800)));
    QVERIFY2(!status.contains(u"<unavailable-replicas>"_s + musterUrl), qPrintable(status.left(800)));

    // Muster's node page lists the Eureka server as its peer, reachable.
    QJsonArray peers;
    QTRY_VERIFY_WITH_TIMEOUT((peers = m_http.get(m_muster.url(u"/muster/api/v1/node"_s)).json()
                                          .value(u"peers"_s).toArray()).size() == 1
                                 && peers.at(0).toObject().value(u"state"_s).toString() == u"reachable"_s,
                             replicateMs);
    QCOMPARE(peers.at(0).toObject().value(u"url"_s).toString(), u"http://127.0.0.1:%1/eureka/"_s.arg(m_eurekaPort));
}

void MixedPair::registrationsAppearAtTheOther()
{
    QCOMPARE(registerAt(true, u"APPX"_s, u"x1"_s), 204);
    QCOMPARE(registerAt(false, u"APPY"_s, u"y1"_s), 204);
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(false, u"APPX"_s, u"x1"_s).status == 200, qPrintable(diagnostics()), replicateMs);
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(true, u"APPY"_s, u"y1"_s).status == 200, qPrintable(diagnostics()), replicateMs);
    for (const bool muster : {true, false}) {
        const QJsonObject y1 = instanceAt(muster, u"APPY"_s, u"y1"_s).json().value(u"instance"_s).toObject();
        QCOMPARE(y1.value(u"hostName"_s).toString(), u"host-y1"_s);
        QCOMPARE(y1.value(u"vipAddress"_s).toString(), u"appy"_s);
        QCOMPARE(y1.value(u"port"_s).toObject().value(u"$"_s).toInt(), 8080);
        QCOMPARE(y1.value(u"leaseInfo"_s).toObject().value(u"durationInSecs"_s).toInt(), 600);
    }
}

void MixedPair::statusOverridesAppearAtTheOther()
{
    QCOMPARE(m_http.put(at(true, u"/apps/APPY/y1/status?value=OUT_OF_SERVICE"_s)).status, 200);
    QCOMPARE(m_http.put(at(false, u"/apps/APPX/x1/status?value=OUT_OF_SERVICE"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(false, u"APPY"_s, u"y1"_s), u"OUT_OF_SERVICE"_s, replicateMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(true, u"APPX"_s, u"x1"_s), u"OUT_OF_SERVICE"_s, replicateMs);
    QCOMPARE(instanceAt(true, u"APPX"_s, u"x1"_s).json().value(u"instance"_s).toObject()
                 .value(u"overriddenStatus"_s).toString(),
             u"OUT_OF_SERVICE"_s);
    QCOMPARE(instanceAt(false, u"APPY"_s, u"y1"_s).json().value(u"instance"_s).toObject()
                 .value(u"overriddenStatus"_s).toString(),
             u"OUT_OF_SERVICE"_s);

    // Each override removed at the other server.
    QCOMPARE(m_http.del(at(false, u"/apps/APPY/y1/status?value=UP"_s)).status, 200);
    QCOMPARE(m_http.del(at(true, u"/apps/APPX/x1/status?value=UP"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(true, u"APPY"_s, u"y1"_s), u"UP"_s, replicateMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusAt(false, u"APPX"_s, u"x1"_s), u"UP"_s, replicateMs);
}

void MixedPair::heartbeatsKeepTheOtherAlive()
{
    // Leases of 5 s; heartbeats for h1 go to Muster only, for h2 to the Eureka server only.
    QCOMPARE(registerAt(true, u"APPH"_s, u"h1"_s, 5), 204);
    QCOMPARE(registerAt(false, u"APPH"_s, u"h2"_s, 5), 204);
    auto heartbeats = std::make_unique<Heartbeater>(QList<QUrl> {at(true, u"/apps/APPH/h1"_s),
                                                                 at(false, u"/apps/APPH/h2"_s)});
    // What is missing where ("" when both are at both).
    const auto missing = [this] {
        QStringList gone;
        for (const bool muster : {true, false}) {
            for (const QString &id : {u"h1"_s, u"h2"_s}) {
                if (instanceAt(muster, u"APPH"_s, id).status != 200)
                    gone << id + (muster ? u" at Muster"_s : u" at the Eureka server"_s);
            }
        }
        return gone.join(u", "_s);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(missing().isEmpty(), qPrintable(diagnostics()), replicateMs);

    // 20 s, four leases and twice Eureka's 2 × duration: both stay at both, on heartbeats
    // replicated from the other server.
    QElapsedTimer alive;
    alive.start();
    QString lost;
    (void) QTest::qWaitFor([&] {
        lost = missing();
        return !lost.isEmpty() || alive.elapsed() > 20'000;
    }, 40'000);
    QVERIFY2(lost.isEmpty(), qPrintable(u"%1 missing after %2 ms\n"_s.arg(lost).arg(alive.elapsed()) + diagnostics()));
    QVERIFY(heartbeats->answers() >= 30);
    QCOMPARE(heartbeats->failures(), 0);

    // Without heartbeats both expire at both: it was the heartbeats that kept them.
    heartbeats.reset();
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(true, u"APPH"_s, u"h1"_s).status == 404
                                  && instanceAt(true, u"APPH"_s, u"h2"_s).status == 404
                                  && instanceAt(false, u"APPH"_s, u"h1"_s).status == 404
                                  && instanceAt(false, u"APPH"_s, u"h2"_s).status == 404,
                              qPrintable(diagnostics()), replicateMs);
}

void MixedPair::springClientsFindEachOther()
{
    Reply reply;
    QTRY_VERIFY2_WITH_TIMEOUT((reply = m_http.get(m_clientOfMuster.url(u"/call/at-eureka"_s))).status == 200,
                              qPrintable(reply.describe() + u'\n' + diagnostics()), settleMs);
    QCOMPARE(reply.json().value(u"instanceId"_s).toString(), u"at-eureka-1"_s);
    QTRY_VERIFY2_WITH_TIMEOUT((reply = m_http.get(m_clientOfEureka.url(u"/call/at-muster"_s))).status == 200,
                              qPrintable(reply.describe() + u'\n' + diagnostics()), settleMs);
    QCOMPARE(reply.json().value(u"instanceId"_s).toString(), u"at-muster-1"_s);
}

void MixedPair::cancelsAppearAtTheOther()
{
    QCOMPARE(m_http.del(at(false, u"/apps/APPX/x1"_s)).status, 200);
    QCOMPARE(m_http.del(at(true, u"/apps/APPY/y1"_s)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(instanceAt(true, u"APPX"_s, u"x1"_s).status, 404, replicateMs);
    QTRY_COMPARE_WITH_TIMEOUT(instanceAt(false, u"APPY"_s, u"y1"_s).status, 404, replicateMs);
    QTRY_COMPARE_WITH_TIMEOUT(registryAt(true), registryAt(false), replicateMs);
}

void MixedPair::serviceCombAndPinnedInstancesReachTheEurekaServer()
{
    const QString v4 = u"/v4/default/registry"_s;
    const Reply service = m_http.post(m_muster.url(v4 + u"/microservices"_s),
                                      R"({"service": {"serviceName": "cart", "appId": "shop", "version": "1.0.0"}})");
    QCOMPARE(service.status, 200);
    const QString serviceId = service.json().value(u"serviceId"_s).toString();
    const Reply instance = m_http.post(
        m_muster.url(v4 + u"/microservices/%1/instances"_s.arg(serviceId)),
        R"({"instance": {"hostName": "cart-1", "endpoints": ["rest://127.0.0.1:9100"],
                         "healthCheck": {"mode": "push", "interval": 30, "times": 3}}})");
    QCOMPARE(instance.status, 200);
    const QString cartId = instance.json().value(u"instanceId"_s).toString();
    const QUrl pinnedUrl = m_muster.url(u"/muster/api/v1/pinned/apps/LEGACY/legacy-1"_s);
    QCOMPARE(m_http.put(pinnedUrl, R"({"instance": {"hostName": "legacy", "ipAddr": "127.0.0.1", "port": 8081}})",
                        "application/json").status,
             201);
    QCOMPARE(registerAt(true, u"APPZ"_s, u"z1"_s), 204);

    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(false, u"CART"_s, cartId).status == 200
                                  && instanceAt(false, u"LEGACY"_s, u"legacy-1"_s).status == 200
                                  && instanceAt(false, u"APPZ"_s, u"z1"_s).status == 200,
                              qPrintable(diagnostics()), replicateMs);
    const QJsonObject cart = instanceAt(false, u"CART"_s, cartId).json().value(u"instance"_s).toObject();
    QCOMPARE(cart.value(u"port"_s).toObject().value(u"$"_s).toInt(), 9100);
    QCOMPARE(cart.value(u"vipAddress"_s).toString(), u"cart"_s);
    QCOMPARE(instanceAt(false, u"LEGACY"_s, u"legacy-1"_s).json().value(u"instance"_s).toObject()
                 .value(u"port"_s).toObject().value(u"$"_s).toInt(),
             8081);
    QVERIFY2(!m_muster.process().output().contains(u"dropped"_s), qPrintable(m_muster.process().tail()));

    // Their removal reaches it as well.
    QCOMPARE(m_http.del(m_muster.url(v4 + u"/microservices/%1/instances/%2"_s.arg(serviceId, cartId))).status, 200);
    QCOMPARE(m_http.del(pinnedUrl).status, 204);
    QCOMPARE(m_http.del(at(true, u"/apps/APPZ/z1"_s)).status, 200);
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(false, u"CART"_s, cartId).status == 404
                                  && instanceAt(false, u"LEGACY"_s, u"legacy-1"_s).status == 404
                                  && instanceAt(false, u"APPZ"_s, u"z1"_s).status == 404,
                              qPrintable(diagnostics()), replicateMs);
}

void MixedPair::musterKilledAndRestartedConverges()
{
    // Known to both before the kill.
    QCOMPARE(registerAt(true, u"APPC"_s, u"c1"_s), 204);
    QCOMPARE(registerAt(false, u"APPS"_s, u"s1"_s), 204);
    QTRY_VERIFY_WITH_TIMEOUT(instanceAt(false, u"APPC"_s, u"c1"_s).status == 200
                                 && instanceAt(true, u"APPS"_s, u"s1"_s).status == 200, replicateMs);

    m_muster.kill();
    // Writes at the Eureka server while Muster is gone.
    QCOMPARE(registerAt(false, u"APPR"_s, u"r1"_s), 204);
    QCOMPARE(m_http.del(at(false, u"/apps/APPC/c1"_s)).status, 200);
    QCOMPARE(m_http.put(at(false, u"/apps/APPS/s1/status?value=OUT_OF_SERVICE"_s)).status, 200);

    QVERIFY2(m_muster.start(m_musterPort, m_musterArguments), qPrintable(m_muster.process().tail()));
    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(true, u"APPR"_s, u"r1"_s).status == 200
                                  && statusAt(true, u"APPS"_s, u"s1"_s) == u"OUT_OF_SERVICE"_s,
                              qPrintable(diagnostics()), settleMs);
    QCOMPARE(instanceAt(true, u"APPC"_s, u"c1"_s).status, 404);

    // Both clients are registered again where they belong, and the two registries are one.
    QTRY_VERIFY2_WITH_TIMEOUT(registryAt(true).contains(u"AT-MUSTER/at-muster-1"_s)
                                  && registryAt(true) == registryAt(false),
                              qPrintable(diagnostics()), settleMs);
    QVERIFY(!registryAt(false).contains(u"APPC/c1"_s));
    QVERIFY(registryAt(false).contains(u"AT-EUREKA/at-eureka-1"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_clientOfMuster.url(u"/call/at-eureka"_s)).status, 200, settleMs);
}

void MixedPair::eurekaKilledAndRestartedConverges()
{
    m_eureka.kill();
    // Writes at Muster while the Eureka server is gone.
    QCOMPARE(registerAt(true, u"APPR"_s, u"r2"_s), 204);
    QCOMPARE(m_http.del(at(true, u"/apps/APPR/r1"_s)).status, 200);
    QCOMPARE(m_http.del(at(true, u"/apps/APPS/s1/status?value=UP"_s)).status, 200);

    m_eureka.launchAsPeerOf({m_muster.eurekaUrl()});
    QVERIFY2(m_eureka.waitUntilStarted(), qPrintable(m_eureka.process().tail()));

    QTRY_VERIFY2_WITH_TIMEOUT(instanceAt(false, u"APPR"_s, u"r2"_s).status == 200
                                  && statusAt(false, u"APPS"_s, u"s1"_s) == u"UP"_s,
                              qPrintable(diagnostics()), settleMs);
    QCOMPARE(instanceAt(false, u"APPR"_s, u"r1"_s).status, 404);
    QTRY_VERIFY2_WITH_TIMEOUT(registryAt(false).contains(u"AT-EUREKA/at-eureka-1"_s)
                                  && registryAt(true) == registryAt(false),
                              qPrintable(diagnostics()), settleMs);
    // Nothing cancelled came back anywhere.
    for (const bool muster : {true, false}) {
        const QMap<QString, QString> registry = registryAt(muster);
        QVERIFY(!registry.contains(u"APPR/r1"_s));
        QVERIFY(!registry.contains(u"APPC/c1"_s));
        QVERIFY(!registry.contains(u"APPX/x1"_s));
        QVERIFY(!registry.contains(u"APPY/y1"_s));
        QVERIFY(registry.contains(u"APPR/r2"_s));
        QVERIFY(registry.contains(u"APPS/s1"_s));
        QVERIFY(registry.contains(u"AT-MUSTER/at-muster-1"_s));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_http.get(m_clientOfEureka.url(u"/call/at-muster"_s)).status, 200, settleMs);
}

void MixedPair::cleanupTestCase()
{
    m_clientOfEureka.stop();
    m_clientOfMuster.stop();
    m_eureka.stop();
    m_muster.stop();
}

QTEST_GUILESS_MAIN(MixedPair)
#include "tst_mixedpair.moc"
