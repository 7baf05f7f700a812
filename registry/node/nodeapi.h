// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httprequest.h"
#include "httpresponse.h"
#include "instance.h"

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

    static QJsonObject encodeStatus(const NodeStatus &status);
    // What encodeStatus wrote, as another Muster node's client reads it; missing fields stay default.
    static NodeStatus decodeStatus(const QJsonObject &object);
    // A plain sentence saying why self-preservation is on or off.
    static QString selfPreservationReason(const SelfPreservationState &state);
    // The node described as an Eureka instance of app MUSTER, as Eureka servers describe themselves.
    static Instance ownInstance(const Node &node);

private:
    HttpResponse getNode(const HttpRequest &request) const;

    const Node *m_node;
};
