// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remoteworker.h"

#include "client/clientlogging.h"
#include "client/eurekaremote.h"
#include "client/historyclient.h"
#include "client/httpclient.h"
#include "client/prometheusparser.h"
#include "client/remotedetector.h"
#include "client/servicecombremote.h"

#include <QDateTime>
#include <QLoggingCategory>

RemoteWorker::RemoteWorker(QObject *parent)
    : QObject {parent}
    , m_timer {this}
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_protocol)
            poll();
        else
            detect();
    });
}

RemoteWorker::~RemoteWorker() = default;

void RemoteWorker::start(const Settings &settings)
{
    if (m_http)
        return;
    m_settings = settings;
    m_kind = settings.kind;
    if (m_settings.url.scheme() != u"http" && m_settings.url.scheme() != u"https")
        m_settings.url = QUrl::fromUserInput(m_settings.url.toString());
    m_http = std::make_unique<HttpClient>();
    m_http->setTimeoutMs(m_settings.requestTimeoutMs);
    m_http->setTlsConfiguration(m_settings.tls);
    m_failures = 0;
    m_pollAgain = false;
    setState(RemoteRegistry::State::Starting, {});
    detect();
}

void RemoteWorker::stop()
{
    ++m_generation;
    m_timer.stop();
    if (m_http)
        m_http->abortAll();
    m_busy = false;
    m_protocol.reset();
    m_http.reset();
}

void RemoteWorker::detect()
{
    m_busy = true;
    RemoteDetector::detect(*m_http, m_settings.url, m_settings.kind,
                           [this, generation = m_generation](const RemoteDetector::Result &result) {
        if (generation != m_generation)
            return;
        m_busy = false;
        if (!result.error.isEmpty())
            return fail(result.error);
        m_kind = result.kind;
        m_root = result.root;
        m_http->setTokenLogin(m_kind == RemoteRegistry::Kind::ServiceComb);
        qCInfo(lcClient).noquote() << m_settings.url.toDisplayString() << "answers as" << result.kind
                                   << (result.serviceUrl.isEmpty() ? result.root : result.serviceUrl).toDisplayString();
        if (result.kind == RemoteRegistry::Kind::ServiceComb)
            m_protocol = std::make_unique<ServiceCombRemote>(*m_http, m_mirror, result.root, result.version);
        else
            m_protocol = std::make_unique<EurekaRemote>(*m_http, m_mirror, result.serviceUrl, result.root,
                                                        result.kind == RemoteRegistry::Kind::Muster);
        poll();
    });
}

void RemoteWorker::poll()
{
    if (m_busy) {
        m_pollAgain = true;
        return;
    }
    m_busy = true;
    m_pollAgain = false;
    m_protocol->poll([this, generation = m_generation](const QString &error) {
        if (generation != m_generation)
            return;
        m_busy = false;
        pollFinished(error);
    });
}

void RemoteWorker::pollFinished(const QString &error)
{
    if (!error.isEmpty())
        return fail(error);
    m_failures = 0;
    const ChangeBatch batch = m_mirror.takeBatch();
    if (!batch.changes.isEmpty() || !batch.heartbeats.isEmpty() || !batch.checks.isEmpty())
        emit changesReady(batch);
    setState(RemoteRegistry::State::Running, {});
    schedule(m_pollAgain ? 0 : m_settings.pollIntervalMs);
}

// Retries after the poll interval, doubled on each failure in a row up to the maximum.
void RemoteWorker::fail(const QString &error)
{
    ++m_failures;
    const qint64 backOff = qint64(m_settings.pollIntervalMs) << std::min(m_failures - 1, 16);
    const int delay = int(std::min<qint64>(backOff, std::max(m_settings.maxRetryIntervalMs, m_settings.pollIntervalMs)));
    if (error != m_error)
        qCInfo(lcClient).noquote() << error << "- retrying in" << delay << "ms";
    setState(RemoteRegistry::State::Unreachable, error);
    schedule(delay);
}

