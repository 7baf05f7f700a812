// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QUrl>

#include <functional>

class Router;

// Faults on the replication links between the nodes of this process over HTTP (docs/faults.md):
// GET /muster/api/v1/faults lists them, POST sets one directed link's fault or cuts both directions
// (a partition), DELETE heals every link. Links are named by the nodes' Eureka service URLs; "from"
// defaults to this node.
class FaultsApi
{
public:
    explicit FaultsApi(std::function<QUrl()> ownServiceUrl);

    void addRoutes(Router &router);

private:
    HttpResponse list(const HttpRequest &request) const;
    HttpResponse set(const HttpRequest &request);
    HttpResponse healAll(const HttpRequest &request);

    std::function<QUrl()> m_ownServiceUrl;
};
