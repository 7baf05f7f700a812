// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/operationsapi.h"

#include "core/registry.h"
#include "http/requestmetrics.h"
#include "http/router.h"
#include "node/node.h"
#include "node/prometheustext.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QDateTime>
#include <QMap>

#include <limits>

#include <sys/resource.h>
#include <unistd.h>

namespace {
using Labels = PrometheusText::Labels;

double seconds(qint64 ms)
{
    return double(ms) / 1000.0;
}

double cpuSeconds()
{
    rusage usage {};
    if (::getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    const auto toSeconds = [](const timeval &time) { return double(time.tv_sec) + double(time.tv_usec) / 1e6; };
    return toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
}

// The second field of /proc/self/statm: resident pages.
double residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * double(::sysconf(_SC_PAGESIZE)) : 0;
}

double openFileDescriptors()
{
    return double(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

QString peerStateName(PeerState::Reachability reachability)
{
    switch (reachability) {
    case PeerState::Reachability::Unknown: return QStringLiteral("unknown");
    case PeerState::Reachability::Reachable: return QStringLiteral("reachable");
    case PeerState::Reachability::Unreachable: return QStringLiteral("unreachable");
    }
    return QStringLiteral("unknown");
}

CumulativeHistogram cumulative(const LatencyHistogram &histogram)
{
    CumulativeHistogram converted;
    quint64 seen = 0;
    for (std::size_t i = 0; i < histogram.buckets.size(); ++i) {
        seen += histogram.buckets[i];
        converted.upperBoundsSeconds.append(i < LatencyHistogram::boundsUs.size()
                                                ? double(LatencyHistogram::boundsUs[i]) / 1e6
                                                : std::numeric_limits<double>::infinity());
        converted.cumulativeCounts.append(seen);
    }
    return converted;
}

void writeRequests(PrometheusText &out, const RequestMetrics &metrics)
{
    out.family("muster_http_requests_total", "counter",
               "HTTP requests answered, by protocol, method, route pattern and status code.");
    for (const RequestMetrics::Route &route : metrics.routes()) {
        for (const RequestMetrics::StatusCount &counted : route.statuses) {
            out.sample("muster_http_requests_total",
                       {{"protocol", route.protocol}, {"method", QString::fromLatin1(route.method)},
                        {"route", route.pattern}, {"code", QString::number(counted.status)}},
                       double(counted.count));
        }
    }
    out.family("muster_http_request_duration_seconds", "histogram",
               "Time from reading a request to its answer, by protocol, method and route pattern.");
    for (const RequestMetrics::Route &route : metrics.routes()) {
        if (route.latency.count == 0)
            continue;
        out.histogram("muster_http_request_duration_seconds",
                      {{"protocol", route.protocol}, {"method", QString::fromLatin1(route.method)},
                       {"route", route.pattern}},
                      route.latency);
    }
}

void writeRegistry(PrometheusText &out, const Registry &registry, const NodeStatus &status,
                   const Node::WriteCounters &writes)
{
    out.family("muster_instances", "gauge", "Instances registered, by Eureka app and status.");
    QMap<QPair<QString, QString>, int> counted;
    for (const auto &app : registry.applications()) {
        for (const Instance &instance : app)
            ++counted[qMakePair(instance.app, statusName(instance.status))];
    }
    for (auto it = counted.cbegin(); it != counted.cend(); ++it)
        out.sample("muster_instances", {{"app", it.key().first}, {"status", it.key().second}}, it.value());
    out.family("muster_services", "gauge", "Services in the catalogue (Service-Center's view, Eureka apps included).");
    out.sample("muster_services", {}, double(registry.services().size()));
    out.family("muster_registry_revision", "gauge", "The registry's revision: one more for every change.");
    out.sample("muster_registry_revision", {}, double(status.revision));

    const auto counter = [&out](QByteArrayView name, QByteArrayView help, quint64 value) {
        out.family(name, "counter", help);
        out.sample(name, {}, double(value));
    };
    counter("muster_registrations_total", "Instance registrations, from clients, peers, bridges and commands.",
            writes.registrations);
    counter("muster_cancels_total", "Instances deregistered.", writes.cancels);
    counter("muster_expiries_total", "Instances whose lease ended (evictions and exact Service-Center leases).",
            writes.expiries);
    counter("muster_evictions_total", "Instances removed by the eviction pass (Eureka leases).", writes.evictions);
    counter("muster_status_changes_total", "Status overrides set or removed, statuses corrected, metadata changed.",
            writes.statusChanges);
    counter("muster_service_changes_total", "Services created, updated or deleted.", writes.serviceChanges);
    counter("muster_renewals_total", "Heartbeats received, of either protocol.", quint64(status.renewsTotal));

    const SelfPreservationState &preservation = status.selfPreservation;
    const auto gauge = [&out](QByteArrayView name, QByteArrayView help, double value) {
        out.family(name, "gauge", help);
        out.sample(name, {}, value);
    };
    gauge("muster_renewals_last_minute", "Heartbeats in the last complete minute.", double(status.renewsLastMin));
    gauge("muster_self_preservation_expected_renewals_per_minute",
          "Heartbeats per minute the registered Eureka leases should bring.", double(preservation.expectedRenewsPerMin));
    gauge("muster_self_preservation_threshold_renewals_per_minute",
          "At or below this many heartbeats a minute, self-preservation holds leases.",
          double(preservation.renewsThreshold));
    gauge("muster_self_preservation_enabled", "1 when self-preservation is switched on.", preservation.enabled ? 1 : 0);
    gauge("muster_self_preservation_active", "1 while self-preservation holds leases.", preservation.active ? 1 : 0);
}

void writePeers(PrometheusText &out, const QList<PeerState> &peers)
{
    out.family("muster_peer_queue_length", "gauge", "Writes waiting to be sent to a peer.");
    for (const PeerState &peer : peers)
        out.sample("muster_peer_queue_length", {{"peer", peer.url}}, double(peer.queueLength));
    out.family("muster_peer_lag_seconds", "gauge", "How long the oldest write queued for a peer has waited.");
    for (const PeerState &peer : peers)
        out.sample("muster_peer_lag_seconds", {{"peer", peer.url}}, seconds(peer.lagMs));
    out.family("muster_peer_failures_total", "counter", "Batches a peer refused or that did not reach it.");
    for (const PeerState &peer : peers)
        out.sample("muster_peer_failures_total", {{"peer", peer.url}}, double(peer.failures));
    out.family("muster_peer_sent_tasks_total", "counter", "Replicated writes a peer accepted.");
    for (const PeerState &peer : peers)
        out.sample("muster_peer_sent_tasks_total", {{"peer", peer.url}}, double(peer.sentTasks));
    out.family("muster_peer_dropped_heartbeats_total", "counter", "Heartbeats not replicated to a peer (queue full).");
    for (const PeerState &peer : peers)
        out.sample("muster_peer_dropped_heartbeats_total", {{"peer", peer.url}}, double(peer.droppedHeartbeats));
    out.family("muster_peer_state", "gauge", "1 for the state a peer is in: unknown, reachable or unreachable.");
    for (const PeerState &peer : peers) {
        for (const auto state : {PeerState::Reachability::Unknown, PeerState::Reachability::Reachable,
                                 PeerState::Reachability::Unreachable}) {
            out.sample("muster_peer_state", {{"peer", peer.url}, {"state", peerStateName(state)}},
                       peer.reachability == state ? 1 : 0);
        }
    }
}

void writeBridges(PrometheusText &out, const QList<BridgeState> &bridges)
{
    const auto labels = [](const BridgeState &bridge) {
        return Labels {{"kind", bridgeKindName(bridge.kind)}, {"url", bridge.url}};
    };
    out.family("muster_bridge_pulled_instances", "gauge", "External instances a bridge mirrors into the node.");
    for (const BridgeState &bridge : bridges)
        out.sample("muster_bridge_pulled_instances", labels(bridge), double(bridge.pulled));
    out.family("muster_bridge_pushed_instances", "gauge", "The node's instances a bridge has registered externally.");
    for (const BridgeState &bridge : bridges)
        out.sample("muster_bridge_pushed_instances", labels(bridge), double(bridge.pushed));
    out.family("muster_bridge_queue_length", "gauge", "Pushes waiting to be sent by a bridge.");
    for (const BridgeState &bridge : bridges)
        out.sample("muster_bridge_queue_length", labels(bridge), double(bridge.queued));
    out.family("muster_bridge_lag_seconds", "gauge", "How long the oldest push queued by a bridge has waited.");
    for (const BridgeState &bridge : bridges)
        out.sample("muster_bridge_lag_seconds", labels(bridge), seconds(bridge.lagMs));
    out.family("muster_bridge_last_sync_timestamp_seconds", "gauge",
               "When a bridge last read its external registry successfully (Unix time; 0: never).");
    for (const BridgeState &bridge : bridges)
        out.sample("muster_bridge_last_sync_timestamp_seconds", labels(bridge), seconds(bridge.lastSyncMs));
    out.family("muster_bridge_state", "gauge", "1 for the phase a bridge is in: connecting, syncing, in-sync or cut.");
    for (const BridgeState &bridge : bridges) {
        for (const auto phase : {BridgeState::Phase::Connecting, BridgeState::Phase::Syncing,
                                 BridgeState::Phase::InSync, BridgeState::Phase::Cut}) {
            Labels withState = labels(bridge);
            withState.append({"state", bridgePhaseName(phase)});
            out.sample("muster_bridge_state", withState, bridge.phase == phase ? 1 : 0);
        }
    }
}

void writeStore(PrometheusText &out, const StoreStatus &store, const LatencyHistogram *commitLatency)
{
    out.family("muster_store_info", "gauge", "Where the node keeps its state: memory or etcd.");
    out.sample("muster_store_info", {{"kind", storeKindName(store.kind)}}, 1);
    out.family("muster_store_connected", "gauge", "1 while the store answers (always 1 in memory).");
    out.sample("muster_store_connected", {}, store.connected ? 1 : 0);
    if (store.kind != StoreStatus::Kind::Etcd)
        return;
    out.family("muster_store_stale", "gauge", "1 while reads come from a cache that may have missed changes.");
    out.sample("muster_store_stale", {}, store.stale ? 1 : 0);
    out.family("muster_store_revision", "gauge", "The etcd revision the node's cache shows.");
    out.sample("muster_store_revision", {}, double(store.revision));
    out.family("muster_store_full_reads_total", "counter", "Reads of the whole etcd prefix.");
    out.sample("muster_store_full_reads_total", {}, double(store.fullReads));
    out.family("muster_store_watch_resumes_total", "counter", "Watch reconnects that went on from the last revision.");
    out.sample("muster_store_watch_resumes_total", {}, double(store.watchResumes));
    if (commitLatency) {
        out.family("muster_store_commit_duration_seconds", "histogram",
                   "Time from sending a write to etcd until it is committed and in the cache.");
        out.histogram("muster_store_commit_duration_seconds", {}, *commitLatency);
    }
}

void writeProcess(PrometheusText &out, const NodeStatus &status)
{
    out.family("muster_process_cpu_seconds_total", "counter", "User and system CPU time of the whole process.");
    out.sample("muster_process_cpu_seconds_total", {}, cpuSeconds());
    out.family("muster_process_resident_memory_bytes", "gauge", "Resident memory of the whole process.");
    out.sample("muster_process_resident_memory_bytes", {}, residentBytes());
    out.family("muster_process_open_fds", "gauge", "Open file descriptors of the whole process.");
    out.sample("muster_process_open_fds", {}, openFileDescriptors());
    out.family("muster_process_start_time_seconds", "gauge", "When the node started (Unix time).");
    out.sample("muster_process_start_time_seconds", {}, seconds(status.startedAtMs));
    out.family("muster_http_open_connections", "gauge", "HTTP connections open to the node.");
    out.sample("muster_http_open_connections", {}, status.connectionCount);
}
}

OperationsApi::OperationsApi(const Node *node)
    : m_node {node}
{
}

void OperationsApi::addRoutes(Router &router)
{
    router.add("GET", u"/healthz", [this](const HttpRequest &request) { return health(request); });
    router.add("GET", u"/readyz", [this](const HttpRequest &request) { return readiness(request); });
    router.add("GET", u"/metrics", [this](const HttpRequest &request) { return metrics(request); });
}

HttpResponse OperationsApi::health(const HttpRequest &) const
{
    return HttpResponse::json(QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")}, {QStringLiteral("node"), m_node->config().name}});
}

QStringList OperationsApi::notReadyReasons(const Node &node)
{
    const NodeStatus status = node.status();
    QStringList reasons;
    if (!node.isRunning())
        reasons.append(QStringLiteral("the node is not running"));
    if (!status.ready) {
        reasons.append(status.store.kind == StoreStatus::Kind::Etcd
                           ? QStringLiteral("the first read of the store is not done")
                           : QStringLiteral("the startup copy from the peers is not done"));
    }
    if (status.store.kind == StoreStatus::Kind::Etcd && !status.store.connected) {
        reasons.append(status.store.lastError.isEmpty()
                           ? QStringLiteral("the store (etcd) is unreachable")
                           : QStringLiteral("the store (etcd) is unreachable: %1").arg(status.store.lastError));
    }
    return reasons;
}

HttpResponse OperationsApi::readiness(const HttpRequest &) const
{
    const QStringList reasons = notReadyReasons(*m_node);
    if (reasons.isEmpty())
        return HttpResponse::json(QJsonObject {{QStringLiteral("status"), QStringLiteral("ready")}, {QStringLiteral("node"), m_node->config().name}});
    return HttpResponse::json(QJsonObject {{QStringLiteral("status"), QStringLiteral("not ready")},
                                           {QStringLiteral("node"), m_node->config().name},
                                           {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)}},
                              503);
}

HttpResponse OperationsApi::metrics(const HttpRequest &) const
{
    if (!m_node->requestMetrics())
        return HttpResponse::error(404, QStringLiteral("metrics are off on this node (--metrics off)"));
    HttpResponse response;
    response.contentType = PrometheusText::contentType.toByteArray();
    response.body = metricsText();
    return response;
}

QByteArray OperationsApi::metricsText() const
{
    const NodeStatus status = m_node->status();
    PrometheusText out;
    out.family("muster_node_info", "gauge", "The node's name and version.");
    out.sample("muster_node_info", {{"name", status.name}, {"version", status.version}}, 1);
    out.family("muster_node_ready", "gauge", "1 when the node serves (as /readyz answers 200).");
    out.sample("muster_node_ready", {}, notReadyReasons(*m_node).isEmpty() ? 1 : 0);
    if (const RequestMetrics *requests = m_node->requestMetrics())
        writeRequests(out, *requests);
    if (const Registry *registry = m_node->registry())
        writeRegistry(out, *registry, status, m_node->writeCounters());
    writePeers(out, status.peers);
    writeBridges(out, status.bridges);
    writeStore(out, status.store, m_node->commitLatency());
    writeProcess(out, status);
    return out.text();
}

MetricsSample OperationsApi::metricsSample(const Node &node)
{
    if (!node.isRunning())
        return MetricsSample::unavailable(MetricsSample::Availability::NotRunning);
    const RequestMetrics *requests = node.requestMetrics();
    if (!requests)
        return MetricsSample::unavailable(MetricsSample::Availability::MetricsOff);
    MetricsSample sample;
    sample.availability = MetricsSample::Availability::Available;
    sample.timeMs = QDateTime::currentMSecsSinceEpoch();
    for (const RequestMetrics::Route &route : requests->routes()) {
        quint64 &count = sample.requestsByProtocol[route.protocol];
        for (const RequestMetrics::StatusCount &counted : route.statuses)
            count += counted.count;
        if (route.latency.count > 0)
            sample.latencyByProtocol[route.protocol].add(cumulative(route.latency));
    }
    for (const PeerState &peer : node.status().peers)
        sample.peers.append({peer.url, seconds(peer.lagMs), double(peer.queueLength)});
    return sample;
}