void RemoteWorker::setState(RemoteRegistry::State state, const QString &error)
{
    if (state == m_state && error == m_error && state != RemoteRegistry::State::Starting)
        return;
    m_state = state;
    m_error = error;
    const bool certificateRejected = state == RemoteRegistry::State::Unreachable && m_http && m_http->certificateRejected();
    emit stateChanged(state, m_kind, error, certificateRejected);
}

void RemoteWorker::schedule(int delayMs)
{
    m_timer.start(delayMs);
}

void RemoteWorker::command(std::function<void(RemoteProtocol &, CommandDone)> work, CommandDone done)
{
    if (!m_protocol) {
        const QString reason = m_error.isEmpty() ? QStringLiteral("still connecting") : m_error;
        done(CommandResult::failure(CommandResult::Error::NotConnected,
                                    QStringLiteral("not connected to %1: %2").arg(m_settings.url.toDisplayString(), reason)));
        return;
    }
    work(*m_protocol, [this, generation = m_generation, done](const CommandResult &result) {
        done(result);
        if (!result.ok || generation != m_generation)
            return;
        if (m_busy)
            m_pollAgain = true;
        else
            schedule(0);
    });
}

void RemoteWorker::readMetrics(std::function<void(const MetricsSample &)> done)
{
    if (!m_protocol)
        return done(MetricsSample::unavailable(MetricsSample::Availability::NotRunning, m_error));
    if (m_kind != RemoteRegistry::Kind::Muster)
        return done(MetricsSample::unavailable(MetricsSample::Availability::NotMuster));
    m_http->send("GET", m_root.resolved(QUrl(QStringLiteral("/metrics"))), [done](const RemoteReply &reply) {
        if (reply.status == 404)
            return done(MetricsSample::unavailable(MetricsSample::Availability::MetricsOff, reply.errorText()));
        if (!reply.isSuccess())
            return done(MetricsSample::unavailable(MetricsSample::Availability::Failed, reply.errorText()));
        done(PrometheusParser::musterSample(reply.body, QDateTime::currentMSecsSinceEpoch()));
    });
}

void RemoteWorker::readGatewayStats(std::function<void(const GatewayStats &)> done)
{
    using Availability = GatewayStats::Availability;
    if (!m_protocol)
        return done(GatewayStats::unavailable(Availability::NotRunning, m_error));
    if (m_kind != RemoteRegistry::Kind::Muster)
        return done(GatewayStats::unavailable(Availability::NotMuster));
    m_http->send("GET", m_root.resolved(QUrl(QStringLiteral("/muster/api/v1/gateway"))), [done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(GatewayStats::unavailable(Availability::Failed, reply.errorText()));
        done(GatewayStats::fromJson(reply.json()));
    }, {}, {{QByteArray("Accept"), QByteArray("application/json")}});
}

void RemoteWorker::readHistory(std::optional<qint64> time, std::function<void(const PastRegistry &)> done)
{
    const qint64 moment = time.value_or(0);
    if (!m_protocol)
        return done(PastRegistry::failure(moment, m_error.isEmpty() ? QStringLiteral("not connected yet") : m_error));
    if (m_kind != RemoteRegistry::Kind::Muster) {
        return done(PastRegistry::failure(moment, QStringLiteral("only a Muster node keeps a history; "
                                                                 "Eureka servers and Service-Centers keep none")));
    }
    if (!time) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        return m_http->send("GET", HistoryClient::changesUrl(m_root, now, now), [done](const RemoteReply &reply) {
            const auto changes = reply.isSuccess() ? HistoryClient::decodeChanges(reply.json()) : std::nullopt;
            if (!changes)
                return done(PastRegistry::failure(0, reply.isSuccess() ? QStringLiteral("not a history answer") : reply.errorText()));
            PastRegistry past;
            past.earliest = changes->earliest;
            done(past);
        });
    }
    m_http->send("GET", HistoryClient::stateUrl(m_root, moment), [done, moment](const RemoteReply &reply) {
        auto state = reply.isSuccess() ? HistoryClient::decodeState(reply.json()) : std::nullopt;
        if (!state)
            return done(PastRegistry::failure(moment, reply.isSuccess() ? QStringLiteral("not a history state") : reply.errorText()));
        PastRegistry past;
        past.time = moment;
        past.state = std::move(state);
        done(past);
    });
}
