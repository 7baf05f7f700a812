// SPDX-License-Identifier: GPL-3.0-or-later
// Replication benchmark driver for a cluster of nodes that replicate to each other (bench/convergence.sh
// starts one with `muster --headless --nodes 3`):
//
// 1. Convergence. Registers --registrations instances at node A (POST {a}/eureka/apps/CONV-k, the
//    InstanceInfo of benchinstance.h), --concurrency at a time, and for each one measures the time from
//    sending the register to the first 200 from GET {c}/eureka/apps/CONV-k/{id} at node C. C is polled
//    for each registration as soon as A has answered 204: one GET at a time per instance, the next one
//    --poll-ms after a 404 comes back.
// 2. Sustained renewals. Sends heartbeats (PUT {a}/eureka/apps/{APP}/{ID}, the "APP/ID" lines of --ids,
//    round-robin) at --renew-rate per second for --renew-seconds, paced open-loop on --connections
//    keep-alive connections (raw HTTP/1.1, one request in flight per connection), and samples A's
//    GET /muster/api/v1/node every --sample-ms: each peer's queueLength and lagMs. After the run it
//    waits for A's queues to drain.
//
//   muster_bench_convergence --a http://127.0.0.1:PA --c http://127.0.0.1:PC [--registrations 1000]
//       [--concurrency 1] [--ids ids.txt --renew-rate 10000 --renew-seconds 30 --connections 32]
//
// Prints "RESULT convergence …" and "RESULT sustained …" lines for the script. Exits 1 when a
// registration or a renewal is refused, or when an instance never shows up at C.
#include "benchinstance.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {
constexpr int leaseSecs = 3600;
constexpr qint64 visibleTimeoutMs = 10'000;

struct Options
{
    QUrl a;
    QUrl c;
    int registrations = 1000;
    int concurrency = 1;
    int apps = 10;
    int pollMs = 1;
    QString ids;
    int renewRate = 10'000;
    int renewSeconds = 30;
    int connections = 32;
    int sampleMs = 200;
    bool hashedIdsAtC = false;         // C holds the instances as the SHA-1 of their ids (a Service-Center behind a bridge)
};

// The value at fraction q of sorted (nearest rank).
double percentile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::max(1.0, std::ceil(q * double(sorted.size()))));
    return sorted[std::min(rank, sorted.size()) - 1];
}

QNetworkRequest jsonRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(10'000);
    return request;
}

// Phase 1: registration at A, visibility at C.
class Convergence : public QObject
{
public:
    Convergence(const Options &options, std::function<void(bool)> done)
        : m_options(options)
        , m_done(std::move(done))
    {
    }

