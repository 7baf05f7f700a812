// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"
#include "api/storestatus.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

// A store that holds the state for every node over it (etcd), with the Registry as this node's cache
// and rule engine. It is given the changes a client's write would make, evaluated by the registry
// and undone (Registry::beginCapture/endCapture), and applies them to the registry itself once it
// holds them. In memory mode there is no store: the registry's memory is the state
// (node/writepolicy.h says who decides).
class Store : public QObject
{
    Q_OBJECT

public:
    struct CommitResult
    {
        int status = 200;              // an HTTP status: 200, or 503 (unreachable), 404 (lease gone)
        QString error;

        bool ok() const { return status < 300; }
    };
    using Done = std::function<void(const CommitResult &)>;

    using QObject::QObject;
    ~Store() override;

    // Loads what the store holds into the registry; ready runs once, when the node may serve
    // (for etcd also when it is unreachable: the node serves an empty cache marked stale).
    virtual void start(std::function<void()> ready) = 0;
    // Answers every write still waiting, and stops talking to the store.
    virtual void stop() = 0;
    // False while the store cannot take writes: they answer 503 at once, saying why.
    virtual bool acceptsWrites() const = 0;
    virtual QString refusalReason() const = 0;
    // Persists captured changes (with their author, which every node learns: authorAt()), applies
    // them to the registry, then calls done (on this thread).
    virtual void commit(const QList<RegistryChange> &changes, Done done) = 0;
    virtual StoreStatus status() const = 0;
    // Who made the write of a revision the registry is applying from the store, when a node said so.
    virtual WriteAuthor authorAt(quint64) const { return {}; }
    // The account that owns the instance or service a change writes, once the change is made (the
    // node's auth knows it): kept beside it, so that every node over the store lets that client
    // change it, a node started later included.
    using OwnerAfter = std::function<QString(const RegistryChange &)>;
    void setOwnerAfter(OwnerAfter ownerAfter) { m_ownerAfter = std::move(ownerAfter); }

signals:
    void stateChanged();
    // The registry is current with the store again: after a full read (start, compaction) and after
    // a reconnect that resumed the watch.
    void synced();
    // The store names the owner of an instance or a service the registry has just taken from it.
    void instanceOwnerRead(const QString &app, const QString &instanceId, const QString &owner);
    void serviceOwnerRead(const QString &serviceId, const QString &owner);

protected:
    QString ownerAfter(const RegistryChange &change) const { return m_ownerAfter ? m_ownerAfter(change) : QString(); }

private:
    OwnerAfter m_ownerAfter;
};
