// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

class Bridges;
class Router;

// GET, POST and DELETE /muster/api/v1/bridges: the node's bridges, listed, added and removed.
class BridgeApi
{
public:
    explicit BridgeApi(Bridges &bridges);

    void addRoutes(Router &router);

private:
    HttpResponse list() const;
    HttpResponse add(const HttpRequest &request);
    HttpResponse remove(const HttpRequest &request);

    Bridges &m_bridges;
};
