// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventloopprobe.h"

#include <QDateTime>

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
    writeLine(QStringLiteral("summary worst_stall_ms=%1 ticks=%2 stalls_over_16ms=%3 stalls_over_50ms=%4")
                  .arg(m_worstMs).arg(m_ticks).arg(m_over16Ms).arg(m_over50Ms).toUtf8());
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
    if (m_lastTickMs > 0) {
        const qint64 stall = std::max<qint64>(0, now - m_lastTickMs - intervalMs);
        m_worstInSecondMs = std::max(m_worstInSecondMs, stall);
        m_worstMs = std::max(m_worstMs, stall);
        m_over16Ms += stall > 16;
        m_over50Ms += stall > 50;
        ++m_ticks;
    }
    m_lastTickMs = now;
    if (now - m_secondStartMs >= 1000) {
        writeLine(QStringLiteral("%1 worst_stall_ms=%2").arg(QDateTime::currentMSecsSinceEpoch())
                      .arg(m_worstInSecondMs).toUtf8());
        m_secondStartMs = now;
        m_worstInSecondMs = 0;
    }
}

void EventLoopProbe::writeLine(const QByteArray &line)
{
    if (!m_log.isOpen())
        return;
    m_log.write(line + '\n');
    m_log.flush();
}
