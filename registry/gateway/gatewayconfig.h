// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

// The reverse proxy a node may run beside its registry (docs/gateway.md). Off unless enabled.
struct GatewayConfig
{
    bool enabled = false;
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 port = 0;                  // 0: any free port (tests)
    QString zone;                      // instances in this zone are preferred when they carry one
    int connectTimeoutMs = 2000;
    int responseTimeoutMs = 30000;     // waiting for the upstream's next byte
    int idleTimeoutMs = 60000;         // a client's keep-alive connection with no request
    int maxConnections = 10000;
    int ejectAfterFailures = 3;        // failures in a row; a refused connection counts as all of them
    int ejectForMs = 10000;
};
