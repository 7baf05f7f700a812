// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombgovern.h"

#include "core/registry.h"
#include "http/router.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombrequest.h"
#include "servicecomb/servicecombwire.h"

#include <QJsonArray>

#include <algorithm>

namespace {
using Error = ServiceCombError;
namespace Wire = ServiceCombWire;
namespace Codec = ServiceCombCodec;

QSet<QString> optionsOf(const ServiceCombRequest &request)
{
    QSet<QString> options;
    for (const QString &option : request.query(QStringLiteral("options")).split(u',', Qt::SkipEmptyParts))
        options.insert(option.trimmed());
    if (options.contains(QStringLiteral("all")))
        options.unite({QStringLiteral("instances"), QStringLiteral("schemas"), QStringLiteral("dependencies"),
                       QStringLiteral("tags")});
    return options;
}
}

ServiceCombGovern::ServiceCombGovern(const Registry *registry, ServiceCombDiscovery::InstancesOf instancesOf)
    : m_registry {registry}
    , m_instancesOf {std::move(instancesOf)}
{
}

void ServiceCombGovern::addRoutes(Router &router)
{
    const auto bind = [this](HttpResponse (ServiceCombGovern::*handler)(const HttpRequest &) const) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    router.add("GET", u"/v4/{project}/govern/microservices", bind(&ServiceCombGovern::microservices));
    router.add("GET", u"/v4/{project}/govern/microservices/{serviceId}", bind(&ServiceCombGovern::microservice));
    router.add("GET", u"/v4/{project}/govern/apps", bind(&ServiceCombGovern::apps));
    router.add("GET", u"/v4/{project}/govern/statistics", bind(&ServiceCombGovern::statistics));
    router.add("GET", u"/v4/{project}/admin/dump", bind(&ServiceCombGovern::dump));
}

QList<const Service *> ServiceCombGovern::servicesOf(const ServiceCombRequest &request, bool withShared) const
{
    const QString appId = request.query(QStringLiteral("appId"));
    const QString serviceName = request.query(QStringLiteral("serviceName"));
    const auto environment = request.http().queryValue(QStringLiteral("env"));
    QList<const Service *> services;
    for (const Service &service : m_registry->services()) {
        if (service.key.domainProject != request.tenant() || (!withShared && ServiceCombRequest::isGlobal(service)))
            continue;
        if ((!appId.isEmpty() && service.key.appId != appId)
            || (!serviceName.isEmpty() && service.key.serviceName != serviceName)
            || (environment && service.key.environment != *environment))
            continue;
        services.append(&service);
    }
    std::sort(services.begin(), services.end(), [](const Service *a, const Service *b) {
        return std::tie(a->key.appId, a->key.serviceName, a->key.version)
            < std::tie(b->key.appId, b->key.serviceName, b->key.version);
    });
    return services;
}

QJsonObject ServiceCombGovern::detail(const Service &service, const QSet<QString> &options) const
{
    QJsonObject detail {{QStringLiteral("microService"), Codec::encodeService(service)}};
    if (options.contains(QStringLiteral("instances"))) {
        QJsonArray instances;
        for (const Instance &instance : m_instancesOf(service.serviceId))
            instances.append(Codec::encodeInstance(instance, service.key.version));
        if (!instances.isEmpty())
            detail.insert(QStringLiteral("instances"), instances);
    }
    if (options.contains(QStringLiteral("schemas"))) {
        QJsonArray schemas;
        for (auto it = service.schemas.cbegin(); it != service.schemas.cend(); ++it)
            schemas.append(QJsonObject {{QStringLiteral("schemaId"), it.key()},
                                        {QStringLiteral("schema"), it->content},
                                        {QStringLiteral("summary"), it->summary}});
        if (!schemas.isEmpty())
            detail.insert(QStringLiteral("schemaInfos"), schemas);
    }
    if (options.contains(QStringLiteral("dependencies"))) {
        QJsonArray providers;
        for (const Service *provider : m_registry->providersOf(service.serviceId))
            providers.append(Codec::encodeService(*provider));
        QJsonArray consumers;
        for (const QString &consumerId : m_registry->consumersOf(service)) {
            if (const Service *consumer = m_registry->findService(consumerId))
                consumers.append(Codec::encodeService(*consumer));
        }
        if (!providers.isEmpty())
            detail.insert(QStringLiteral("providers"), providers);
        if (!consumers.isEmpty())
            detail.insert(QStringLiteral("consumers"), consumers);
    }
    if (options.contains(QStringLiteral("tags")) && !service.tags.isEmpty())
        detail.insert(QStringLiteral("tags"), Codec::toJson(service.tags));
    return detail;
}

