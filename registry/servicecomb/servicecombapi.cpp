// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombapi.h"

#include "core/registry.h"
#include "http/router.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombdiscovery.h"
#include "servicecomb/servicecombgovern.h"
#include "servicecomb/servicecombrequest.h"
#include "servicecomb/servicecombwatchers.h"
#include "servicecomb/servicecombwire.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QCryptographicHash>
#include <QUuid>
#include <QWebSocket>

#include <algorithm>

Q_LOGGING_CATEGORY(lcServiceComb, "muster.servicecomb", QtInfoMsg)

namespace {
using Error = ServiceCombError;
namespace Wire = ServiceCombWire;
namespace Codec = ServiceCombCodec;


HttpResponse errorResponse(Error::Code code, const QString &detail)
{
    return Error(code, detail).toResponse();
}

HttpResponse serviceNotFound()
{
    return errorResponse(Error::ServiceNotExists, QStringLiteral("Service does not exist."));
}

HttpResponse instanceNotFound()
{
    return errorResponse(Error::InstanceNotExists, QStringLiteral("Instance does not exist."));
}

QString newInstanceId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

// A version Service-Center accepts: Muster's own, when it has that form.
QString selfVersion()
{
    const QString version = QStringLiteral(MUSTER_VERSION);
    return Codec::isValidVersion(version) ? version : QStringLiteral("0.0.1");
}
}

