// SPDX-License-Identifier: GPL-3.0-or-later
// Bridges under faults, against the stock Spring Cloud Netflix Eureka server. Two Muster nodes, A and
// B, are bridged to it and are not peers of each other. An instance registered at A appears once at
// the Eureka server (A's push) and once at B (pulled), stays A's own at A, and leaves everywhere when
// it is cancelled at A: the two bridges do not echo each other's entries. The Eureka server is
// stopped for 30 s: the bridges show "cut", pulled entries stay for the grace and leave after it;
// once the server is back the bridges are "in sync" and what A pushed is registered there again.
// Last, A's bridge is removed at run time: its pulled entries leave A and its pushes leave the
// Eureka server.
#include "interopsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace Interop;

namespace {
constexpr int syncMs = 30'000;         // a bridge reads every 500 ms here
constexpr int graceSecs = 20;
constexpr int outageMs = 30'000;
const QString markKey = u"muster.bridged-by"_s;

QString text(const QList<QJsonObject> &objects)
{
    QStringList texts;
    for (const QJsonObject &object : objects)
        texts << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return u"["_s + texts.join(u", "_s) + u"]"_s;
}

qint64 msOf(const QJsonValue &isoTime)
{
    return QDateTime::fromString(isoTime.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}
}

class BridgeFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noEchoBetweenTwoNodes();
    void cancelAtOneNodeLeavesEverywhere();
    void eurekaOutageKeepsPulledEntriesForTheGrace();
    void eurekaBackGetsThePushesAgain();
    void bridgeRemovedAtRunTime();
    void cleanupTestCase();

private:
    QUrl eurekaApp(const QString &app) const { return QUrl(m_eureka.eurekaUrl() + u"apps/"_s + app); }
    QList<QJsonObject> atEureka(const QString &instanceId)
    {
        return instancesWithId(m_http.getJson(QUrl(m_eureka.eurekaUrl() + u"apps/"_s)).json(), instanceId);
    }
    QList<QJsonObject> at(MusterNode &node, const QString &instanceId) { return musterInstances(m_http, node, instanceId); }
    // Held by the node once, as an entry pulled by its bridge to the Eureka server.
    bool pulledBy(MusterNode &node, const QString &instanceId);
    QJsonObject bridgeOf(MusterNode &node) { return bridgeState(m_http, node, m_eureka.eurekaUrl()); }
    QString state(MusterNode &node) { return bridgeOf(node).value(u"state"_s).toString(); }
    int registerAtNode(MusterNode &node, const QString &app, const QString &id);
    int registerAtEureka(const QString &app, const QString &id);
    QString diagnostics();

    Http m_http;
    EurekaServer m_eureka {u"eureka-server"_s};
    MusterNode m_a {u"node-a"_s};
    MusterNode m_b {u"node-b"_s};
};

bool BridgeFaults::pulledBy(MusterNode &node, const QString &instanceId)
{
    const QList<QJsonObject> held = at(node, instanceId);
    return held.size() == 1 && held.first().value(u"bridge"_s).toString() == m_eureka.eurekaUrl();
}

int BridgeFaults::registerAtNode(MusterNode &node, const QString &app, const QString &id)
{
    return m_http.post(node.url(u"/eureka/apps/"_s + app), eurekaInstanceJson(app, id, 600)).status;
}

int BridgeFaults::registerAtEureka(const QString &app, const QString &id)
{
    return m_http.post(eurekaApp(app), eurekaInstanceJson(app, id, 600)).status;
}

QString BridgeFaults::diagnostics()
{
    QString text;
    for (MusterNode *node : {&m_a, &m_b}) {
        text += node->process().name() + u" bridges: "_s
            + m_http.getJson(node->url(u"/muster/api/v1/bridges"_s)).describe() + u'\n';
    }
    return text + m_a.process().tail(20) + u'\n' + m_b.process().tail(10) + u'\n' + m_eureka.process().tail(10);
}

void BridgeFaults::initTestCase()
{
    m_eureka.setPort(freePort());
    m_eureka.launchAsPeerOf({});
    const QStringList bridged {u"--bridge"_s, u"eureka="_s + m_eureka.eurekaUrl(), u"--bridge-grace"_s,
                               QString::number(graceSecs), u"--bridge-interval"_s, u"500"_s};
    QVERIFY2(m_a.start(0, bridged), qPrintable(m_a.process().tail()));
    QVERIFY2(m_b.start(0, bridged), qPrintable(m_b.process().tail()));
    QVERIFY2(m_eureka.waitUntilStarted(), qPrintable(m_eureka.process().tail()));
    QTRY_VERIFY2_WITH_TIMEOUT(state(m_a) == u"in sync"_s && state(m_b) == u"in sync"_s, qPrintable(diagnostics()),
                              syncMs);
}

