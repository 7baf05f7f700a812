// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/divergence.h"
#include "api/linkfault.h"
#include "api/registryconnection.h"

#include <QList>
#include <QObject>
#include <QUrl>

// A cluster of nodes running in this process, as the console controls it: adding, removing,
// starting and stopping its nodes and linking them as peers. Nothing here waits on a node.
class ClusterControl : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QString name() const = 0;
    // A new node, started and peered with the running ones; nodeAdded() follows at once.
    virtual RegistryConnection *addNode() = 0;
    // A new node with no peers that plays a history export (docs/history.md) at speed times its
    // pace once it starts; nodeAdded() follows at once, nodeStartFailed() if the file is no export.
    virtual RegistryConnection *addReplayNode(const QString &file, double speed) = 0;
    // Stops the node and drops it from the others' peers; nodeRemoved() follows once it has stopped.
    virtual void removeNode(RegistryConnection *node) = 0;
    // Starts a stopped node of this cluster again, or stops a running one without waiting.
    virtual void startNode(RegistryConnection *node) = 0;
    virtual void stopNode(RegistryConnection *node) = 0;
    // Makes node and other, a running node of this or another cluster of this process, peers of each
    // other (or no longer); done() gets the first failure, if any.
    virtual void linkPeers(RegistryConnection *node, RegistryConnection *other, RegistryConnection::CommandCallback done) = 0;
    virtual void unlinkPeers(RegistryConnection *node, RegistryConnection *other,
                             RegistryConnection::CommandCallback done) = 0;
    // Starts the gateway of a running node of this cluster on port (0: any free port), preferring
    // instances in zone, or stops it (docs/gateway.md); a node started again later brings its gateway
    // back as it was last set. done runs on context's thread.
    virtual void startGateway(RegistryConnection *node, quint16 port, const QString &zone, QObject *context,
                              RegistryConnection::CommandCallback done) = 0;
    virtual void stopGateway(RegistryConnection *node, QObject *context, RegistryConnection::CommandCallback done) = 0;
    // Where Eureka clients reach a running node of this cluster (http://host:port/eureka/), else empty.
    virtual QUrl serviceUrlOf(const RegistryConnection *node) const = 0;
    // Stops every node and waits for their threads: for shutdown only.
    virtual void stopAll() = 0;

    // Faults on the replication link from one running node of this process to another
    // (docs/faults.md); a LinkFault with nothing in it heals the link. linkFaultsChanged() follows.
    virtual void setLinkFault(RegistryConnection *from, RegistryConnection *to, const LinkFault &fault) = 0;
    virtual LinkFault linkFault(const RegistryConnection *from, const RegistryConnection *to) const = 0;
    // The instances on which two nodes disagree, from a snapshot of each, computed off the caller's
    // thread; done runs on context's thread.
    virtual void measureDivergence(RegistryConnection *first, RegistryConnection *second, QObject *context,
                                   std::function<void(const Divergence &)> done) = 0;

signals:
    void nodeAdded(RegistryConnection *node);
    void nodeStartFailed(RegistryConnection *node, const QString &error);
    void nodeRemoved(const QString &name);
    void linkFaultsChanged();
};
