// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/storecodec.h"

#include "replication/replicationcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr int formatVersion = 1;

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
    return qint64(object.value(key).toDouble());
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

const std::pair<RegistryChange::Kind, QStringView> kindNames[] = {
    {RegistryChange::Kind::Registered, u"registered"},
    {RegistryChange::Kind::Cancelled, u"cancelled"},
    {RegistryChange::Kind::Expired, u"expired"},
    {RegistryChange::Kind::StatusChanged, u"statusChanged"},
    {RegistryChange::Kind::StatusCorrected, u"statusCorrected"},
    {RegistryChange::Kind::OverrideRemoved, u"overrideRemoved"},
    {RegistryChange::Kind::MetadataChanged, u"metadataChanged"},
};

QString kindName(RegistryChange::Kind kind)
{
    for (const auto &[known, name] : kindNames) {
        if (known == kind)
            return name.toString();
    }
    return QStringLiteral("registered");
}

RegistryChange::Kind kindFromName(QStringView name)
{
    for (const auto &[kind, known] : kindNames) {
        if (known == name)
            return kind;
    }
    return RegistryChange::Kind::Registered;
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

std::optional<QJsonObject> parseObject(const QByteArray &value)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(value, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}
}

QByteArray StoreCodec::encodeInstance(const Instance &instance, RegistryChange::Kind kind)
{
    const LeaseInfo &lease = instance.lease;
    QJsonObject object {
        {QStringLiteral("v"), formatVersion},
        {QStringLiteral("change"), kindName(kind)},
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
        {QStringLiteral("lease"), QJsonObject {{QStringLiteral("renewalIntervalSecs"), lease.renewalIntervalSecs},
                                               {QStringLiteral("durationSecs"), lease.durationSecs},
                                               {QStringLiteral("registrationTimestamp"), lease.registrationTimestamp},
                                               {QStringLiteral("lastRenewalTimestamp"), lease.lastRenewalTimestamp},
                                               {QStringLiteral("evictionTimestamp"), lease.evictionTimestamp},
                                               {QStringLiteral("serviceUpTimestamp"), lease.serviceUpTimestamp}}},
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
        {QStringLiteral("serviceId"), instance.serviceId},
        {QStringLiteral("endpoints"), QJsonArray::fromStringList(instance.endpoints)},
        {QStringLiteral("locality"), QJsonObject {{QStringLiteral("name"), instance.locality.name},
                                                  {QStringLiteral("region"), instance.locality.region},
                                                  {QStringLiteral("availableZone"),
                                                   instance.locality.availableZone}}},
        {QStringLiteral("origin"), instance.origin == Protocol::Eureka ? QStringLiteral("eureka")
                                                                       : QStringLiteral("servicecomb")},
        {QStringLiteral("pinned"), instance.pinned},
    };
    if (const auto &check = instance.healthCheck) {
        object.insert(QStringLiteral("healthCheck"),
                      QJsonObject {{QStringLiteral("mode"), check->mode}, {QStringLiteral("intervalSecs"), check->intervalSecs},
                                   {QStringLiteral("times"), check->times}, {QStringLiteral("port"), check->port},
                                   {QStringLiteral("url"), check->url}});
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<StoreCodec::StoredInstance> StoreCodec::decodeInstance(const QByteArray &value)
{
    const auto parsed = parseObject(value);
    if (!parsed || parsed->value(u"v").toInt() != formatVersion)
        return std::nullopt;
    const QJsonObject &object = *parsed;
    StoredInstance stored;
    stored.kind = kindFromName(object.value(u"change").toString());
    Instance &instance = stored.instance;
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
    instance.countryId = object.value(u"countryId").toInt(1);
    const QJsonObject dataCenter = object.value(u"dataCenterInfo").toObject();
    instance.dataCenterInfo.name = dataCenter.value(u"name").toString(instance.dataCenterInfo.name);
    instance.dataCenterInfo.metadata = decodeMap(dataCenter.value(u"metadata"));
    const QJsonObject lease = object.value(u"lease").toObject();
    instance.lease.renewalIntervalSecs = lease.value(u"renewalIntervalSecs").toInt(30);
    instance.lease.durationSecs = lease.value(u"durationSecs").toInt();
    instance.lease.registrationTimestamp = integer(lease, u"registrationTimestamp");
    instance.lease.lastRenewalTimestamp = integer(lease, u"lastRenewalTimestamp");
    instance.lease.evictionTimestamp = integer(lease, u"evictionTimestamp");
    instance.lease.serviceUpTimestamp = integer(lease, u"serviceUpTimestamp");
    instance.metadata = decodeMap(object.value(u"metadata"));
    instance.homePageUrl = object.value(u"homePageUrl").toString();
    instance.statusPageUrl = object.value(u"statusPageUrl").toString();
    instance.healthCheckUrl = object.value(u"healthCheckUrl").toString();
    instance.secureHealthCheckUrl = object.value(u"secureHealthCheckUrl").toString();
    instance.vipAddress = object.value(u"vipAddress").toString();
    instance.secureVipAddress = object.value(u"secureVipAddress").toString();
    instance.asgName = object.value(u"asgName").toString();
    instance.status = statusFromName(object.value(u"status").toString()).value_or(InstanceStatus::Unknown);
    instance.overriddenStatus =
        statusFromName(object.value(u"overriddenStatus").toString()).value_or(InstanceStatus::Unknown);
    instance.isCoordinatingDiscoveryServer = object.value(u"isCoordinatingDiscoveryServer").toBool();
    instance.lastUpdatedTimestamp = integer(object, u"lastUpdatedTimestamp");
    instance.lastDirtyTimestamp = integer(object, u"lastDirtyTimestamp");
    instance.actionType = actionFromName(object.value(u"actionType").toString());
    instance.serviceId = object.value(u"serviceId").toString();
    for (const QJsonValue &endpoint : object.value(u"endpoints").toArray())
        instance.endpoints.append(endpoint.toString());
    const QJsonObject locality = object.value(u"locality").toObject();
    instance.locality = Locality {locality.value(u"name").toString(), locality.value(u"region").toString(),
                                  locality.value(u"availableZone").toString()};
    instance.origin = object.value(u"origin").toString() == u"eureka" ? Protocol::Eureka : Protocol::ServiceComb;
    instance.pinned = object.value(u"pinned").toBool();
    if (const QJsonObject check = object.value(u"healthCheck").toObject(); !check.isEmpty()) {
        instance.healthCheck = HealthCheck {check.value(u"mode").toString(), check.value(u"intervalSecs").toInt(),
                                            check.value(u"times").toInt(), check.value(u"port").toInt(),
                                            check.value(u"url").toString()};
    }
    return stored;
}

QByteArray StoreCodec::encodeService(const Service &service)
{
    QJsonObject object = ReplicationCodec::encodeService(service);
    object.insert(QStringLiteral("v"), formatVersion);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<Service> StoreCodec::decodeService(const QByteArray &value)
{
    const auto parsed = parseObject(value);
    if (!parsed || parsed->value(u"v").toInt() != formatVersion)
        return std::nullopt;
    return ReplicationCodec::decodeService(*parsed);
}
