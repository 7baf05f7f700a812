// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

// What a node knows about one of its peers.
struct PeerState
{
    enum class Reachability
    {
        Unknown,
        Reachable,
        Unreachable,
    };

    QString url;                       // the peer's Eureka service URL, ending in '/'
    Reachability reachability = Reachability::Unknown;
    qint64 lastSuccessMs = 0;
    QString lastError;
    qint64 lastErrorMs = 0;
    qsizetype queueLength = 0;
    qint64 lagMs = 0;                  // how long the oldest queued write has waited
    qint64 sentTasks = 0;
    qint64 droppedHeartbeats = 0;
    qint64 failures = 0;               // batches the peer refused or that did not reach it
};

Q_DECLARE_METATYPE(PeerState)
