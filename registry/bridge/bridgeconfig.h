// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"

#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <variant>

// One external registry a node bridges to: what --bridge kind=url names.
struct BridgeTarget
{
    BridgeState::Kind kind = BridgeState::Kind::Eureka;
    QUrl url;                          // Eureka: the service URL, ending in '/'; Service-Center: its root

    friend bool operator==(const BridgeTarget &, const BridgeTarget &) = default;
};

// How every bridge of a node behaves.
struct BridgeSettings
{
    int pollIntervalMs = 1000;         // how often the external registry is read
    int graceSecs = 90;                // how long pulled entries outlive a cut before they leave
    int queueLimit = 10000;            // pushes waiting; beyond it the bridge pushes everything again later
    int concurrency = 16;              // registrations and cancels in flight at once
    QSslConfiguration tls;             // how https registries are verified (null: the system's CAs)
};

namespace BridgeTargets {
// "eureka=http://host:8761/eureka/" or "servicecomb=http://host:30100", or a sentence saying what is wrong.
std::variant<BridgeTarget, QString> parse(const QString &text);
// The URL as a bridge keeps it: Eureka's with a trailing slash, Service-Center's root without a path.
// Empty when it is not an absolute http or https URL with a host.
QUrl normalizedUrl(BridgeState::Kind kind, const QUrl &url);
}