    void start()
    {
        m_clock.start();
        for (int k = 0; k < m_options.concurrency; ++k)
            registerNext();
    }

private:
    void registerNext()
    {
        if (m_next >= m_options.registrations)
            return;
        const int i = m_next++;
        const int app = i % m_options.apps;
        const QString appName = BenchInstance::appName(QStringLiteral("CONV-"), app);
        QNetworkRequest request = jsonRequest(m_options.a.resolved(QUrl(u"/eureka/apps/" + appName)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const qint64 sentNs = m_clock.nsecsElapsed();
        QNetworkReply *reply = m_network.post(
            request, BenchInstance::registerBody(appName, i, app, leaseSecs, QDateTime::currentMSecsSinceEpoch()));
        ++m_outstanding;
        connect(reply, &QNetworkReply::finished, this, [this, reply, i, app, appName, sentNs] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 204) {
                std::fprintf(stderr, "convergence: register %d at A: HTTP %d %s\n", i, status,
                             qPrintable(reply->errorString()));
                ++m_failures;
                finishOne();
                return;
            }
            QString id = BenchInstance::instanceId(i, app);
            if (m_options.hashedIdsAtC)
                id = QString::fromLatin1(QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1).toHex());
            poll(QUrl(u"/eureka/apps/" + appName + u'/' + id), sentNs);
        });
    }

    void poll(const QUrl &path, qint64 sentNs)
    {
        QNetworkReply *reply = m_network.get(jsonRequest(m_options.c.resolved(path)));
        ++m_polls;
        connect(reply, &QNetworkReply::finished, this, [this, reply, path, sentNs] {
            reply->deleteLater();
            const qint64 nowNs = m_clock.nsecsElapsed();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200) {
                m_latenciesMs.push_back(double(nowNs - sentNs) / 1e6);
                finishOne();
            } else if (status == 404 && (nowNs - sentNs) / 1'000'000 < visibleTimeoutMs) {
                QTimer::singleShot(m_options.pollMs, Qt::PreciseTimer, this, [this, path, sentNs] { poll(path, sentNs); });
            } else {
                std::fprintf(stderr, "convergence: %s at C: HTTP %d after %lld ms\n", qPrintable(path.path()), status,
                             qlonglong((nowNs - sentNs) / 1'000'000));
                ++m_failures;
                finishOne();
            }
        });
    }

    void finishOne()
    {
        --m_outstanding;
        registerNext();
        if (m_outstanding > 0)
            return;
        std::sort(m_latenciesMs.begin(), m_latenciesMs.end());
        double sum = 0;
        for (double v : m_latenciesMs)
            sum += v;
        const double secs = double(m_clock.nsecsElapsed()) / 1e9;
        std::printf("convergence: %zu registrations at A seen at C in %.1f s (%lld polls of C), %lld failed\n",
                    m_latenciesMs.size(), secs, qlonglong(m_polls), qlonglong(m_failures));
        std::printf("RESULT convergence n=%zu concurrency=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                    "mean_ms=%.2f min_ms=%.2f failures=%lld\n",
                    m_latenciesMs.size(), m_options.concurrency, percentile(m_latenciesMs, 0.50),
                    percentile(m_latenciesMs, 0.90), percentile(m_latenciesMs, 0.99),
                    m_latenciesMs.empty() ? 0.0 : m_latenciesMs.back(),
                    m_latenciesMs.empty() ? 0.0 : sum / double(m_latenciesMs.size()),
                    m_latenciesMs.empty() ? 0.0 : m_latenciesMs.front(), qlonglong(m_failures));
        std::fflush(stdout);
        m_done(m_failures == 0);
    }

    Options m_options;
    std::function<void(bool)> m_done;
    QNetworkAccessManager m_network;
    QElapsedTimer m_clock;
    std::vector<double> m_latenciesMs;
    int m_next = 0;
    int m_outstanding = 0;
    qint64 m_polls = 0;
    qint64 m_failures = 0;
};

// One keep-alive connection with at most one heartbeat in flight. Reads status line and
// Content-Length only: that is all a heartbeat's answer has.
class RenewConnection : public QObject
{
public:
    RenewConnection(const QUrl &base, std::function<void(RenewConnection *, int status, qint64 ns)> answered)
        : m_answered(std::move(answered))
    {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(&m_socket, &QTcpSocket::readyRead, this, &RenewConnection::read);
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
            std::fprintf(stderr, "sustained: connection error: %s\n", qPrintable(m_socket.errorString()));
            if (m_busy) {
                m_busy = false;
                m_answered(this, 0, 0);
            }
        });
        m_socket.connectToHost(base.host(), quint16(base.port()));
    }

    bool idle() const { return !m_busy && m_socket.state() == QAbstractSocket::ConnectedState; }

    void send(const QByteArray &request)
    {
        m_busy = true;
        m_timer.start();
        m_socket.write(request);
    }

private:
    void read()
    {
        m_buffer.append(m_socket.readAll());
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const int status = m_buffer.mid(9, 3).toInt();
            qsizetype length = 0;
            const qsizetype at = m_buffer.left(end).toLower().indexOf("\r\ncontent-length:");
            if (at >= 0) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n", at + 2);
                length = m_buffer.mid(at + 17, lineEnd - at - 17).trimmed().toLongLong();
            }
            if (m_buffer.size() < end + 4 + length)
                return;
            m_buffer.remove(0, end + 4 + length);
            m_busy = false;
            m_answered(this, status, m_timer.nsecsElapsed());
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QElapsedTimer m_timer;
    bool m_busy = false;
    std::function<void(RenewConnection *, int, qint64)> m_answered;
};