void BridgeFaults::noEchoBetweenTwoNodes()
{
    QCOMPARE(registerAtNode(m_a, u"ECHO"_s, u"echo-1"_s), 204);
    QTRY_VERIFY2_WITH_TIMEOUT(pulledBy(m_b, u"echo-1"_s), qPrintable(text(at(m_b, u"echo-1"_s)) + diagnostics()),
                              syncMs);

    // Several reads later on both nodes, nothing went round: B did not push its pulled entry back (the
    // Eureka server would carry B's mark), A did not pull its own push (A would hold it twice, or as
    // foreign), neither node duplicated it under another name.
    const qint64 settledAfter = QDateTime::currentMSecsSinceEpoch() + 3000;
    QTRY_VERIFY2_WITH_TIMEOUT(msOf(bridgeOf(m_a).value(u"lastSync"_s)) > settledAfter
                                  && msOf(bridgeOf(m_b).value(u"lastSync"_s)) > settledAfter,
                              qPrintable(diagnostics()), syncMs);
    const QList<QJsonObject> eureka = atEureka(u"echo-1"_s);
    QVERIFY2(eureka.size() == 1, qPrintable(text(eureka)));
    QCOMPARE(eureka.first().value(u"app"_s).toString(), u"ECHO"_s);
    QVERIFY2(eureka.first().value(u"metadata"_s).toObject().value(markKey).toString().startsWith(u"node-a@"_s),
             qPrintable(text(eureka)));

    const QList<QJsonObject> atA = at(m_a, u"echo-1"_s);
    QVERIFY2(atA.size() == 1, qPrintable(text(atA)));
    QVERIFY2(atA.first().value(u"bridge"_s).toString().isEmpty(), qPrintable(text(atA)));
    QVERIFY2(!atA.first().value(u"metadata"_s).toObject().contains(markKey), qPrintable(text(atA)));
    QVERIFY2(bridgeOf(m_a).value(u"pulled"_s).toInt() == 0, qPrintable(diagnostics()));

    QVERIFY2(pulledBy(m_b, u"echo-1"_s), qPrintable(text(at(m_b, u"echo-1"_s))));
    QVERIFY2(bridgeOf(m_b).value(u"pushed"_s).toInt() == 0, qPrintable(diagnostics()));
}

