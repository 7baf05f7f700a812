// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

#include <optional>

// A bridge between this node and an external registry, and how it is doing.
struct BridgeState
{
    enum class Kind
    {
        Eureka,
        ServiceComb,
    };

    enum class Phase
    {
        Connecting,                    // no read of the external registry has worked yet
        Syncing,                       // read, and writing what it holds or what the node holds
        InSync,                        // nothing left to pull or push
        Cut,                           // the external registry does not answer; pulled entries are stale
    };

    Kind kind = Kind::Eureka;
    QString url;                       // as configured: an Eureka service URL, or a Service-Center root
    Phase phase = Phase::Connecting;
    qsizetype pulled = 0;              // external instances mirrored into the node
    qsizetype pushed = 0;              // the node's instances registered at the external registry
    qsizetype queued = 0;              // pushes waiting to be sent
    QString lastError;
    qint64 lastErrorMs = 0;
    qint64 lastSyncMs = 0;             // the last read of the external registry that worked
    qint64 lagMs = 0;                  // how long the oldest queued push has waited
    qint64 cutSinceMs = 0;             // while cut: since when; pulled entries leave a grace period later
    qint64 graceEndsMs = 0;
};

Q_DECLARE_METATYPE(BridgeState)

QString bridgeKindName(BridgeState::Kind kind);
std::optional<BridgeState::Kind> bridgeKindFromName(QStringView name);
QString bridgePhaseName(BridgeState::Phase phase);