// Phase 2: paced heartbeats at A while A's peer queues are sampled.
class Sustained : public QObject
{
public:
    Sustained(const Options &options, QList<QByteArray> requests, std::function<void(bool)> done)
        : m_options(options)
        , m_requests(std::move(requests))
        , m_done(std::move(done))
    {
        for (int k = 0; k < m_options.connections; ++k) {
            m_connections.push_back(std::make_unique<RenewConnection>(
                m_options.a, [this](RenewConnection *connection, int status, qint64 ns) {
                    answered(connection, status, ns);
                }));
        }
        m_pacer.setTimerType(Qt::PreciseTimer);
        m_pacer.setInterval(1);
        connect(&m_pacer, &QTimer::timeout, this, &Sustained::sendDue);
        m_sampler.setInterval(m_options.sampleMs);
        connect(&m_sampler, &QTimer::timeout, this, &Sustained::sample);
    }

    void start()
    {
        // Give the connections a moment to open, then go.
        QTimer::singleShot(200, this, [this] {
            m_clock.start();
            m_pacer.start();
            m_sampler.start();
            sample();
        });
    }

private:
    void sendDue()
    {
        const qint64 elapsedNs = m_clock.nsecsElapsed();
        const qint64 durationNs = qint64(m_options.renewSeconds) * 1'000'000'000;
        if (elapsedNs >= durationNs) {
            stopSending();
            return;
        }
        // Round-robin over the connections, so that each stays busy enough not to be closed as idle.
        const qint64 due = elapsedNs * m_options.renewRate / 1'000'000'000;
        for (std::size_t k = 0; k < m_connections.size() && m_sent < due; ++k) {
            RenewConnection *connection = m_connections[m_nextConnection].get();
            m_nextConnection = (m_nextConnection + 1) % m_connections.size();
            if (connection->idle())
                sendOn(connection);
        }
        m_maxBacklog = std::max(m_maxBacklog, due - m_sent);
    }

    void sendOn(RenewConnection *connection)
    {
        connection->send(m_requests[m_next]);
        m_next = (m_next + 1) % m_requests.size();
        ++m_sent;
    }

    void answered(RenewConnection *connection, int status, qint64 ns)
    {
        if (status == 200) {
            ++m_ok;
            m_latenciesMs.push_back(double(ns) / 1e6);
        } else if (++m_errors <= 5) {
            std::fprintf(stderr, "sustained: heartbeat answered %d\n", status);
        }
        if (m_sending && m_clock.nsecsElapsed() < qint64(m_options.renewSeconds) * 1'000'000'000
            && m_sent < m_clock.nsecsElapsed() * m_options.renewRate / 1'000'000'000)
            sendOn(connection);
        if (!m_sending && m_ok + m_errors == m_sent && !m_draining)
            drain();
    }

    void stopSending()
    {
        if (!m_sending)
            return;
        m_sending = false;
        m_pacer.stop();
        m_sendSecs = double(m_clock.nsecsElapsed()) / 1e9;
        if (m_ok + m_errors == m_sent)
            drain();
    }

    // Samples until every queue of A is empty (or 10 s), then reports.
    void drain()
    {
        m_draining = true;
        m_drainClock.start();
    }

    void sample()
    {
        QNetworkReply *reply = m_network.get(jsonRequest(m_options.a.resolved(QUrl(QStringLiteral("/muster/api/v1/node")))));
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            const QJsonArray peers = QJsonDocument::fromJson(reply->readAll()).object().value(u"peers").toArray();
            qint64 queued = 0;
            qint64 lag = 0;
            qint64 sent = 0;
            qint64 dropped = 0;
            for (const QJsonValue peer : peers) {
                const QJsonObject state = peer.toObject();
                queued = std::max(queued, qint64(state.value(u"queueLength").toDouble()));
                lag = std::max(lag, qint64(state.value(u"lagMs").toDouble()));
                sent += qint64(state.value(u"sentTasks").toDouble());
                dropped += qint64(state.value(u"droppedHeartbeats").toDouble());
            }
            if (peers.isEmpty()) {
                ++m_badSamples;
                return;
            }
            if (m_sending) {
                if (m_samples == 0) {
                    m_sentTasksAtStart = sent;
                    m_droppedAtStart = dropped;
                }
                ++m_samples;
                m_maxQueue = std::max(m_maxQueue, queued);
                m_maxLagMs = std::max(m_maxLagMs, lag);
                m_lagSamples.push_back(double(lag));
                m_sentTasksAtEnd = sent;
            }
            m_dropped = dropped - m_droppedAtStart;
            std::fprintf(stderr, "sustained: t=%5.1f s sent=%lld queue(max over peers)=%lld lag=%lld ms\n",
                         double(m_clock.nsecsElapsed()) / 1e9, qlonglong(m_sent), qlonglong(queued), qlonglong(lag));
            if (m_draining && (queued == 0 || m_drainClock.elapsed() > 10'000)) {
                m_drainMs = queued == 0 ? m_drainClock.elapsed() : -1;
                m_sentTasksAtEnd = sent;
                report();
            }
        });
    }

