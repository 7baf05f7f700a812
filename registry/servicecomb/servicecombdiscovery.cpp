// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombdiscovery.h"

#include "core/registry.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombrequest.h"
#include "servicecomb/servicecombwire.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <algorithm>

namespace {
using Error = ServiceCombError;
namespace Wire = ServiceCombWire;
namespace Codec = ServiceCombCodec;

const QByteArray revisionHeader = QByteArrayLiteral("X-Resource-Revision");

bool allowsCrossApp(const Service &service)
{
    return service.properties.value(QStringLiteral("allowCrossApp")).compare(u"true", Qt::CaseInsensitive) == 0;
}

bool isGlobalName(const QString &appId, const QString &serviceName)
{
    return appId == u"default" && serviceName == u"SERVICECENTER";
}
}

ServiceCombDiscovery::ServiceCombDiscovery(Registry *registry, InstancesOf instancesOf)
    : m_registry {registry}
    , m_instancesOf {std::move(instancesOf)}
{
}

std::variant<const Service *, ServiceCombError> ServiceCombDiscovery::consumer(const ServiceCombRequest &request) const
{
    const QString consumerId = request.consumerId();
    if (consumerId.isEmpty())
        return static_cast<const Service *>(nullptr);
    if (const Service *service = request.service(*m_registry, consumerId))
        return service;
    return Error(Error::ServiceNotExists, QStringLiteral("Consumer[%1] does not exist.").arg(consumerId));
}

bool ServiceCombDiscovery::isVisibleTo(const Service &provider, const Service *consumer) const
{
    if (!consumer || ServiceCombRequest::isGlobal(provider))
        return true;
    return consumer->key.appId == provider.key.appId || allowsCrossApp(provider);
}

// The instances are sorted by id, so the hash does not depend on the hash table's order.
QString ServiceCombDiscovery::revisionOf(const QList<Instance> &instances)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const Instance &instance : instances) {
        hash.addData(instance.instanceId.toUtf8());
        hash.addData(QByteArray(':' + QByteArray::number(instance.revision) + ','));
    }
    return QString::fromLatin1(hash.result().toHex());
}

QJsonArray ServiceCombDiscovery::encodeInstances(const QList<Instance> &instances) const
{
    QJsonArray list;
    for (const Instance &instance : instances) {
        const Service *service = m_registry->findService(instance.serviceId);
        list.append(Codec::encodeInstance(instance, service ? service->key.version : QString()));
    }
    return list;
}

std::variant<ServiceCombDiscovery::Found, ServiceCombError>
ServiceCombDiscovery::findInstances(const ServiceCombRequest &request, const Query &query)
{
    if (!Codec::isValidAppId(query.appId) || !Codec::isValidServiceName(query.serviceName, true))
        return Error(Error::InvalidParams, QStringLiteral("appId and serviceName are required and must be valid"));
    auto found = consumer(request);
    if (auto *error = std::get_if<Error>(&found))
        return *error;
    const Service *consumerService = std::get<const Service *>(found);

    ServiceKey key;
    key.domainProject = request.tenant();
    key.appId = query.appId;
    key.serviceName = query.serviceName;
    key.environment = consumerService ? consumerService->key.environment : query.environment;
    if (isGlobalName(query.appId, query.serviceName)) {
        key.domainProject = QStringLiteral("default/default");
        key.environment.clear();
    }
    const QList<const Service *> services = m_registry->servicesNamed(key);
    if (services.isEmpty())
        return Error(Error::ServiceNotExists,
                     QStringLiteral("Provider[%1/%2/%3] does not exist.").arg(key.environment, key.appId, key.serviceName));
    if (consumerService)
        m_registry->addDependency(consumerService->serviceId, key);

    Found result;
    for (const Service *service : services) {
        if (!isVisibleTo(*service, consumerService))
            continue;
        if (!std::all_of(query.tags.cbegin(), query.tags.cend(),
                         [service](const QString &tag) { return service->tags.contains(tag); }))
            continue;
        result.instances.append(m_instancesOf(service->serviceId));
    }
    std::sort(result.instances.begin(), result.instances.end(),
              [](const Instance &a, const Instance &b) { return a.instanceId < b.instanceId; });
    result.revision = revisionOf(result.instances);
    return result;
}

HttpResponse ServiceCombDiscovery::answer(const ServiceCombRequest &request, const Found &found) const
{
    const QString rev = request.query(QStringLiteral("rev"));
    if (!rev.isEmpty() && rev == found.revision)
        return HttpResponse::empty(304).withHeader(revisionHeader, found.revision.toLatin1());
    HttpResponse response = found.instances.isEmpty()
        ? Wire::json({})
        : Wire::json({{QStringLiteral("instances"), encodeInstances(found.instances)}});
    return response.withHeader(revisionHeader, found.revision.toLatin1());
}

HttpResponse ServiceCombDiscovery::find(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    Query query;
    query.appId = request.query(QStringLiteral("appId"));
    query.serviceName = request.query(QStringLiteral("serviceName"));
    query.environment = request.query(QStringLiteral("env"));
    query.tags = request.query(QStringLiteral("tags")).split(u',', Qt::SkipEmptyParts);
    auto found = findInstances(request, query);
    if (auto *error = std::get_if<Error>(&found))
        return error->toResponse();
    return answer(request, std::get<Found>(found));
}

