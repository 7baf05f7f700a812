// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/authconfig.h"
#include "bridge/bridgeconfig.h"
#include "core/registryconfig.h"
#include "node/nodeurl.h"
#include "servicecomb/servicecombconfig.h"
#include "store/storeconfig.h"
#include "tls/tlsfiles.h"

#include <QHostAddress>
#include <QList>
#include <QUrl>
#include <QString>

// Everything a node needs to start, read once on the thread that creates it.
struct NodeConfig
{
    QString name = QStringLiteral("muster");
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 port = 8761;
    int evictionIntervalSecs = 60;
    qint64 maxBodyBytes = 1 << 20;
    int idleTimeoutSecs = 15;
    int maxConnections = 4096;
    RegistryConfig registry;
    QList<QUrl> peers;                 // Eureka service URLs of the other nodes, e.g. http://127.0.0.1:8762/eureka/
    int peerSyncTimeoutMs = 3000;      // per peer, for the startup copy of the registry
    bool registerWithPeers = false;    // register at each peer as app MUSTER (the command line turns it on)
    ServiceCombConfig serviceComb;
    StoreConfig store;                 // memory, or etcd (cluster mode: no peers, see docs/etcd.md)
    // Where the node keeps its journal of pinned entries (journal.json); empty with no dataRoot: no
    // journal, they live in memory only. Two nodes must not share one (the second fails to start). Unused with
    // an etcd store, which keeps pinned entries itself.
    QString dataDir;
    // With no dataDir: the default, where each node keeps its journal in a directory of its own,
    // <dataRoot>/<name>-<port> (two nodes on one machine must not share one).
    QString dataRoot;
    // Where the journal was kept before the default became one directory per node: when the
    // node's directory holds none yet, the journal found here is moved into it.
    QString previousDataDir;
    bool metrics = true;               // count requests for /metrics (off: /metrics answers 404)
    QList<BridgeTarget> bridges;       // external registries to sync with, from the start
    BridgeSettings bridgeSettings;
    // Whether requests must name an account (docs/security.md); the accounts live in journalDir().
    AuthConfig auth;
    TlsFiles tls;                      // a certificate and key: HTTPS on the port; a CA file: trusted for peers and bridges

    NodeUrl::Scheme scheme() const { return tls.serves() ? NodeUrl::Scheme::Https : NodeUrl::Scheme::Http; }

    // The directory of the journal: dataDir, or the node's own under dataRoot; empty for none.
    QString journalDir() const
    {
        if (!dataDir.isEmpty() || dataRoot.isEmpty())
            return dataDir;
        return dataRoot + u'/' + name + u'-' + QString::number(port);
    }
};
