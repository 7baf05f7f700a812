// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/loadsimulation.h"
#include "model/measuredrate.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <memory>

class HttpClient;
struct RemoteReply;

// LoadSimulator's half on its thread: the simulated instances and their requests.
class SimulatorWorker : public QObject
{
    Q_OBJECT

public:
    explicit SimulatorWorker(QObject *parent = nullptr);
    ~SimulatorWorker() override;

    void start(const LoadSimulatorOptions &options);
    // Cancels every registered instance, then reports stopped().
    void stop();
    // Drops everything at once, cancelling nothing.
    void abort();

signals:
    void started();
    void stopped();
    void progress(const LoadSimulatorCounters &counters);
    void error(const QString &message);

private:
    enum class Phase
    {
        Idle,
        Registering,
        Running,
        Stopping,
    };

    struct Simulated
    {
        QString id;
        QByteArray registration;       // the {"instance": …} document
        QUrl url;                      // …/apps/{APP}/{id}
        bool failing = false;
        bool registered = false;
        bool busy = false;             // a request for it is in flight
    };

    void createInstances();
    void pumpQueue();
    void sendRegistration(int index);
    void sendCancel(int index);
    void sendHeartbeat(int index);
    void heartbeatTick();
    void finishPhaseIfDone();
    void noteFailure(const RemoteReply &reply);
    void reportProgress();
    qint64 nowMs() const { return m_clock.elapsed(); }

    LoadSimulatorOptions m_options;
    QUrl m_appUrl;                     // …/apps/{APP}
    Phase m_phase = Phase::Idle;
    std::unique_ptr<HttpClient> m_http;
    QList<Simulated> m_instances;
    QList<int> m_healthy;
    std::deque<int> m_queue;           // registrations or cancels waiting for room in flight
    QTimer m_tick;
    QTimer m_progressTimer;
    QElapsedTimer m_clock;
    qint64 m_heartbeatStartMs = 0;
    qint64 m_heartbeatsDue = 0;        // since the heartbeats began
    MeasuredRate m_rate {1000, 0};
    LoadSimulatorCounters m_counters;
    LoadSimulatorCounters m_reported;
    bool m_failing = false;            // the last request failed; error() was emitted for it
};
