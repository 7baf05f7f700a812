// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

// Which account owns an instance (the client that registered it) is known to the auth layer, which
// replication does not see: the node lends replication these two functions over it. Muster peers
// pass owners to each other in the "muster" member of a batch item and in the startup snapshot, so
// a client may renew, set the status of and cancel its instance at any node of the cluster.
struct OwnerExchange
{
    using OwnerOf = std::function<QString(const QString &app, const QString &instanceId)>;
    using Adopt = std::function<void(const QString &app, const QString &instanceId, const QString &owner)>;

    // The account that owns the instance, empty when none is known or the asker may not know.
    OwnerOf ownerOf;
    // A peer says which account owns an instance this node holds; ignored when the peer may not say.
    Adopt adopt;
};
