// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "servicecomb/servicecombdiscovery.h"

#include <QJsonObject>
#include <QSet>

class Registry;
class Router;
class ServiceCombRequest;
struct Service;

// The views Service-Center's dashboards read (contract servicecomb.md §2.14, §2.15): services with
// their instances, schemas and dependencies, statistics, the app list, and the admin dump.
class ServiceCombGovern
{
public:
    ServiceCombGovern(const Registry *registry, ServiceCombDiscovery::InstancesOf instancesOf);

    void addRoutes(Router &router);

private:
    HttpResponse microservices(const HttpRequest &request) const;
    HttpResponse microservice(const HttpRequest &request) const;
    HttpResponse apps(const HttpRequest &request) const;
    HttpResponse statistics(const HttpRequest &request) const;
    HttpResponse dump(const HttpRequest &request) const;

    QList<const Service *> servicesOf(const ServiceCombRequest &request, bool withShared) const;
    QJsonObject detail(const Service &service, const QSet<QString> &options) const;
    QJsonObject statisticsOf(const QList<const Service *> &services) const;

    const Registry *m_registry;
    ServiceCombDiscovery::InstancesOf m_instancesOf;
};
