// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

// Measures how long the GUI thread's event loop keeps a 10 ms timer waiting: the longest stall the
// user could feel. Enabled by MUSTER_GUI_LATENCY_LOG=<file>; it writes one line per second (the
// worst stall in it) and a summary when destroyed. For the benchmark in bench/gui.sh.
// A stall is wall time, so on a machine with more runnable threads than cores it includes the time
// the thread waited for a core; beside it the probe logs the CPU time the thread itself spent
// between two ticks ("busy"), which is what the console's own work costs.
class EventLoopProbe : public QObject
{
    Q_OBJECT

public:
    explicit EventLoopProbe(const QString &logPath, QObject *parent = nullptr);
    ~EventLoopProbe() override;

    // The probe the environment asks for, or nullptr.
    static EventLoopProbe *fromEnvironment(QObject *parent);
    qint64 worstStallMs() const { return m_worstMs; }

private:
    void tick();
    void writeLine(const QByteArray &line);

    static constexpr int intervalMs = 10;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QFile m_log;
    qint64 m_lastTickMs = 0;
    qint64 m_lastCpuUs = 0;
    qint64 m_worstBusyInSecondUs = 0;
    qint64 m_worstBusyUs = 0;
    qint64 m_secondStartMs = 0;
    qint64 m_worstInSecondMs = 0;
    qint64 m_worstMs = 0;
    qint64 m_ticks = 0;
    qint64 m_over16Ms = 0;
    qint64 m_over50Ms = 0;
};
