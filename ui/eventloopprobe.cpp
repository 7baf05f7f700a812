// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventloopprobe.h"

#include <QDateTime>

#include <time.h>

namespace {
qint64 threadCpuUs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}
}

EventLoopProbe::EventLoopProbe(const QString &logPath, QObject *parent)
    : QObject(parent)
    , m_log(logPath)
{
    m_log.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
    m_clock.start();
    m_timer.start();
}

EventLoopProbe::~EventLoopProbe()
{
    writeLine(QStringLiteral("summary worst_stall_ms=%1 ticks=%2 stalls_over_16ms=%3 stalls_over_50ms=%4 worst_busy_ms=%5")
                  .arg(m_worstMs).arg(m_ticks).arg(m_over16Ms).arg(m_over50Ms).arg(m_worstBusyUs / 1000).toUtf8());
}

EventLoopProbe *EventLoopProbe::fromEnvironment(QObject *parent)
{
    const QString path = qEnvironmentVariable("MUSTER_GUI_LATENCY_LOG");
    return path.isEmpty() ? nullptr : new EventLoopProbe(path, parent);
}

// A stall is how much later than its interval the timer fired: the time the loop was busy elsewhere.
void EventLoopProbe::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 cpuUs = threadCpuUs();
    if (m_lastTickMs > 0) {
        const qint64 busyUs = cpuUs - m_lastCpuUs;
        m_worstBusyInSecondUs = std::max(m_worstBusyInSecondUs, busyUs);
        m_worstBusyUs = std::max(m_worstBusyUs, busyUs);
        const qint64 stall = std::max<qint64>(0, now - m_lastTickMs - intervalMs);
        m_worstInSecondMs = std::max(m_worstInSecondMs, stall);
        m_worstMs = std::max(m_worstMs, stall);
        m_over16Ms += stall > 16;
        m_over50Ms += stall > 50;
        ++m_ticks;
    }
    m_lastTickMs = now;
    if (now - m_secondStartMs >= 1000) {
        writeLine(QStringLiteral("%1 worst_stall_ms=%2 worst_busy_ms=%3").arg(QDateTime::currentMSecsSinceEpoch())
                      .arg(m_worstInSecondMs).arg(m_worstBusyInSecondUs / 1000).toUtf8());
        m_secondStartMs = now;
        m_worstInSecondMs = 0;
        m_worstBusyInSecondUs = 0;
    }
    m_lastCpuUs = threadCpuUs();
}

void EventLoopProbe::writeLine(const QByteArray &line)
{
    if (!m_log.isOpen())
        return;
    m_log.write(line + '\n');
    m_log.flush();
}
