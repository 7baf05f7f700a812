// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/musterjson.h"

#include "model/jsonnumber.h"

#include <QJsonArray>

namespace {
QJsonObject encodeMap(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QString> decodeMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        map.insert(it.key(), it.value().toString());
    return map;
}

// Timestamps are milliseconds since the epoch: they fit a double exactly.
qint64 integer(const QJsonObject &object, QStringView key)
{
    return JsonNumber::wholeNumber(object.value(key)).value_or(0);
}

QStringList decodeStrings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

QString protocolName(Protocol protocol)
{
    return protocol == Protocol::Eureka ? QStringLiteral("eureka") : QStringLiteral("servicecomb");
}

Protocol protocolFromName(const QString &name)
{
    return name == u"eureka" ? Protocol::Eureka : Protocol::ServiceComb;
}

QJsonObject encodePort(const PortInfo &port)
{
    return {{QStringLiteral("number"), port.number}, {QStringLiteral("enabled"), port.enabled}};
}

PortInfo decodePort(const QJsonValue &value, PortInfo fallback)
{
    const QJsonObject object = value.toObject();
    if (object.isEmpty())
        return fallback;
    return {object.value(u"number").toInt(), object.value(u"enabled").toBool()};
}

QJsonObject encodeLease(const LeaseInfo &lease)
{
    return {{QStringLiteral("renewalIntervalSecs"), lease.renewalIntervalSecs},
            {QStringLiteral("durationSecs"), lease.durationSecs},
            {QStringLiteral("registrationTimestamp"), lease.registrationTimestamp},
            {QStringLiteral("lastRenewalTimestamp"), lease.lastRenewalTimestamp},
            {QStringLiteral("evictionTimestamp"), lease.evictionTimestamp},
            {QStringLiteral("serviceUpTimestamp"), lease.serviceUpTimestamp}};
}

LeaseInfo decodeLease(const QJsonObject &object)
{
    LeaseInfo lease;
    lease.renewalIntervalSecs = object.value(u"renewalIntervalSecs").toInt(lease.renewalIntervalSecs);
    lease.durationSecs = object.value(u"durationSecs").toInt();
    lease.registrationTimestamp = integer(object, u"registrationTimestamp");
    lease.lastRenewalTimestamp = integer(object, u"lastRenewalTimestamp");
    lease.evictionTimestamp = integer(object, u"evictionTimestamp");
    lease.serviceUpTimestamp = integer(object, u"serviceUpTimestamp");
    return lease;
}

QJsonObject encodeHealthCheck(const HealthCheck &check)
{
    return {{QStringLiteral("mode"), check.mode}, {QStringLiteral("intervalSecs"), check.intervalSecs},
            {QStringLiteral("times"), check.times}, {QStringLiteral("port"), check.port},
            {QStringLiteral("url"), check.url}};
}

HealthCheck decodeHealthCheck(const QJsonObject &object)
{
    // Journals written before this codec name the interval "interval".
    const QJsonValue interval = object.contains(u"intervalSecs") ? object.value(u"intervalSecs")
                                                                 : object.value(u"interval");
    return HealthCheck {object.value(u"mode").toString(), interval.toInt(), object.value(u"times").toInt(),
                        object.value(u"port").toInt(), object.value(u"url").toString()};
}

QJsonObject encodeLocality(const Locality &locality)
{
    return {{QStringLiteral("name"), locality.name}, {QStringLiteral("region"), locality.region},
            {QStringLiteral("availableZone"), locality.availableZone}};
}

Locality decodeLocality(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return Locality {object.value(u"name").toString(), object.value(u"region").toString(),
                     object.value(u"availableZone").toString()};
}

const std::pair<ActionType, QStringView> actionNames[] = {
    {ActionType::Added, u"ADDED"},
    {ActionType::Modified, u"MODIFIED"},
    {ActionType::Deleted, u"DELETED"},
};

QString actionName(ActionType action)
{
    for (const auto &[known, name] : actionNames) {
        if (known == action)
            return name.toString();
    }
    return QStringLiteral("ADDED");
}

ActionType actionFromName(QStringView name)
{
    for (const auto &[action, known] : actionNames) {
        if (known == name)
            return action;
    }
    return ActionType::Added;
}

InstanceStatus statusOr(const QJsonValue &value, InstanceStatus fallback)
{
    return statusFromName(value.toString()).value_or(fallback);
}
}

