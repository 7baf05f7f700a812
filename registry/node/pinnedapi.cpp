// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/pinnedapi.h"

#include "eureka/eurekajsoncodec.h"
#include "store/pinnedstore.h"
#include "core/registry.h"
#include "http/router.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {
QString instancePath(const Instance &instance)
{
    return QStringLiteral("/muster/api/v1/pinned/apps/%1/%2").arg(instance.app, instance.instanceId);
}

// Eureka's JSON, with the check the node runs and whether the instance is DOWN by it.
QJsonObject encodeInstance(const Instance &instance)
{
    QJsonObject object = EurekaJsonCodec::encodeInstance(instance);
    if (instance.check)
        object.insert(QStringLiteral("check"), CheckSpecs::toJson(*instance.check));
    object.insert(QStringLiteral("downByCheck"), instance.downByCheck);
    return object;
}

// A "check" member beside the instance, or else Eureka's metadata convention; null: none.
ParsedCheck checkOf(const QJsonObject &body, const Instance &instance)
{
    const QJsonValue check = body.value(u"check");
    if (check.isUndefined())
        return CheckSpecs::fromEurekaMetadata(instance);
    if (check.isNull())
        return {};
    if (!check.isObject())
        return {std::nullopt, QStringLiteral("check must be an object or null")};
    return CheckSpecs::fromJson(check.toObject());
}

QJsonArray encodeInstances(QList<Instance> instances)
{
    std::sort(instances.begin(), instances.end(), [](const Instance &a, const Instance &b) {
        return std::tie(a.app, a.instanceId) < std::tie(b.app, b.instanceId);
    });
    QJsonArray list;
    for (const Instance &instance : std::as_const(instances))
        list.append(encodeInstance(instance));
    return list;
}

QJsonArray encodeServices(const Registry &registry)
{
    QList<const Service *> services;
    for (const Service &service : registry.services()) {
        if (service.pinned)
            services.append(&service);
    }
    std::sort(services.begin(), services.end(),
              [](const Service *a, const Service *b) { return a->serviceId < b->serviceId; });
    QJsonArray list;
    for (const Service *service : std::as_const(services))
        list.append(ServiceCombCodec::encodeService(*service));
    return list;
}

bool isBlank(const QString &value)
{
    return value.trimmed().isEmpty();
}
}

PinnedApi::PinnedApi(Registry *registry, const PinnedStore *store)
    : m_registry {registry}
    , m_store {store}
{
}

void PinnedApi::addRoutes(Router &router)
{
    using Handler = HttpResponse (PinnedApi::*)(const HttpRequest &);
    const auto bind = [this](Handler handler) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    using ConstHandler = HttpResponse (PinnedApi::*)(const HttpRequest &) const;
    const auto bindConst = [this](ConstHandler handler) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    router.add("GET", u"/muster/api/v1/pinned", bindConst(&PinnedApi::listAll));
    router.add("GET", u"/muster/api/v1/pinned/apps", bindConst(&PinnedApi::listInstances));
    router.add("GET", u"/muster/api/v1/pinned/apps/{app}/{id}", bindConst(&PinnedApi::getInstance));
    router.add("PUT", u"/muster/api/v1/pinned/apps/{app}/{id}", bind(&PinnedApi::putInstance));
    router.add("DELETE", u"/muster/api/v1/pinned/apps/{app}/{id}", bind(&PinnedApi::deleteInstance));
    router.add("GET", u"/muster/api/v1/pinned/services", bindConst(&PinnedApi::listServices));
    router.add("POST", u"/muster/api/v1/pinned/services", bind(&PinnedApi::createService));
    router.add("GET", u"/muster/api/v1/pinned/services/{serviceId}", bindConst(&PinnedApi::getService));
    router.add("DELETE", u"/muster/api/v1/pinned/services/{serviceId}", bind(&PinnedApi::deleteService));
}

HttpResponse PinnedApi::journaled(const std::function<HttpResponse()> &write)
{
    const qint64 writesBefore = m_store ? m_store->writeCount() : 0;
    HttpResponse response = write();
    if (m_store && m_store->writeCount() != writesBefore && !m_store->errorString().isEmpty()) {
        return HttpResponse::error(500, QStringLiteral("the change is made but not saved, so it would not survive a "
                                                       "restart: %1").arg(m_store->errorString()));
    }
    return response;
}

