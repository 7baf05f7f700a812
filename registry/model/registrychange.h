// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"

#include <QList>
#include <QMetaType>

// Where a write came from: a client of this node, a peer replicating its own client's write, a
// bridge mirroring an external registry, or a health check the node ran. Client, bridge and check
// writes replicate to peers.
enum class WriteOrigin
{
    Client,
    Peer,
    Bridge,
    Check,
};

// Who made a write, for the audit trail and the history: the account that was authenticated (empty
// for anonymous) and the remote address (empty for the node's own writes: expiry, commands, checks).
struct WriteAuthor
{
    QString account;
    QString address;

    friend bool operator==(const WriteAuthor &, const WriteAuthor &) = default;
};

// One change to the registry: to an instance, or to a service. Heartbeats are not changes.
struct RegistryChange
{
    enum class Kind
    {
        Registered,
        Cancelled,
        Expired,
        StatusChanged,                 // an override was set
        StatusCorrected,               // a heartbeat found the status the override rules give differs
        OverrideRemoved,
        MetadataChanged,
        CheckStatusChanged,            // a health check put the instance DOWN, or back UP
        ServiceCreated,
        ServiceUpdated,                // properties, schemas or tags
        ServiceDeleted,
    };

    bool isServiceChange() const { return kind >= Kind::ServiceCreated; }

    Kind kind = Kind::Registered;
    quint64 revision = 0;
    qint64 timestamp = 0;
    WriteOrigin origin = WriteOrigin::Client;
    Instance instance;                 // the state after the change; for removals, the last state
    Service service;                   // for service changes, likewise
    WriteAuthor author;                // filled by the node for the writes it attributes
};

Q_DECLARE_METATYPE(RegistryChange)
