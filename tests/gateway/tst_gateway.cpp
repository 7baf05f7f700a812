// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/instancechooser.h"
#include "model/instance.h"
#include "node/nodehandle.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
struct Reply
{
    int status = -1;                   // -1: no answer in time
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

Reply send(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
           const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply {network.sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(20000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

// A small HTTP server on loopback standing for one instance of a service.
class Upstream
{
public:
    explicit Upstream(QString name)
        : m_name {std::move(name)}
    {
        m_server->route(QStringLiteral("/who"), [this] {
            ++hits;
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), m_name.toUtf8());
        });
        m_server->route(QStringLiteral("/echo/<arg>"), [this](const QUrl &rest, const QHttpServerRequest &request) {
            ++hits;
            QJsonObject headers;
            for (const auto &[name, value] : request.headers())
                headers.insert(QString::fromLatin1(name.toLower()), QString::fromLatin1(value));
            return QHttpServerResponse(QJsonObject {
                {QStringLiteral("instance"), m_name},
                {QStringLiteral("path"), rest.path()},
                {QStringLiteral("query"), request.query().toString()},
                {QStringLiteral("method"), QString::fromLatin1(request.value("method"))},
                {QStringLiteral("body"), QString::fromUtf8(request.body())},
                {QStringLiteral("headers"), headers},
            });
        });
        m_server->route(QStringLiteral("/upload"), [](const QHttpServerRequest &request) {
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArray::number(request.body().size()));
        });
        m_server->route(QStringLiteral("/download/<arg>"), [](qint64 size) {
            return QHttpServerResponse(QByteArrayLiteral("application/octet-stream"), QByteArray(size, 'x'));
        });
        // Qt's default backlog of 50 would drop connection attempts under a burst of 1 000.
        auto *listener = new QTcpServer(m_server.get());
        listener->setListenBacklogSize(4096);
        listener->listen(QHostAddress::LocalHost, 0);
        m_server->bind(listener);
        port = listener->serverPort();
    }

    // Stops listening and closes every connection: the instance is gone, its registration stays.
    void kill() { m_server.reset(); }

    quint16 port = 0;
    int hits = 0;

private:
    QString m_name;
    std::unique_ptr<QHttpServer> m_server = std::make_unique<QHttpServer>();
};

// A body of size bytes made as it is read, so the client never holds it whole.
class PatternDevice : public QIODevice
{
public:
    explicit PatternDevice(qint64 size)
        : m_size {size}
    {
        open(QIODevice::ReadOnly);
    }
    qint64 size() const override { return m_size; }
    bool isSequential() const override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = std::min(maxSize, m_size - pos());
        std::memset(data, 'y', size_t(std::max<qint64>(count, 0)));
        return std::max<qint64>(count, 0);
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_size;
};

qint64 peakResidentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression peak(QStringLiteral("VmHWM:\\s+(\\d+) kB"));
    return peak.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

Instance target(const QString &id, int weight, const QString &zone = {})
{
    Instance instance;
    instance.instanceId = id;
    instance.app = QStringLiteral("SVC");
    instance.ipAddr = QStringLiteral("127.0.0.1");
    instance.port = PortInfo {1000 + id.back().digitValue(), true};
    instance.metadata.insert(QStringLiteral("weight"), QString::number(weight));
    if (!zone.isEmpty())
        instance.metadata.insert(QStringLiteral("zone"), zone);
    return instance;
}
}

class TestGateway : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void choiceFollowsWeights();
    void choicePrefersOwnZone();
    void failingInstanceIsEjected();

    void balancesAcrossInstances();
    void passesRequestOn();
    void notUpInstancesGetNoTraffic();
    void killedInstanceStopsAfterFirstFailure();
    void errorsNameTheService();
    void slowInstanceTimesOut();
    void resolveChoosesLikeTheGateway();
    void statisticsAndMetrics();
    void servesThousandConcurrentConnections();
    void streamsFiftyMegabytesBothWays();

private:
    void startNode(GatewayConfig gateway = {});
    void registerInstance(const QString &app, const QString &id, quint16 port, const QMap<QString, QString> &metadata = {});
    void setStatus(const QString &app, const QString &id, const QString &status);
    // Waits until the gateway routes service to count distinct upstreams.
    bool waitForRoutes(const QString &service, const QList<Upstream *> &upstreams);
    QUrl nodeUrl(const QString &path) const;
    QUrl gatewayUrl(const QString &path) const;

    std::unique_ptr<NodeHandle> m_node;
    QNetworkAccessManager *m_network = nullptr;
    quint16 m_nodePort = 0;
    QString m_gatewayUrl;
};

