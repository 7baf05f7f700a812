// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QString>

class Node;
class Router;

// The read-only page at / for a person who opens the node's address in a browser: the node, its
// peers and bridges, self-preservation and why, every service and instance with its status. One
// server-rendered HTML document with its style inline and nothing to fetch; it reloads itself.
class StatusPage
{
public:
    static constexpr int refreshSecs = 5;

    explicit StatusPage(const Node *node);

    void addRoutes(Router &router);

    // The page for a snapshot taken at nowMs; everything from the registry is escaped.
    static QString render(const RegistrySnapshot &snapshot, qint64 nowMs);

private:
    HttpResponse getPage(const HttpRequest &request) const;

    const Node *m_node;
};
