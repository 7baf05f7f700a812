// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center writes across a two-node cluster: services with their schemas, properties and
// deletion reach the peer; instances keep their Service-Center side (service, endpoints, health
// check); /health lists both nodes; a node that starts later copies it all from its peer.
#include "replicationharness.h"
#include "sctestnode.h"

#include <QLoggingCategory>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString reg(const QString &rest)
{
    return ScTestNode::registryPath(rest);
}

NodeConfig peerConfig(const QString &name, quint16 port, quint16 peerPort)
{
    NodeConfig config = ReplicationHarness::config(name, port, {ReplicationHarness::serviceUrl(peerPort)});
    config.registerWithPeers = false;
    return config;
}

QStringList healthEndpoints(ScTestNode &node)
{
    QStringList endpoints;
    for (const QJsonValue &instance : ScTestNode::instancesOf(node.scGet(reg(u"/health"_s))))
        endpoints.append(instance.toObject().value(u"endpoints").toArray().at(0).toString());
    endpoints.sort();
    return endpoints;
}
}

class TestScReplication : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"muster.*.info=false"_s);
    }

    void serviceCombWritesReachThePeer()
    {
        const QList<quint16> ports = ReplicationHarness::reservePorts(2);
        ScTestNode a(peerConfig(u"a"_s, ports[0], ports[1]));
        ScTestNode b(peerConfig(u"b"_s, ports[1], ports[0]));
        QVERIFY(ReplicationHarness::startReady(a));
        QVERIFY(ReplicationHarness::startReady(b));

        // Both nodes answer for the cluster.
        QStringList both {u"rest://127.0.0.1:%1/"_s.arg(ports[0]), u"rest://127.0.0.1:%1/"_s.arg(ports[1])};
        both.sort();
        QTRY_COMPARE_WITH_TIMEOUT(healthEndpoints(a), both, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(healthEndpoints(b), both, 5000);

        SC_REQUIRE_ID(sid, a.createService(ScTestNode::serviceFixture(u"cart"_s, u"shop"_s, u"1.2.0"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(b.service(sid).has_value(), 5000);
        QCOMPARE(b.service(sid)->value(u"appId").toString(), u"shop"_s);

        QVERIFY_SC_EMPTY_OK(a.scPut(reg(u"/microservices/%1/schemas/CartApi"_s.arg(sid)),
                                    {{u"schema"_s, u"openapi: 3.0.0"_s}, {u"summary"_s, u"s1"_s}}));
        QVERIFY_SC_EMPTY_OK(a.scPut(reg(u"/microservices/%1/properties"_s.arg(sid)),
                                    {{u"properties"_s, QJsonObject {{u"allowCrossApp"_s, u"true"_s}}}}));
        QTRY_COMPARE_WITH_TIMEOUT(b.scGet(reg(u"/microservices/%1/schemas/CartApi"_s.arg(sid))).json()
                                      .value(u"schema").toString(),
                                  u"openapi: 3.0.0"_s, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b.service(sid)->value(u"properties").toObject().value(u"allowCrossApp").toString(),
                                  u"true"_s, 5000);

        QJsonObject body = ScTestNode::instanceFixture(u"cart-1"_s, u"rest://10.0.0.5:8080"_s);
        body.insert(u"healthCheck"_s, QJsonObject {{u"mode"_s, u"push"_s}, {u"interval"_s, 15}, {u"times"_s, 3}});
        SC_REQUIRE_ID(iid, a.registerInstance(sid, body));
        QTRY_VERIFY_WITH_TIMEOUT(b.scInstance(sid, iid).has_value(), 5000);
        const QJsonObject copied = *b.scInstance(sid, iid);
        QCOMPARE(copied.value(u"endpoints").toArray(), QJsonArray {u"rest://10.0.0.5:8080"_s});
        QCOMPARE(copied.value(u"healthCheck").toObject(), ScTestNode::healthCheck(u"push"_s, 15, 3));
        QCOMPARE(copied.value(u"version").toString(), u"1.2.0"_s);

        QVERIFY_SC_EMPTY_OK(a.setStatus(sid, iid, u"OUTOFSERVICE"_s));
        QTRY_COMPARE_WITH_TIMEOUT(b.scInstance(sid, iid)->value(u"status").toString(), u"OUTOFSERVICE"_s, 5000);

        QVERIFY_SC_EMPTY_OK(a.scDelete(reg(u"/microservices/%1?force=true"_s.arg(sid))));
        QTRY_VERIFY_WITH_TIMEOUT(!b.service(sid).has_value(), 5000);
        QVERIFY_SC_ERROR(b.getInstance(sid, iid), "400017");
    }

    void startingNodeCopiesServicesFromItsPeer()
    {
        const QList<quint16> ports = ReplicationHarness::reservePorts(2);
        ScTestNode a(peerConfig(u"a"_s, ports[0], ports[1]));
        QVERIFY(ReplicationHarness::startReady(a));
        SC_REQUIRE_ID(sid, a.createService(ScTestNode::serviceFixture(u"orders"_s, u"shop"_s)));
        QVERIFY_SC_EMPTY_OK(a.scPut(reg(u"/microservices/%1/schemas/OrderApi"_s.arg(sid)),
                                    {{u"schema"_s, u"openapi: 3.0.0"_s}}));
        SC_REQUIRE_ID(iid, a.registerInstance(sid, ScTestNode::instanceFixture(u"orders-1"_s, u"rest://10.0.0.6:9090"_s)));

        ScTestNode b(peerConfig(u"b"_s, ports[1], ports[0]));
        QVERIFY(ReplicationHarness::startReady(b));
        QVERIFY(b.nodeStatus().value(u"syncedFrom").toString().contains(QString::number(ports[0])));
        const auto service = b.service(sid);
        QVERIFY(service);
        QCOMPARE(service->value(u"schemas").toArray(), QJsonArray {u"OrderApi"_s});
        const auto instance = b.scInstance(sid, iid);
        QVERIFY(instance);
        QCOMPARE(instance->value(u"endpoints").toArray(), QJsonArray {u"rest://10.0.0.6:9090"_s});
        // Found through Eureka too, as app ORDERS.
        QVERIFY(ReplicationHarness::has(b, u"ORDERS"_s, iid));
    }
};

QTEST_GUILESS_MAIN(TestScReplication)
#include "tst_screplication.moc"
