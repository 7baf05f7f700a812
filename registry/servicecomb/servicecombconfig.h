// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Service-Center's own settings that shape its wire behaviour (contract servicecomb.md §2.6, §2.7,
// §2.12, §3.2), with Service-Center's defaults.
struct ServiceCombConfig
{
    int minHeartbeatIntervalSecs = 5;  // registry.instance.minInterval: push intervals are raised to this
    int minHeartbeatTimes = 3;         // registry.instance.minTimes: push "times" is raised to this
    int instanceTtlSecs = 0;           // registry.instance.ttl: above 0 it overrides every lease
    int watcherPingIntervalMs = 30000; // the /watcher websocket's server pings
    int heartbeatPingIntervalMs = 30000; // heartbeat.websocket.pingInterval
};
