// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/loadsimulation.h"

#include <QObject>

class QThread;
class SimulatorWorker;

// Simulated Eureka clients for demonstrations: start() registers N instances of one app at a
// node and heartbeats the healthy ones, spread evenly over the interval; the failing share never
// heartbeats, so their leases run out. stop() cancels every simulated instance. The clients run
// on the simulator's own thread; every call returns at once.
class LoadSimulator : public QObject
{
    Q_OBJECT

public:
    explicit LoadSimulator(QObject *parent = nullptr);
    // Drops the simulation without cancelling: its instances stay until their leases run out.
    ~LoadSimulator() override;

    bool isRunning() const { return m_running; }
    LoadSimulatorCounters counters() const { return m_counters; }

    // Refused with error() while a simulation runs or when the options make no sense.
    void start(const LoadSimulatorOptions &options);
    void stop();

signals:
    void started();                    // every instance was registered (or failed to)
    void stopped();                    // every registered instance was cancelled (or failed to)
    void progress(const LoadSimulatorCounters &counters);   // a few times a second while it runs
    void error(const QString &message);

private:
    QThread *m_thread;
    SimulatorWorker *m_worker;
    bool m_running = false;
    LoadSimulatorCounters m_counters;
};
