// SPDX-License-Identifier: GPL-3.0-or-later
// LoadSimulator against a real node with short leases and no self-preservation: the simulated
// instances appear, the failing share expires, the others stay, and stop() removes them all.
#include "client/loadsimulator.h"
#include "eurekatestnode.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

class TestLoadSimulator : public QObject
{
    Q_OBJECT

private slots:
    void failingShareExpiresAndStopRemovesTheRest();
    void badOptionsAreRefused();
    void unreachableNodeIsReported();

private:
    static QStringList idsAtNode(EurekaTestNode &node, const QString &app);
};

QStringList TestLoadSimulator::idsAtNode(EurekaTestNode &node, const QString &app)
{
    QStringList ids;
    const HttpReply reply = node.get(u"/eureka/apps/"_s + app);
    for (const QJsonValue &instance : reply.json().value(u"application"_s).toObject().value(u"instance"_s).toArray())
        ids.append(instance.toObject().value(u"instanceId"_s).toString());
    ids.sort();
    return ids;
}

void TestLoadSimulator::failingShareExpiresAndStopRemovesTheRest()
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.evictionIntervalSecs = 1;
    config.registry.selfPreservationEnabled = false;
    EurekaTestNode node(config);
    QVERIFY(node.start());

    LoadSimulator simulator;
    QSignalSpy started(&simulator, &LoadSimulator::started);
    QSignalSpy stopped(&simulator, &LoadSimulator::stopped);
    QSignalSpy errors(&simulator, &LoadSimulator::error);
    LoadSimulatorOptions options;
    options.serviceUrl = node.url(u"/eureka/"_s);
    options.app = u"simtest"_s;
    options.instanceCount = 20;
    options.heartbeatIntervalMs = 200;
    options.failingShare = 0.25;
    options.leaseDurationSecs = 2;
    simulator.start(options);
    QVERIFY(simulator.isRunning());
    QVERIFY(started.wait(10'000));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).value(0).toString()));

    QStringList all;
    QStringList healthy;
    for (int i = 0; i < 20; ++i) {
        all.append(u"simtest-sim-%1"_s.arg(i));
        if (i % 4 != 3)
            healthy.append(all.last());
    }
    all.sort();
    healthy.sort();
    QCOMPARE(idsAtNode(node, u"SIMTEST"_s), all);
    const std::optional<QJsonObject> first = node.instance(u"SIMTEST"_s, u"simtest-sim-0"_s);
    QVERIFY(first.has_value());
    QCOMPARE(first->value(u"hostName"_s).toString(), u"simtest-sim-0.local"_s);
    QCOMPARE(first->value(u"ipAddr"_s).toString(), u"10.0.0.1"_s);
    QCOMPARE(node.instance(u"SIMTEST"_s, u"simtest-sim-19"_s)->value(u"ipAddr"_s).toString(), u"10.0.0.20"_s);
    QCOMPARE(first->value(u"leaseInfo"_s).toObject().value(u"durationInSecs"_s).toInt(), 2);

    // The failing five expire (2 s lease, 1 s eviction timer); the fifteen that heartbeat stay.
    QTRY_COMPARE_WITH_TIMEOUT(idsAtNode(node, u"SIMTEST"_s), healthy, 15'000);
    QTRY_VERIFY_WITH_TIMEOUT(simulator.counters().heartbeatsSent > 15 * 5, 10'000);
    const LoadSimulatorCounters counters = simulator.counters();
    QCOMPARE(counters.instances, 20);
    QCOMPARE(counters.failing, 5);
    QCOMPARE(counters.registered, 20);
    QCOMPARE(counters.errors, 0);
    qInfo() << "heartbeats answered:" << counters.heartbeatsSent << "skipped:" << counters.heartbeatsSkipped
            << "re-registrations:" << counters.reRegistrations;

    simulator.stop();
    QVERIFY(stopped.wait(10'000));
    QVERIFY(!simulator.isRunning());
    QCOMPARE(idsAtNode(node, u"SIMTEST"_s), QStringList {});
    QCOMPARE(simulator.counters().registered, 0);
}

void TestLoadSimulator::badOptionsAreRefused()
{
    LoadSimulator simulator;
    QSignalSpy errors(&simulator, &LoadSimulator::error);
    LoadSimulatorOptions options;
    options.serviceUrl = QUrl(u"http://127.0.0.1:1/eureka/"_s);
    options.failingShare = 1.5;
    simulator.start(options);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().first().toString().contains(u"failing share"_s));
    QVERIFY(!simulator.isRunning());
}

void TestLoadSimulator::unreachableNodeIsReported()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    LoadSimulator simulator;
    QSignalSpy started(&simulator, &LoadSimulator::started);
    QSignalSpy errors(&simulator, &LoadSimulator::error);
    QSignalSpy stopped(&simulator, &LoadSimulator::stopped);
    LoadSimulatorOptions options;
    options.serviceUrl = QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(port));
    options.instanceCount = 3;
    simulator.start(options);
    QVERIFY(started.wait(10'000));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().first().toString().startsWith(u"POST http://127.0.0.1:%1/eureka/apps/SIMULATED"_s.arg(port)),
             qPrintable(errors.first().first().toString()));
    QTRY_COMPARE(simulator.counters().errors, 3);
    QCOMPARE(simulator.counters().registered, 0);
    simulator.stop();
    QVERIFY(stopped.wait(10'000));
}

QTEST_GUILESS_MAIN(TestLoadSimulator)
#include "tst_loadsimulator.moc"
