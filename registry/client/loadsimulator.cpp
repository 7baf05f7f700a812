// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/loadsimulator.h"

#include "client/simulatorworker.h"

#include <QThread>

LoadSimulator::LoadSimulator(QObject *parent)
    : QObject {parent}
    , m_thread {new QThread(this)}
    , m_worker {new SimulatorWorker}
{
    m_thread->setObjectName(QStringLiteral("load-simulator"));
    m_worker->moveToThread(m_thread);
    connect(m_worker, &SimulatorWorker::started, this, &LoadSimulator::started);
    connect(m_worker, &SimulatorWorker::stopped, this, [this] {
        m_running = false;
        emit stopped();
    });
    connect(m_worker, &SimulatorWorker::progress, this, [this](const LoadSimulatorCounters &counters) {
        m_counters = counters;
        emit progress(counters);
    });
    connect(m_worker, &SimulatorWorker::error, this, &LoadSimulator::error);
    m_thread->start();
}

LoadSimulator::~LoadSimulator()
{
    QMetaObject::invokeMethod(m_worker, &SimulatorWorker::abort, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void LoadSimulator::start(const LoadSimulatorOptions &options)
{
    QString problem;
    if (m_running)
        problem = QStringLiteral("a simulation is already running");
    else if (!options.serviceUrl.isValid() || options.serviceUrl.scheme().isEmpty())
        problem = QStringLiteral("the node's service URL is not valid: %1").arg(options.serviceUrl.toDisplayString());
    else if (options.app.trimmed().isEmpty())
        problem = QStringLiteral("the app name is empty");
    else if (options.instanceCount < 1)
        problem = QStringLiteral("the instance count must be at least 1");
    else if (options.heartbeatIntervalMs < 1)
        problem = QStringLiteral("the heartbeat interval must be at least 1 ms");
    else if (!(options.failingShare >= 0.0 && options.failingShare <= 1.0))
        problem = QStringLiteral("the failing share must be from 0 to 1");
    else if (options.leaseDurationSecs < 1)
        problem = QStringLiteral("the lease duration must be at least 1 s");
    if (!problem.isEmpty()) {
        emit error(problem);
        return;
    }
    m_running = true;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, options] { worker->start(options); }, Qt::QueuedConnection);
}

void LoadSimulator::stop()
{
    QMetaObject::invokeMethod(m_worker, &SimulatorWorker::stop, Qt::QueuedConnection);
}