HttpResponse PinnedApi::listAll(const HttpRequest &) const
{
    return HttpResponse::json(QJsonObject {{QStringLiteral("instances"), encodeInstances(m_registry->pinnedInstances())},
                                           {QStringLiteral("services"), encodeServices(*m_registry)}});
}

HttpResponse PinnedApi::listInstances(const HttpRequest &) const
{
    return HttpResponse::json(QJsonObject {{QStringLiteral("instances"), encodeInstances(m_registry->pinnedInstances())}});
}

HttpResponse PinnedApi::getInstance(const HttpRequest &request) const
{
    const QString app = normalizedAppName(request.param(QStringLiteral("app")));
    const QString id = request.param(QStringLiteral("id"));
    const auto instance = m_registry->instance(app, id);
    if (!instance || !instance->pinned)
        return HttpResponse::error(404, QStringLiteral("no pinned instance %1 in application %2").arg(id, app));
    return HttpResponse::json(QJsonObject {{QStringLiteral("instance"), encodeInstance(*instance)}});
}

// The body is an Eureka registration, {"instance": {...}}, read as leniently as Eureka's register
// reads it; app and instanceId may be left to the path, and dataCenterInfo defaults to MyOwn. A
// "check" member beside "instance" gives the entry a health check.
HttpResponse PinnedApi::putInstance(const HttpRequest &request)
{
    const QString app = normalizedAppName(request.param(QStringLiteral("app")));
    const QString id = request.param(QStringLiteral("id"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return HttpResponse::error(400, QStringLiteral("cannot parse request body: %1 at offset %2")
                                            .arg(parseError.errorString()).arg(parseError.offset));
    const QJsonValue root = document.object().value(u"instance");
    if (!root.isObject())
        return HttpResponse::error(400, QStringLiteral("cannot parse request body: expected a JSON object {\"instance\": {…}}"));
    QJsonObject object = root.toObject();
    if (!object.contains(u"instanceId"))
        object.insert(QStringLiteral("instanceId"), id);
    if (!object.contains(u"app"))
        object.insert(QStringLiteral("app"), app);

    DecodedInstance decoded = EurekaJsonCodec::decodeInstance(object);
    if (!decoded.instance)
        return HttpResponse::error(400, decoded.error);
    Instance &instance = *decoded.instance;
    if (instance.instanceId != id)
        return HttpResponse::error(400, QStringLiteral("instanceId '%1' differs from the path's '%2'").arg(instance.instanceId, id));
    if (isBlank(instance.app))
        return HttpResponse::error(400, QStringLiteral("missing app"));
    if (instance.app != app)
        return HttpResponse::error(400, QStringLiteral("app '%1' differs from the path's '%2'").arg(instance.app, app));
    if (isBlank(instance.hostName))
        return HttpResponse::error(400, QStringLiteral("missing hostName"));
    if (isBlank(instance.ipAddr))
        return HttpResponse::error(400, QStringLiteral("missing ipAddr"));
    if (isBlank(instance.dataCenterInfo.name))
        instance.dataCenterInfo.name = DataCenterInfo {}.name;
    const ParsedCheck check = checkOf(document.object(), instance);
    if (!check.error.isEmpty())
        return HttpResponse::error(400, check.error);
    instance.check = check.check;

    const auto existing = m_registry->instance(app, id);
    instance.pinned = true;
    // A registration by hand is the newest version of the instance, whatever the body says.
    instance.lastDirtyTimestamp = std::max(m_registry->nowMs(), existing ? existing->lastDirtyTimestamp + 1 : 0);
    return journaled([&] {
        const Instance stored = m_registry->registerInstance(instance);
        HttpResponse response = HttpResponse::empty(existing ? 204 : 201);
        return response.withHeader("Location", instancePath(stored).toUtf8());
    });
}

HttpResponse PinnedApi::deleteInstance(const HttpRequest &request)
{
    const QString app = normalizedAppName(request.param(QStringLiteral("app")));
    const QString id = request.param(QStringLiteral("id"));
    const auto instance = m_registry->instance(app, id);
    if (!instance || !instance->pinned)
        return HttpResponse::error(404, QStringLiteral("no pinned instance %1 in application %2").arg(id, app));
    return journaled([&] {
        m_registry->cancel(app, id);
        return HttpResponse::empty(204);
    });
}

HttpResponse PinnedApi::listServices(const HttpRequest &) const
{
    return HttpResponse::json(QJsonObject {{QStringLiteral("services"), encodeServices(*m_registry)}});
}

HttpResponse PinnedApi::getService(const HttpRequest &request) const
{
    const QString serviceId = request.param(QStringLiteral("serviceId"));
    const Service *service = m_registry->findService(serviceId);
    if (!service || !service->pinned)
        return HttpResponse::error(404, QStringLiteral("no hand-made service %1").arg(serviceId));
    return HttpResponse::json(QJsonObject {{QStringLiteral("service"), ServiceCombCodec::encodeService(*service)}});
}

// The body is Service-Center's create request, {"service": {...}}, validated by its codec. A
// service that exists with the same key is pinned and answered as Service-Center does, with its id.
HttpResponse PinnedApi::createService(const HttpRequest &request)
{
    const ServiceCombRequest serviceComb(request);
    auto body = serviceComb.jsonBody();
    if (auto *error = std::get_if<ServiceCombError>(&body))
        return HttpResponse::error(400, error->detail());
    const QJsonObject object = std::get<QJsonObject>(body);
    auto decoded = ServiceCombCodec::decodeService(object.value(u"service"));
    if (auto *error = std::get_if<ServiceCombError>(&decoded))
        return HttpResponse::error(400, error->detail());
    const auto tags = ServiceCombCodec::stringMap(object.value(u"tags"));
    if (!tags)
        return HttpResponse::error(400, QStringLiteral("tags must be an object of strings"));
    Service service = std::get<Service>(decoded);
    service.key.domainProject = serviceComb.tenant();
    service.tags = *tags;
    service.pinned = true;

    return journaled([&] {
        const auto result = m_registry->createService(service);
        using Outcome = Registry::CreateServiceResult::Outcome;
        if (result.outcome == Outcome::Conflict)
            return HttpResponse::error(409, QStringLiteral("the service id or key conflicts: %1 is registered as %2")
                                                .arg(service.key.indexKey(), result.serviceId));
        if (result.outcome == Outcome::Existing) {
            if (Service stored = *m_registry->findService(result.serviceId); !stored.pinned) {
                stored.pinned = true;
                m_registry->updateService(stored);
            }
        }
        const QJsonObject answer {{QStringLiteral("serviceId"), result.serviceId}};
        return HttpResponse::json(answer, result.outcome == Outcome::Created ? 201 : 200);
    });
}

HttpResponse PinnedApi::deleteService(const HttpRequest &request)
{
    const QString serviceId = request.param(QStringLiteral("serviceId"));
    const auto force = request.queryValue(QStringLiteral("force"));
    if (force && *force != u"true" && *force != u"false")
        return HttpResponse::error(400, QStringLiteral("force must be true or false"));
    const Service *service = m_registry->findService(serviceId);
    if (!service || !service->pinned)
        return HttpResponse::error(404, QStringLiteral("no hand-made service %1").arg(serviceId));
    const bool forced = force.value_or(QString()) == u"true";
    return journaled([&] {
        switch (m_registry->deleteService(serviceId, forced)) {
        case Registry::DeleteServiceOutcome::Deleted:
            return HttpResponse::empty(204);
        case Registry::DeleteServiceOutcome::NotFound:
            break;
        case Registry::DeleteServiceOutcome::HasInstances:
            return HttpResponse::error(409, QStringLiteral("service %1 has instances; delete with force=true").arg(serviceId));
        case Registry::DeleteServiceOutcome::HasConsumers:
            return HttpResponse::error(409, QStringLiteral("other services depend on %1; delete with force=true").arg(serviceId));
        }
        return HttpResponse::error(404, QStringLiteral("no hand-made service %1").arg(serviceId));
    });
}
