// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

class Registry;
class Router;

// The receiving side of what Muster peers replicate beside Eureka's batches, under
// /muster/api/v1/replication: service writes, and a snapshot of the whole registry with the
// Service-Center side of every instance, which a starting peer copies.
class ReplicationApi
{
public:
    explicit ReplicationApi(Registry *registry);

    void addRoutes(Router &router);

private:
    HttpResponse receiveServices(const HttpRequest &request);
    HttpResponse snapshot(const HttpRequest &request) const;

    Registry *m_registry;
};