void TestGateway::init()
{
    m_network = new QNetworkAccessManager(this);
}

void TestGateway::cleanup()
{
    if (m_node)
        m_node->stop();
    m_node.reset();
    delete m_network;
    m_network = nullptr;
}

void TestGateway::startNode(GatewayConfig gateway)
{
    NodeConfig config;
    config.name = QStringLiteral("gw");
    config.port = 0;
    gateway.enabled = true;
    config.gateway = gateway;
    m_node = std::make_unique<NodeHandle>(config);
    QSignalSpy started(m_node.get(), &NodeHandle::started);
    m_node->start();
    QVERIFY(started.wait(10000));
    m_nodePort = started.first().first().value<quint16>();
    const Reply stats = send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/gateway")));
    QCOMPARE(stats.status, 200);
    QVERIFY(stats.json().value(QStringLiteral("running")).toBool());
    m_gatewayUrl = stats.json().value(QStringLiteral("url")).toString();
    QVERIFY(m_gatewayUrl.startsWith(QStringLiteral("http://127.0.0.1:")));
}

QUrl TestGateway::nodeUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_nodePort).arg(path));
}

QUrl TestGateway::gatewayUrl(const QString &path) const
{
    return QUrl(m_gatewayUrl + path);
}

void TestGateway::registerInstance(const QString &app, const QString &id, quint16 port,
                                   const QMap<QString, QString> &metadata)
{
    QJsonObject meta;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        meta.insert(it.key(), it.value());
    const QJsonObject instance {
        {QStringLiteral("instanceId"), id},
        {QStringLiteral("app"), app},
        {QStringLiteral("hostName"), QStringLiteral("localhost")},
        {QStringLiteral("ipAddr"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("port"), QJsonObject {{QStringLiteral("$"), port}, {QStringLiteral("@enabled"), QStringLiteral("true")}}},
        {QStringLiteral("vipAddress"), app.toLower()},
        {QStringLiteral("status"), QStringLiteral("UP")},
        {QStringLiteral("metadata"), meta},
        {QStringLiteral("dataCenterInfo"), QJsonObject {{QStringLiteral("@class"), QStringLiteral("com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo")},
                                                        {QStringLiteral("name"), QStringLiteral("MyOwn")}}},
    };
    const Reply reply = send(*m_network, "POST", nodeUrl(QStringLiteral("/eureka/apps/") + app),
                             QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson());
    QCOMPARE(reply.status, 204);
}

void TestGateway::setStatus(const QString &app, const QString &id, const QString &status)
{
    const Reply reply = send(*m_network, "PUT",
                             nodeUrl(QStringLiteral("/eureka/apps/%1/%2/status?value=%3").arg(app, id, status)));
    QCOMPARE(reply.status, 200);
}

bool TestGateway::waitForRoutes(const QString &service, const QList<Upstream *> &upstreams)
{
    const auto allHit = [&upstreams] {
        return std::all_of(upstreams.cbegin(), upstreams.cend(), [](const Upstream *upstream) { return upstream->hits > 0; });
    };
    const bool routed = QTest::qWaitFor([&] {
        send(*m_network, "GET", gatewayUrl(u'/' + service + QStringLiteral("/who")));
        return allHit();
    }, 10000);
    for (Upstream *upstream : upstreams)
        upstream->hits = 0;
    return routed;
}

void TestGateway::choiceFollowsWeights()
{
    RoutingView::Builder builder;
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i1"), 3));
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i2"), 1));
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i3"), 0));   // weight 0: drained
    const auto view = builder.build();
    const RoutedService *service = view->find(u"svc");
    QVERIFY(service);
    QCOMPARE(service->up.size(), 2);
    InstanceChooser chooser;
    PassiveHealth health(3, 10000);
    QMap<QString, int> chosen;
    QStringList firstFour;
    for (int i = 0; i < 400; ++i) {
        const auto choice = chooser.choose(*service, health, 0);
        QCOMPARE(choice.outcome, InstanceChooser::Outcome::Chosen);
        ++chosen[choice.target.instanceId];
        if (i < 4)
            firstFour.append(choice.target.instanceId);
    }
    QCOMPARE(chosen.value(QStringLiteral("i1")), 300);
    QCOMPARE(chosen.value(QStringLiteral("i2")), 100);
    // Smooth: the light instance is not starved to the end of a round.
    QCOMPARE(firstFour.count(QStringLiteral("i2")), 1);
}

void TestGateway::choicePrefersOwnZone()
{
    RoutingView::Builder builder;
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i1"), 1, QStringLiteral("east")));
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i2"), 1, QStringLiteral("west")));
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i3"), 1, QStringLiteral("west")));
    const auto view = builder.build();
    InstanceChooser chooser(QStringLiteral("east"));
    PassiveHealth health(3, 10000);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(chooser.choose(*view->find(u"SVC"), health, 0).target.instanceId, QStringLiteral("i1"));
    // With its own zone's instance failing, the gateway goes to the others.
    QVERIFY(health.recordFailure(target(QStringLiteral("i1"), 1).ipAddr + QStringLiteral(":1001"), 0, true));
    QSet<QString> chosen;
    for (int i = 0; i < 10; ++i)
        chosen.insert(chooser.choose(*view->find(u"svc"), health, 0).target.instanceId);
    QCOMPARE(chosen, (QSet<QString> {QStringLiteral("i2"), QStringLiteral("i3")}));
    InstanceChooser elsewhere(QStringLiteral("north"));
    chosen.clear();
    for (int i = 0; i < 10; ++i)
        chosen.insert(elsewhere.choose(*view->find(u"svc"), PassiveHealth(3, 10000), 0).target.instanceId);
    QCOMPARE(chosen.size(), 3);
}

void TestGateway::failingInstanceIsEjected()
{
    PassiveHealth health(3, 5000);
    const QString address = QStringLiteral("127.0.0.1:1001");
    QVERIFY(!health.recordFailure(address, 1000, false));
    QVERIFY(!health.recordFailure(address, 1000, false));
    health.recordSuccess(address);   // failures count in a row
    QVERIFY(!health.recordFailure(address, 1000, false));
    QVERIFY(!health.recordFailure(address, 1000, false));
    QVERIFY(health.recordFailure(address, 1000, false));
    QVERIFY(health.isEjected(address, 5999));
    QVERIFY(!health.isEjected(address, 6000));   // the cool-down is over: it gets one more try
    QVERIFY(health.recordFailure(address, 6000, false));
    QCOMPARE(health.ejectedUntil(address, 6000), 11000);

    RoutingView::Builder builder;
    builder.addService(QStringLiteral("EMPTY"));
    builder.addInstance(QStringLiteral("SVC"), target(QStringLiteral("i1"), 1));
    const auto view = builder.build();
    InstanceChooser chooser;
    PassiveHealth fresh(3, 5000);
    QCOMPARE(chooser.choose(*view->find(u"empty"), fresh, 0).outcome, InstanceChooser::Outcome::NoneUp);
    QVERIFY(fresh.recordFailure(QStringLiteral("127.0.0.1:1001"), 0, true));   // refused: ejected at once
    QCOMPARE(chooser.choose(*view->find(u"svc"), fresh, 0).outcome, InstanceChooser::Outcome::AllEjected);
    QVERIFY(!view->find(u"missing"));
}

void TestGateway::balancesAcrossInstances()
{
    startNode();
    Upstream a(QStringLiteral("a")), b(QStringLiteral("b")), c(QStringLiteral("c"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("b"), b.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("c"), c.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a, &b, &c}));
    for (int i = 0; i < 30; ++i)
        QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who"))).status, 200);
    QCOMPARE(a.hits, 10);
    QCOMPARE(b.hits, 10);
    QCOMPARE(c.hits, 10);

    Upstream heavy(QStringLiteral("heavy")), light(QStringLiteral("light"));
    registerInstance(QStringLiteral("WEIGHTED"), QStringLiteral("heavy"), heavy.port, {{QStringLiteral("weight"), QStringLiteral("3")}});
    registerInstance(QStringLiteral("WEIGHTED"), QStringLiteral("light"), light.port, {{QStringLiteral("weight"), QStringLiteral("1")}});
    QVERIFY(waitForRoutes(QStringLiteral("weighted"), {&heavy, &light}));
    for (int i = 0; i < 40; ++i)
        QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/weighted/who"))).status, 200);
    QCOMPARE(heavy.hits, 30);
    QCOMPARE(light.hits, 10);
}

