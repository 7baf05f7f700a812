// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/gatewaytraffic.h"

#include "api/registryconnection.h"

GatewayTraffic::GatewayTraffic(RegistryConnection *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{
    m_timer.setInterval(pollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &GatewayTraffic::poll);
}

void GatewayTraffic::setWatched(const QObject *viewer, bool watched)
{
    if (watched)
        m_viewers.insert(viewer);
    else
        m_viewers.remove(viewer);
    if (m_viewers.isEmpty()) {
        m_timer.stop();
    } else if (!isActive()) {
        m_timer.start();
        poll();
    }
}

// An answer on its way may predate what changed: ask once more after it.
void GatewayTraffic::refresh()
{
    if (m_waiting)
        m_askAgain = true;
    else
        poll();
}

void GatewayTraffic::poll()
{
    if (!m_source || m_waiting)
        return;
    m_waiting = true;
    m_source->requestGatewayStats(this, [this](const GatewayStats &stats) {
        m_waiting = false;
        m_stats = stats;
        m_hasStats = true;
        emit updated();
        if (std::exchange(m_askAgain, false))
            poll();
    });
}