QJsonObject ServiceCombGovern::statisticsOf(const QList<const Service *> &services) const
{
    qsizetype instanceCount = 0;
    qsizetype onlineServices = 0;
    QSet<QString> apps;
    for (const Service *service : services) {
        const qsizetype count = m_instancesOf(service->serviceId).size();
        instanceCount += count;
        onlineServices += count > 0 ? 1 : 0;
        apps.insert(service->key.appId);
    }
    return {{QStringLiteral("services"), QJsonObject {{QStringLiteral("count"), services.size()},
                                                      {QStringLiteral("onlineCount"), onlineServices}}},
            {QStringLiteral("instances"), QJsonObject {{QStringLiteral("count"), instanceCount},
                                                       {QStringLiteral("countByDomain"), instanceCount}}},
            {QStringLiteral("apps"), QJsonObject {{QStringLiteral("count"), apps.size()}}}};
}

HttpResponse ServiceCombGovern::microservices(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const auto withShared = request.flag(QStringLiteral("withShared"), false);
    const auto countOnly = request.flag(QStringLiteral("countOnly"), false);
    if (!withShared || !countOnly)
        return Error(Error::InvalidParams, QStringLiteral("withShared and countOnly must be 0 or 1")).toResponse();
    const QList<const Service *> services = servicesOf(request, *withShared);
    QJsonObject result {{QStringLiteral("statistics"), statisticsOf(services)}};
    if (*countOnly)
        return Wire::json(result);
    const QSet<QString> options = optionsOf(request);
    QJsonArray details;
    for (const Service *service : services)
        details.append(detail(*service, options));
    if (!details.isEmpty())
        result.insert(QStringLiteral("allServicesDetail"), details);
    return Wire::json(result);
}

HttpResponse ServiceCombGovern::microservice(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const Service *service = request.service(*m_registry, http.param(QStringLiteral("serviceId")));
    if (!service)
        return Error(Error::ServiceNotExists, QStringLiteral("Service does not exist.")).toResponse();
    QSet<QString> options = optionsOf(request);
    if (options.isEmpty())
        options = {QStringLiteral("instances"), QStringLiteral("schemas"), QStringLiteral("dependencies"), QStringLiteral("tags")};
    return Wire::json({{QStringLiteral("service"), detail(*service, options)}});
}

HttpResponse ServiceCombGovern::apps(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const auto withShared = request.flag(QStringLiteral("withShared"), false);
    if (!withShared)
        return Error(Error::InvalidParams, QStringLiteral("withShared must be true or false")).toResponse();
    QStringList appIds;
    for (const Service *service : servicesOf(request, *withShared)) {
        if (!appIds.contains(service->key.appId))
            appIds.append(service->key.appId);
    }
    if (appIds.isEmpty())
        return Wire::json({});
    appIds.sort();
    return Wire::json({{QStringLiteral("appIds"), QJsonArray::fromStringList(appIds)}});
}

HttpResponse ServiceCombGovern::statistics(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    return Wire::json({{QStringLiteral("statistics"), statisticsOf(servicesOf(request, false))}});
}

HttpResponse ServiceCombGovern::dump(const HttpRequest &) const
{
    QJsonArray services;
    QJsonArray instances;
    for (const Service &service : m_registry->services()) {
        services.append(QJsonObject {
            {QStringLiteral("key"), QStringLiteral("/cse-sr/ms/files/%1/%2").arg(service.key.domainProject, service.serviceId)},
            {QStringLiteral("rev"), qint64(service.revision)},
            {QStringLiteral("value"), Codec::encodeService(service)}});
        for (const Instance &instance : m_instancesOf(service.serviceId)) {
            instances.append(QJsonObject {
                {QStringLiteral("key"), QStringLiteral("/cse-sr/inst/files/%1/%2/%3")
                                            .arg(service.key.domainProject, service.serviceId, instance.instanceId)},
                {QStringLiteral("rev"), qint64(instance.revision)},
                {QStringLiteral("value"), Codec::encodeInstance(instance, service.key.version)}});
        }
    }
    return Wire::json({{QStringLiteral("cache"), QJsonObject {{QStringLiteral("services"), services},
                                                              {QStringLiteral("instances"), instances}}}});
}
