// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"
#include "api/gatewaystats.h"
#include "api/peerstate.h"
#include "api/selfpreservationstate.h"
#include "api/storestatus.h"

#include <QList>

#include <QMetaType>
#include <QString>

// A node's state at one moment, as a value the console and the node API read.
struct NodeStatus
{
    QString name;
    QString version;
    QString url;                       // http://host:port
    qint64 startedAtMs = 0;
    qint64 uptimeMs = 0;
    qsizetype instanceCount = 0;
    qsizetype appCount = 0;
    quint64 revision = 0;
    qint64 renewsLastMin = 0;
    qint64 renewsTotal = 0;
    int connectionCount = 0;
    SelfPreservationState selfPreservation;
    QList<PeerState> peers;
    bool ready = false;                // false while copying the registry from a peer
    QString syncedFrom;                // the peer the startup copy came from, if any
    StoreStatus store;                 // where the state lives: memory, or etcd and its connection
    QList<BridgeState> bridges;        // the external registries the node syncs with
    GatewayStats gateway;              // the node's reverse proxy; running false when it has none
};

Q_DECLARE_METATYPE(NodeStatus)
