// SPDX-License-Identifier: GPL-3.0-or-later
// NodeHandle: the node on its own thread, commands answered on the caller's thread, batched changes.
#include "node/nodehandle.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

class TestNodeHandle : public QObject
{
    Q_OBJECT

private slots:
    void startsOnItsOwnThreadWithAFreePort();
    void commandsAnswerOnTheCallersThread();
    void changesArriveInBatchesWithCoalescedHeartbeats();
    void commandOnUnknownInstanceReportsError();
    void secondNodeOnSamePortFailsToStart();
    void stopReleasesThePort();

private:
    static NodeConfig testConfig();
    static Instance sampleInstance(const QString &id);
    int httpStatus(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url);
};

NodeConfig TestNodeHandle::testConfig()
{
    NodeConfig config;
    config.name = QStringLiteral("handle-test");
    config.port = 0;
    return config;
}

Instance TestNodeHandle::sampleInstance(const QString &id)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = QStringLiteral("ORDERS");
    instance.hostName = QStringLiteral("host-") + id;
    instance.ipAddr = QStringLiteral("10.0.0.7");
    instance.port = {8080, true};
    instance.vipAddress = QStringLiteral("orders");
    return instance;
}

int TestNodeHandle::httpStatus(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    std::unique_ptr<QNetworkReply> reply {network.sendCustomRequest(request, verb)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return -1;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void TestNodeHandle::startsOnItsOwnThreadWithAFreePort()
{
    NodeHandle node(testConfig());
    QSignalSpy started(&node, &NodeHandle::started);
    node.start();
    QVERIFY(started.wait(5000));
    QVERIFY(started.first().first().value<quint16>() != 0);
    QCOMPARE(node.port(), started.first().first().value<quint16>());
    QVERIFY(node.isRunning());

    QThread *statusThread = nullptr;
    NodeStatus status;
    node.requestStatus(this, [&](const NodeStatus &received) {
        status = received;
        statusThread = QThread::currentThread();
    });
    QTRY_VERIFY(statusThread != nullptr);
    QCOMPARE(statusThread, QThread::currentThread());
    QCOMPARE(status.name, QStringLiteral("handle-test"));
    QCOMPARE(status.url, QStringLiteral("http://127.0.0.1:%1").arg(node.port()));
}

void TestNodeHandle::commandsAnswerOnTheCallersThread()
{
    NodeHandle node(testConfig());
    QSignalSpy started(&node, &NodeHandle::started);
    node.start();
    QVERIFY(started.wait(5000));

    std::optional<CommandResult> result;
    node.registerInstance(sampleInstance(QStringLiteral("a1")), this, [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok);

    std::optional<RegistrySnapshot> snapshot;
    node.requestSnapshot(this, [&](const RegistrySnapshot &s) { snapshot = s; });
    QTRY_VERIFY(snapshot.has_value());
    QCOMPARE(snapshot->instances.size(), 1);
    QCOMPARE(snapshot->instances.first().instanceId, QStringLiteral("a1"));
    QCOMPARE(snapshot->revision, quint64(3));   // SERVICECENTER, the app's service, then the instance

    QNetworkAccessManager network;
    const QString base = QStringLiteral("http://127.0.0.1:%1/eureka/apps/ORDERS/a1").arg(node.port());
    QCOMPARE(httpStatus(network, "GET", QUrl(base)), 200);

    result.reset();
    node.setStatusOverride(QStringLiteral("orders"), QStringLiteral("a1"), InstanceStatus::OutOfService, this,
                           [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok);
    snapshot.reset();
    node.requestSnapshot(this, [&](const RegistrySnapshot &s) { snapshot = s; });
    QTRY_VERIFY(snapshot.has_value());
    QCOMPARE(snapshot->instances.first().status, InstanceStatus::OutOfService);
    QCOMPARE(snapshot->instances.first().overriddenStatus, InstanceStatus::OutOfService);

    result.reset();
    node.updateMetadata(QStringLiteral("ORDERS"), QStringLiteral("a1"), {{QStringLiteral("zone"), QStringLiteral("b")}},
                        this, [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok);

    result.reset();
    node.cancelInstance(QStringLiteral("ORDERS"), QStringLiteral("a1"), this, [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok);
    QCOMPARE(httpStatus(network, "GET", QUrl(base)), 404);
}

void TestNodeHandle::changesArriveInBatchesWithCoalescedHeartbeats()
{
    NodeHandle node(testConfig());
    QSignalSpy started(&node, &NodeHandle::started);
    QList<ChangeBatch> batches;
    connect(&node, &NodeHandle::changesReady, this, [&](const ChangeBatch &batch) { batches.append(batch); });
    node.start();
    QVERIFY(started.wait(5000));

    bool registered = false;
    node.registerInstance(sampleInstance(QStringLiteral("b1")), this, [&](const CommandResult &) { registered = true; });
    QTRY_VERIFY(registered);

    QNetworkAccessManager network;
    const QUrl heartbeat(QStringLiteral("http://127.0.0.1:%1/eureka/apps/ORDERS/b1").arg(node.port()));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(httpStatus(network, "PUT", heartbeat), 200);

    QTRY_VERIFY([&] {
        qint64 beats = 0;
        for (const auto &batch : batches)
            for (const auto &h : batch.heartbeats)
                beats += h.count;
        return beats == 3;
    }());
    qsizetype registrations = 0;
    for (const auto &batch : batches) {
        for (const auto &change : batch.changes)
            registrations += change.kind == RegistryChange::Kind::Registered ? 1 : 0;
        // One entry per instance per batch, however many heartbeats it carries.
        QVERIFY(batch.heartbeats.size() <= 1);
    }
    QCOMPARE(registrations, 1);
    QCOMPARE(batches.last().revision, quint64(3));   // SERVICECENTER, the app's service, the instance
}

void TestNodeHandle::commandOnUnknownInstanceReportsError()
{
    NodeHandle node(testConfig());
    QSignalSpy started(&node, &NodeHandle::started);
    node.start();
    QVERIFY(started.wait(5000));

    std::optional<CommandResult> result;
    node.cancelInstance(QStringLiteral("NOPE"), QStringLiteral("x"), this, [&](const CommandResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains(QStringLiteral("x")), qPrintable(result->error));
}

void TestNodeHandle::secondNodeOnSamePortFailsToStart()
{
    NodeHandle first(testConfig());
    QSignalSpy started(&first, &NodeHandle::started);
    first.start();
    QVERIFY(started.wait(5000));

    NodeConfig clash = testConfig();
    clash.port = first.port();
    NodeHandle second(clash);
    QSignalSpy failed(&second, &NodeHandle::startFailed);
    second.start();
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(QString::number(clash.port)),
             qPrintable(failed.first().first().toString()));
    QVERIFY(!second.isRunning());
}

void TestNodeHandle::stopReleasesThePort()
{
    NodeHandle node(testConfig());
    QSignalSpy started(&node, &NodeHandle::started);
    node.start();
    QVERIFY(started.wait(5000));
    const quint16 port = node.port();
    node.stop();
    QVERIFY(!node.isRunning());

    NodeConfig again = testConfig();
    again.port = port;
    NodeHandle successor(again);
    QSignalSpy successorStarted(&successor, &NodeHandle::started);
    successor.start();
    QVERIFY(successorStarted.wait(5000));
    QCOMPARE(successor.port(), port);
}

QTEST_GUILESS_MAIN(TestNodeHandle)
#include "tst_nodehandle.moc"