namespace MusterJson {

QJsonObject encodeServiceCombSide(const Instance &instance)
{
    QJsonObject object {{QStringLiteral("serviceId"), instance.serviceId},
                        {QStringLiteral("endpoints"), QJsonArray::fromStringList(instance.endpoints)},
                        {QStringLiteral("locality"), encodeLocality(instance.locality)},
                        {QStringLiteral("origin"), protocolName(instance.origin)},
                        {QStringLiteral("pinned"), instance.pinned},
                        {QStringLiteral("bridge"), instance.bridge}};
    if (instance.healthCheck)
        object.insert(QStringLiteral("healthCheck"), encodeHealthCheck(*instance.healthCheck));
    if (instance.check)
        object.insert(QStringLiteral("check"), CheckSpecs::toJson(*instance.check));
    if (instance.downByCheck)
        object.insert(QStringLiteral("downByCheck"), true);
    if (!instance.checkedBy.isEmpty())
        object.insert(QStringLiteral("checkedBy"), instance.checkedBy);
    return object;
}

void decodeServiceCombSide(const QJsonObject &object, Instance &instance)
{
    if (const QString serviceId = object.value(u"serviceId").toString(); !serviceId.isEmpty())
        instance.serviceId = serviceId;
    instance.endpoints = decodeStrings(object.value(u"endpoints"));
    instance.locality = decodeLocality(object.value(u"locality"));
    instance.origin = protocolFromName(object.value(u"origin").toString());
    instance.pinned = object.value(u"pinned").toBool();
    instance.bridge = object.value(u"bridge").toString();
    instance.healthCheck.reset();
    if (const QJsonObject check = object.value(u"healthCheck").toObject(); !check.isEmpty())
        instance.healthCheck = decodeHealthCheck(check);
    instance.check = CheckSpecs::fromJson(object.value(u"check").toObject()).check;
    instance.downByCheck = object.value(u"downByCheck").toBool();
    instance.checkedBy = object.value(u"checkedBy").toString();
}

QJsonObject encodeInstance(const Instance &instance)
{
    QJsonObject object = encodeServiceCombSide(instance);
    const QJsonObject eurekaSide {
        {QStringLiteral("instanceId"), instance.instanceId},
        {QStringLiteral("app"), instance.app},
        {QStringLiteral("appGroupName"), instance.appGroupName},
        {QStringLiteral("hostName"), instance.hostName},
        {QStringLiteral("ipAddr"), instance.ipAddr},
        {QStringLiteral("sid"), instance.sid},
        {QStringLiteral("port"), encodePort(instance.port)},
        {QStringLiteral("securePort"), encodePort(instance.securePort)},
        {QStringLiteral("countryId"), instance.countryId},
        {QStringLiteral("dataCenterInfo"), QJsonObject {{QStringLiteral("name"), instance.dataCenterInfo.name},
                                                        {QStringLiteral("metadata"),
                                                         encodeMap(instance.dataCenterInfo.metadata)}}},
        {QStringLiteral("lease"), encodeLease(instance.lease)},
        {QStringLiteral("metadata"), encodeMap(instance.metadata)},
        {QStringLiteral("homePageUrl"), instance.homePageUrl},
        {QStringLiteral("statusPageUrl"), instance.statusPageUrl},
        {QStringLiteral("healthCheckUrl"), instance.healthCheckUrl},
        {QStringLiteral("secureHealthCheckUrl"), instance.secureHealthCheckUrl},
        {QStringLiteral("vipAddress"), instance.vipAddress},
        {QStringLiteral("secureVipAddress"), instance.secureVipAddress},
        {QStringLiteral("asgName"), instance.asgName},
        {QStringLiteral("status"), statusName(instance.status)},
        {QStringLiteral("overriddenStatus"), statusName(instance.overriddenStatus)},
        {QStringLiteral("isCoordinatingDiscoveryServer"), instance.isCoordinatingDiscoveryServer},
        {QStringLiteral("lastUpdatedTimestamp"), instance.lastUpdatedTimestamp},
        {QStringLiteral("lastDirtyTimestamp"), instance.lastDirtyTimestamp},
        {QStringLiteral("actionType"), actionName(instance.actionType)},
    };
    for (auto it = eurekaSide.constBegin(); it != eurekaSide.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

std::optional<Instance> decodeInstance(const QJsonObject &object)
{
    Instance instance;
    instance.instanceId = object.value(u"instanceId").toString();
    instance.app = object.value(u"app").toString();
    if (instance.instanceId.isEmpty() || instance.app.isEmpty())
        return std::nullopt;
    instance.appGroupName = object.value(u"appGroupName").toString();
    instance.hostName = object.value(u"hostName").toString();
    instance.ipAddr = object.value(u"ipAddr").toString();
    instance.sid = object.value(u"sid").toString();
    instance.port = decodePort(object.value(u"port"), instance.port);
    instance.securePort = decodePort(object.value(u"securePort"), instance.securePort);
    instance.countryId = object.value(u"countryId").toInt(instance.countryId);
    const QJsonObject dataCenter = object.value(u"dataCenterInfo").toObject();
    instance.dataCenterInfo.name = dataCenter.value(u"name").toString(instance.dataCenterInfo.name);
    instance.dataCenterInfo.metadata = decodeMap(dataCenter.value(u"metadata"));
    instance.lease = decodeLease(object.value(u"lease").toObject());
    instance.metadata = decodeMap(object.value(u"metadata"));
    instance.homePageUrl = object.value(u"homePageUrl").toString();
    instance.statusPageUrl = object.value(u"statusPageUrl").toString();
    instance.healthCheckUrl = object.value(u"healthCheckUrl").toString();
    instance.secureHealthCheckUrl = object.value(u"secureHealthCheckUrl").toString();
    instance.vipAddress = object.value(u"vipAddress").toString();
    instance.secureVipAddress = object.value(u"secureVipAddress").toString();
    instance.asgName = object.value(u"asgName").toString();
    instance.status = statusOr(object.value(u"status"), InstanceStatus::Unknown);
    instance.overriddenStatus = statusOr(object.value(u"overriddenStatus"), InstanceStatus::Unknown);
    instance.isCoordinatingDiscoveryServer = object.value(u"isCoordinatingDiscoveryServer").toBool();
    instance.lastUpdatedTimestamp = integer(object, u"lastUpdatedTimestamp");
    instance.lastDirtyTimestamp = integer(object, u"lastDirtyTimestamp");
    instance.actionType = actionFromName(object.value(u"actionType").toString());
    decodeServiceCombSide(object, instance);
    return instance;
}

QJsonObject encodeService(const Service &service)
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
        {QStringLiteral("properties"), encodeMap(service.properties)},
        {QStringLiteral("tags"), encodeMap(service.tags)},
        {QStringLiteral("createdMs"), service.createdMs},
        {QStringLiteral("modifiedMs"), service.modifiedMs},
        {QStringLiteral("origin"), protocolName(service.origin)},
        {QStringLiteral("pinned"), service.pinned},
    };
}

std::optional<Service> decodeService(const QJsonObject &object)
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
    service.schemaIds = decodeStrings(object.value(u"schemaIds"));
    const QJsonObject schemas = object.value(u"schemas").toObject();
    for (auto it = schemas.constBegin(); it != schemas.constEnd(); ++it) {
        const QJsonObject schema = it.value().toObject();
        service.schemas.insert(it.key(), SchemaEntry {schema.value(u"content").toString(),
                                                      schema.value(u"summary").toString()});
    }
    service.properties = decodeMap(object.value(u"properties"));
    service.tags = decodeMap(object.value(u"tags"));
    service.createdMs = integer(object, u"createdMs");
    service.modifiedMs = integer(object, u"modifiedMs");
    service.origin = protocolFromName(object.value(u"origin").toString());
    service.pinned = object.value(u"pinned").toBool();
    return service;
}

}
