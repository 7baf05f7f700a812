// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "replication/replicationapplier.h"

class Registry;
class Router;

// The receiving side of replication: Eureka's peer batches (.../peerreplication/batch), and what
// Muster peers replicate beside them under /muster/api/v1/replication: service writes, and a
// snapshot of the whole registry in Muster's own JSON, which a starting peer copies.
class ReplicationApi
{
public:
    explicit ReplicationApi(Registry *registry);

    void addRoutes(Router &router);
    // Off while the node copies the registry from its peers: batches then get 503 and come again.
    void setAcceptingBatches(bool accepting) { m_acceptingBatches = accepting; }

private:
    HttpResponse receiveBatch(const HttpRequest &request);
    HttpResponse receiveServices(const HttpRequest &request);
    HttpResponse snapshot(const HttpRequest &request) const;

    Registry *m_registry;
    ReplicationApplier m_applier;
    bool m_acceptingBatches = true;
};
