// SPDX-License-Identifier: GPL-3.0-or-later
// The soak driver (bench/soak.sh): mixed traffic against a three-node cluster for a while, then a
// comparison of every node's registry with a model of the writes.
//
//   muster_bench_soak --nodes http://127.0.0.1:A,http://127.0.0.1:B,http://127.0.0.1:C --seconds 1800
//                     [--clients 6] [--instances 40] [--pause-ms 20]
//
// Well-behaved clients: each owns --instances Eureka instances, homed at one node as a Eureka client
// sticks to its server, and one request at a time registers, heartbeats, cancels, overrides or
// clears a status, or reads the full registry or the delta at any node. Each answer must be the one
// Eureka promises (204, 200); anything else, a network error included, is an error. Per node, a
// Service-Center consumer watches a provider whose instance comes and goes; a watcher that closes is
// an error. Hostile requests (oversized bodies, malformed JSON, bad status values, huge headers,
// garbage, requests cut short) go to every node on connections of their own; the refusals must be
// the documented 4xx. At the end, once replication has settled, every node must hold exactly the
// model's instances with the model's statuses. Prints "RESULT soak key=value ..." and exits 1 on any
// error or mismatch.
#include "benchinstance.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace {
constexpr int leaseSecs = 3600;   // nothing expires during the run: the model needs no clock

struct Options
{
    QStringList nodes;
    int seconds = 120;
    int clients = 6;
    int instances = 40;
    int pauseMs = 20;
};

struct ModelInstance
{
    bool registered = false;
    bool outOfService = false;
};

struct Counts
{
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 hostile = 0;
    qint64 hostileUnexpected = 0;
    qint64 watcherEvents = 0;
    qint64 watcherDrops = 0;
};

QString appOf(int client) { return QStringLiteral("SOAK-%1").arg(client); }
QString idOf(int client, int i) { return QStringLiteral("soak-%1-%2:soak:8080").arg(client).arg(i); }

class Soak : public QObject
{
public:
    explicit Soak(Options options)
        : m_options {std::move(options)}
    {
        m_network.setAutoDeleteReplies(true);
    }