    void report()
    {
        m_sampler.stop();
        m_draining = false;
        std::sort(m_latenciesMs.begin(), m_latenciesMs.end());
        std::sort(m_lagSamples.begin(), m_lagSamples.end());
        const double rps = m_sendSecs > 0 ? double(m_ok + m_errors) / m_sendSecs : 0;
        const double replicatedPerSec = m_sendSecs > 0 ? double(m_sentTasksAtEnd - m_sentTasksAtStart) / m_sendSecs : 0;
        std::printf("sustained: %lld heartbeats in %.1f s to A (%lld refused), %lld tasks replicated to the peers\n",
                    qlonglong(m_sent), m_sendSecs, qlonglong(m_errors), qlonglong(m_sentTasksAtEnd - m_sentTasksAtStart));
        std::printf("RESULT sustained target_rps=%d achieved_rps=%.0f ok=%lld errors=%lld max_backlog=%lld "
                    "hb_p50_ms=%.3f hb_p99_ms=%.3f max_queue=%lld max_lag_ms=%lld p99_lag_ms=%.0f samples=%lld "
                    "bad_samples=%lld dropped=%lld replicated_per_s=%.0f drain_ms=%lld\n",
                    m_options.renewRate, rps, qlonglong(m_ok), qlonglong(m_errors), qlonglong(m_maxBacklog),
                    percentile(m_latenciesMs, 0.50), percentile(m_latenciesMs, 0.99), qlonglong(m_maxQueue),
                    qlonglong(m_maxLagMs), percentile(m_lagSamples, 0.99), qlonglong(m_samples),
                    qlonglong(m_badSamples), qlonglong(m_dropped), replicatedPerSec, qlonglong(m_drainMs));
        std::fflush(stdout);
        m_done(m_errors == 0 && m_drainMs >= 0);
    }

    Options m_options;
    QList<QByteArray> m_requests;
    std::function<void(bool)> m_done;
    std::vector<std::unique_ptr<RenewConnection>> m_connections;
    QNetworkAccessManager m_network;
    QTimer m_pacer;
    QTimer m_sampler;
    QElapsedTimer m_clock;
    QElapsedTimer m_drainClock;
    bool m_sending = true;
    bool m_draining = false;
    double m_sendSecs = 0;
    qsizetype m_next = 0;
    std::size_t m_nextConnection = 0;
    qint64 m_sent = 0;
    qint64 m_ok = 0;
    qint64 m_errors = 0;
    qint64 m_maxBacklog = 0;
    std::vector<double> m_latenciesMs;
    std::vector<double> m_lagSamples;
    qint64 m_samples = 0;
    qint64 m_badSamples = 0;
    qint64 m_maxQueue = 0;
    qint64 m_maxLagMs = 0;
    qint64 m_sentTasksAtStart = 0;
    qint64 m_sentTasksAtEnd = 0;
    qint64 m_droppedAtStart = 0;
    qint64 m_dropped = 0;
    qint64 m_drainMs = -1;
};