void TestGateway::passesRequestOn()
{
    startNode();
    Upstream a(QStringLiteral("a"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a}));
    const Reply reply = send(*m_network, "POST", gatewayUrl(QStringLiteral("/EcHo/echo/deep/path?x=1&y=two")),
                             "{\"hello\":1}", {{"X-Forwarded-For", "10.1.2.3"}, {"X-Custom", "kept"}});
    QCOMPARE(reply.status, 200);
    const QJsonObject echoed = reply.json();
    QCOMPARE(echoed.value(QStringLiteral("path")).toString(), QStringLiteral("deep/path"));
    QCOMPARE(echoed.value(QStringLiteral("query")).toString(), QStringLiteral("x=1&y=two"));
    QCOMPARE(echoed.value(QStringLiteral("body")).toString(), QStringLiteral("{\"hello\":1}"));
    const QJsonObject headers = echoed.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("x-forwarded-for")).toString(), QStringLiteral("10.1.2.3, 127.0.0.1"));
    QCOMPARE(headers.value(QStringLiteral("x-forwarded-proto")).toString(), QStringLiteral("http"));
    QCOMPARE(headers.value(QStringLiteral("x-forwarded-host")).toString(), QUrl(m_gatewayUrl).authority());
    QCOMPARE(headers.value(QStringLiteral("x-custom")).toString(), QStringLiteral("kept"));
    QCOMPARE(headers.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1:%1").arg(a.port));
}

