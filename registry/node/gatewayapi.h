// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

class Node;
class Router;

// The gateway seen through the node's own API: GET /muster/api/v1/gateway (its statistics) and
// GET /muster/api/v1/resolve/{service} (one instance, chosen the way the gateway would).
class GatewayApi
{
public:
    explicit GatewayApi(Node *node);

    void addRoutes(Router &router);

private:
    HttpResponse stats(const HttpRequest &request) const;
    HttpResponse resolve(const HttpRequest &request) const;

    Node *m_node;
};