QList<QByteArray> heartbeatRequests(const QString &idsFile, const QUrl &a)
{
    QFile file(idsFile);
    QList<QByteArray> requests;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return requests;
    const QByteArray host = "Host: " + a.host().toUtf8() + ':' + QByteArray::number(a.port()) + "\r\n";
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (!line.isEmpty())
            requests.append("PUT /eureka/apps/" + line + " HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n");
    }
    return requests;
}
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("muster_bench_convergence"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption a(QStringLiteral("a"), QStringLiteral("Node A, e.g. http://127.0.0.1:8761."), QStringLiteral("url"));
    const QCommandLineOption c(QStringLiteral("c"), QStringLiteral("Node C."), QStringLiteral("url"));
    const QCommandLineOption registrations(QStringLiteral("registrations"),
                                           QStringLiteral("Registrations at A to time at C (0: skip)."),
                                           QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), QStringLiteral("Registrations timed at once."),
                                         QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption pollMs(QStringLiteral("poll-ms"), QStringLiteral("Pause after a 404 from C."),
                                    QStringLiteral("ms"), QStringLiteral("1"));
    const QCommandLineOption ids(QStringLiteral("ids"), QStringLiteral("APP/ID lines to heartbeat (none: skip)."),
                                 QStringLiteral("file"));
    const QCommandLineOption rate(QStringLiteral("renew-rate"), QStringLiteral("Heartbeats per second at A."),
                                  QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption seconds(QStringLiteral("renew-seconds"), QStringLiteral("How long."), QStringLiteral("s"),
                                     QStringLiteral("30"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Heartbeat connections."),
                                         QStringLiteral("n"), QStringLiteral("32"));
    const QCommandLineOption sampleMs(QStringLiteral("sample-ms"), QStringLiteral("Sampling of A's peer queues."),
                                      QStringLiteral("ms"), QStringLiteral("200"));
    const QCommandLineOption hashedIds(QStringLiteral("c-hashed-ids"),
                                       QStringLiteral("Look the instances up at C by the SHA-1 of their ids, as a "
                                                      "bridge registers Eureka ids at a Service-Center."));
    parser.addOptions({a, c, registrations, concurrency, pollMs, ids, rate, seconds, connections, sampleMs, hashedIds});
    parser.process(app);

    Options options;
    options.a = QUrl(parser.value(a));
    options.c = QUrl(parser.value(c));
    options.registrations = parser.value(registrations).toInt();
    options.concurrency = std::max(1, parser.value(concurrency).toInt());
    options.pollMs = std::max(0, parser.value(pollMs).toInt());
    options.ids = parser.value(ids);
    options.renewRate = parser.value(rate).toInt();
    options.renewSeconds = parser.value(seconds).toInt();
    options.connections = std::max(1, parser.value(connections).toInt());
    options.sampleMs = std::max(10, parser.value(sampleMs).toInt());
    options.hashedIdsAtC = parser.isSet(hashedIds);
    if (!options.a.isValid() || options.a.port() <= 0 || (options.registrations > 0 && options.c.port() <= 0)) {
        std::fprintf(stderr, "convergence: give --a and --c as http://host:port (see --help)\n");
        return 2;
    }

    bool ok = true;
    std::unique_ptr<Sustained> sustained;
    const auto runSustained = [&] {
        if (options.ids.isEmpty()) {
            QCoreApplication::exit(ok ? 0 : 1);
            return;
        }
        QList<QByteArray> requests = heartbeatRequests(options.ids, options.a);
        if (requests.isEmpty()) {
            std::fprintf(stderr, "convergence: no ids in %s\n", qPrintable(options.ids));
            QCoreApplication::exit(2);
            return;
        }
        sustained = std::make_unique<Sustained>(options, std::move(requests), [&](bool fine) {
            ok = ok && fine;
            QCoreApplication::exit(ok ? 0 : 1);
        });
        sustained->start();
    };
    Convergence convergence(options, [&](bool fine) {
        ok = fine;
        runSustained();
    });
    if (options.registrations > 0)
        QTimer::singleShot(0, &convergence, [&] { convergence.start(); });
    else
        QTimer::singleShot(0, &app, runSustained);
    return app.exec();
}
