// SPDX-License-Identifier: GPL-3.0-or-later
// LoadSimulator under load: N simulated Eureka clients against a node, heartbeating every interval
// ms. Prints the heartbeats answered in each second and a summary line; the node is a separate
// process (bench/loadsim.sh starts one), so its CPU and the simulator's are measured apart.
//
//   muster_bench_loadsim --url http://127.0.0.1:PORT/eureka/ [--app LOADSIM] [--instances 10000]
//                        [--interval 5000] [--seconds 20] [--pools 2] [--max-in-flight 512]
//
// Exits 1 if the registrations or the cancels at the end did not all succeed.
#include "client/loadsimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace {
// User plus system CPU time of this process, in milliseconds.
qint64 cpuMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = stat.readAll().split(')').value(1).trimmed().split(' ');
    const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption url(u"url"_qs, u"The node's Eureka service URL."_qs, u"url"_qs);
    const QCommandLineOption appName(u"app"_qs, u"The Eureka app the instances belong to."_qs, u"name"_qs, u"LOADSIM"_qs);
    const QCommandLineOption instances(u"instances"_qs, u"Simulated instances."_qs, u"n"_qs, u"10000"_qs);
    const QCommandLineOption interval(u"interval"_qs, u"Heartbeat interval in ms."_qs, u"ms"_qs, u"5000"_qs);
    const QCommandLineOption seconds(u"seconds"_qs, u"How long to heartbeat."_qs, u"s"_qs, u"20"_qs);
    const QCommandLineOption pools(u"pools"_qs, u"QNetworkAccessManagers (6 connections each)."_qs, u"n"_qs, u"4"_qs);
    const QCommandLineOption inFlight(u"max-in-flight"_qs, u"Requests in flight at most."_qs, u"n"_qs, u"512"_qs);
    parser.addOptions({url, appName, instances, interval, seconds, pools, inFlight});
    parser.process(app);

    LoadSimulatorOptions options;
    options.serviceUrl = QUrl(parser.value(url));
    options.app = parser.value(appName);
    options.instanceCount = parser.value(instances).toInt();
    options.heartbeatIntervalMs = parser.value(interval).toInt();
    options.leaseDurationSecs = 3600;
    options.connectionPools = parser.value(pools).toInt();
    options.maxInFlight = parser.value(inFlight).toInt();
    const int runSeconds = parser.value(seconds).toInt();
    const double target = 1000.0 * options.instanceCount / options.heartbeatIntervalMs;

    LoadSimulator simulator;
    QElapsedTimer clock;
    QTimer sampler;
    QList<qint64> perSecond;
    LoadSimulatorCounters atStart;
    qint64 lastSent = 0;
    qint64 cpuAtStart = 0;
    qint64 registerMs = 0;
    qint64 stopStartMs = 0;
    int exitCode = 0;

    QObject::connect(&simulator, &LoadSimulator::error, [](const QString &message) {
        std::fprintf(stderr, "error: %s\n", qPrintable(message));
    });
    QObject::connect(&simulator, &LoadSimulator::started, [&] {
        registerMs = clock.elapsed();
        atStart = simulator.counters();
        std::printf("registered %d of %d instances in %lld ms; heartbeating for %d s at a target of %.0f/s\n",
                    atStart.registered, atStart.instances, registerMs, runSeconds, target);
        if (atStart.registered != atStart.instances)
            exitCode = 1;
        cpuAtStart = cpuMs();
        clock.restart();
        sampler.start(1000);
    });
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const LoadSimulatorCounters counters = simulator.counters();
        const qint64 sent = counters.heartbeatsSent;
        perSecond.append(sent - lastSent);
        lastSent = sent;
        std::printf("t=%2llds heartbeats/s=%lld skipped=%lld errors=%lld\n", qint64(perSecond.size()),
                    perSecond.last(), counters.heartbeatsSkipped, counters.errors);
        std::fflush(stdout);
        if (perSecond.size() < runSeconds + 1)
            return;
        sampler.stop();
        const qint64 cpu = cpuMs() - cpuAtStart;
        const qint64 elapsed = clock.elapsed();
        QList<qint64> steady = perSecond.mid(1);   // the first second still holds the start-up
        std::sort(steady.begin(), steady.end());
        const qint64 median = steady.value(steady.size() / 2);
        const double mean = double(counters.heartbeatsSent) * 1000.0 / double(elapsed);
        std::printf("SUMMARY instances=%d interval_ms=%d target_per_s=%.0f median_per_s=%lld mean_per_s=%.0f "
                    "skipped=%lld errors=%lld reregistrations=%lld register_ms=%lld client_cpu_pct=%.0f\n",
                    counters.instances, options.heartbeatIntervalMs, target, median, mean, counters.heartbeatsSkipped,
                    counters.errors, counters.reRegistrations, registerMs, 100.0 * double(cpu) / double(elapsed));
        stopStartMs = clock.elapsed();
        simulator.stop();
    });
    QObject::connect(&simulator, &LoadSimulator::stopped, [&] {
        const LoadSimulatorCounters counters = simulator.counters();
        std::printf("stopped: %d instances left registered, cancels took %lld ms\n", counters.registered,
                    clock.elapsed() - stopStartMs);
        if (counters.registered != 0)
            exitCode = 1;
        QCoreApplication::exit(exitCode);
    });

    clock.start();
    simulator.start(options);
    return app.exec();
}
