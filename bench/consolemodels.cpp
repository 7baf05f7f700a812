// SPDX-License-Identifier: GPL-3.0-or-later
// The console's models without a node: INSTANCES instances in APPS apps under the Instances view's
// sorted proxy in a shown QTableView, then a burst of BURST registrations (a new app) and the cancel
// of them, and the cancel of BURST instances scattered over the other apps. Each burst is applied as
// the console applied it before (one model reset, after which the proxy sorts every row again) and as
// it does now (blocks of RegistryMirror::sliceChanges changes, the view painting between them). The
// longest step is the longest the GUI thread would be held; bench/gui.sh measures the real app.
//
//   QT_QPA_PLATFORM=offscreen muster_bench_consolemodels [--instances 100000] [--burst 10000] [--apps 50]
//                                                        [--block 100]
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

namespace {
Instance makeInstance(const QString &app, int i)
{
    Instance instance;
    instance.app = app;
    instance.instanceId = app.toLower() + u"-sim-" + QString::number(i) + u".local";
    instance.hostName = instance.instanceId;
    instance.ipAddr = u"10.0." + QString::number((i >> 8) & 0xff) + u'.' + QString::number(i & 0xff);
    instance.status = InstanceStatus::Up;
    instance.port = {8080, true};
    instance.lease.durationSecs = 3600;
    instance.lease.lastRenewalTimestamp = 1'000'000;
    return instance;
}

RegistryChange changeOf(RegistryChange::Kind kind, const Instance &instance)
{
    RegistryChange change;
    change.kind = kind;
    change.instance = instance;
    return change;
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

// The CPU time of this thread: on a shared machine a step's wall time includes the time it waited
// for a core; this does not.
double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// One reset holding `after`, then the paint that follows it.
double resetTo(InstanceModel &model, const QList<Instance> &after)
{
    QElapsedTimer clock;
    clock.start();
    model.reset(after);
    QCoreApplication::processEvents();
    return msSince(clock);
}

struct Steps
{
    double longestMs = 0;
    double totalMs = 0;
    double longestCpuMs = 0;
    double totalCpuMs = 0;
};

// The changes in blocks, each block and the paint after it timed as one step.
Steps inBlocks(InstanceModel &model, const QList<RegistryChange> &changes, int block)
{
    Steps steps;
    for (qsizetype first = 0; first < changes.size(); first += block) {
        QElapsedTimer clock;
        clock.start();
        const double cpuBefore = threadCpuMs();
        model.applyInBulk(changes.mid(first, block));
        QCoreApplication::processEvents();
        const double ms = msSince(clock);
        const double cpuMs = threadCpuMs() - cpuBefore;
        steps.longestMs = std::max(steps.longestMs, ms);
        steps.totalMs += ms;
        steps.longestCpuMs = std::max(steps.longestCpuMs, cpuMs);
        steps.totalCpuMs += cpuMs;
    }
    return steps;
}

// A batch's heartbeats as the console applies them: in one block where the model can (it could not
// before the Instances view's own proxy), else one by one.
template<typename Model>
void applyHeartbeats(Model &model, const QList<Heartbeat> &heartbeats)
{
    if constexpr (requires { model.applyHeartbeats(heartbeats); }) {
        model.applyHeartbeats(heartbeats);
    } else {
        for (const Heartbeat &heartbeat : heartbeats)
            model.applyHeartbeat(heartbeat);
    }
}

void report(const char *what, double resetMs, const Steps &blocks)
{
    std::printf("%-40s reset %7.1f ms | blocks: longest %6.1f ms (CPU %6.1f), all %8.1f ms (CPU %8.1f)\n", what,
                resetMs, blocks.longestMs, blocks.longestCpuMs, blocks.totalMs, blocks.totalCpuMs);
}
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption instancesOption(u"instances"_qs, u"Instances held."_qs, u"n"_qs, u"100000"_qs);
    const QCommandLineOption burstOption(u"burst"_qs, u"Registrations, then cancels, in one burst."_qs, u"n"_qs, u"10000"_qs);
    const QCommandLineOption appsOption(u"apps"_qs, u"Apps the instances are spread over."_qs, u"n"_qs, u"50"_qs);
    const QCommandLineOption blockOption(u"block"_qs, u"Changes per block."_qs, u"n"_qs,
                                         QString::number(RegistryMirror::sliceChanges));
    parser.addOptions({instancesOption, burstOption, appsOption, blockOption});
    parser.process(app);
    const int count = parser.value(instancesOption).toInt();
    const int burst = parser.value(burstOption).toInt();
    const int apps = std::max(1, parser.value(appsOption).toInt());
    const int block = std::max(1, parser.value(blockOption).toInt());

    QList<Instance> held;
    held.reserve(count);
    for (int i = 0; i < count; ++i)
        held << makeInstance(u"APP-" + QString::number(i % apps), i);
    QList<Instance> burstInstances;
    for (int i = 0; i < burst; ++i)
        burstInstances << makeInstance(u"BURST"_qs, i);

    InstanceModel model;
    InstanceFilterModel proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(InstanceModel::AppColumn, Qt::AscendingOrder);
    view.resize(1400, 900);
    view.show();
    model.reset(held);
    QCoreApplication::processEvents();

    QList<RegistryChange> registrations;
    QList<RegistryChange> cancels;
    for (const Instance &instance : std::as_const(burstInstances)) {
        registrations << changeOf(RegistryChange::Kind::Registered, instance);
        cancels << changeOf(RegistryChange::Kind::Cancelled, instance);
    }
    QList<int> scatteredRows(count);
    std::iota(scatteredRows.begin(), scatteredRows.end(), 0);
    std::shuffle(scatteredRows.begin(), scatteredRows.end(), *QRandomGenerator::global());
    QList<RegistryChange> scattered;
    QList<Instance> withoutScattered = held;
    for (int k = 0; k < std::min(burst, count); ++k)
        scattered << changeOf(RegistryChange::Kind::Cancelled, held[scatteredRows[k]]);
    {
        QSet<int> gone(scatteredRows.cbegin(), scatteredRows.cbegin() + std::min(burst, count));
        withoutScattered.clear();
        for (int i = 0; i < count; ++i) {
            if (!gone.contains(i))
                withoutScattered << held[i];
        }
    }

    std::printf("%d instances in %d apps, sorted by service, in a %dx%d table; bursts of %d, blocks of %d\n", count,
                apps, view.width(), view.height(), burst, block);
    const double resetIn = resetTo(model, held + burstInstances);
    resetTo(model, held);
    const Steps blocksIn = inBlocks(model, registrations, block);
    report("registrations of a new app", resetIn, blocksIn);

    const double resetOut = resetTo(model, held);
    model.reset(held + burstInstances);
    QCoreApplication::processEvents();
    const Steps blocksOut = inBlocks(model, cancels, block);
    report("cancels of that app (adjacent rows)", resetOut, blocksOut);

    const double resetScattered = resetTo(model, withoutScattered);
    resetTo(model, held);
    const Steps blocksScattered = inBlocks(model, scattered, block);
    report("cancels scattered over the other apps", resetScattered, blocksScattered);

    const int renewals = std::min(1000, int(model.rowCount()));
    const auto renew = [&](qint64 timestamp) {
        QList<Heartbeat> heartbeats;
        for (int k = 0; k < renewals; ++k) {
            const Instance *instance = model.instanceAt(QRandomGenerator::global()->bounded(model.rowCount()));
            heartbeats.append({instance->app, instance->instanceId, timestamp + k, 1});
        }
        QElapsedTimer clock;
        clock.start();
        const double cpuBefore = threadCpuMs();
        applyHeartbeats(model, heartbeats);
        QCoreApplication::processEvents();
        return std::pair(msSince(clock), threadCpuMs() - cpuBefore);
    };
    const auto [byService, byServiceCpu] = renew(2'000'000);
    std::printf("%d heartbeats (one 100 ms batch at 10 000/s) and the paint: %.1f ms (CPU %.1f)\n", renewals,
                byService, byServiceCpu);
    view.sortByColumn(InstanceModel::HeartbeatColumn, Qt::AscendingOrder);
    QCoreApplication::processEvents();
    const auto [byHeartbeat, byHeartbeatCpu] = renew(3'000'000);
    std::printf("the same, sorted by the last heartbeat: %.1f ms (CPU %.1f)\n", byHeartbeat, byHeartbeatCpu);
    return 0;
}
