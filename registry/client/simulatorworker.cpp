// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/simulatorworker.h"

#include "eureka/eurekajsoncodec.h"
#include "client/httpclient.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <cmath>

Q_LOGGING_CATEGORY(lcSimulator, "muster.client.simulator", QtInfoMsg)

namespace {
constexpr int tickMs = 5;
constexpr int progressMs = 250;
const HttpClient::Headers jsonHeaders {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
}

SimulatorWorker::SimulatorWorker(QObject *parent)
    : QObject {parent}
    , m_tick {this}
    , m_progressTimer {this}
{
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(tickMs);
    connect(&m_tick, &QTimer::timeout, this, &SimulatorWorker::heartbeatTick);
    m_progressTimer.setInterval(progressMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &SimulatorWorker::reportProgress);
    m_clock.start();
}

SimulatorWorker::~SimulatorWorker() = default;

void SimulatorWorker::start(const LoadSimulatorOptions &options)
{
    if (m_phase != Phase::Idle)
        return;
    m_options = options;
    if (!m_options.serviceUrl.path().endsWith(u'/'))
        m_options.serviceUrl.setPath(m_options.serviceUrl.path() + u'/');
    m_http = std::make_unique<HttpClient>(m_options.connectionPools);
    m_counters = {};
    m_failing = false;
    createInstances();
    m_phase = Phase::Registering;
    for (int i = 0; i < m_instances.size(); ++i)
        m_queue.push_back(i);
    qCInfo(lcSimulator).noquote() << "registering" << m_instances.size() << "instances of" << m_options.app.toUpper()
                                  << "at" << m_options.serviceUrl.toDisplayString();
    m_progressTimer.start();
    pumpQueue();
}

// Failing instances are spread over the ids, not bunched at the end.
void SimulatorWorker::createInstances()
{
    const QString app = m_options.app.trimmed().toUpper();
    const QString lowerApp = app.toLower();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const quint32 firstAddress = m_options.firstAddress.toIPv4Address();
    const int count = m_options.instanceCount;
    m_appUrl = m_options.serviceUrl;
    m_appUrl.setPath(m_options.serviceUrl.path() + QStringLiteral("apps/") + app, QUrl::DecodedMode);
    m_instances.clear();
    m_healthy.clear();
    m_instances.reserve(count);
    for (int i = 0; i < count; ++i) {
        Instance instance;
        instance.instanceId = QStringLiteral("%1-sim-%2").arg(lowerApp).arg(i);
        instance.app = app;
        instance.hostName = QString(m_options.hostNamePattern)
                                .replace(QStringLiteral("{app}"), lowerApp)
                                .replace(QStringLiteral("{i}"), QString::number(i));
        instance.ipAddr = QHostAddress(firstAddress + quint32(i)).toString();
        instance.port = {m_options.port, true};
        instance.vipAddress = lowerApp;
        instance.secureVipAddress = lowerApp;
        instance.lease.renewalIntervalSecs = std::max(1, m_options.heartbeatIntervalMs / 1000);
        instance.lease.durationSecs = m_options.leaseDurationSecs;
        instance.lastDirtyTimestamp = now;
        instance.lastUpdatedTimestamp = now;
        instance.metadata.insert(QStringLiteral("simulated"), QStringLiteral("true"));

        Simulated simulated;
        simulated.id = instance.instanceId;
        simulated.registration = EurekaJsonCodec::encodeInstanceDocument(instance);
        simulated.url = m_options.serviceUrl;
        simulated.url.setPath(m_options.serviceUrl.path() + QStringLiteral("apps/%1/%2").arg(app, instance.instanceId),
                              QUrl::DecodedMode);
        simulated.failing = std::floor((i + 1) * m_options.failingShare) > std::floor(i * m_options.failingShare);
        if (!simulated.failing)
            m_healthy.append(i);
        m_instances.append(simulated);
    }
    m_counters.instances = count;
    m_counters.failing = count - int(m_healthy.size());
}

void SimulatorWorker::pumpQueue()
{
    while (!m_queue.empty() && m_http->inFlight() < m_options.maxInFlight) {
        const int index = m_queue.front();
        m_queue.pop_front();
        if (m_phase == Phase::Stopping)
            sendCancel(index);
        else
            sendRegistration(index);
    }
    finishPhaseIfDone();
}

void SimulatorWorker::sendRegistration(int index)
{
    Simulated &simulated = m_instances[index];
    simulated.busy = true;
    m_http->send("POST", m_appUrl, [this, index](const RemoteReply &reply) {
        Simulated &simulated = m_instances[index];
        simulated.busy = false;
        if (reply.isSuccess()) {
            if (!simulated.registered)
                ++m_counters.registered;
            simulated.registered = true;
            m_failing = false;
        } else {
            noteFailure(reply);
        }
        if (m_phase == Phase::Stopping && simulated.registered)
            m_queue.push_back(index);
        pumpQueue();
    }, simulated.registration, jsonHeaders);
}

void SimulatorWorker::sendCancel(int index)
{
    Simulated &simulated = m_instances[index];
    simulated.busy = true;
    m_http->send("DELETE", simulated.url, [this, index](const RemoteReply &reply) {
        Simulated &simulated = m_instances[index];
        simulated.busy = false;
        if (reply.isSuccess() || reply.status == 404) {
            simulated.registered = false;
            --m_counters.registered;
        } else {
            noteFailure(reply);
        }
        pumpQueue();
    });
}

void SimulatorWorker::sendHeartbeat(int index)
{
    Simulated &simulated = m_instances[index];
    simulated.busy = true;
    QUrl url = simulated.url;
    url.setQuery(QStringLiteral("status=UP"));
    m_http->send("PUT", url, [this, index](const RemoteReply &reply) {
        Simulated &simulated = m_instances[index];
        simulated.busy = false;
        if (m_phase == Phase::Stopping) {
            if (simulated.registered)
                m_queue.push_back(index);
            pumpQueue();
            return;
        }
        if (m_phase != Phase::Running)
            return;
        if (reply.isSuccess()) {
            ++m_counters.heartbeatsSent;
            m_rate.increment(nowMs());
            m_failing = false;
        } else if (reply.status == 404) {
            ++m_counters.reRegistrations;
            sendRegistration(index);
        } else {
            noteFailure(reply);
        }
    }, {}, {{"Accept", "application/json"}});
}

// Sends the heartbeats that are due by now, so that they spread evenly over the interval
// whatever the timer's jitter; beyond one interval behind, the rest are skipped.
void SimulatorWorker::heartbeatTick()
{
    const qint64 healthy = m_healthy.size();
    if (healthy == 0)
        return;
    const qint64 target = (nowMs() - m_heartbeatStartMs) * healthy / m_options.heartbeatIntervalMs;
    if (target - m_heartbeatsDue > healthy) {
        m_counters.heartbeatsSkipped += target - healthy - m_heartbeatsDue;
        m_heartbeatsDue = target - healthy;
    }
    for (; m_heartbeatsDue < target; ++m_heartbeatsDue) {
        const int index = m_healthy[int(m_heartbeatsDue % healthy)];
        if (m_instances[index].busy || m_http->inFlight() >= m_options.maxInFlight)
            ++m_counters.heartbeatsSkipped;
        else
            sendHeartbeat(index);
    }
}

void SimulatorWorker::finishPhaseIfDone()
{
    if (!m_queue.empty() || m_http->inFlight() > 0)
        return;
    if (m_phase == Phase::Registering) {
        m_phase = Phase::Running;
        qCInfo(lcSimulator).noquote() << m_counters.registered << "of" << m_counters.instances << "instances registered;"
                                      << m_healthy.size() << "heartbeat every" << m_options.heartbeatIntervalMs << "ms";
        m_heartbeatStartMs = nowMs();
        m_heartbeatsDue = 0;
        m_tick.start();
        reportProgress();
        emit started();
    } else if (m_phase == Phase::Stopping) {
        m_phase = Phase::Idle;
        m_progressTimer.stop();
        reportProgress();
        qCInfo(lcSimulator).noquote() << "simulation stopped;" << m_counters.registered << "instances left registered";
        emit stopped();
    }
}

void SimulatorWorker::stop()
{
    if (m_phase == Phase::Idle) {
        emit stopped();
        return;
    }
    m_phase = Phase::Stopping;
    m_tick.stop();
    m_queue.clear();
    for (int i = 0; i < m_instances.size(); ++i) {
        // One in flight comes back through its own callback, which queues the cancel if needed.
        if (m_instances[i].registered && !m_instances[i].busy)
            m_queue.push_back(i);
    }
    pumpQueue();
}

void SimulatorWorker::abort()
{
    m_tick.stop();
    m_progressTimer.stop();
    m_queue.clear();
    m_http.reset();
    m_phase = Phase::Idle;
}

void SimulatorWorker::noteFailure(const RemoteReply &reply)
{
    ++m_counters.errors;
    m_counters.lastError = reply.errorText();
    if (m_failing)
        return;
    m_failing = true;
    qCWarning(lcSimulator).noquote() << m_counters.lastError;
    emit error(m_counters.lastError);
}

void SimulatorWorker::reportProgress()
{
    m_counters.heartbeatsPerSecond = m_rate.lastBucketCount(nowMs());
    if (m_counters == m_reported)
        return;
    m_reported = m_counters;
    emit progress(m_counters);
}
