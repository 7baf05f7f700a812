// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"
#include "replication/ownerexchange.h"
#include "replication/peerbatch.h"

#include <QJsonObject>

#include <optional>

class Registry;

// Applies what peers send to the registry, as peer writes: batch items, services, and the entries
// of a startup copy, and hands the owners they name to the owner exchange.
class ReplicationApplier
{
public:
    explicit ReplicationApplier(Registry *registry, OwnerExchange owners = {});

    // Answers the item as Eureka's batch answers it: a status code, and the stored copy on a 409.
    QJsonObject apply(const PeerBatch::Item &item);
    // Creates the service, or replaces the stored one when the incoming copy is newer.
    void upsertService(const Service &service, const QString &owner = {});
    // Registers the instance, creating or updating its service first when one came with it.
    void registerInstance(Instance instance, const std::optional<Service> &service = std::nullopt,
                          const QString &owner = {});

private:
    int applyRegister(const PeerBatch::Item &item);
    bool isStaleCancel(const PeerBatch::Item &item) const;
    void adoptOwner(const QString &app, const QString &instanceId, const QString &owner);

    Registry *m_registry;
    OwnerExchange m_owners;
};
