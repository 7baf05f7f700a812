// SPDX-License-Identifier: GPL-3.0-or-later
// Faults on the replication links between nodes of one process (docs/faults.md), set over
// POST /muster/api/v1/faults: a partition of two of three nodes with writes on both sides converges
// once healed, nothing lost and nothing resurrected; 30 % of batches lost on every link converges
// once the writes stop; latency on a link shows as lag and delays that link only. Bad bodies are
// refused with a JSON 400. Through LocalCluster: the divergence of two nodes, and its healing.
#include "eurekatestnode.h"
#include "node/localcluster.h"
#include "replicationharness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <array>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
const QString app = u"MYAPP"_s;
}

class TestReplicationLinkFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void partitionHealsWithNothingLostOrResurrected();
    void batchLossConvergesOnceWritesStop();
    void latencyShowsAsLag();
    void badBodiesAreRefused();
    void clusterMeasuresDivergence();

private:
    EurekaTestNode &node(int i) { return *m_nodes[size_t(i)]; }
    QUrl url(int i) const { return H::serviceUrl(m_ports[size_t(i)]); }
    HttpReply postFault(int at, const QJsonObject &body);
    bool registerAt(int i, const QString &id);
    QStringList idsAt(int i);
    bool convergedOn(const QStringList &expected);

    std::array<quint16, 3> m_ports {};
    std::array<std::unique_ptr<EurekaTestNode>, 3> m_nodes;
};

void TestReplicationLinkFaults::init()
{
    const QList<quint16> ports = H::reservePorts(3);
    QCOMPARE(ports.size(), 3);
    QList<QUrl> mesh;
    for (int i = 0; i < 3; ++i) {
        m_ports[size_t(i)] = ports[i];
        mesh.append(H::serviceUrl(ports[i]));
    }
    for (int i = 0; i < 3; ++i)
        m_nodes[size_t(i)] = std::make_unique<EurekaTestNode>(H::config(QString(QChar(u'A' + i)), ports[i], mesh));
    for (int i = 0; i < 3; ++i)
        QVERIFY(H::startReady(node(i)));
}

void TestReplicationLinkFaults::cleanup()
{
    for (auto &node : m_nodes) {
        if (node)
            node->send("DELETE", u"/muster/api/v1/faults"_s);
    }
    for (auto &node : m_nodes)
        node.reset();
}

HttpReply TestReplicationLinkFaults::postFault(int at, const QJsonObject &body)
{
    return node(at).send("POST", u"/muster/api/v1/faults"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
                         {{"Content-Type", "application/json"}});
}

bool TestReplicationLinkFaults::registerAt(int i, const QString &id)
{
    return node(i).registerJson(EurekaTestNode::instanceFixture(app, id, id)).status == 204;
}

QStringList TestReplicationLinkFaults::idsAt(int i)
{
    QStringList ids;
    for (const QJsonValue &instance : EurekaTestNode::allInstances(node(i).applications()))
        ids.append(instance.toObject().value(u"instanceId").toString());
    ids.sort();
    return ids;
}

bool TestReplicationLinkFaults::convergedOn(const QStringList &expected)
{
    for (int i = 0; i < 3; ++i) {
        if (idsAt(i) != expected)
            return false;
    }
    return true;
}

