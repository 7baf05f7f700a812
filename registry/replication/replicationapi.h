// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "replication/ownerexchange.h"
#include "replication/replicationapplier.h"

class Registry;
class Router;

// The receiving side of replication: Eureka's peer batches (.../peerreplication/batch), and what
// Muster peers replicate beside them under /muster/api/v1/replication: service writes, and a
// snapshot of the whole registry in Muster's own JSON, which a starting peer copies. owners answers
// for the request being handled: the snapshot names the owners it tells, and the owners a batch or
// its services name are adopted where it lets them be.
class ReplicationApi
{
public:
    explicit ReplicationApi(Registry *registry, OwnerExchange owners = {});

    void addRoutes(Router &router);
    // Off while the node copies the registry from its peers: batches then get 503 and come again.
    void setAcceptingBatches(bool accepting) { m_acceptingBatches = accepting; }

private:
    HttpResponse receiveBatch(const HttpRequest &request);
    HttpResponse receiveServices(const HttpRequest &request);
    HttpResponse snapshot(const HttpRequest &request) const;
    QJsonObject encodeWithOwner(const Instance &instance) const;
    QJsonObject encodeWithOwner(const Service &service) const;

    Registry *m_registry;
    OwnerExchange::OwnerOf m_ownerOf;
    OwnerExchange::ServiceOwnerOf m_serviceOwnerOf;
    ReplicationApplier m_applier;
    bool m_acceptingBatches = true;
};