void TestGateway::notUpInstancesGetNoTraffic()
{
    startNode();
    Upstream a(QStringLiteral("a")), b(QStringLiteral("b"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("b"), b.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a, &b}));
    setStatus(QStringLiteral("ECHO"), QStringLiteral("b"), QStringLiteral("OUT_OF_SERVICE"));
    // Once the gateway has the new view, b gets nothing.
    QTRY_VERIFY([&] {
        a.hits = b.hits = 0;
        for (int i = 0; i < 4; ++i)
            send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who")));
        return a.hits == 4 && b.hits == 0;
    }());
    for (int i = 0; i < 20; ++i)
        QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who"))).body, QByteArray("a"));
    QCOMPARE(b.hits, 0);
    setStatus(QStringLiteral("ECHO"), QStringLiteral("a"), QStringLiteral("DOWN"));
    QTRY_COMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who"))).status, 503);
    const Reply none = send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who")));
    QCOMPARE(none.json().value(QStringLiteral("service")).toString(), QStringLiteral("echo"));
    QVERIFY(none.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("no instance of service 'echo' is UP")));
}

void TestGateway::killedInstanceStopsAfterFirstFailure()
{
    startNode();
    Upstream a(QStringLiteral("a")), b(QStringLiteral("b")), c(QStringLiteral("c"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("b"), b.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("c"), c.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a, &b, &c}));
    b.kill();
    // Every request is answered: the one that meets b's closed port is retried at another instance.
    for (int i = 0; i < 30; ++i)
        QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who"))).status, 200);
    QCOMPARE(a.hits + c.hits, 30);
    QVERIFY(std::abs(a.hits - c.hits) <= 1);
    // b failed once and was ejected: no second attempt reached it.
    QTRY_VERIFY([&] {
        const Reply stats = send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/gateway")));
        for (const auto service : stats.json().value(QStringLiteral("services")).toArray()) {
            for (const auto instance : service.toObject().value(QStringLiteral("instances")).toArray()) {
                if (instance.toObject().value(QStringLiteral("instanceId")).toString() == u"b")
                    return instance.toObject().value(QStringLiteral("errors")).toInt() == 1
                        && instance.toObject().value(QStringLiteral("ejected")).toBool();
            }
        }
        return false;
    }());

    // All killed while registered UP: ejected one by one, then 503 naming the service.
    a.kill();
    c.kill();
    Reply last;
    for (int i = 0; i < 4 && last.status != 503; ++i)
        last = send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who")));
    QCOMPARE(last.status, 503);
    QCOMPARE(last.json().value(QStringLiteral("service")).toString(), QStringLiteral("echo"));
}

void TestGateway::errorsNameTheService()
{
    startNode();
    const Reply unknown = send(*m_network, "GET", gatewayUrl(QStringLiteral("/nosuch/x")));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(QStringLiteral("service")).toString(), QStringLiteral("nosuch"));
    QVERIFY(unknown.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("nosuch")));
    QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/"))).status, 404);

    // A POST is not retried elsewhere: the one instance's failure is a 502 naming the service.
    Upstream gone(QStringLiteral("gone"));
    registerInstance(QStringLiteral("LONELY"), QStringLiteral("gone"), gone.port);
    QVERIFY(waitForRoutes(QStringLiteral("lonely"), {&gone}));
    gone.kill();
    const Reply failed = send(*m_network, "POST", gatewayUrl(QStringLiteral("/lonely/who")), "{}");
    QCOMPARE(failed.status, 502);
    QCOMPARE(failed.json().value(QStringLiteral("service")).toString(), QStringLiteral("lonely"));

    // Bad requests get a 400 and the connection survives nothing worse.
    QTcpSocket raw;
    raw.connectToHost(QUrl(m_gatewayUrl).host(), quint16(QUrl(m_gatewayUrl).port()));
    QVERIFY(raw.waitForConnected(5000));
    raw.write("NONSENSE\r\n\r\n");
    QTRY_VERIFY(raw.bytesAvailable() > 0 || raw.state() != QAbstractSocket::ConnectedState);
    QTRY_VERIFY(raw.peek(64).startsWith("HTTP/1.1 400"));
}

