// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/metricshistory.h"

#include "api/registryconnection.h"

namespace {
// The node restarted in between: its counters began again from zero.
bool countersWentDown(const MetricsSample &earlier, const MetricsSample &later)
{
    for (auto it = earlier.requestsByProtocol.cbegin(); it != earlier.requestsByProtocol.cend(); ++it) {
        if (later.requestsByProtocol.value(it.key()) < it.value())
            return true;
    }
    return false;
}
}

MetricsHistory::MetricsHistory(RegistryConnection *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    m_timer.setInterval(pollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MetricsHistory::poll);
}

void MetricsHistory::setActive(bool active)
{
    if (active == isActive())
        return;
    if (!active) {
        m_timer.stop();
        return;
    }
    m_previous.reset();
    m_timer.start();
    poll();
}

void MetricsHistory::poll()
{
    if (!m_source || m_waiting)
        return;
    m_waiting = true;
    m_source->requestMetrics(this, [this](const MetricsSample &sample) {
        m_waiting = false;
        if (isActive())
            apply(sample);
    });
}

void MetricsHistory::apply(const MetricsSample &sample)
{
    m_availability = sample.availability;
    m_error = sample.error;
    if (!sample.isAvailable()) {
        m_previous.reset();
        emit updated();
        return;
    }
    if (m_previous && sample.timeMs > m_previous->timeMs && !countersWentDown(*m_previous, sample)) {
        m_points.push_back(pointBetween(*m_previous, sample));
        while (!m_points.empty() && m_points.front().timeMs < sample.timeMs - historyMs)
            m_points.pop_front();
    }
    for (const MetricsSample::PeerLag &peer : sample.peers) {
        if (!m_peers.contains(peer.url))
            m_peers.append(peer.url);
    }
    m_previous = sample;
    emit updated();
}

MetricsHistory::Point MetricsHistory::pointBetween(const MetricsSample &earlier, const MetricsSample &later) const
{
    Point point;
    point.timeMs = later.timeMs;
    const double seconds = double(later.timeMs - earlier.timeMs) / 1000.0;
    for (auto it = later.requestsByProtocol.cbegin(); it != later.requestsByProtocol.cend(); ++it) {
        const quint64 before = earlier.requestsByProtocol.value(it.key());
        point.requestsPerSecond.insert(it.key(), double(it.value() - before) / seconds);
    }
    for (auto it = later.latencyByProtocol.cbegin(); it != later.latencyByProtocol.cend(); ++it) {
        const CumulativeHistogram between = it->since(earlier.latencyByProtocol.value(it.key()));
        if (between.count() > 0)
            point.p99Ms.insert(it.key(), between.quantileSeconds(0.99) * 1000.0);
    }
    for (const MetricsSample::PeerLag &peer : later.peers)
        point.lagSeconds.insert(peer.url, peer.lagSeconds);
    return point;
}
