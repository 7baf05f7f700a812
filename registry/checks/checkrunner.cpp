// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/checkrunner.h"

#include "checks/checkslogging.h"
#include "checks/httpchecks.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpSocket>

#include <algorithm>
#include <memory>

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return clock.elapsed();
}

// Checks due within this much of each other start together: a thousand checks a second spread over
// their intervals then wake the thread fifty times a second, not a thousand.
constexpr qint64 batchWindowMs = 20;

QString timedOut(const CheckSpec &spec)
{
    return QStringLiteral("timed out after %1 ms").arg(spec.timeoutMs);
}
}

CheckRunner::CheckRunner(int maxInFlight, const QString &caFile, QObject *parent)
    : QObject {parent}
    , m_maxInFlight {std::max(1, maxInFlight)}
    , m_caFile {caFile}
    , m_timer {this}
    , m_reportTimer {this}
{
    m_reportTimer.setSingleShot(true);
    m_reportTimer.setInterval(50);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] { emit checked(std::exchange(m_reports, {})); });
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_armedForMs.reset();
        takeDueChecks();
        startReadyChecks();
        armTimer();
    });
}

CheckRunner::~CheckRunner() = default;

void CheckRunner::setCheck(const QString &key, const CheckSpec &spec, quint64 generation)
{
    Entry &entry = m_entries[key];
    unschedule(entry);
    entry.spec = spec;
    entry.generation = generation;
    if (!entry.running)
        schedule(key, entry, monotonicMs() + QRandomGenerator::global()->bounded(std::max(1, spec.intervalMs)));
    armTimer();
}

void CheckRunner::removeCheck(const QString &key)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    unschedule(*it);
    m_entries.erase(it);
    armTimer();
}

void CheckRunner::schedule(const QString &key, Entry &entry, qint64 atMs)
{
    entry.due = m_schedule.emplace(atMs, key);
}

void CheckRunner::unschedule(Entry &entry)
{
    if (entry.due)
        m_schedule.erase(*std::exchange(entry.due, std::nullopt));
}

void CheckRunner::armTimer()
{
    if (m_schedule.empty()) {
        m_timer.stop();
        m_armedForMs.reset();
        return;
    }
    const qint64 due = m_schedule.begin()->first;
    // Restarting a timer costs more than its wake-up; one that fires in time is left alone.
    if (m_armedForMs && *m_armedForMs <= due)
        return;
    const qint64 now = monotonicMs();
    m_armedForMs = std::max(due, now);
    m_timer.start(int(std::min<qint64>(*m_armedForMs - now, 60'000)));
}

void CheckRunner::takeDueChecks()
{
    const qint64 horizon = monotonicMs() + batchWindowMs;
    while (!m_schedule.empty() && m_schedule.begin()->first <= horizon) {
        const QString key = m_schedule.begin()->second;
        m_schedule.erase(m_schedule.begin());
        Entry &entry = m_entries[key];
        entry.due.reset();
        entry.running = true;
        m_ready.enqueue(key);
    }
}

// A check waits in the ready queue while maxInFlight others run; removed ones are skipped.
void CheckRunner::startReadyChecks()
{
    while (m_inFlight < m_maxInFlight && !m_ready.isEmpty()) {
        const QString key = m_ready.dequeue();
        const auto it = m_entries.constFind(key);
        if (it == m_entries.cend())
            continue;
        ++m_inFlight;
        run(key, *it);
    }
}

void CheckRunner::run(const QString &key, const Entry &entry)
{
    if (entry.spec.kind == CheckSpec::Kind::Http)
        runHttp(key, entry.spec, entry.generation);
    else
        runTcp(key, entry.spec, entry.generation);
}

HttpChecks *CheckRunner::http()
{
    // Made on first use, so on the runner's thread.
    if (!m_http)
        m_http = new HttpChecks(m_caFile, m_maxInFlight, this);
    return m_http;
}

void CheckRunner::runHttp(const QString &key, const CheckSpec &spec, quint64 generation)
{
    const qint64 started = monotonicMs();
    http()->get(spec.target, spec.timeoutMs, [this, key, generation, started](const HttpChecks::Outcome &outcome) {
        finish(key, generation, started, CheckResult {0, outcome.passed, 0, outcome.detail});
    });
}

void CheckRunner::runTcp(const QString &key, const CheckSpec &spec, quint64 generation)
{
    const qint64 started = monotonicMs();
    auto *socket = new QTcpSocket(this);
    // Whichever comes first of connected, an error and the timeout ends the check.
    const auto done = [this, socket, key, generation, started](bool passed, const QString &detail) {
        if (socket->property("done").toBool())
            return;
        socket->setProperty("done", true);
        socket->abort();
        socket->deleteLater();
        finish(key, generation, started, CheckResult {0, passed, 0, detail});
    };
    connect(socket, &QTcpSocket::connected, this, [done] { done(true, QStringLiteral("connected")); });
    connect(socket, &QTcpSocket::errorOccurred, this, [done, socket] { done(false, socket->errorString()); });
    QTimer::singleShot(spec.timeoutMs, socket, [done, spec] { done(false, timedOut(spec)); });
    socket->connectToHost(spec.tcpHost(), spec.tcpPort());
}

void CheckRunner::finish(const QString &key, quint64 generation, qint64 startedMs, CheckResult result)
{
    --m_inFlight;
    const qint64 now = monotonicMs();
    result.timestamp = QDateTime::currentMSecsSinceEpoch();
    result.elapsedMs = int(now - startedMs);
    qCDebug(lcChecks) << "check" << key << (result.passed ? "passed:" : "failed:") << result.detail;
    m_reports.append(CheckReport {key, generation, std::move(result)});
    if (!m_reportTimer.isActive())
        m_reportTimer.start();

    if (const auto it = m_entries.find(key); it != m_entries.end()) {
        it->running = false;
        if (!it->due)
            schedule(key, *it, std::max(now, startedMs + it->spec.intervalMs));
    }
    startReadyChecks();
    armTimer();
}
