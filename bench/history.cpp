// SPDX-License-Identifier: GPL-3.0-or-later
// The history log alone, in a temporary directory: appends changes to a registry of N instances
// in batches as the recorder writes them (one flush per batch, fsync included), then reports the
// disk per million changes, the write cost per change, and how long the state at the latest moment
// and an older one takes to rebuild and to encode as Eureka's full fetch (the first time, and then
// with each instance's JSON cached as history/at keeps it).
//
//   muster_bench_history [--instances 10000] [--changes 200000] [--batch 500]
#include "history/historyapi.h"
#include "history/historylog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {
Instance benchInstance(int i, qint64 now)
{
    Instance instance;
    instance.app = QStringLiteral("APP-%1").arg(i % 500);
    instance.instanceId = QStringLiteral("host-%1.bench:app-%2:8080").arg(i).arg(i % 500);
    instance.hostName = QStringLiteral("host-%1.bench").arg(i);
    instance.ipAddr = QStringLiteral("10.0.%1.%2").arg(i / 250 % 250).arg(i % 250);
    instance.vipAddress = instance.app.toLower();
    instance.port = {8080, true};
    instance.homePageUrl = QStringLiteral("http://%1:8080/").arg(instance.hostName);
    instance.statusPageUrl = instance.homePageUrl + QStringLiteral("info");
    instance.healthCheckUrl = instance.homePageUrl + QStringLiteral("health");
    instance.metadata = {{QStringLiteral("zone"), QStringLiteral("zone-%1").arg(i % 3)},
                         {QStringLiteral("version"), QStringLiteral("1.4.%1").arg(i % 7)}};
    instance.lease.registrationTimestamp = now;
    instance.lease.lastRenewalTimestamp = now;
    instance.lease.serviceUpTimestamp = now;
    instance.lastUpdatedTimestamp = now;
    instance.lastDirtyTimestamp = now;
    return instance;
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption instancesOption(QStringLiteral("instances"), QStringLiteral("registry size"), QStringLiteral("n"),
                                             QStringLiteral("10000"));
    const QCommandLineOption changesOption(QStringLiteral("changes"), QStringLiteral("changes to append"), QStringLiteral("n"),
                                           QStringLiteral("200000"));
    const QCommandLineOption batchOption(QStringLiteral("batch"), QStringLiteral("changes per flush"), QStringLiteral("n"),
                                         QStringLiteral("500"));
    parser.addOptions({instancesOption, changesOption, batchOption});
    parser.process(app);
    const int instances = parser.value(instancesOption).toInt();
    const int changes = parser.value(changesOption).toInt();
    const int batch = std::max(1, parser.value(batchOption).toInt());

    QTemporaryDir dir;
    HistoryRetention retention;
    retention.maxBytes = qint64(64) << 30;
    HistoryLog log(dir.path(), retention);
    qint64 now = 1'800'000'000'000;
    if (const QString error = log.open(now); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer writing;
    writing.start();
    quint64 revision = 0;
    qint64 middle = 0;
    for (int n = 0; n < changes; ++n) {
        HistoryEntry entry;
        const int i = n % instances;
        entry.instance = benchInstance(i, now);
        // The first pass registers everyone; later passes flip statuses and metadata.
        entry.event = n < instances ? HistoryEntry::Event::Registered
                                    : (n % 2 ? HistoryEntry::Event::StatusChanged : HistoryEntry::Event::MetadataChanged);
        if (entry.event == HistoryEntry::Event::StatusChanged)
            entry.instance.status = entry.instance.overriddenStatus = InstanceStatus::OutOfService;
        entry.instance.metadata.insert(QStringLiteral("change"), QString::number(n));
        entry.revision = ++revision;
        entry.timestamp = ++now;
        log.append(std::move(entry));
        if ((n + 1) % batch == 0 && !log.flush(now)) {
            std::fprintf(stderr, "%s\n", qPrintable(log.errorString()));
            return 1;
        }
        if (n == changes / 2)
            middle = now;
    }
    log.flush(now);
    const double writeMs = msSince(writing);   // the node's thread: appending and encoding
    log.waitUntilWritten();
    const double onDiskMs = msSince(writing);  // until the writer's thread has synced everything
    const double bytesPerChange = double(log.diskBytes()) / changes;

    InstanceJsonCache cache;
    double coldEncode = -1;
    const auto timeState = [&log, &cache, &coldEncode](qint64 time, qsizetype *count, double *encodeMs) {
        QElapsedTimer timer;
        timer.start();
        const auto state = log.stateAt(time);
        const double rebuild = msSince(timer);
        timer.restart();
        const QByteArray body = HistoryApi::eurekaFullFetch(*state, &cache);
        *encodeMs = msSince(timer);
        if (coldEncode < 0)
            coldEncode = *encodeMs;
        *count = state->instances.size();
        return rebuild;
    };
    qsizetype latestCount = 0;
    qsizetype middleCount = 0;
    double latestEncode = 0;
    double middleEncode = 0;
    double latest = 1e9;
    double older = 1e9;
    // Each moment five times in a row, as a slider resting on it asks; the first is cold.
    double olderFirst = -1;            // the snapshot and segment read from the disk
    for (int round = 0; round < 5; ++round)
        latest = std::min(latest, timeState(now, &latestCount, &latestEncode));
    for (int round = 0; round < 5; ++round) {
        const double olderMs = timeState(middle, &middleCount, &middleEncode);
        if (olderFirst < 0)
            olderFirst = olderMs;
        older = std::min(older, olderMs);
    }
    std::printf("RESULT changes=%d instances=%d segments=%lld disk_bytes=%lld bytes_per_change=%.0f "
                "mb_per_million=%.0f write_us_per_change=%.2f on_disk_us_per_change=%.2f state_latest_ms=%.1f state_older_first_ms=%.1f state_older_ms=%.1f "
                "encode_first_ms=%.1f encode_ms=%.1f encode_older_ms=%.1f latest_instances=%lld older_instances=%lld\n",
                changes, instances, qlonglong(log.segmentCount()), qlonglong(log.diskBytes()), bytesPerChange,
                bytesPerChange * 1e6 / (1 << 20), writeMs * 1000 / changes, onDiskMs * 1000 / changes, latest, olderFirst, older, coldEncode, latestEncode, middleEncode,
                qlonglong(latestCount), qlonglong(middleCount));
    return 0;
}
