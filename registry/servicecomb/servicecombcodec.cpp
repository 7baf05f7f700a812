// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombcodec.h"

#include "servicecomb/servicecombwire.h"

#include "model/jsonnumber.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <limits>

namespace {
namespace Field = ServiceCombWire;

ServiceCombError invalid(const QString &detail)
{
    return ServiceCombError(ServiceCombError::InvalidParams, detail);
}

bool matchesName(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^([a-zA-Z0-9]*|[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9])$)"));
    return pattern.match(text).hasMatch();
}

// A string field: absent gives the fallback, present but not a string gives nothing.
std::optional<QString> stringField(const QJsonObject &object, QStringView name, const QString &fallback = {})
{
    const QJsonValue value = Field::field(object, name);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

std::optional<int> intField(const QJsonObject &object, QStringView name, int fallback)
{
    const QJsonValue value = Field::field(object, name);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isDouble())
        return std::nullopt;
    const std::optional<qint64> number = JsonNumber::exactInteger(value);
    if (!number || *number < std::numeric_limits<int>::min() || *number > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(*number);
}

std::optional<QStringList> stringList(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QStringList {};
    if (!value.isArray())
        return std::nullopt;
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return std::nullopt;
        list.append(item.toString());
    }
    return list;
}

bool isOneOf(const QString &value, std::initializer_list<const char16_t *> allowed)
{
    for (const char16_t *candidate : allowed) {
        if (value == QStringView(candidate))
            return true;
    }
    return false;
}

bool isBlank(const QString &text)
{
    return text.trimmed().isEmpty();
}

std::variant<Locality, ServiceCombError> decodeLocality(const QJsonValue &value)
{
    Locality locality;
    if (value.isUndefined() || value.isNull())
        return locality;
    if (!value.isObject())
        return invalid(QStringLiteral("dataCenterInfo must be an object"));
    static const QRegularExpression pattern(QStringLiteral(R"(^[A-Za-z0-9_.\-]{1,128}$)"));
    const QJsonObject object = value.toObject();
    const auto name = stringField(object, u"name");
    const auto region = stringField(object, u"region");
    const auto zone = stringField(object, u"availableZone");
    for (const auto &[label, text] : {std::pair {u"name", name}, {u"region", region}, {u"availableZone", zone}}) {
        if (!text || !pattern.match(*text).hasMatch())
            return invalid(QStringLiteral("dataCenterInfo.%1 must be 1-128 characters of [A-Za-z0-9_.-]")
                               .arg(QStringView(label)));
    }
    locality.name = *name;
    locality.region = *region;
    locality.availableZone = *zone;
    return locality;
}

std::variant<std::optional<HealthCheck>, ServiceCombError> decodeHealthCheck(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return std::optional<HealthCheck> {};
    if (!value.isObject())
        return invalid(QStringLiteral("healthCheck must be an object"));
    const QJsonObject object = value.toObject();
    HealthCheck check;
    const auto mode = stringField(object, u"mode");
    if (!mode || !isOneOf(*mode, {u"", u"push", u"pull"}))
        return invalid(QStringLiteral("healthCheck.mode must be push or pull"));
    check.mode = mode->isEmpty() ? QStringLiteral("push") : *mode;
    const auto interval = intField(object, u"interval", 0);
    const auto times = intField(object, u"times", 0);
    const auto port = intField(object, u"port", 0);
    const auto url = stringField(object, u"url");
    if (!interval || (*interval < 1 && check.mode == u"push"))
        return invalid(QStringLiteral("healthCheck.interval must be a whole number of at least 1"));
    if (!times || *times < 0)
        return invalid(QStringLiteral("healthCheck.times must be a whole number of at least 0"));
    if (!port || *port < 0 || *port > 65535)
        return invalid(QStringLiteral("healthCheck.port must be 0-65535"));
    if (!url)
        return invalid(QStringLiteral("healthCheck.url must be a string"));
    check.intervalSecs = *interval;
    check.times = *times;
    check.port = *port;
    check.url = *url;
    return std::optional<HealthCheck> {check};
}
}

bool ServiceCombCodec::isValidServiceId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\S{1,64}$)"));
    return pattern.match(id).hasMatch();
}

bool ServiceCombCodec::isValidInstanceId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^[A-Za-z0-9_.\-]{1,64}$)"));
    return pattern.match(id).hasMatch();
}

