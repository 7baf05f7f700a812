// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "model/instance.h"

class Node;
class Router;
struct NodeStatus;
struct SelfPreservationState;

class QJsonObject;

// Muster's own API under /muster/api/v1: what the node is and why it behaves as it does.
class NodeApi
{
public:
    explicit NodeApi(const Node *node);

    void addRoutes(Router &router);

    // The node described as an Eureka instance of app MUSTER, as Eureka servers describe themselves.
    static Instance ownInstance(const Node &node);

private:
    HttpResponse getNode(const HttpRequest &request) const;
    HttpResponse listChecks() const;

    const Node *m_node;
};