HttpResponse ServiceCombDiscovery::listInstances(const HttpRequest &http) const
{
    const ServiceCombRequest request(http);
    const QString serviceId = http.param(QStringLiteral("serviceId"));
    auto found = consumer(request);
    if (auto *error = std::get_if<Error>(&found))
        return error->toResponse();
    if (!Codec::isValidServiceId(serviceId))
        return Error(Error::InvalidParams, QStringLiteral("serviceId must be 1-64 characters without spaces")).toResponse();
    if (!request.service(*m_registry, serviceId))
        return Error(Error::ServiceNotExists, QStringLiteral("Provider[%1] does not exist.").arg(serviceId)).toResponse();
    Found result;
    result.instances = m_instancesOf(serviceId);
    std::sort(result.instances.begin(), result.instances.end(),
              [](const Instance &a, const Instance &b) { return a.instanceId < b.instanceId; });
    result.revision = revisionOf(result.instances);
    return answer(request, result);
}

HttpResponse ServiceCombDiscovery::batchFind(const HttpRequest &http)
{
    const ServiceCombRequest request(http);
    const QString type = request.query(QStringLiteral("type"));
    if (type != u"query")
        return Error(Error::InvalidParams, QStringLiteral("Invalid action: %1").arg(type)).toResponse();
    auto body = request.jsonBody();
    if (auto *error = std::get_if<Error>(&body))
        return error->toResponse();
    const QJsonObject object = std::get<QJsonObject>(body);
    const QJsonArray services = Wire::field(object, u"services").toArray();
    const QJsonArray instances = Wire::field(object, u"instances").toArray();
    if (services.isEmpty() && instances.isEmpty())
        return Error(Error::InvalidParams, QStringLiteral("Request format invalid.")).toResponse();
    auto consumerCheck = consumer(request);
    if (auto *error = std::get_if<Error>(&consumerCheck))
        return error->toResponse();
    QJsonObject result;
    if (!services.isEmpty())
        result.insert(QStringLiteral("services"), batchFindServices(request, services));
    if (!instances.isEmpty())
        result.insert(QStringLiteral("instances"), batchFindInstances(request, instances));
    return Wire::json(result);
}

namespace {
// Collects batch results: updated entries, unchanged indexes, and failures grouped by error code.
class BatchResult
{
public:
    void update(int index, const QString &revision, const QJsonArray &instances)
    {
        QJsonObject entry {{QStringLiteral("index"), index}, {QStringLiteral("rev"), revision}};
        if (!instances.isEmpty())
            entry.insert(QStringLiteral("instances"), instances);
        m_updated.append(entry);
    }
    void notModified(int index) { m_notModified.append(index); }
    void fail(int index, const ServiceCombError &error)
    {
        const int code = int(error.code());
        if (!m_failed.contains(code))
            m_failed.insert(code, {error.toJson(), {}});
        m_failed[code].second.append(index);
    }
    QJsonObject toJson() const
    {
        QJsonObject object;
        if (!m_updated.isEmpty())
            object.insert(QStringLiteral("updated"), m_updated);
        if (!m_notModified.isEmpty())
            object.insert(QStringLiteral("notModified"), m_notModified);
        QJsonArray failed;
        for (const auto &[error, indexes] : m_failed)
            failed.append(QJsonObject {{QStringLiteral("indexes"), indexes}, {QStringLiteral("error"), error}});
        if (!failed.isEmpty())
            object.insert(QStringLiteral("failed"), failed);
        return object;
    }

private:
    QJsonArray m_updated;
    QJsonArray m_notModified;
    QMap<int, QPair<QJsonObject, QJsonArray>> m_failed;
};
}

QJsonObject ServiceCombDiscovery::batchFindServices(const ServiceCombRequest &request, const QJsonArray &items)
{
    BatchResult result;
    for (int index = 0; index < items.size(); ++index) {
        const QJsonObject item = items.at(index).toObject();
        const QJsonObject service = Wire::field(item, u"service").toObject();
        Query query;
        query.appId = Wire::field(service, u"appId").toString();
        query.serviceName = Wire::field(service, u"serviceName").toString();
        query.environment = Wire::field(service, u"environment").toString();
        auto found = findInstances(request, query);
        if (auto *error = std::get_if<Error>(&found)) {
            result.fail(index, *error);
            continue;
        }
        const Found &instances = std::get<Found>(found);
        if (Wire::field(item, u"rev").toString() == instances.revision)
            result.notModified(index);
        else
            result.update(index, instances.revision, encodeInstances(instances.instances));
    }
    return result.toJson();
}

QJsonObject ServiceCombDiscovery::batchFindInstances(const ServiceCombRequest &request, const QJsonArray &items)
{
    BatchResult result;
    for (int index = 0; index < items.size(); ++index) {
        const QJsonObject item = items.at(index).toObject();
        const QJsonObject key = Wire::field(item, u"instance").toObject();
        const auto instance = request.instance(*m_registry, Wire::field(key, u"serviceId").toString(),
                                               Wire::field(key, u"instanceId").toString());
        if (!instance) {
            result.fail(index, Error(Error::InstanceNotExists, QStringLiteral("Instance does not exist.")));
            continue;
        }
        const QString revision = revisionOf({*instance});
        if (Wire::field(item, u"rev").toString() == revision)
            result.notModified(index);
        else
            result.update(index, revision, encodeInstances({*instance}));
    }
    return result.toJson();
}
