// SPDX-License-Identifier: GPL-3.0-or-later
// Scrubbing a real node's history: after a scripted sequence of writes over both protocols, the
// registry at each recorded moment (GET /muster/api/v1/history/at) equals the full fetch taken at
// that moment, in Eureka's shape and in Service-Center's. The list of changes, the gaps in an
// instance's renewals, a restart on the same data directory, and bad input answered with JSON 4xx.
#include "eurekatestnode.h"
#include "history/historyapi.h"
#include "node/nodehandle.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
QString rfc3339(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString encoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

NodeConfig configIn(const QString &dataDir)
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.dataDir = dataDir;
    return config;
}

// What one moment looked like: its time and both full fetches.
struct Moment
{
    qint64 time = 0;
    QJsonObject eureka;
    QJsonArray serviceComb;
};

// The govern answer's services, each with its instances sorted by id, as history/at sorts them.
// The instances of SERVICECENTER are the cluster's members at the time of the request, made up by
// the node and not registry entries: the history has none.
QJsonArray servicesWithSortedInstances(const QJsonObject &answer)
{
    QJsonArray services;
    for (const QJsonValue &value : answer.value(u"allServicesDetail").toArray()) {
        QJsonObject detail = value.toObject();
        if (detail.value(u"microService").toObject().value(u"serviceName").toString() == u"SERVICECENTER")
            detail.remove(u"instances"_s);
        const QJsonArray instances = detail.value(u"instances").toArray();
        QList<QJsonValue> sorted(instances.begin(), instances.end());
        std::sort(sorted.begin(), sorted.end(), [](const QJsonValue &a, const QJsonValue &b) {
            return a.toObject().value(u"instanceId").toString() < b.toObject().value(u"instanceId").toString();
        });
        QJsonArray list;
        for (const QJsonValue &instance : sorted)
            list.append(instance);
        if (!list.isEmpty())
            detail.insert(u"instances"_s, list);
        services.append(detail);
    }
    return services;
}
}

class TestHistoryScrub : public QObject
{
    Q_OBJECT

private:
    // The moment just after the last write, once the clock has moved past it, so the next write is later.
    Moment capture(EurekaTestNode &node)
    {
        Moment moment;
        moment.time = QDateTime::currentMSecsSinceEpoch();
        moment.eureka = node.get(u"/eureka/apps"_s).json();
        moment.serviceComb = servicesWithSortedInstances(
            node.get(u"/v4/default/govern/microservices?options=instances&withShared=true"_s).json());
        const qint64 after = moment.time;
        [[maybe_unused]] const bool moved = QTest::qWaitFor([after] { return QDateTime::currentMSecsSinceEpoch() > after + 1; });
        return moment;
    }