ServiceCombApi::ServiceCombApi(Registry *registry, ServiceCombConfig config, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_config {config}
    , m_discovery {std::make_unique<ServiceCombDiscovery>(registry, [this](const QString &id) { return instancesOf(id); })}
    , m_govern {std::make_unique<ServiceCombGovern>(registry, [this](const QString &id) { return instancesOf(id); })}
    , m_watchers {std::make_unique<ServiceCombWatchers>(registry, config)}
{
}

ServiceCombApi::~ServiceCombApi() = default;

void ServiceCombApi::addRoutes(Router &router)
{
    using Handler = HttpResponse (ServiceCombApi::*)(const HttpRequest &);
    using ConstHandler = HttpResponse (ServiceCombApi::*)(const HttpRequest &) const;
    const auto bind = [this](Handler handler) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    const auto bindConst = [this](ConstHandler handler) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    const QString p = QStringLiteral("/v4/{project}/registry");
    router.add("GET", QStringLiteral("/version"),
               [this](const HttpRequest &request) { return version(request, QStringLiteral("3.0.0")); });
    router.add("GET", QStringLiteral("/health"), bindConst(&ServiceCombApi::health));
    router.add("GET", QString(p + u"/version"),
               [this](const HttpRequest &request) { return version(request, QStringLiteral("4.0.0")); });
    router.add("GET", QString(p + u"/health"), bindConst(&ServiceCombApi::health));
    router.add("GET", QString(p + u"/health/readiness"), [](const HttpRequest &) { return Wire::emptyOk(); });
    router.add("GET", QString(p + u"/existence"), bindConst(&ServiceCombApi::existence));
    router.add("POST", QString(p + u"/microservices"), bind(&ServiceCombApi::createService));
    router.add("GET", QString(p + u"/microservices"), bindConst(&ServiceCombApi::listServices));
    router.add("DELETE", QString(p + u"/microservices"), bind(&ServiceCombApi::deleteServices));
    router.add("GET", QString(p + u"/microservices/{serviceId}"), bindConst(&ServiceCombApi::getService));
    router.add("DELETE", QString(p + u"/microservices/{serviceId}"), bind(&ServiceCombApi::deleteService));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/properties"), bind(&ServiceCombApi::updateServiceProperties));
    router.add("POST", QString(p + u"/microservices/{serviceId}/tags"), bind(&ServiceCombApi::addTags));
    router.add("GET", QString(p + u"/microservices/{serviceId}/tags"), bindConst(&ServiceCombApi::getTags));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/tags/{key}"), bind(&ServiceCombApi::updateTag));
    router.add("DELETE", QString(p + u"/microservices/{serviceId}/tags/{key}"), bind(&ServiceCombApi::deleteTags));
    router.add("GET", QString(p + u"/microservices/{serviceId}/schemas"), bindConst(&ServiceCombApi::listSchemas));
    router.add("POST", QString(p + u"/microservices/{serviceId}/schemas"), bind(&ServiceCombApi::putSchemas));
    router.add("GET", QString(p + u"/microservices/{serviceId}/schemas/{schemaId}"), bindConst(&ServiceCombApi::getSchema));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/schemas/{schemaId}"), bind(&ServiceCombApi::putSchema));
    router.add("DELETE", QString(p + u"/microservices/{serviceId}/schemas/{schemaId}"), bind(&ServiceCombApi::deleteSchema));
    router.add("POST", QString(p + u"/microservices/{serviceId}/instances"), bind(&ServiceCombApi::registerInstance));
    router.add("GET", QString(p + u"/microservices/{serviceId}/instances"),
               [this](const HttpRequest &request) { return m_discovery->listInstances(request); });
    router.add("GET", QString(p + u"/microservices/{serviceId}/instances/{instanceId}"), bindConst(&ServiceCombApi::getInstance));
    router.add("DELETE", QString(p + u"/microservices/{serviceId}/instances/{instanceId}"), bind(&ServiceCombApi::unregisterInstance));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/instances/{instanceId}/heartbeat"), bind(&ServiceCombApi::heartbeat));
    router.add("GET", QString(p + u"/microservices/{serviceId}/instances/{instanceId}/heartbeat"),
               bindConst(&ServiceCombApi::heartbeatSocket));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/instances/{instanceId}/status"), bind(&ServiceCombApi::setInstanceStatus));
    router.add("PUT", QString(p + u"/microservices/{serviceId}/instances/{instanceId}/properties"),
               bind(&ServiceCombApi::updateInstanceProperties));
    router.add("GET", QString(p + u"/microservices/{serviceId}/watcher"),
               [this](const HttpRequest &request) { return m_watchers->upgrade(request); });
    router.add("GET", QString(p + u"/microservices/{serviceId}/providers"), bindConst(&ServiceCombApi::providers));
    router.add("GET", QString(p + u"/microservices/{serviceId}/consumers"), bindConst(&ServiceCombApi::consumers));
    router.add("PUT", QString(p + u"/heartbeats"), bind(&ServiceCombApi::heartbeats));
    router.add("GET", QString(p + u"/instances"), [this](const HttpRequest &request) { return m_discovery->find(request); });
    router.add("POST", QString(p + u"/instances/action"), [this](const HttpRequest &request) { return m_discovery->batchFind(request); });
    m_govern->addRoutes(router);
}

void ServiceCombApi::acceptWebSocket(std::unique_ptr<QWebSocket> socket)
{
    m_watchers->accept(std::move(socket));
}

void ServiceCombApi::addCorsHeaders(const HttpRequest &request, HttpResponse &response)
{
    if (request.segments.value(0) != u"v4" || request.header("Origin").isEmpty())
        return;
    response.withHeader("Access-Control-Allow-Origin", "*")
        .withHeader("Access-Control-Allow-Headers", "Origin, Accept, Content-Type, X-Domain-Name, X-ConsumerId")
        .withHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
}

HttpResponse ServiceCombApi::version(const HttpRequest &, const QString &apiVersion) const
{
    return Wire::json({{QStringLiteral("version"), selfVersion()},
                       {QStringLiteral("buildTag"), QStringLiteral("muster-" MUSTER_VERSION)},
                       {QStringLiteral("os"), QSysInfo::kernelType()},
                       {QStringLiteral("arch"), QSysInfo::buildCpuArchitecture()},
                       {QStringLiteral("apiVersion"), apiVersion}});
}

HttpResponse ServiceCombApi::health(const HttpRequest &) const
{
    ServiceKey key;
    key.serviceName = QStringLiteral("SERVICECENTER");
    QJsonArray instances;
    for (const Service *service : m_registry->servicesNamed(key)) {
        for (const Instance &instance : instancesOf(service->serviceId))
            instances.append(Codec::encodeInstance(instance, service->key.version));
    }
    return Wire::json({{QStringLiteral("instances"), instances}});
}

HttpResponse ServiceCombApi::existence(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const QString type = request.query(QStringLiteral("type"));
    if (type == u"microservice")
        return serviceExistence(request);
    if (type == u"schema")
        return schemaExistence(request);
    return errorResponse(Error::InvalidParams, QStringLiteral("Only micro-service and schema can be used as type."));
}

HttpResponse ServiceCombApi::serviceExistence(const ServiceCombRequest &request) const
{
    ServiceKey key;
    key.domainProject = request.tenant();
    key.appId = request.query(QStringLiteral("appId"));
    key.serviceName = request.query(QStringLiteral("serviceName"));
    key.version = request.query(QStringLiteral("version"));
    key.environment = request.query(QStringLiteral("env"));
    if (!Codec::isValidAppId(key.appId) || !Codec::isValidServiceName(key.serviceName, true)
        || !Codec::isValidVersion(key.version) || !Codec::isValidEnvironment(key.environment))
        return errorResponse(Error::InvalidParams,
                             QStringLiteral("appId, serviceName and version are required and must be valid"));
    const QString name = QStringLiteral("%1/%2/%3/%4").arg(key.environment, key.appId, key.serviceName, key.version);
    const QList<const Service *> versions = m_registry->servicesNamed(key);
    if (versions.isEmpty())
        return errorResponse(Error::ServiceNotExists, name + QStringLiteral(" does not exist."));
    const auto match = std::find_if(versions.cbegin(), versions.cend(),
                                    [&](const Service *service) { return service->key.version == key.version; });
    if (match == versions.cend())
        return errorResponse(Error::ServiceVersionNotExists, name + QStringLiteral(" version mismatch."));
    return Wire::json({{QStringLiteral("serviceId"), (*match)->serviceId}});
}

HttpResponse ServiceCombApi::schemaExistence(const ServiceCombRequest &request) const
{
    const QString serviceId = request.query(QStringLiteral("serviceId"));
    const QString schemaId = request.query(QStringLiteral("schemaId"));
    if (!Codec::isValidServiceId(serviceId) || !Codec::isValidSchemaId(schemaId))
        return errorResponse(Error::InvalidParams, QStringLiteral("serviceId and schemaId are required and must be valid"));
    const Service *service = request.service(*m_registry, serviceId);
    if (!service)
        return serviceNotFound();
    const auto schema = service->schemas.constFind(schemaId);
    if (schema == service->schemas.cend())
        return errorResponse(Error::SchemaNotExists, QStringLiteral("Schema does not exist."));
    return Wire::json({{QStringLiteral("serviceId"), serviceId}, {QStringLiteral("schemaId"), schemaId}})
        .withHeader("X-Schema-Summary", schema->summary.toUtf8());
}

HttpResponse ServiceCombApi::createService(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonObject object = std::get<QJsonObject>(body);
    auto decoded = Codec::decodeService(Wire::field(object, u"service"));
    if (auto *error = std::get_if<Error>(&decoded))
        return error->toResponse();
    const auto tags = Codec::stringMap(Wire::field(object, u"tags"));
    if (!tags)
        return errorResponse(Error::InvalidParams, QStringLiteral("tags must be an object of strings"));
    Service service = std::get<Service>(decoded);
    service.key.domainProject = request.tenant();
    service.tags = *tags;

    const auto result = m_registry->createService(service);
    if (result.outcome == Registry::CreateServiceResult::Outcome::Conflict)
        return errorResponse(Error::ServiceAlreadyExists,
                             QStringLiteral("ServiceId conflict: %1 is registered as %2")
                                 .arg(service.key.indexKey(), result.serviceId));

    QStringList failures;
    const QJsonValue instances = Wire::field(object, u"instances");
    for (const QJsonValue &item : instances.toArray()) {
        auto instance = Codec::decodeInstance(item);
        auto outcome = std::holds_alternative<Error>(instance)
            ? std::variant<QString, Error>(std::get<Error>(instance))
            : registerInto(*m_registry->findService(result.serviceId), std::get<Instance>(instance));
        if (auto *error = std::get_if<Error>(&outcome))
            failures.append(error->detail());
    }
    if (!failures.isEmpty())
        return errorResponse(Error::InvalidParams, QStringLiteral("errMessages: [%1]").arg(failures.join(u", ")));
    return Wire::json({{QStringLiteral("serviceId"), result.serviceId}});
}

HttpResponse ServiceCombApi::listServices(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const auto withShared = request.flag(QStringLiteral("withShared"), false);
    if (!withShared)
        return errorResponse(Error::InvalidParams, QStringLiteral("withShared must be true or false"));
    QList<const Service *> services;
    for (const Service &service : m_registry->services()) {
        if (service.key.domainProject != request.tenant())
            continue;
        if (ServiceCombRequest::isGlobal(service) && !*withShared)
            continue;
        services.append(&service);
    }
    if (services.isEmpty())
        return Wire::json({});
    std::sort(services.begin(), services.end(), [](const Service *a, const Service *b) {
        return std::tie(a->key.appId, a->key.serviceName, a->key.version)
            < std::tie(b->key.appId, b->key.serviceName, b->key.version);
    });
    QJsonArray list;
    for (const Service *service : std::as_const(services))
        list.append(Codec::encodeService(*service));
    return Wire::json({{QStringLiteral("services"), list}});
}

std::variant<const Service *, HttpResponse> ServiceCombApi::pathService(const ServiceCombRequest &request) const
{
    const QString serviceId = request.http().param(QStringLiteral("serviceId"));
    if (!Codec::isValidServiceId(serviceId))
        return errorResponse(Error::InvalidParams, QStringLiteral("serviceId must be 1-64 characters without spaces"));
    if (const Service *service = request.service(*m_registry, serviceId))
        return service;
    return serviceNotFound();
}

// Looks the path's service up, lets edit change a copy or refuse with an error, and stores the copy.
HttpResponse ServiceCombApi::editService(const ServiceCombRequest &request,
                                         const std::function<std::optional<HttpResponse>(Service &)> &edit)
{
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    Service updated = *std::get<const Service *>(found);
    if (auto refusal = edit(updated))
        return *refusal;
    m_registry->updateService(updated);
    return Wire::emptyOk();
}

HttpResponse ServiceCombApi::getService(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    return Wire::json({{QStringLiteral("service"), Codec::encodeService(*std::get<const Service *>(found))}});
}

std::optional<ServiceCombError> ServiceCombApi::deleteOne(const QString &serviceId, bool force)
{
    if (serviceId == m_selfServiceId)
        return Error(Error::InvalidParams, QStringLiteral("not allow to delete service center"));
    switch (m_registry->deleteService(serviceId, force)) {
    case Registry::DeleteServiceOutcome::Deleted: return std::nullopt;
    case Registry::DeleteServiceOutcome::NotFound:
        return Error(Error::ServiceNotExists, QStringLiteral("Service does not exist."));
    case Registry::DeleteServiceOutcome::HasConsumers:
        return Error(Error::DependedOnConsumer, QStringLiteral("Other services depend on %1; delete with force=true").arg(serviceId));
    case Registry::DeleteServiceOutcome::HasInstances:
        return Error(Error::DeployedInstance, QStringLiteral("%1 has instances; delete with force=true").arg(serviceId));
    }
    return Error(Error::Internal, QStringLiteral("unexpected outcome"));
}

HttpResponse ServiceCombApi::deleteService(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const auto force = request.flag(QStringLiteral("force"), false);
    if (!force)
        return errorResponse(Error::InvalidParams, QStringLiteral("force must be true, false, 1 or 0"));
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    if (auto error = deleteOne(std::get<const Service *>(found)->serviceId, *force))
        return error->toResponse();
    return Wire::emptyOk();
}

HttpResponse ServiceCombApi::deleteServices(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonObject object = std::get<QJsonObject>(body);
    const QJsonArray ids = Wire::field(object, u"serviceIds").toArray();
    const QJsonValue force = Wire::field(object, u"force");
    if (ids.isEmpty() || !(force.isBool() || force.isUndefined()))
        return errorResponse(Error::InvalidParams, QStringLiteral("serviceIds must list at least one id; force must be a boolean"));
    QJsonArray results;
    for (const QJsonValue &id : ids) {
        const QString serviceId = id.toString();
        QJsonObject result {{QStringLiteral("serviceId"), serviceId}};
        std::optional<Error> error;
        if (!Codec::isValidServiceId(serviceId))
            error = Error(Error::InvalidParams, QStringLiteral("invalid serviceId"));
        else if (!request.service(*m_registry, serviceId))
            error = Error(Error::ServiceNotExists, QStringLiteral("Service does not exist."));
        else
            error = deleteOne(serviceId, force.toBool());
        if (error)
            result.insert(QStringLiteral("errMessage"), error->detail());
        results.append(result);
    }
    return Wire::json({{QStringLiteral("services"), results}});
}

HttpResponse ServiceCombApi::updateServiceProperties(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const auto properties = Codec::stringMap(Wire::field(std::get<QJsonObject>(body), u"properties"));
    if (!properties)
        return errorResponse(Error::InvalidParams, QStringLiteral("properties must be an object of strings"));
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        updated.properties = *properties;
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::addTags(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const auto tags = Codec::stringMap(Wire::field(std::get<QJsonObject>(body), u"tags"));
    if (!tags || tags->isEmpty())
        return errorResponse(Error::InvalidParams, QStringLiteral("tags must be a non-empty object of strings"));
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        updated.tags.insert(*tags);
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::getTags(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    const Service *service = std::get<const Service *>(found);
    if (service->tags.isEmpty())
        return Wire::json({});
    return Wire::json({{QStringLiteral("tags"), Codec::toJson(service->tags)}});
}

HttpResponse ServiceCombApi::updateTag(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const QString key = http.param(QStringLiteral("key"));
    const auto value = http.queryValue(QStringLiteral("value"));
    if (!value)
        return errorResponse(Error::InvalidParams, QStringLiteral("value is required"));
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        if (!updated.tags.contains(key))
            return errorResponse(Error::TagNotExists, QStringLiteral("Tag %1 does not exist.").arg(key));
        updated.tags.insert(key, *value);
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::deleteTags(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        const QStringList keys = http.param(QStringLiteral("key")).split(u',', Qt::SkipEmptyParts);
        for (const QString &key : keys) {
            if (!updated.tags.remove(key))
                return errorResponse(Error::TagNotExists, QStringLiteral("Tag %1 does not exist.").arg(key));
        }
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::listSchemas(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const auto withSchema = request.flag(QStringLiteral("withSchema"), false);
    if (!withSchema)
        return errorResponse(Error::InvalidParams, QStringLiteral("withSchema must be 0 or 1"));
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    const Service *service = std::get<const Service *>(found);
    QJsonArray schemas;
    for (const QString &schemaId : service->schemaIds) {
        QJsonObject item {{QStringLiteral("schemaId"), schemaId}};
        if (const auto schema = service->schemas.constFind(schemaId); schema != service->schemas.cend()) {
            if (!schema->summary.isEmpty())
                item.insert(QStringLiteral("summary"), schema->summary);
            if (*withSchema && !schema->content.isEmpty())
                item.insert(QStringLiteral("schema"), schema->content);
        }
        schemas.append(item);
    }
    if (schemas.isEmpty())
        return Wire::json({});
    return Wire::json({{QStringLiteral("schemas"), schemas}});
}

HttpResponse ServiceCombApi::getSchema(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const QString schemaId = http.param(QStringLiteral("schemaId"));
    if (!Codec::isValidSchemaId(schemaId))
        return errorResponse(Error::InvalidParams, QStringLiteral("invalid schemaId"));
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    const Service *service = std::get<const Service *>(found);
    const auto schema = service->schemas.constFind(schemaId);
    if (schema == service->schemas.cend())
        return errorResponse(Error::SchemaNotExists, QStringLiteral("Schema %1 does not exist.").arg(schemaId));
    return Wire::json({{QStringLiteral("schema"), schema->content}})
        .withHeader("X-Schema-Summary", schema->summary.toUtf8());
}

HttpResponse ServiceCombApi::putSchema(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const QString schemaId = http.param(QStringLiteral("schemaId"));
    if (!Codec::isValidSchemaId(schemaId))
        return errorResponse(Error::InvalidParams, QStringLiteral("invalid schemaId"));
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonObject object = std::get<QJsonObject>(body);
    const QJsonValue content = Wire::field(object, u"schema");
    const QJsonValue summary = Wire::field(object, u"summary");
    if (!content.isString() || content.toString().isEmpty() || !(summary.isString() || summary.isUndefined()))
        return errorResponse(Error::InvalidParams, QStringLiteral("schema must be a non-empty string"));
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        if (!updated.schemaIds.contains(schemaId))
            updated.schemaIds.append(schemaId);
        updated.schemas.insert(schemaId, SchemaEntry {content.toString(), summary.toString()});
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::putSchemas(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonValue list = Wire::field(std::get<QJsonObject>(body), u"schemas");
    if (!list.isArray())
        return errorResponse(Error::InvalidParams, QStringLiteral("schemas must be a list"));
    QStringList ids;
    QMap<QString, SchemaEntry> schemas;
    for (const QJsonValue &item : list.toArray()) {
        const QJsonObject object = item.toObject();
        const QString schemaId = Wire::field(object, u"schemaId").toString();
        const QString content = Wire::field(object, u"schema").toString();
        if (!Codec::isValidSchemaId(schemaId) || content.isEmpty())
            return errorResponse(Error::InvalidParams, QStringLiteral("each schema needs a valid schemaId and a schema"));
        if (!ids.contains(schemaId))
            ids.append(schemaId);
        schemas.insert(schemaId, SchemaEntry {content, Wire::field(object, u"summary").toString()});
    }
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        updated.schemaIds = ids;
        updated.schemas = schemas;
        return std::nullopt;
    });
}

HttpResponse ServiceCombApi::deleteSchema(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const QString schemaId = http.param(QStringLiteral("schemaId"));
    return editService(request, [&](Service &updated) -> std::optional<HttpResponse> {
        if (!updated.schemas.remove(schemaId))
            return errorResponse(Error::SchemaNotExists, QStringLiteral("Schema %1 does not exist.").arg(schemaId));
        return std::nullopt;
    });
}

std::variant<QString, ServiceCombError> ServiceCombApi::registerInto(const Service &service, Instance instance)
{
    const QString app = EurekaServiceMapping::appForService(service.key.serviceName);
    if (!instance.instanceId.isEmpty()) {
        const auto existing = m_registry->instance(app, instance.instanceId);
        if (existing && existing->serviceId == service.serviceId) {
            m_registry->renew(app, instance.instanceId);   // a known id re-registering is a heartbeat
            return instance.instanceId;
        }
    } else {
        instance.instanceId = newInstanceId();
    }
    if (instance.healthCheck) {
        ParsedCheck pulled = CheckSpecs::fromServiceCombHealthCheck(*instance.healthCheck, instance);
        if (!pulled.error.isEmpty())
            return ServiceCombError(Error::InvalidParams, pulled.error);
        instance.check = pulled.check;
    }
    const HealthCheck check = Codec::clampedHealthCheck(instance.healthCheck, m_config);
    instance.healthCheck = check;
    instance.serviceId = service.serviceId;
    instance.app = app;
    instance.lease.renewalIntervalSecs = check.intervalSecs;
    instance.lease.durationSecs = Codec::leaseSeconds(check, m_config);
    instance.lastDirtyTimestamp = m_registry->nowMs();
    instance.origin = Protocol::ServiceComb;
    return m_registry->registerInstance(instance).instanceId;
}

HttpResponse ServiceCombApi::registerInstance(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const QString serviceId = http.param(QStringLiteral("serviceId"));
    const Service *service = request.service(*m_registry, serviceId);
    if (!service)
        return errorResponse(Error::ServiceNotExists, QStringLiteral("Invalid 'serviceID' in request body."));
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    auto decoded = Codec::decodeInstance(Wire::field(std::get<QJsonObject>(body), u"instance"));
    if (auto *error = std::get_if<Error>(&decoded))
        return error->toResponse();
    auto registered = registerInto(*service, std::get<Instance>(decoded));
    if (auto *error = std::get_if<Error>(&registered))
        return error->toResponse();
    return Wire::json({{QStringLiteral("instanceId"), std::get<QString>(registered)}});
}

HttpResponse ServiceCombApi::getInstance(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const QString serviceId = http.param(QStringLiteral("serviceId"));
    const QString instanceId = http.param(QStringLiteral("instanceId"));
    const Service *service = request.service(*m_registry, serviceId);
    if (!service)
        return instanceNotFound();
    std::optional<Instance> instance = request.instance(*m_registry, serviceId, instanceId);
    if (!instance && serviceId == m_selfServiceId) {
        for (const Instance &node : memberInstances(*service)) {
            if (node.instanceId == instanceId)
                instance = node;
        }
    }
    if (!instance)
        return instanceNotFound();
    return Wire::json({{QStringLiteral("instance"), Codec::encodeInstance(*instance, service->key.version)}});
}

HttpResponse ServiceCombApi::unregisterInstance(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const auto instance = request.instance(*m_registry, http.param(QStringLiteral("serviceId")),
                                           http.param(QStringLiteral("instanceId")));
    if (!instance)
        return errorResponse(Error::InstanceNotExists, QStringLiteral("Instance's leaseId not exist."));
    m_registry->cancel(instance->app, instance->instanceId);
    return Wire::emptyOk();
}

bool ServiceCombApi::renewInstance(const ServiceCombRequest &request, const QString &serviceId,
                                   const QString &instanceId)
{
    const auto instance = request.instance(*m_registry, serviceId, instanceId);
    return instance
        && m_registry->renew(instance->app, instanceId).outcome == Registry::RenewOutcome::Renewed;
}

HttpResponse ServiceCombApi::heartbeat(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    if (!renewInstance(request, http.param(QStringLiteral("serviceId")), http.param(QStringLiteral("instanceId"))))
        return instanceNotFound();
    return Wire::emptyOk();
}

HttpResponse ServiceCombApi::heartbeatSocket(const HttpRequest &http) const
{
    return m_watchers->upgrade(http);
}

HttpResponse ServiceCombApi::heartbeats(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonArray items = Wire::field(std::get<QJsonObject>(body), u"instances").toArray();
    if (items.isEmpty())
        return errorResponse(Error::InvalidParams, QStringLiteral("Request format invalid."));
    QJsonArray results;
    QSet<QPair<QString, QString>> seen;
    for (const QJsonValue &item : items) {
        const QJsonObject object = item.toObject();
        const QString serviceId = Wire::field(object, u"serviceId").toString();
        const QString instanceId = Wire::field(object, u"instanceId").toString();
        if (seen.contains({serviceId, instanceId}))
            continue;
        seen.insert({serviceId, instanceId});
        QJsonObject result {{QStringLiteral("serviceId"), serviceId}, {QStringLiteral("instanceId"), instanceId}};
        if (!renewInstance(request, serviceId, instanceId))
            result.insert(QStringLiteral("errMessage"), QStringLiteral("Instance does not exist."));
        results.append(result);
    }
    return Wire::json({{QStringLiteral("instances"), results}});
}

HttpResponse ServiceCombApi::setInstanceStatus(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const auto status = Wire::statusFromName(request.query(QStringLiteral("value")));
    if (!status)
        return errorResponse(Error::InvalidParams, QStringLiteral("value must be UP, DOWN, STARTING, TESTING or OUTOFSERVICE"));
    const auto instance = request.instance(*m_registry, http.param(QStringLiteral("serviceId")),
                                           http.param(QStringLiteral("instanceId")));
    if (!instance)
        return instanceNotFound();
    m_registry->setStatusOverride(instance->app, instance->instanceId, *status);
    return Wire::emptyOk();
}

HttpResponse ServiceCombApi::updateInstanceProperties(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const auto properties = Codec::stringMap(Wire::field(std::get<QJsonObject>(body), u"properties"));
    if (!properties)
        return errorResponse(Error::InvalidParams, QStringLiteral("properties must be an object of strings"));
    const auto instance = request.instance(*m_registry, http.param(QStringLiteral("serviceId")),
                                           http.param(QStringLiteral("instanceId")));
    if (!instance)
        return instanceNotFound();
    m_registry->replaceMetadata(instance->app, instance->instanceId, *properties);
    return Wire::emptyOk();
}

HttpResponse ServiceCombApi::providers(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    QJsonArray list;
    for (const Service *provider : m_registry->providersOf(std::get<const Service *>(found)->serviceId))
        list.append(Codec::encodeService(*provider));
    return list.isEmpty() ? Wire::json({}) : Wire::json({{QStringLiteral("providers"), list}});
}

HttpResponse ServiceCombApi::consumers(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    auto found = pathService(request);
    if (auto *response = std::get_if<HttpResponse>(&found))
        return *response;
    QJsonArray list;
    for (const QString &consumerId : m_registry->consumersOf(*std::get<const Service *>(found))) {
        if (const Service *consumer = m_registry->findService(consumerId))
            list.append(Codec::encodeService(*consumer));
    }
    return list.isEmpty() ? Wire::json({}) : Wire::json({{QStringLiteral("consumers"), list}});
}

void ServiceCombApi::registerSelf(MemberUrls members, qint64 startedAtMs)
{
    Service service;
    service.key.serviceName = QStringLiteral("SERVICECENTER");
    service.key.version = selfVersion();
    service.alias = QStringLiteral("SERVICECENTER");
    service.properties.insert(QStringLiteral("allowCrossApp"), QStringLiteral("true"));
    service.frameworkName = QStringLiteral("Muster");
    service.frameworkVersion = QStringLiteral(MUSTER_VERSION);
    m_selfServiceId = m_registry->createService(service).serviceId;
    m_members = std::move(members);
    m_startedAtMs = startedAtMs;
}

QList<Instance> ServiceCombApi::instancesOf(const QString &serviceId) const
{
    QList<Instance> instances = m_registry->instancesOf(serviceId);
    if (serviceId == m_selfServiceId && m_members) {
        if (const Service *service = m_registry->findService(serviceId))
            instances.append(memberInstances(*service));
    }
    return instances;
}

// The nodes are not leased registry entries: a node knows itself and which peers answer, so the
// list is always current and an Eureka fetch never shows them.
QList<Instance> ServiceCombApi::memberInstances(const Service &service) const
{
    QList<Instance> instances;
    for (const QUrl &url : m_members()) {
        Instance node;
        node.endpoints = QStringList {QStringLiteral("rest://%1:%2/").arg(url.host()).arg(url.port(80))};
        node.instanceId = QString::fromLatin1(
            QCryptographicHash::hash(node.endpoints.constFirst().toUtf8(), QCryptographicHash::Sha1).toHex().left(32));
        node.serviceId = service.serviceId;
        node.hostName = url.host();
        node.healthCheck = HealthCheck {};
        node.lease.registrationTimestamp = m_startedAtMs;
        node.lastUpdatedTimestamp = m_startedAtMs;
        node.origin = Protocol::ServiceComb;
        instances.append(node);
    }
    return instances;
}
