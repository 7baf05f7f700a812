// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <functional>

class PinnedStore;
class Registry;
class Router;

// Pinned instances and hand-made services over HTTP, under /muster/api/v1/pinned, so a script can
// do what the console does (docs/muster-api.md). Bodies are Eureka's instance JSON and
// Service-Center's service JSON, read by their codecs. A write is answered only once the journal
// holds it; a node without a data directory keeps them in memory only.
class PinnedApi
{
public:
    PinnedApi(Registry *registry, const PinnedStore *store);

    void addRoutes(Router &router);

private:
    HttpResponse listAll(const HttpRequest &request) const;
    HttpResponse listInstances(const HttpRequest &request) const;
    HttpResponse getInstance(const HttpRequest &request) const;
    HttpResponse putInstance(const HttpRequest &request);
    HttpResponse deleteInstance(const HttpRequest &request);
    HttpResponse listServices(const HttpRequest &request) const;
    HttpResponse getService(const HttpRequest &request) const;
    HttpResponse createService(const HttpRequest &request);
    HttpResponse deleteService(const HttpRequest &request);
    // Runs a registry write and answers 500 instead of success when the journal write it caused failed.
    HttpResponse journaled(const std::function<HttpResponse()> &write);

    Registry *m_registry;
    const PinnedStore *m_store;
};