    void start()
    {
        m_clock.start();
        // The instance hostile status changes aim at: one that exists, so only the value is wrong.
        ++m_counts.requests;
        send("POST", node(0) + QStringLiteral("/eureka/apps/HOSTILE"),
             BenchInstance::registerBody(QStringLiteral("HOSTILE"), 999'999, 0, leaseSecs, QDateTime::currentMSecsSinceEpoch())
                 .replace("host-999999.bench:app-0:8080", "target:hostile:1"),
             [this](int status, const QByteArray &) { startLoad(status); });
    }

private:
    void startLoad(int targetStatus)
    {
        if (targetStatus != 204) {
            ++m_counts.errors;
            std::fprintf(stderr, "soak: registering the hostile requests' target answered %d\n", targetStatus);
        }
        for (int node = 0; node < m_options.nodes.size(); ++node)
            setUpWatcher(node);
        for (int client = 0; client < m_options.clients; ++client)
            QTimer::singleShot(0, this, [this, client] { nextStep(client); });
        m_hostileTimer.setInterval(200);
        connect(&m_hostileTimer, &QTimer::timeout, this, &Soak::sendHostile);
        m_hostileTimer.start();
        QTimer::singleShot(m_options.seconds * 1000, this, [this] { stopLoad(); });
    }

    using Done = std::function<void(int status, const QByteArray &body)>;

    QString node(int index) const { return m_options.nodes.at(index % m_options.nodes.size()); }

    void send(const QByteArray &verb, const QString &url, const QByteArray &body, Done done,
              const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request {QUrl(url)};
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setRawHeader("Accept", "application/json");
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = body.isEmpty() ? m_network.sendCustomRequest(request, verb)
                                              : m_network.sendCustomRequest(request, verb, body);
        connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
            done(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll());
        });
    }

    // A well-behaved request: expected is the only right answer.
    void expect(const QByteArray &verb, const QString &url, const QByteArray &body, int expected,
                std::function<void()> then)
    {
        ++m_counts.requests;
        send(verb, url, body, [this, verb, url, expected, then = std::move(then)](int status, const QByteArray &answer) {
            if (status != expected) {
                if (++m_counts.errors <= 20)
                    std::fprintf(stderr, "soak: %s %s: expected %d, got %d %s\n", verb.constData(), qPrintable(url),
                                 expected, status, answer.left(200).constData());
            }
            then();
        });
    }

    void nextStep(int client)
    {
        if (m_stopping) {
            if (--m_runningClients == 0)
                settle();
            return;
        }
        QTimer::singleShot(m_options.pauseMs, this, [this, client] { step(client); });
    }

    void step(int client)
    {
        auto *random = QRandomGenerator::global();
        const int i = int(random->bounded(m_options.instances));
        ModelInstance &model = m_model[idOf(client, i)];
        const QString base = node(client) + QStringLiteral("/eureka/apps/") + appOf(client);
        const QString instanceUrl = base + u'/' + idOf(client, i);
        const auto next = [this, client] { nextStep(client); };
        if (!model.registered) {
            const QByteArray body = registerBody(client, i);
            expect("POST", base, body, 204, [&model, next] {
                model.registered = true;
                model.outOfService = false;
                next();
            });
            return;
        }
        const int dice = int(random->bounded(100));
        if (dice < 55) {
            expect("PUT", instanceUrl, {}, 200, next);
        } else if (dice < 63) {
            expect("DELETE", instanceUrl, {}, 200, [&model, next] {
                model.registered = false;
                next();
            });
        } else if (dice < 68) {
            expect("PUT", instanceUrl + QStringLiteral("/status?value=OUT_OF_SERVICE"), {}, 200, [&model, next] {
                model.outOfService = true;
                next();
            });
        } else if (dice < 73) {
            expect("DELETE", instanceUrl + QStringLiteral("/status?value=UP"), {}, 200, [&model, next] {
                model.outOfService = false;
                next();
            });
        } else if (dice < 88) {
            expect("GET", node(int(random->bounded(3))) + QStringLiteral("/eureka/apps/delta"), {}, 200, next);
        } else {
            expect("GET", node(int(random->bounded(3))) + QStringLiteral("/eureka/apps"), {}, 200, next);
        }
    }

    // The model's writes are applied when their answers arrive; a client's next write waits for it.
    QByteArray registerBody(int client, int i) const
    {
        QJsonObject document = QJsonDocument::fromJson(BenchInstance::registerBody(
                                                           appOf(client), qint64(client) * 1000 + i, client, leaseSecs,
                                                           QDateTime::currentMSecsSinceEpoch()))
                                   .object();
        QJsonObject instance = document.value(u"instance").toObject();
        instance.insert(QStringLiteral("instanceId"), idOf(client, i));
        document.insert(QStringLiteral("instance"), instance);
        return QJsonDocument(document).toJson(QJsonDocument::Compact);
    }

    // A Service-Center consumer at the node finds a provider and watches it; the provider's
    // instance is registered and removed again every few seconds, which the watcher must see.
    void setUpWatcher(int index)
    {
        const QString registry = node(index) + QStringLiteral("/v4/default/registry");
        const auto service = [](const QString &name) {
            return QJsonDocument(QJsonObject {{u"service"_s, QJsonObject {{u"appId"_s, u"soak"_s},
                                                                           {u"serviceName"_s, name},
                                                                           {u"version"_s, u"1.0.0"_s}}}})
                .toJson(QJsonDocument::Compact);
        };
        const QString provider = QStringLiteral("scsoak-provider-%1").arg(index);
        ++m_counts.requests;
        send("POST", registry + u"/microservices", service(provider), [=, this](int status, const QByteArray &body) {
            const QString providerId = QJsonDocument::fromJson(body).object().value(u"serviceId").toString();
            if (status != 200 || providerId.isEmpty()) {
                ++m_counts.errors;
                std::fprintf(stderr, "soak: creating %s: %d %s\n", qPrintable(provider), status, body.constData());
                return;
            }
            ++m_counts.requests;
            send("POST", registry + u"/microservices", service(QStringLiteral("scsoak-consumer-%1").arg(index)),
                 [=, this](int status, const QByteArray &body) {
                const QString consumerId = QJsonDocument::fromJson(body).object().value(u"serviceId").toString();
                if (status != 200 || consumerId.isEmpty()) {
                    ++m_counts.errors;
                    return;
                }
                const QString find = registry + QStringLiteral("/instances?appId=soak&serviceName=%1&version=latest")
                                                    .arg(provider);
                ++m_counts.requests;
                send("GET", find, {}, [=, this](int status, const QByteArray &) {
                    if (status != 200)
                        ++m_counts.errors;
                    openWatcher(index, registry, consumerId);
                    cycleProvider(index, registry, providerId);
                }, {{"X-ConsumerId", consumerId.toUtf8()}});
            });
        });
    }

    void openWatcher(int index, const QString &registry, const QString &consumerId)
    {
        auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        connect(socket, &QWebSocket::textMessageReceived, this, [this] { ++m_counts.watcherEvents; });
        connect(socket, &QWebSocket::disconnected, this, [this, socket, index] {
            if (!m_stopping) {
                ++m_counts.watcherDrops;
                std::fprintf(stderr, "soak: the watcher at node %d closed: %s\n", index,
                             qPrintable(socket->closeReason()));
            }
        });
        QUrl url(registry + QStringLiteral("/microservices/%1/watcher").arg(consumerId));
        url.setScheme(url.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
        socket->open(url);
        m_watchers.append(socket);
    }

    void cycleProvider(int index, const QString &registry, const QString &providerId)
    {
        if (m_stopping)
            return;
        const QByteArray instance = QJsonDocument(QJsonObject {
            {u"instance"_s, QJsonObject {{u"hostName"_s, QStringLiteral("provider-%1").arg(index)},
                                          {u"endpoints"_s, QJsonArray {u"rest://127.0.0.1:9%1"_s.arg(index)}},
                                          {u"status"_s, u"UP"_s}}}}).toJson(QJsonDocument::Compact);
        const QString instances = registry + QStringLiteral("/microservices/%1/instances").arg(providerId);
        ++m_counts.requests;
        send("POST", instances, instance, [=, this](int status, const QByteArray &body) {
            const QString instanceId = QJsonDocument::fromJson(body).object().value(u"instanceId").toString();
            if (status != 200 || instanceId.isEmpty()) {
                ++m_counts.errors;
                std::fprintf(stderr, "soak: provider %d: %d %s\n", index, status, body.left(200).constData());
                return;
            }
            QTimer::singleShot(2000, this, [=, this] {
                expect("DELETE", instances + u'/' + instanceId, {}, 200, [=, this] {
                    QTimer::singleShot(2000, this, [=, this] { cycleProvider(index, registry, providerId); });
                });
            });
        });
    }

    struct Hostile
    {
        QByteArray request;
        int expected;   // 0: no answer required, the node must only stay up
    };

    Hostile hostileRequest(int kind, const QString &host) const
    {
        const QByteArray hostHeader = "Host: " + host.toUtf8() + "\r\n";
        switch (kind) {
        case 0:
            return {"POST /eureka/apps/SOAK-EVIL HTTP/1.1\r\n" + hostHeader
                        + "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n", 413};
        case 1: {
            const QByteArray body = "{\"instance\": {\"app\": ";
            return {"POST /eureka/apps/SOAK-EVIL HTTP/1.1\r\n" + hostHeader
                        + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body, 400};
        }
        case 2:
            return {"PUT /eureka/apps/HOSTILE/target:hostile:1/status?value=SIDEWAYS HTTP/1.1\r\n" + hostHeader
                        + "Connection: close\r\n\r\n", 400};
        case 3:
            return {"GET /eureka/apps HTTP/1.1\r\n" + hostHeader + "X-Filler: " + QByteArray(128 * 1024, 'x')
                        + "\r\n\r\n", 431};
        case 4:
            return {QByteArray("\x16\x03\x01\x00\xff garbage \r\n\r\n\x00\x01", 22), 0};
        default:
            return {"POST /eureka/apps/SOAK-EVIL HTTP/1.1\r\n" + hostHeader + "Content-Length: 5000\r\n\r\n{\"ins", 0};
        }
    }

    void sendHostile()
    {
        const int kind = int(m_counts.hostile % 6);
        const QUrl target(node(int(m_counts.hostile % 3)));
        ++m_counts.hostile;
        const Hostile hostile = hostileRequest(kind, target.authority());
        auto *socket = new QTcpSocket(this);
        auto answer = std::make_shared<QByteArray>();
        auto judged = std::make_shared<bool>(false);
        // Judged once: on the answer's header block, or when the connection ends without one.
        const auto judge = [this, answer, judged, expected = hostile.expected] {
            if (std::exchange(*judged, true))
                return;
            if (expected != 0 && !answer->startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(expected)))) {
                if (++m_counts.hostileUnexpected <= 10)
                    std::fprintf(stderr, "soak: hostile request expected %d, got '%s'\n", expected,
                                 answer->left(120).constData());
            }
        };
        connect(socket, &QTcpSocket::connected, socket, [socket, hostile] {
            socket->write(hostile.request);
            if (hostile.expected == 0)
                socket->disconnectFromHost();   // cut short: the node must cope
        });
        connect(socket, &QTcpSocket::readyRead, socket, [socket, answer, judge] {
            answer->append(socket->readAll());
            if (answer->contains("\r\n\r\n")) {
                judge();
                socket->abort();
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [socket, judge] {
            judge();
            socket->deleteLater();
        });
        connect(socket, &QTcpSocket::errorOccurred, socket, [socket](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                socket->abort();
        });
        QTimer::singleShot(15000, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->connectToHost(target.host(), quint16(target.port()));
    }

    void stopLoad()
    {
        std::fprintf(stderr, "soak: load stopped after %d s; waiting for the clients' last answers\n",
                     int(m_clock.elapsed() / 1000));
        m_stopping = true;
        m_hostileTimer.stop();
        m_runningClients = m_options.clients;
    }

    // Replication settles within seconds; the comparison is retried for up to a minute.
    void settle()
    {
        for (QWebSocket *watcher : std::as_const(m_watchers))
            watcher->close();
        m_settleClock.start();
        compare();
    }

    void compare()
    {
        auto differences = std::make_shared<QStringList>();
        auto pending = std::make_shared<int>(int(m_options.nodes.size()));
        for (int index = 0; index < m_options.nodes.size(); ++index) {
            send("GET", node(index) + QStringLiteral("/eureka/apps"), {}, [=, this](int status, const QByteArray &body) {
                if (status != 200)
                    differences->append(QStringLiteral("node %1: full fetch answered %2").arg(index).arg(status));
                else
                    differences->append(differencesAt(index, body));
                if (--*pending == 0)
                    compared(*differences);
            });
        }
    }

    QStringList differencesAt(int index, const QByteArray &body) const
    {
        std::map<QString, QString> seen;   // id → status
        const QJsonArray apps = QJsonDocument::fromJson(body).object().value(u"applications").toObject()
                                    .value(u"application").toArray();
        for (const QJsonValue &app : apps) {
            if (!app.toObject().value(u"name").toString().startsWith(u"SOAK-"))
                continue;
            for (const QJsonValue &instance : app.toObject().value(u"instance").toArray())
                seen[instance.toObject().value(u"instanceId").toString()] = instance.toObject().value(u"status").toString();
        }
        QStringList differences;
        for (const auto &[id, model] : m_model) {
            const auto found = seen.find(id);
            if (!model.registered) {
                if (found != seen.end())
                    differences.append(QStringLiteral("node %1 holds cancelled %2").arg(index).arg(id));
                continue;
            }
            const QString expected = model.outOfService ? QStringLiteral("OUT_OF_SERVICE") : QStringLiteral("UP");
            if (found == seen.end())
                differences.append(QStringLiteral("node %1 lacks %2").arg(index).arg(id));
            else if (found->second != expected)
                differences.append(QStringLiteral("node %1: %2 is %3, not %4").arg(index).arg(id, found->second, expected));
        }
        for (const auto &[id, status] : seen) {
            if (!m_model.contains(id))
                differences.append(QStringLiteral("node %1 holds unknown %2").arg(index).arg(id));
        }
        return differences;
    }

    void compared(const QStringList &differences)
    {
        if (!differences.isEmpty() && m_settleClock.elapsed() < 60'000) {
            QTimer::singleShot(1000, this, [this] { compare(); });
            return;
        }
        qint64 registered = 0;
        for (const auto &[id, model] : m_model)
            registered += model.registered ? 1 : 0;
        for (const QString &difference : differences.mid(0, 20))
            std::fprintf(stderr, "soak: %s\n", qPrintable(difference));
        const bool matches = differences.isEmpty();
        std::printf("RESULT soak seconds=%d requests=%lld errors=%lld hostile=%lld hostileUnexpected=%lld "
                    "watcherEvents=%lld watcherDrops=%lld modelInstances=%lld registered=%lld model=%s settleMs=%lld\n",
                    m_options.seconds, qlonglong(m_counts.requests), qlonglong(m_counts.errors),
                    qlonglong(m_counts.hostile), qlonglong(m_counts.hostileUnexpected),
                    qlonglong(m_counts.watcherEvents), qlonglong(m_counts.watcherDrops), qlonglong(m_model.size()),
                    qlonglong(registered), matches ? "match" : "mismatch", qlonglong(m_settleClock.elapsed()));
        std::fflush(stdout);
        const bool clean = matches && m_counts.errors == 0 && m_counts.hostileUnexpected == 0
            && m_counts.watcherDrops == 0 && m_counts.watcherEvents > 0;
        QCoreApplication::exit(clean ? 0 : 1);
    }

    Options m_options;
    QNetworkAccessManager m_network;
    std::map<QString, ModelInstance> m_model;
    Counts m_counts;
    QTimer m_hostileTimer;
    QList<QWebSocket *> m_watchers;
    QElapsedTimer m_clock;
    QElapsedTimer m_settleClock;
    bool m_stopping = false;
    int m_runningClients = 0;
};
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption nodes(QStringLiteral("nodes"), QStringLiteral("Comma-separated node base URLs."),
                                   QStringLiteral("urls"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("How long the load runs."),
                                     QStringLiteral("s"), QStringLiteral("120"));
    const QCommandLineOption clients(QStringLiteral("clients"), QStringLiteral("Well-behaved clients."),
                                     QStringLiteral("n"), QStringLiteral("6"));
    const QCommandLineOption instances(QStringLiteral("instances"), QStringLiteral("Instances per client."),
                                       QStringLiteral("n"), QStringLiteral("40"));
    const QCommandLineOption pause(QStringLiteral("pause-ms"), QStringLiteral("Pause between a client's requests."),
                                   QStringLiteral("ms"), QStringLiteral("20"));
    parser.addOptions({nodes, seconds, clients, instances, pause});
    parser.process(app);

    Options options;
    options.nodes = parser.value(nodes).split(u',', Qt::SkipEmptyParts);
    options.seconds = parser.value(seconds).toInt();
    options.clients = parser.value(clients).toInt();
    options.instances = parser.value(instances).toInt();
    options.pauseMs = parser.value(pause).toInt();
    if (options.nodes.size() != 3 || options.seconds <= 0 || options.clients <= 0 || options.instances <= 0
        || options.pauseMs < 0) {
        std::fprintf(stderr, "soak: need --nodes with three URLs and positive --seconds, --clients, --instances\n");
        return 2;
    }
    Soak soak(options);
    soak.start();
    return app.exec();
}