bool ServiceCombCodec::isValidAppId(const QString &appId)
{
    return !appId.isEmpty() && appId.size() <= 160 && matchesName(appId);
}

bool ServiceCombCodec::isValidServiceName(const QString &name, bool lookup)
{
    if (name.isEmpty())
        return false;
    if (!lookup)
        return name.size() <= 128 && matchesName(name);
    static const QRegularExpression alias(QStringLiteral(R"(^[a-zA-Z0-9_\-.:]*$)"));
    return name.size() <= 289 && alias.match(name).hasMatch();
}

bool ServiceCombCodec::isValidVersion(const QString &version)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\d+(\.\d+){0,3}$)"));
    if (version.size() > 64 || !pattern.match(version).hasMatch())
        return false;
    const QStringList parts = version.split(u'.');
    return std::all_of(parts.cbegin(), parts.cend(), [](const QString &part) {
        bool ok = false;
        const qint64 number = part.toLongLong(&ok);
        return ok && number <= 32767;
    });
}

bool ServiceCombCodec::isValidEnvironment(const QString &environment)
{
    return isOneOf(environment, {u"", u"development", u"testing", u"acceptance", u"production"});
}

bool ServiceCombCodec::isValidSchemaId(const QString &schemaId)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^([a-zA-Z0-9]{1,160}|[a-zA-Z0-9][a-zA-Z0-9_\-.]{0,158}[a-zA-Z0-9])$)"));
    return pattern.match(schemaId).hasMatch();
}

std::optional<QMap<QString, QString>> ServiceCombCodec::stringMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    if (value.isUndefined() || value.isNull())
        return map;
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString())
            return std::nullopt;
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

