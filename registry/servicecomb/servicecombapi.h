// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "servicecomb/servicecombconfig.h"
#include "servicecomb/servicecomberror.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

class Registry;
class Router;
class ServiceCombDiscovery;
class ServiceCombGovern;
class ServiceCombRequest;
class ServiceCombWatchers;
class QWebSocket;
struct Instance;
struct Service;

// The Service-Center v4 API (contract servicecomb.md §2) over the Registry: services, schemas, tags,
// instances and heartbeats here; discovery, the dashboards' views and the websockets in their own
// classes. It also registers the node itself as an instance of the global service SERVICECENTER.
class ServiceCombApi : public QObject
{
    Q_OBJECT

public:
    ServiceCombApi(Registry *registry, ServiceCombConfig config, QObject *parent = nullptr);
    ~ServiceCombApi() override;

    void addRoutes(Router &router);
    // The base URLs of the cluster's nodes that are up, this one first.
    using MemberUrls = std::function<QList<QUrl>()>;

    // Creates the global service SERVICECENTER, whose instances are the cluster's nodes: each
    // answers with rest://host:port/ (contract servicecomb.md §2.13, §3.5).
    void registerSelf(MemberUrls members, qint64 startedAtMs);
    // A service's instances as Service-Center shows them.
    QList<Instance> instancesOf(const QString &serviceId) const;
    void acceptWebSocket(std::unique_ptr<QWebSocket> socket);
    // Service-Center answers browsers' cross-origin requests and preflights.
    static void addCorsHeaders(const HttpRequest &request, HttpResponse &response);

private:
    HttpResponse version(const HttpRequest &request, const QString &apiVersion) const;
    HttpResponse health(const HttpRequest &request) const;
    HttpResponse existence(const HttpRequest &request) const;
    HttpResponse serviceExistence(const ServiceCombRequest &request) const;
    HttpResponse schemaExistence(const ServiceCombRequest &request) const;
    HttpResponse createService(const HttpRequest &request);
    HttpResponse listServices(const HttpRequest &request) const;
    HttpResponse getService(const HttpRequest &request) const;
    HttpResponse deleteService(const HttpRequest &request);
    HttpResponse deleteServices(const HttpRequest &request);
    HttpResponse updateServiceProperties(const HttpRequest &request);
    HttpResponse addTags(const HttpRequest &request);
    HttpResponse getTags(const HttpRequest &request) const;
    HttpResponse updateTag(const HttpRequest &request);
    HttpResponse deleteTags(const HttpRequest &request);
    HttpResponse listSchemas(const HttpRequest &request) const;
    HttpResponse getSchema(const HttpRequest &request) const;
    HttpResponse putSchema(const HttpRequest &request);
    HttpResponse putSchemas(const HttpRequest &request);
    HttpResponse deleteSchema(const HttpRequest &request);
    HttpResponse registerInstance(const HttpRequest &request);
    HttpResponse getInstance(const HttpRequest &request) const;
    HttpResponse unregisterInstance(const HttpRequest &request);
    HttpResponse heartbeat(const HttpRequest &request);
    HttpResponse heartbeatSocket(const HttpRequest &request) const;
    HttpResponse heartbeats(const HttpRequest &request);
    HttpResponse setInstanceStatus(const HttpRequest &request);
    HttpResponse updateInstanceProperties(const HttpRequest &request);
    HttpResponse providers(const HttpRequest &request) const;
    HttpResponse consumers(const HttpRequest &request) const;

    // The service the path names, or the error to answer.
    std::variant<const Service *, HttpResponse> pathService(const ServiceCombRequest &request) const;
    HttpResponse editService(const ServiceCombRequest &request,
                             const std::function<std::optional<HttpResponse>(Service &)> &edit);
    std::variant<QString, ServiceCombError> registerInto(const Service &service, Instance instance);
    std::optional<ServiceCombError> deleteOne(const QString &serviceId, bool force);
    bool renewInstance(const ServiceCombRequest &request, const QString &serviceId, const QString &instanceId);
    QList<Instance> memberInstances(const Service &service) const;

    Registry *m_registry;
    ServiceCombConfig m_config;
    std::unique_ptr<ServiceCombDiscovery> m_discovery;
    std::unique_ptr<ServiceCombGovern> m_govern;
    std::unique_ptr<ServiceCombWatchers> m_watchers;
    QString m_selfServiceId;
    MemberUrls m_members;
    qint64 m_startedAtMs = 0;
};
