// SPDX-License-Identifier: GPL-3.0-or-later
// The console's models without a node: INSTANCES instances in APPS apps under the Instances view's
// sorted proxy in a shown QTableView, then a burst of BURST registrations (a new app) and the cancel
// of them, and the cancel of BURST instances scattered over the other apps. Each burst is applied as
// the console applied it before (one model reset, after which the proxy sorts every row again) and as
// it does now (blocks of RegistryMirror::sliceChanges changes, the view painting between them). The
// longest step is the longest the GUI thread would be held; bench/gui.sh measures the real app.
//
//   QT_QPA_PLATFORM=offscreen muster_bench_consolemodels [--instances 100000] [--burst 10000] [--apps 50]
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
};

// The changes in blocks, each block and the paint after it timed as one step.
Steps inBlocks(InstanceModel &model, const QList<RegistryChange> &changes)
{
    Steps steps;
    for (qsizetype first = 0; first < changes.size(); first += RegistryMirror::sliceChanges) {
        QElapsedTimer clock;
        clock.start();
        model.applyInBulk(changes.mid(first, RegistryMirror::sliceChanges));
        QCoreApplication::processEvents();
        const double ms = msSince(clock);
        steps.longestMs = std::max(steps.longestMs, ms);
        steps.totalMs += ms;
    }
    return steps;
}

void report(const char *what, double resetMs, const Steps &blocks)
{
    std::printf("%-52s reset %8.1f ms | blocks: longest %6.1f ms, all %8.1f ms\n", what, resetMs, blocks.longestMs,
                blocks.totalMs);
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
    parser.addOptions({instancesOption, burstOption, appsOption});
    parser.process(app);
    const int count = parser.value(instancesOption).toInt();
    const int burst = parser.value(burstOption).toInt();
    const int apps = std::max(1, parser.value(appsOption).toInt());

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
                apps, view.width(), view.height(), burst, RegistryMirror::sliceChanges);
    const double resetIn = resetTo(model, held + burstInstances);
    resetTo(model, held);
    const Steps blocksIn = inBlocks(model, registrations);
    report("registrations of a new app", resetIn, blocksIn);

    const double resetOut = resetTo(model, held);
    model.reset(held + burstInstances);
    QCoreApplication::processEvents();
    const Steps blocksOut = inBlocks(model, cancels);
    report("cancels of that app (adjacent rows)", resetOut, blocksOut);

    const double resetScattered = resetTo(model, withoutScattered);
    resetTo(model, held);
    const Steps blocksScattered = inBlocks(model, scattered);
    report("cancels scattered over the other apps", resetScattered, blocksScattered);

    QElapsedTimer clock;
    clock.start();
    const int renewals = std::min(1000, int(model.rowCount()));
    for (int k = 0; k < renewals; ++k) {
        const Instance *instance = model.instanceAt(QRandomGenerator::global()->bounded(model.rowCount()));
        model.applyHeartbeat({instance->app, instance->instanceId, 2'000'000, 1});
    }
    QCoreApplication::processEvents();
    std::printf("%d heartbeats (one 100 ms batch at 10 000/s) and the paint: %.1f ms\n", renewals, msSince(clock));
    return 0;
}