void BridgeFaults::cancelAtOneNodeLeavesEverywhere()
{
    QCOMPARE(m_http.del(m_a.url(u"/eureka/apps/ECHO/echo-1"_s)).status, 200);
    QTRY_VERIFY2_WITH_TIMEOUT(atEureka(u"echo-1"_s).isEmpty(), qPrintable(text(atEureka(u"echo-1"_s))), syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(at(m_b, u"echo-1"_s).isEmpty(), qPrintable(text(at(m_b, u"echo-1"_s))), syncMs);
    QVERIFY2(at(m_a, u"echo-1"_s).isEmpty(), qPrintable(text(at(m_a, u"echo-1"_s))));
}

void BridgeFaults::eurekaOutageKeepsPulledEntriesForTheGrace()
{
    // PULLED is registered at the Eureka server itself; KEPT is A's own, pushed there.
    QCOMPARE(registerAtEureka(u"PULLED"_s, u"pulled-1"_s), 204);
    QCOMPARE(registerAtNode(m_a, u"KEPT"_s, u"kept-1"_s), 204);
    QTRY_VERIFY2_WITH_TIMEOUT(pulledBy(m_a, u"pulled-1"_s) && pulledBy(m_b, u"pulled-1"_s), qPrintable(diagnostics()),
                              syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(atEureka(u"kept-1"_s).size() == 1, qPrintable(diagnostics()), syncMs);

    QElapsedTimer outage;
    outage.start();
    QVERIFY(m_eureka.stop());
    QTRY_VERIFY2_WITH_TIMEOUT(state(m_a) == u"cut"_s && state(m_b) == u"cut"_s, qPrintable(diagnostics()), syncMs);
    const QJsonObject cut = bridgeOf(m_a);
    const qint64 graceEnds = msOf(cut.value(u"graceEnds"_s));
    QCOMPARE(graceEnds - msOf(cut.value(u"cutSince"_s)), qint64(graceSecs) * 1000);
    QVERIFY2(!cut.value(u"lastError"_s).toString().isEmpty(), qPrintable(diagnostics()));

    // During the grace the pulled entry stays, renewed by the bridge; after it, it leaves.
    QVERIFY2(pulledBy(m_a, u"pulled-1"_s), qPrintable(text(at(m_a, u"pulled-1"_s))));
    QVERIFY2(pulledBy(m_b, u"pulled-1"_s), qPrintable(text(at(m_b, u"pulled-1"_s))));
    QVERIFY2(QDateTime::currentMSecsSinceEpoch() < graceEnds - 5000, "the cut was seen too late to test the grace");
    qint64 lastSeen = 0;
    const auto goneFromA = [&] {
        if (at(m_a, u"pulled-1"_s).isEmpty())
            return true;
        lastSeen = QDateTime::currentMSecsSinceEpoch();
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(goneFromA(), qPrintable(diagnostics()), (graceSecs + 10) * 1000);
    QVERIFY2(lastSeen >= graceEnds - 1000,
             qPrintable(u"pulled-1 left A %1 ms before the grace ended"_s.arg(graceEnds - lastSeen)));
    QTRY_VERIFY2_WITH_TIMEOUT(at(m_b, u"pulled-1"_s).isEmpty(), qPrintable(diagnostics()), syncMs);
    QVERIFY2(bridgeOf(m_a).value(u"pulled"_s).toInt() == 0, qPrintable(diagnostics()));
    // A's own instance is A's, whatever becomes of the bridge.
    const QList<QJsonObject> kept = at(m_a, u"kept-1"_s);
    QVERIFY2(kept.size() == 1 && kept.first().value(u"bridge"_s).toString().isEmpty(), qPrintable(text(kept)));

    // The outage lasts 30 s whatever the grace took.
    if (const qint64 left = outageMs - outage.elapsed(); left > 0)
        QTest::qWait(int(left));
    QCOMPARE(state(m_a), u"cut"_s);
}

void BridgeFaults::eurekaBackGetsThePushesAgain()
{
    m_eureka.launchAsPeerOf({});
    QVERIFY2(m_eureka.waitUntilStarted(), qPrintable(m_eureka.process().tail()));
    QTRY_VERIFY2_WITH_TIMEOUT(state(m_a) == u"in sync"_s && state(m_b) == u"in sync"_s, qPrintable(diagnostics()),
                              syncMs);
    QVERIFY2(bridgeOf(m_a).value(u"cutSince"_s).toString().isEmpty(), qPrintable(diagnostics()));

    // The restarted server lost its registry; A registers its own instance there again, B pulls it.
    QTRY_VERIFY2_WITH_TIMEOUT(atEureka(u"kept-1"_s).size() == 1, qPrintable(diagnostics()), syncMs);
    QVERIFY2(atEureka(u"kept-1"_s).first().value(u"metadata"_s).toObject().value(markKey).toString()
                 .startsWith(u"node-a@"_s),
             qPrintable(text(atEureka(u"kept-1"_s))));
    QTRY_VERIFY2_WITH_TIMEOUT(pulledBy(m_b, u"kept-1"_s), qPrintable(diagnostics()), syncMs);

    // A client of the Eureka server registers again after the restart; both nodes pull it again.
    QCOMPARE(registerAtEureka(u"PULLED"_s, u"pulled-1"_s), 204);
    QTRY_VERIFY2_WITH_TIMEOUT(pulledBy(m_a, u"pulled-1"_s) && pulledBy(m_b, u"pulled-1"_s), qPrintable(diagnostics()),
                              syncMs);
}

void BridgeFaults::bridgeRemovedAtRunTime()
{
    QUrl bridge = m_a.url(u"/muster/api/v1/bridges"_s);
    bridge.setQuery(QUrlQuery {{u"url"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_eureka.eurekaUrl()))}});
    const Reply removed = m_http.del(bridge);
    QVERIFY2(removed.status == 204, qPrintable(removed.describe()));
    QVERIFY2(bridgeOf(m_a).isEmpty(), qPrintable(diagnostics()));

    // A's pulled entries leave A; what A pushed leaves the Eureka server, and so B.
    QTRY_VERIFY2_WITH_TIMEOUT(at(m_a, u"pulled-1"_s).isEmpty(), qPrintable(text(at(m_a, u"pulled-1"_s))), syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(atEureka(u"kept-1"_s).isEmpty(), qPrintable(text(atEureka(u"kept-1"_s))), syncMs);
    QTRY_VERIFY2_WITH_TIMEOUT(at(m_b, u"kept-1"_s).isEmpty(), qPrintable(text(at(m_b, u"kept-1"_s))), syncMs);
    // The rest stays: A's own instance at A, the Eureka server's own at B.
    const QList<QJsonObject> kept = at(m_a, u"kept-1"_s);
    QVERIFY2(kept.size() == 1 && kept.first().value(u"bridge"_s).toString().isEmpty(), qPrintable(text(kept)));
    QVERIFY2(pulledBy(m_b, u"pulled-1"_s), qPrintable(text(at(m_b, u"pulled-1"_s))));

    const Reply again = m_http.del(bridge);
    QVERIFY2(again.status == 404, qPrintable(again.describe()));
}

void BridgeFaults::cleanupTestCase()
{
    m_a.stop();
    m_b.stop();
    m_eureka.stop();
}

QTEST_GUILESS_MAIN(BridgeFaults)
#include "tst_bridgefaults.moc"