    QString registerServiceCombInstance(EurekaTestNode &node, QString *serviceId)
    {
        const QJsonObject service {{u"service"_s, QJsonObject {{u"appId"_s, u"shop"_s}, {u"serviceName"_s, u"orders"_s},
                                                               {u"version"_s, u"1.0.0"_s}}}};
        const HttpReply created = node.send("POST", u"/v4/default/registry/microservices"_s,
                                            QJsonDocument(service).toJson(), {{"Content-Type", "application/json"}});
        *serviceId = created.json().value(u"serviceId").toString();
        const QJsonObject instance {{u"instance"_s, QJsonObject {{u"hostName"_s, u"orders-1"_s},
                                                                 {u"endpoints"_s, QJsonArray {u"rest://127.0.0.1:9001"_s}}}}};
        const HttpReply registered = node.send("POST", u"/v4/default/registry/microservices/%1/instances"_s.arg(*serviceId),
                                               QJsonDocument(instance).toJson(), {{"Content-Type", "application/json"}});
        return registered.json().value(u"instanceId").toString();
    }

private slots:
    void historyAtEachMomentEqualsTheFullFetchThen()
    {
        QTemporaryDir dir;
        EurekaTestNode node(configIn(dir.path()));
        QVERIFY(node.start());
        QList<Moment> moments;
        moments.append(capture(node));

        QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h1:myapp:8080"_s)), 204);
        moments.append(capture(node));
        QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"OTHER"_s, u"h2:other:8080"_s, u"h2"_s)), 204);
        QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture(u"MYAPP"_s, u"h3:myapp:8080"_s, u"h3"_s)), 204);
        moments.append(capture(node));
        QVERIFY_STATUS(node.put(u"/eureka/apps/MYAPP/h1:myapp:8080/status?value=OUT_OF_SERVICE"_s), 200);
        moments.append(capture(node));
        QVERIFY_STATUS(node.put(u"/eureka/apps/OTHER/h2:other:8080/metadata?zone=b&weight=3"_s), 200);
        moments.append(capture(node));
        QString serviceId;
        const QString scInstance = registerServiceCombInstance(node, &serviceId);
        QVERIFY(!scInstance.isEmpty());
        moments.append(capture(node));
        QVERIFY_STATUS(node.del(u"/eureka/apps/MYAPP/h1:myapp:8080/status?value=UP"_s), 200);
        QVERIFY_STATUS(node.del(u"/eureka/apps/MYAPP/h3:myapp:8080"_s), 200);
        moments.append(capture(node));
        QVERIFY_STATUS(node.send("DELETE", u"/v4/default/registry/microservices/%1?force=true"_s.arg(serviceId)), 200);
        moments.append(capture(node));

        for (const Moment &moment : std::as_const(moments)) {
            const QString time = encoded(rfc3339(moment.time));
            const HttpReply eureka = node.get(u"/muster/api/v1/history/at?time=%1"_s.arg(time));
            QVERIFY_STATUS(eureka, 200);
            QCOMPARE(eureka.json(), moment.eureka);
            const HttpReply serviceComb = node.get(u"/muster/api/v1/history/at?time=%1&format=servicecomb"_s.arg(time));
            QVERIFY_STATUS(serviceComb, 200);
            QCOMPARE(servicesWithSortedInstances(serviceComb.json()), moment.serviceComb);
        }
        // The moments differ, so the comparisons above could fail.
        QVERIFY(moments.at(1).eureka != moments.at(2).eureka);
        QVERIFY(moments.at(4).eureka != moments.at(5).eureka);

        const HttpReply changes = node.get(u"/muster/api/v1/history?from=%1"_s.arg(encoded(rfc3339(moments.first().time))));
        QVERIFY_STATUS(changes, 200);
        QStringList events;
        for (const QJsonValue &entry : changes.json().value(u"entries").toArray()) {
            const QJsonObject object = entry.toObject();
            if (object.value(u"instance").toObject().value(u"app").toString() == u"MYAPP")
                events.append(object.value(u"event").toString());
            QCOMPARE(object.value(u"origin").toString(), u"client"_s);
            QVERIFY(HistoryApi::parseTime(object.value(u"at").toString()));
        }
        QCOMPARE(events, (QStringList {u"registered"_s, u"registered"_s, u"status-changed"_s, u"override-removed"_s,
                                       u"cancelled"_s}));
    }

    void gapsInRenewalsAreRecorded()
    {
        QTemporaryDir dir;
        EurekaTestNode node(configIn(dir.path()));
        QVERIFY(node.start());
        QJsonObject instance = EurekaTestNode::instanceFixture(u"GAPPY"_s, u"g1"_s);
        instance.insert(u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, 60}});
        QVERIFY_STATUS(node.registerJson(instance), 204);
        const auto eventsOf = [&node] {
            QStringList events;
            for (const QJsonValue &entry : node.get(u"/muster/api/v1/history"_s).json().value(u"entries").toArray()) {
                if (entry.toObject().value(u"instance").toObject().value(u"instanceId").toString() == u"g1")
                    events.append(entry.toObject().value(u"event").toString());
            }
            return events;
        };
        QTRY_COMPARE_WITH_TIMEOUT(eventsOf(), (QStringList {u"registered"_s, u"renewals-stopped"_s}), 10000);
        QVERIFY_STATUS(node.put(u"/eureka/apps/GAPPY/g1"_s), 200);
        QTRY_COMPARE_WITH_TIMEOUT(eventsOf(), (QStringList {u"registered"_s, u"renewals-stopped"_s, u"renewals-resumed"_s}),
                                  5000);
        const QJsonArray entries = node.get(u"/muster/api/v1/history"_s).json().value(u"entries").toArray();
        const QJsonObject resumed = entries.last().toObject();
        QCOMPARE(resumed.value(u"event").toString(), u"renewals-resumed"_s);
        // The gap ran from the registration (its last renewal) to this heartbeat: over two intervals.
        QVERIFY(resumed.value(u"time").toInteger() - resumed.value(u"lastRenewal").toInteger() > 2000);
    }

    void historySurvivesARestart()
    {
        QTemporaryDir dir;
        Moment before;
        {
            EurekaTestNode node(configIn(dir.path()));
            QVERIFY(node.start());
            QVERIFY_STATUS(node.registerJson(EurekaTestNode::instanceFixture()), 204);
            before = capture(node);
        }
        EurekaTestNode node(configIn(dir.path()));
        QVERIFY(node.start());
        const HttpReply then = node.get(u"/muster/api/v1/history/at?time=%1"_s.arg(encoded(rfc3339(before.time))));
        QVERIFY_STATUS(then, 200);
        QCOMPARE(then.json(), before.eureka);
        QCOMPARE(EurekaTestNode::allInstances(then.json().value(u"applications"_s).toObject()).size(), 1);
        // The node starts empty: so does its history.
        const HttpReply now = node.get(u"/muster/api/v1/history/at?time=%1"_s
                                           .arg(encoded(rfc3339(QDateTime::currentMSecsSinceEpoch()))));
        QCOMPARE(EurekaTestNode::allInstances(now.json().value(u"applications"_s).toObject()).size(), 0);
    }

    void badInputIsRefusedWithJson()
    {
        QTemporaryDir dir;
        EurekaTestNode node(configIn(dir.path()));
        QVERIFY(node.start());
        const auto check = [&node](const QString &path, int status, const QString &mentions) {
            const HttpReply reply = node.get(path);
            QVERIFY2(reply.status == status, reply.describe().constData());
            QVERIFY2(reply.json().value(u"error").toString().contains(mentions), reply.describe().constData());
        };
        check(u"/muster/api/v1/history/at"_s, 400, u"time"_s);
        check(u"/muster/api/v1/history/at?time=yesterday"_s, 400, u"RFC 3339"_s);
        check(u"/muster/api/v1/history/at?time=2026-12-03T08:00:00"_s, 400, u"RFC 3339"_s);
        check(u"/muster/api/v1/history/at?time=2026-12-03T08:00:00Z&format=xml"_s, 400, u"format"_s);
        check(u"/muster/api/v1/history/at?time=2001-01-01T00:00:00Z"_s, 404, u"begins"_s);
        check(u"/muster/api/v1/history?from=2026-12-03T08:00:00Z&to=2026-12-03T07:00:00Z"_s, 400, u"before"_s);
        check(u"/muster/api/v1/history?limit=0"_s, 400, u"limit"_s);

        EurekaTestNode withoutData;
        QVERIFY(withoutData.start());
        const HttpReply none = withoutData.get(u"/muster/api/v1/history/at?time=2026-12-03T08:00:00Z"_s);
        QCOMPARE(none.status, 404);
        QVERIFY(none.json().value(u"error").toString().contains(u"no history"_s));
    }
};

QTEST_GUILESS_MAIN(TestHistoryScrub)
#include "tst_historyscrub.moc"
