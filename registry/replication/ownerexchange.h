// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

// Which account owns an instance (the client that registered it) or a Service-Center service (the
// client that created it) is known to the auth layer, which replication does not see: the node
// lends replication these functions over it. Muster peers pass owners to each other in the "muster"
// member of a batch item, beside each replicated service, and in the startup snapshot, so a client
// may renew, set the status of and cancel its instance, and change its service, at any node of the
// cluster.
struct OwnerExchange
{
    using OwnerOf = std::function<QString(const QString &app, const QString &instanceId)>;
    using Adopt = std::function<void(const QString &app, const QString &instanceId, const QString &owner)>;
    using ServiceOwnerOf = std::function<QString(const QString &serviceId)>;
    using AdoptService = std::function<void(const QString &serviceId, const QString &owner)>;

    // The account that owns the instance, empty when none is known or the asker may not know.
    OwnerOf ownerOf;
    // A peer says which account owns an instance this node holds; ignored when the peer may not say.
    Adopt adopt;
    // The same for services.
    ServiceOwnerOf serviceOwnerOf;
    AdoptService adoptService;
};