void TestGateway::slowInstanceTimesOut()
{
    GatewayConfig config;
    config.responseTimeoutMs = 300;
    startNode(config);
    QTcpServer silent;   // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    registerInstance(QStringLiteral("SLOW"), QStringLiteral("s1"), silent.serverPort());
    Reply reply;
    QTRY_COMPARE((reply = send(*m_network, "GET", gatewayUrl(QStringLiteral("/slow/x")))).status, 504);
    QCOMPARE(reply.json().value(QStringLiteral("service")).toString(), QStringLiteral("slow"));
}

void TestGateway::resolveChoosesLikeTheGateway()
{
    startNode();
    Upstream a(QStringLiteral("a")), b(QStringLiteral("b"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port, {{QStringLiteral("weight"), QStringLiteral("1")}});
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("b"), b.port, {{QStringLiteral("weight"), QStringLiteral("3")}});
    QMap<QString, int> chosen;
    for (int i = 0; i < 40; ++i) {
        const Reply reply = send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/resolve/Echo")));
        QCOMPARE(reply.status, 200);
        const QJsonObject json = reply.json();
        const quint16 port = quint16(json.value(QStringLiteral("port")).toInt());
        QCOMPARE(json.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(json.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1:%1").arg(port));
        QVERIFY(port == a.port || port == b.port);
        ++chosen[json.value(QStringLiteral("instanceId")).toString()];
    }
    QCOMPARE(chosen.value(QStringLiteral("a")), 10);
    QCOMPARE(chosen.value(QStringLiteral("b")), 30);
    const Reply unknown = send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/resolve/nosuch")));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(QStringLiteral("service")).toString(), QStringLiteral("nosuch"));
    setStatus(QStringLiteral("ECHO"), QStringLiteral("a"), QStringLiteral("DOWN"));
    setStatus(QStringLiteral("ECHO"), QStringLiteral("b"), QStringLiteral("DOWN"));
    QCOMPARE(send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/resolve/echo"))).status, 503);
}

void TestGateway::statisticsAndMetrics()
{
    startNode();
    Upstream a(QStringLiteral("a"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a}));
    for (int i = 0; i < 10; ++i)
        QCOMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/echo/who"))).status, 200);
    QJsonObject instance;
    QTRY_VERIFY([&] {
        const Reply stats = send(*m_network, "GET", nodeUrl(QStringLiteral("/muster/api/v1/gateway")));
        const QJsonArray services = stats.json().value(QStringLiteral("services")).toArray();
        if (services.size() != 1)
            return false;
        instance = services.first().toObject().value(QStringLiteral("instances")).toArray().first().toObject();
        return instance.value(QStringLiteral("requests")).toInt() >= 11;
    }());
    QCOMPARE(instance.value(QStringLiteral("instanceId")).toString(), QStringLiteral("a"));
    QCOMPARE(instance.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.0.1:%1").arg(a.port));
    QCOMPARE(instance.value(QStringLiteral("errors")).toInt(), 0);
    const double p50 = instance.value(QStringLiteral("p50Ms")).toDouble();
    const double p99 = instance.value(QStringLiteral("p99Ms")).toDouble();
    QVERIFY(p50 > 0);
    QVERIFY(p99 >= p50);

    const Reply metrics = send(*m_network, "GET", nodeUrl(QStringLiteral("/metrics")));
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains(QStringLiteral("muster_gateway_requests_total{service=\"echo\",instance=\"a\",address=\"127.0.0.1:%1\"}")
                                      .arg(a.port).toUtf8()));
    QVERIFY(metrics.body.contains("muster_gateway_latency_p99_seconds{service=\"echo\",instance=\"a\""));

    NodeStatus status;
    bool answered = false;
    m_node->requestStatus(this, [&](const NodeStatus &reported) {
        status = reported;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(status.gateway.running);
    QVERIFY(status.gateway.instance(QStringLiteral("a")));
    QVERIFY(status.gateway.instance(QStringLiteral("a"))->requests >= 11);
}

void TestGateway::servesThousandConcurrentConnections()
{
    startNode();
    Upstream a(QStringLiteral("a")), b(QStringLiteral("b"));
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("a"), a.port);
    registerInstance(QStringLiteral("ECHO"), QStringLiteral("b"), b.port);
    QVERIFY(waitForRoutes(QStringLiteral("echo"), {&a, &b}));
    const QUrl url(m_gatewayUrl);
    constexpr int count = 1000;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int connected = 0;
    int answered = 0;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = socket.get();
        connect(raw, &QTcpSocket::connected, this, [&connected] { ++connected; });
        connect(raw, &QTcpSocket::readyRead, this, [raw, &answered] {
            if (raw->property("done").toBool() || !raw->peek(64).contains("\r\n"))
                return;
            raw->setProperty("done", true);
            const QByteArray answer = raw->readAll();
            if (answer.startsWith("HTTP/1.1 200"))
                ++answered;
            else
                qWarning() << "answered" << answer.left(300);
        });
        raw->connectToHost(url.host(), quint16(url.port()));
        sockets.push_back(std::move(socket));
    }
    // All open at once before the first request goes out.
    QTRY_COMPARE_WITH_TIMEOUT(connected, count, 30000);
    for (const auto &socket : sockets)
        socket->write("GET /echo/who HTTP/1.1\r\nHost: gateway\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(answered, count, 60000);
    QCOMPARE(a.hits + b.hits, count);
}

void TestGateway::streamsFiftyMegabytesBothWays()
{
    constexpr qint64 size = 50 << 20;
    Upstream store(QStringLiteral("store"));
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 gatewayPort = probe.serverPort();
    probe.close();
    QProcess muster;
    muster.setProcessChannelMode(QProcess::MergedChannels);
    muster.start(QStringLiteral(MUSTER_BIN),
                 {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"),
                  dataDir.path(), QStringLiteral("--gateway-port"), QString::number(gatewayPort)});
    QVERIFY(muster.waitForStarted());
    const QRegularExpression listening(QStringLiteral("listening on http://127.0.0.1:(\\d+)/eureka/"));
    QString output;
    QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(muster.readAll()), listening.match(output).hasMatch()), 10000);
    m_nodePort = quint16(listening.match(output).captured(1).toUInt());
    m_gatewayUrl = QStringLiteral("http://127.0.0.1:%1").arg(gatewayPort);
    registerInstance(QStringLiteral("STORE"), QStringLiteral("s1"), store.port);
    QTRY_COMPARE(send(*m_network, "GET", gatewayUrl(QStringLiteral("/store/download/1000"))).body.size(), 1000);
    const qint64 before = peakResidentKiB(muster.processId());
    QVERIFY(before > 0);

    QNetworkRequest upload(gatewayUrl(QStringLiteral("/store/upload")));
    upload.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    upload.setHeader(QNetworkRequest::ContentLengthHeader, size);
    PatternDevice body(size);
    std::unique_ptr<QNetworkReply> uploaded {m_network->post(upload, &body)};
    QSignalSpy uploadFinished(uploaded.get(), &QNetworkReply::finished);
    QVERIFY(uploadFinished.wait(120000));
    QCOMPARE(uploaded->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(uploaded->readAll().toLongLong(), size);

    std::unique_ptr<QNetworkReply> downloaded {m_network->get(QNetworkRequest(gatewayUrl(QStringLiteral("/store/download/%1").arg(size))))};
    downloaded->setReadBufferSize(1 << 20);
    qint64 received = 0;
    connect(downloaded.get(), &QNetworkReply::readyRead, this, [&] { received += downloaded->readAll().size(); });
    QSignalSpy downloadFinished(downloaded.get(), &QNetworkReply::finished);
    QVERIFY(downloadFinished.wait(120000));
    received += downloaded->readAll().size();
    QCOMPARE(downloaded->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(received, size);

    const qint64 growthKiB = peakResidentKiB(muster.processId()) - before;
    qInfo() << "peak resident memory of the node grew by" << growthKiB << "KiB carrying 50 MiB each way";
    QVERIFY2(growthKiB < 16 * 1024, qPrintable(QStringLiteral("grew by %1 KiB").arg(growthKiB)));
    muster.terminate();
    QVERIFY(muster.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