QJsonObject ServiceCombCodec::toJson(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

ServiceCombCodec::Decoded<Service> ServiceCombCodec::decodeService(const QJsonValue &value)
{
    if (!value.isObject())
        return ServiceCombError(ServiceCombError::InvalidParams, QStringLiteral("Request body is empty"));
    const QJsonObject object = value.toObject();
    Service service;
    const auto serviceId = stringField(object, u"serviceId");
    const auto appId = stringField(object, u"appId", QStringLiteral("default"));
    const auto name = stringField(object, u"serviceName");
    const auto version = stringField(object, u"version", QStringLiteral("0.0.1"));
    const auto environment = stringField(object, u"environment");
    const auto level = stringField(object, u"level", QStringLiteral("BACK"));
    const auto status = stringField(object, u"status", QStringLiteral("UP"));
    const auto alias = stringField(object, u"alias");
    const auto description = stringField(object, u"description");
    const auto registerBy = stringField(object, u"registerBy");
    const auto schemas = stringList(Field::field(object, u"schemas"));
    const auto properties = stringMap(Field::field(object, u"properties"));

    if (!serviceId || (!serviceId->isEmpty() && !isValidServiceId(*serviceId)))
        return invalid(QStringLiteral("serviceId must be 1-64 characters without spaces"));
    if (!appId || !isValidAppId(appId->isEmpty() ? QStringLiteral("default") : *appId))
        return invalid(QStringLiteral("appId must be 1-160 letters, digits, '_', '-' or '.', starting and ending with a letter or digit"));
    if (!name || !isValidServiceName(*name))
        return invalid(QStringLiteral("serviceName must be 1-128 letters, digits, '_', '-' or '.', starting and ending with a letter or digit"));
    if (!version || !isValidVersion(version->isEmpty() ? QStringLiteral("0.0.1") : *version))
        return invalid(QStringLiteral("version must be 1 to 4 numbers of at most 32767 separated by dots"));
    if (!environment || !isValidEnvironment(*environment))
        return invalid(QStringLiteral("environment must be empty, development, testing, acceptance or production"));
    if (!level || !isOneOf(*level, {u"", u"FRONT", u"MIDDLE", u"BACK"}))
        return invalid(QStringLiteral("level must be FRONT, MIDDLE or BACK"));
    if (!status || !isOneOf(*status, {u"", u"UP", u"DOWN"}))
        return invalid(QStringLiteral("service status must be UP or DOWN"));
    static const QRegularExpression aliasPattern(QStringLiteral(R"(^[a-zA-Z0-9_\-.:]*$)"));
    if (!alias || alias->size() > 128 || !aliasPattern.match(*alias).hasMatch())
        return invalid(QStringLiteral("alias must be at most 128 letters, digits, '_', '-', '.' or ':'"));
    if (!description || description->size() > 256)
        return invalid(QStringLiteral("description must be at most 256 characters"));
    if (!registerBy || !isOneOf(*registerBy, {u"", u"SDK", u"SIDECAR", u"PLATFORM"}))
        return invalid(QStringLiteral("registerBy must be SDK, SIDECAR or PLATFORM"));
    if (!schemas || !std::all_of(schemas->cbegin(), schemas->cend(), isValidSchemaId))
        return invalid(QStringLiteral("schemas must be a list of schema ids"));
    if (!properties)
        return invalid(QStringLiteral("properties must be an object of strings"));

    service.serviceId = *serviceId;
    service.key.appId = appId->isEmpty() ? QStringLiteral("default") : *appId;
    service.key.serviceName = *name;
    service.key.version = version->isEmpty() ? QStringLiteral("0.0.1") : *version;
    service.key.environment = *environment;
    service.level = level->isEmpty() ? QStringLiteral("BACK") : *level;
    service.status = status->isEmpty() ? QStringLiteral("UP") : *status;
    service.alias = *alias;
    service.description = *description;
    service.registerBy = *registerBy;
    service.schemaIds = *schemas;
    service.schemaIds.removeDuplicates();
    service.properties = *properties;
    const QJsonObject framework = Field::field(object, u"framework").toObject();
    service.frameworkName = Field::field(framework, u"name").toString();
    service.frameworkVersion = Field::field(framework, u"version").toString();
    service.origin = Protocol::ServiceComb;
    return service;
}

ServiceCombCodec::Decoded<Instance> ServiceCombCodec::decodeInstance(const QJsonValue &value)
{
    if (!value.isObject())
        return ServiceCombError(ServiceCombError::InvalidParams, QStringLiteral("Request body is empty"));
    const QJsonObject object = value.toObject();
    const auto instanceId = stringField(object, u"instanceId");
    const auto hostName = stringField(object, u"hostName");
    const auto endpoints = stringList(Field::field(object, u"endpoints"));
    const auto status = stringField(object, u"status", QStringLiteral("UP"));
    const auto properties = stringMap(Field::field(object, u"properties"));
    auto healthCheck = decodeHealthCheck(Field::field(object, u"healthCheck"));
    auto locality = decodeLocality(Field::field(object, u"dataCenterInfo"));

    if (!instanceId || (!instanceId->isEmpty() && !isValidInstanceId(*instanceId)))
        return invalid(QStringLiteral("instanceId must be 1-64 characters of [A-Za-z0-9_.-]"));
    if (!hostName || isBlank(*hostName) || hostName->size() > 64)
        return invalid(QStringLiteral("hostName is required: 1-64 characters, not all blank"));
    if (!endpoints || std::any_of(endpoints->cbegin(), endpoints->cend(), isBlank))
        return invalid(QStringLiteral("endpoints must be a list of non-blank strings"));
    const auto parsedStatus = status ? ServiceCombWire::statusFromName(status->isEmpty() ? u"UP" : QStringView(*status))
                                     : std::nullopt;
    if (!parsedStatus)
        return invalid(QStringLiteral("status must be UP, DOWN, STARTING, TESTING or OUTOFSERVICE"));
    if (!properties)
        return invalid(QStringLiteral("properties must be an object of strings"));
    if (auto *error = std::get_if<ServiceCombError>(&healthCheck))
        return *error;
    if (auto *error = std::get_if<ServiceCombError>(&locality))
        return *error;

    Instance instance;
    instance.instanceId = *instanceId;
    instance.hostName = *hostName;
    instance.endpoints = *endpoints;
    instance.status = *parsedStatus;
    instance.metadata = *properties;
    instance.healthCheck = std::get<std::optional<HealthCheck>>(healthCheck);
    instance.locality = std::get<Locality>(locality);
    instance.origin = Protocol::ServiceComb;
    return instance;
}

HealthCheck ServiceCombCodec::clampedHealthCheck(std::optional<HealthCheck> requested, const ServiceCombConfig &config)
{
    HealthCheck check = requested.value_or(HealthCheck {});
    if (!requested || check.mode == u"pull") {
        check.intervalSecs = 30;
        check.times = 3;
        return check;
    }
    check.intervalSecs = std::max(check.intervalSecs, config.minHeartbeatIntervalSecs);
    check.times = std::max(check.times, config.minHeartbeatTimes);
    return check;
}

int ServiceCombCodec::leaseSeconds(const HealthCheck &check, const ServiceCombConfig &config)
{
    if (config.instanceTtlSecs > 0)
        return config.instanceTtlSecs;
    return int(std::min<qint64>(qint64(check.intervalSecs) * (qint64(check.times) + 1),
                                std::numeric_limits<int>::max()));
}

HealthCheck ServiceCombCodec::healthCheckOf(const Instance &instance)
{
    if (instance.healthCheck)
        return *instance.healthCheck;
    HealthCheck check;
    check.intervalSecs = std::max(1, instance.lease.renewalIntervalSecs);
    check.times = std::max(0, instance.lease.durationSecs / check.intervalSecs - 1);
    return check;
}

QJsonObject ServiceCombCodec::encodeService(const Service &service)
{
    QJsonObject object {
        {QStringLiteral("serviceId"), service.serviceId},
        {QStringLiteral("appId"), service.key.appId},
        {QStringLiteral("serviceName"), service.key.serviceName},
        {QStringLiteral("version"), service.key.version},
        {QStringLiteral("level"), service.level},
        {QStringLiteral("status"), service.status},
        {QStringLiteral("timestamp"), ServiceCombWire::seconds(service.createdMs)},
        {QStringLiteral("modTimestamp"), ServiceCombWire::seconds(service.modifiedMs)},
    };
    const auto insertIfSet = [&object](const QString &name, const QString &value) {
        if (!value.isEmpty())
            object.insert(name, value);
    };
    insertIfSet(QStringLiteral("environment"), service.key.environment);
    insertIfSet(QStringLiteral("alias"), service.alias);
    insertIfSet(QStringLiteral("description"), service.description);
    insertIfSet(QStringLiteral("registerBy"), service.registerBy);
    if (!service.schemaIds.isEmpty())
        object.insert(QStringLiteral("schemas"), QJsonArray::fromStringList(service.schemaIds));
    if (!service.properties.isEmpty())
        object.insert(QStringLiteral("properties"), toJson(service.properties));
    if (!service.frameworkName.isEmpty() || !service.frameworkVersion.isEmpty()) {
        QJsonObject framework;
        if (!service.frameworkName.isEmpty())
            framework.insert(QStringLiteral("name"), service.frameworkName);
        if (!service.frameworkVersion.isEmpty())
            framework.insert(QStringLiteral("version"), service.frameworkVersion);
        object.insert(QStringLiteral("framework"), framework);
    }
    return object;
}

QJsonObject ServiceCombCodec::encodeInstance(const Instance &instance, const QString &serviceVersion)
{
    const HealthCheck check = healthCheckOf(instance);
    QJsonObject healthCheck {{QStringLiteral("mode"), check.mode},
                             {QStringLiteral("interval"), check.intervalSecs},
                             {QStringLiteral("times"), check.times}};
    if (check.port > 0)
        healthCheck.insert(QStringLiteral("port"), check.port);
    if (!check.url.isEmpty())
        healthCheck.insert(QStringLiteral("url"), check.url);
    QJsonObject object {
        {QStringLiteral("instanceId"), instance.instanceId},
        {QStringLiteral("serviceId"), instance.serviceId},
        {QStringLiteral("hostName"), instance.hostName},
        {QStringLiteral("status"), ServiceCombWire::statusName(instance.status)},
        {QStringLiteral("healthCheck"), healthCheck},
        {QStringLiteral("timestamp"), ServiceCombWire::seconds(instance.lease.registrationTimestamp)},
        {QStringLiteral("modTimestamp"), ServiceCombWire::seconds(instance.lastUpdatedTimestamp)},
        {QStringLiteral("version"), serviceVersion},
    };
    if (!instance.endpoints.isEmpty())
        object.insert(QStringLiteral("endpoints"), QJsonArray::fromStringList(instance.endpoints));
    if (!instance.metadata.isEmpty())
        object.insert(QStringLiteral("properties"), toJson(instance.metadata));
    if (!instance.locality.isEmpty()) {
        object.insert(QStringLiteral("dataCenterInfo"),
                      QJsonObject {{QStringLiteral("name"), instance.locality.name},
                                   {QStringLiteral("region"), instance.locality.region},
                                   {QStringLiteral("availableZone"), instance.locality.availableZone}});
    }
    return object;
}
