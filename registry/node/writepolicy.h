// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/commandresult.h"
#include "api/storestatus.h"
#include "http/httpresponse.h"
#include "http/requestmetrics.h"
#include "model/registrychange.h"

#include <QObject>
#include <QString>

#include <functional>

class PinnedStore;

// How a node's writes become durable, chosen once when the node starts: in memory, with the
// journal keeping pinned entries (MemoryWritePolicy), or committed through a store that holds the
// state for every node over it (StoreWritePolicy, etcd). The node asks the policy, never the mode.
class WritePolicy : public QObject
{
    Q_OBJECT

public:
    using Write = std::function<CommandResult()>;
    using Done = std::function<void(const CommandResult &)>;
    using Dispatch = std::function<HttpResponse()>;
    // Adds what every answer to the request carries (CORS), also to answers the policy makes itself.
    using Decorate = std::function<void(HttpResponse &)>;
    // Who a change the node is making is by (Node::authorOf).
    using AuthorOf = std::function<WriteAuthor(const RegistryChange &)>;

    using QObject::QObject;
    ~WritePolicy() override;

    // Before the node listens: why the node cannot start, or empty when it can.
    virtual QString open() = 0;
    // Loads the state; ready runs once, when the node may serve.
    virtual void start(std::function<void()> ready) = 0;
    // Once the node serves and replicates: brings back what this node alone kept.
    virtual void restore() {}
    // Answers every write still waiting, while their clients can hear it.
    virtual void stop() {}
    // Whether the state is shared with every node over the same store, so there are no peers.
    virtual bool sharesState() const = 0;
    // A client's request that may write (not GET, HEAD or OPTIONS): dispatch runs the handler.
    virtual HttpResponse handleWrite(const Dispatch &dispatch, const Decorate &decorate) = 0;
    // A command's write; done runs on the node's thread, maybe later.
    virtual void runWrite(const Write &write, const Done &done) = 0;
    virtual StoreStatus status() const = 0;
    // The journal of pinned entries, when this policy keeps one.
    virtual const PinnedStore *pinnedStore() const { return nullptr; }
    // Who makes the writes the policy sends to a store.
    void setAuthorOf(AuthorOf authorOf) { m_authorOf = std::move(authorOf); }
    // Who made the write of a revision applied from a shared store; nobody known otherwise.
    virtual WriteAuthor storedAuthor(quint64) const { return {}; }
    // How long the store took to accept writes, when there is a store to commit to.
    virtual const LatencyHistogram *commitLatency() const { return nullptr; }

signals:
    void stateChanged();
    // The registry is current with the store again (a store that shares state only).
    void synced();

protected:
    AuthorOf m_authorOf;
};