void TestReplicationLinkFaults::partitionHealsWithNothingLostOrResurrected()
{
    QVERIFY(registerAt(0, u"x0"_s));
    QTRY_VERIFY_WITH_TIMEOUT(convergedOn({u"x0"_s}), 10000);

    const HttpReply cut = postFault(0, {{u"to"_s, url(1).toString()}, {u"partition"_s, true}});
    QVERIFY_STATUS(cut, 200);
    QCOMPARE(cut.json().value(u"links").toArray().size(), 2);
    QVERIFY(cut.json().value(u"links").toArray().first().toObject().value(u"dropAll").toBool());

    QVERIFY(registerAt(0, u"a1"_s));
    QVERIFY_STATUS(node(0).del(u"/eureka/apps/MYAPP/x0"_s), 200);
    QVERIFY(registerAt(1, u"b1"_s));
    // C hears both sides; A and B only themselves.
    QTRY_COMPARE_WITH_TIMEOUT(idsAt(2), (QStringList {u"a1"_s, u"b1"_s}), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(node(0), m_ports[1]).value(u"queueLength").toInt() > 0, 5000);
    QCOMPARE(idsAt(0), (QStringList {u"a1"_s}));
    QCOMPARE(idsAt(1), (QStringList {u"b1"_s, u"x0"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(H::peerState(node(0), m_ports[1]).value(u"state").toString(), u"unreachable"_s, 5000);
    QVERIFY(H::peerState(node(0), m_ports[1]).value(u"lastError").toString().contains(u"fault on the link"_s));

    QVERIFY_STATUS(node(2).send("DELETE", u"/muster/api/v1/faults"_s), 200);
    QTRY_VERIFY_WITH_TIMEOUT(convergedOn({u"a1"_s, u"b1"_s}), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(H::peerState(node(0), m_ports[1]).value(u"queueLength").toInt(), 0, 5000);
    QCOMPARE(node(0).get(u"/muster/api/v1/faults"_s).json().value(u"links").toArray().size(), 0);
}

void TestReplicationLinkFaults::batchLossConvergesOnceWritesStop()
{
    for (int from = 0; from < 3; ++from) {
        for (int to = 0; to < 3; ++to) {
            if (from != to)
                QVERIFY_STATUS(postFault(from, {{u"to"_s, url(to).toString()}, {u"dropShare"_s, 0.3}}), 200);
        }
    }
    QStringList expected;
    for (int n = 0; n < 30; ++n) {
        const QString id = u"i%1"_s.arg(n, 2, 10, QChar(u'0'));
        QVERIFY(registerAt(n % 3, id));
        expected.append(id);
    }
    for (int n = 0; n < 30; n += 5)
        QVERIFY_STATUS(node(n % 3).put(u"/eureka/apps/MYAPP/%1/status?value=OUT_OF_SERVICE"_s.arg(expected.at(n))), 200);
    expected.sort();
    QTRY_VERIFY_WITH_TIMEOUT(convergedOn(expected), 30000);
    for (int n = 0; n < 30; n += 5) {
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(H::field(node(i), app, expected.at(n), u"status"_s), u"OUT_OF_SERVICE"_s, 10000);
    }
    // Batches were lost, and sent again.
    qsizetype lost = 0;
    for (int i = 0; i < 3; ++i) {
        for (const QJsonValue &peer : H::peers(node(i)))
            lost += peer.toObject().value(u"lastError").toString().contains(u"fault on the link"_s);
    }
    QVERIFY(lost > 0);
    const auto queued = [this] {
        qint64 total = 0;
        for (int i = 0; i < 3; ++i) {
            for (const QJsonValue &peer : H::peers(node(i)))
                total += peer.toObject().value(u"queueLength").toInt();
        }
        return total;
    };
    QTRY_COMPARE_WITH_TIMEOUT(queued(), qint64(0), 10000);
}

void TestReplicationLinkFaults::latencyShowsAsLag()
{
    QVERIFY_STATUS(postFault(0, {{u"to"_s, url(1).toString()}, {u"latencyMs"_s, 800}}), 200);
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(registerAt(0, u"slow"_s));
    QTRY_VERIFY_WITH_TIMEOUT(H::has(node(2), app, u"slow"_s), 5000);
    QVERIFY(!H::has(node(1), app, u"slow"_s));
    QTRY_VERIFY_WITH_TIMEOUT(H::peerState(node(0), m_ports[1]).value(u"lagMs").toInt() >= 200, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(H::has(node(1), app, u"slow"_s), 5000);
    QVERIFY2(elapsed.elapsed() >= 800, QByteArray::number(elapsed.elapsed()).constData());
    QTRY_COMPARE_WITH_TIMEOUT(H::peerState(node(0), m_ports[1]).value(u"lagMs").toInt(), 0, 5000);
}

void TestReplicationLinkFaults::badBodiesAreRefused()
{
    const auto refused = [this](const QByteArray &body, const QString &mentions) {
        const HttpReply reply = node(0).send("POST", u"/muster/api/v1/faults"_s, body, {{"Content-Type", "application/json"}});
        QVERIFY2(reply.status == 400, reply.describe().constData());
        QVERIFY2(reply.json().value(u"error").toString().contains(mentions), reply.describe().constData());
    };
    const QByteArray to = QJsonDocument(QJsonObject {{u"to"_s, url(1).toString()}}).toJson(QJsonDocument::Compact);
    refused("not json", u"JSON object"_s);
    refused(R"({"to":"ftp://x"})", u"to"_s);
    refused(QByteArray(to).replace("}", R"(,"dropShare":1.5})"), u"dropShare"_s);
    refused(QByteArray(to).replace("}", R"(,"latencyMs":-3})"), u"latencyMs"_s);
    refused(QByteArray(to).replace("}", R"(,"partition":"yes"})"), u"partition"_s);
    refused(QByteArray(to).replace("}", R"(,"jitter":5})"), u"jitter"_s);
    refused(QJsonDocument(QJsonObject {{u"to"_s, url(0).toString()}}).toJson(), u"same node"_s);
}

void TestReplicationLinkFaults::clusterMeasuresDivergence()
{
    NodeConfig base = H::config(u"cluster"_s, 0);
    LocalCluster cluster(base);
    NodeHandle *first = cluster.addNode();
    QTRY_VERIFY_WITH_TIMEOUT(first->port() != 0, 10000);
    NodeHandle *second = cluster.addNode();
    QTRY_VERIFY_WITH_TIMEOUT(second->port() != 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(second->state() == RegistryConnection::State::Running, 10000);

    const auto measure = [&] {
        std::optional<Divergence> result;
        QObject context;
        cluster.measureDivergence(first, second, &context, [&result](const Divergence &d) { result = d; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
            return qsizetype(-1);
        return result->count();
    };
    cluster.setLinkFault(first, second, LinkFault {true, 0, 0});
    cluster.setLinkFault(second, first, LinkFault {true, 0, 0});
    QCOMPARE(cluster.linkFault(first, second).dropAll, true);

    Instance instance;
    instance.app = app;
    instance.instanceId = u"only-on-first"_s;
    instance.hostName = u"h"_s;
    instance.ipAddr = u"127.0.0.1"_s;
    std::optional<CommandResult> registered;
    first->registerInstance(instance, this, [&registered](const CommandResult &result) { registered = result; });
    QTRY_VERIFY_WITH_TIMEOUT(registered.has_value(), 5000);
    QVERIFY(registered->ok);
    QTRY_COMPARE_WITH_TIMEOUT(measure(), qsizetype(1), 5000);

    cluster.setLinkFault(first, second, {});
    cluster.setLinkFault(second, first, {});
    QTRY_COMPARE_WITH_TIMEOUT(measure(), qsizetype(0), 10000);
    cluster.stopAll();
}

QTEST_GUILESS_MAIN(TestReplicationLinkFaults)
#include "tst_replicationlinkfaults.moc"
