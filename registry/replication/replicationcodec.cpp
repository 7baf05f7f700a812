// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicationcodec.h"

#include "core/registry.h"

#include <QJsonArray>

namespace {
QJsonObject toJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> toMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

QString protocolName(Protocol protocol)
{
    return protocol == Protocol::Eureka ? QStringLiteral("eureka") : QStringLiteral("servicecomb");
}

Protocol protocolFromName(const QString &name)
{
    return name == u"eureka" ? Protocol::Eureka : Protocol::ServiceComb;
}
}

QJsonObject ReplicationCodec::encodeService(const Service &service)
{
    QJsonObject schemas;
    for (auto it = service.schemas.cbegin(); it != service.schemas.cend(); ++it)
        schemas.insert(it.key(), QJsonObject {{QStringLiteral("content"), it->content},
                                              {QStringLiteral("summary"), it->summary}});
    return {
        {QStringLiteral("serviceId"), service.serviceId},
        {QStringLiteral("tenant"), service.key.domainProject},
        {QStringLiteral("environment"), service.key.environment},
        {QStringLiteral("appId"), service.key.appId},
        {QStringLiteral("serviceName"), service.key.serviceName},
        {QStringLiteral("version"), service.key.version},
        {QStringLiteral("alias"), service.alias},
        {QStringLiteral("level"), service.level},
        {QStringLiteral("status"), service.status},
        {QStringLiteral("description"), service.description},
        {QStringLiteral("registerBy"), service.registerBy},
        {QStringLiteral("frameworkName"), service.frameworkName},
        {QStringLiteral("frameworkVersion"), service.frameworkVersion},
        {QStringLiteral("schemaIds"), QJsonArray::fromStringList(service.schemaIds)},
        {QStringLiteral("schemas"), schemas},
        {QStringLiteral("properties"), toJson(service.properties)},
        {QStringLiteral("tags"), toJson(service.tags)},
        {QStringLiteral("createdMs"), service.createdMs},
        {QStringLiteral("modifiedMs"), service.modifiedMs},
        {QStringLiteral("origin"), protocolName(service.origin)},
        {QStringLiteral("pinned"), service.pinned},
    };
}

std::optional<Service> ReplicationCodec::decodeService(const QJsonObject &object)
{
    Service service;
    service.serviceId = object.value(u"serviceId").toString();
    service.key.serviceName = object.value(u"serviceName").toString();
    if (service.serviceId.isEmpty() || service.key.serviceName.isEmpty())
        return std::nullopt;
    service.key.domainProject = object.value(u"tenant").toString(service.key.domainProject);
    service.key.environment = object.value(u"environment").toString();
    service.key.appId = object.value(u"appId").toString(service.key.appId);
    service.key.version = object.value(u"version").toString(service.key.version);
    service.alias = object.value(u"alias").toString();
    service.level = object.value(u"level").toString(service.level);
    service.status = object.value(u"status").toString(service.status);
    service.description = object.value(u"description").toString();
    service.registerBy = object.value(u"registerBy").toString();
    service.frameworkName = object.value(u"frameworkName").toString();
    service.frameworkVersion = object.value(u"frameworkVersion").toString();
    for (const QJsonValue &id : object.value(u"schemaIds").toArray())
        service.schemaIds.append(id.toString());
    const QJsonObject schemas = object.value(u"schemas").toObject();
    for (auto it = schemas.constBegin(); it != schemas.constEnd(); ++it) {
        const QJsonObject schema = it.value().toObject();
        service.schemas.insert(it.key(), SchemaEntry {schema.value(u"content").toString(),
                                                      schema.value(u"summary").toString()});
    }
    service.properties = toMap(object.value(u"properties"));
    service.tags = toMap(object.value(u"tags"));
    service.createdMs = qint64(object.value(u"createdMs").toDouble());
    service.modifiedMs = qint64(object.value(u"modifiedMs").toDouble());
    service.origin = protocolFromName(object.value(u"origin").toString());
    service.pinned = object.value(u"pinned").toBool();
    return service;
}

QJsonObject ReplicationCodec::encodeInstanceExtension(const Instance &instance, const Service &service)
{
    QJsonObject extension {{QStringLiteral("service"), encodeService(service)},
                           {QStringLiteral("endpoints"), QJsonArray::fromStringList(instance.endpoints)},
                           {QStringLiteral("origin"), protocolName(instance.origin)},
                           {QStringLiteral("pinned"), instance.pinned}};
    if (instance.healthCheck) {
        extension.insert(QStringLiteral("healthCheck"),
                         QJsonObject {{QStringLiteral("mode"), instance.healthCheck->mode},
                                      {QStringLiteral("interval"), instance.healthCheck->intervalSecs},
                                      {QStringLiteral("times"), instance.healthCheck->times},
                                      {QStringLiteral("port"), instance.healthCheck->port},
                                      {QStringLiteral("url"), instance.healthCheck->url}});
    }
    if (!instance.locality.isEmpty()) {
        extension.insert(QStringLiteral("locality"),
                         QJsonObject {{QStringLiteral("name"), instance.locality.name},
                                      {QStringLiteral("region"), instance.locality.region},
                                      {QStringLiteral("availableZone"), instance.locality.availableZone}});
    }
    return extension;
}

bool ReplicationCodec::applyInstanceExtension(Registry &registry, const QJsonObject &extension, Instance &instance)
{
    const auto service = readInstanceExtension(extension, instance);
    if (!service)
        return false;
    upsertService(registry, *service);
    return true;
}

std::optional<Service> ReplicationCodec::readInstanceExtension(const QJsonObject &extension, Instance &instance)
{
    auto service = decodeService(extension.value(u"service").toObject());
    if (!service)
        return std::nullopt;
    instance.serviceId = service->serviceId;
    instance.pinned = extension.value(u"pinned").toBool();
    instance.endpoints.clear();
    for (const QJsonValue &endpoint : extension.value(u"endpoints").toArray())
        instance.endpoints.append(endpoint.toString());
    instance.origin = protocolFromName(extension.value(u"origin").toString());
    if (const QJsonObject check = extension.value(u"healthCheck").toObject(); !check.isEmpty()) {
        instance.healthCheck = HealthCheck {check.value(u"mode").toString(), check.value(u"interval").toInt(),
                                            check.value(u"times").toInt(), check.value(u"port").toInt(),
                                            check.value(u"url").toString()};
    }
    const QJsonObject locality = extension.value(u"locality").toObject();
    instance.locality = Locality {locality.value(u"name").toString(), locality.value(u"region").toString(),
                                  locality.value(u"availableZone").toString()};
    return service;
}

void ReplicationCodec::upsertService(Registry &registry, const Service &service)
{
    const Service *stored = registry.findService(service.serviceId);
    if (!stored) {
        registry.createService(service, WriteOrigin::Peer);
        return;
    }
    if (service.modifiedMs > stored->modifiedMs)
        registry.updateService(service, WriteOrigin::Peer);
}
