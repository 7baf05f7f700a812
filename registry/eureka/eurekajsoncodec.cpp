// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/eurekajsoncodec.h"

#include "eureka/eurekawire.h"
#include "model/jsonnumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {
QString boolString(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

QJsonObject encodePort(const PortInfo &port)
{
    return {{QStringLiteral("$"), port.number}, {QStringLiteral("@enabled"), boolString(port.enabled)}};
}

QJsonObject encodeMap(const QMap<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

void insertIfSet(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

// Clients send numbers, numeric strings and booleans interchangeably.
std::optional<qint64> readInteger(const QJsonValue &value)
{
    return JsonNumber::wholeNumber(value);
}

std::optional<bool> readBool(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    if (value.isString())
        return value.toString().compare(u"true", Qt::CaseInsensitive) == 0;
    return std::nullopt;
}

QString readText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return boolString(value.toBool());
    return {};
}

// A port as a number, a numeric string, or {"$": n|"n", "@enabled": bool|"true"}.
std::optional<PortInfo> readPort(const QJsonValue &value, bool enabledByDefault, QString *error, const QString &field)
{
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    PortInfo port {0, enabledByDefault};
    std::optional<qint64> number;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        number = readInteger(object.value(u"$"));
        port.enabled = readBool(object.value(u"@enabled")).value_or(enabledByDefault);
    } else {
        number = readInteger(value);
    }
    if (!number || *number < 0 || *number > 65535) {
        *error = QStringLiteral("%1 must be a port number from 0 to 65535").arg(field);
        return std::nullopt;
    }
    port.number = int(*number);
    return port;
}

QMap<QString, QString> readMap(const QJsonValue &value)
{
    QMap<QString, QString> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != u"@class")
            map.insert(it.key(), readText(it.value()));
    }
    return map;
}

std::optional<InstanceStatus> readStatus(const QJsonValue &value, QString *error, const QString &field)
{
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const QString name = value.toString();
    auto status = statusFromName(name);
    if (!status)
        *error = QStringLiteral("%1 has an unknown value '%2'; expected one of UP, DOWN, STARTING, "
                                "OUT_OF_SERVICE, UNKNOWN").arg(field, name);
    return status;
}

// The timestamps matter to a reader of a fetch (the console's remote view); a registry sets its own
// on register.
void readLease(const QJsonObject &object, LeaseInfo &lease)
{
    lease.renewalIntervalSecs = int(readInteger(object.value(u"renewalIntervalInSecs")).value_or(30));
    lease.durationSecs = int(readInteger(object.value(u"durationInSecs")).value_or(0));
    lease.registrationTimestamp = readInteger(object.value(u"registrationTimestamp")).value_or(0);
    lease.lastRenewalTimestamp = readInteger(object.value(u"lastRenewalTimestamp")).value_or(0);
    lease.evictionTimestamp = readInteger(object.value(u"evictionTimestamp")).value_or(0);
    lease.serviceUpTimestamp = readInteger(object.value(u"serviceUpTimestamp")).value_or(0);
}
}

QJsonObject EurekaJsonCodec::encodeInstance(const Instance &instance)
{
    QJsonObject object;
    insertIfSet(object, QStringLiteral("instanceId"), instance.instanceId);
    object.insert(QStringLiteral("hostName"), instance.hostName);
    object.insert(QStringLiteral("app"), instance.app);
    object.insert(QStringLiteral("ipAddr"), instance.ipAddr);
    if (EurekaWire::hasSid(instance))
        object.insert(QStringLiteral("sid"), instance.sid);
    object.insert(QStringLiteral("status"), statusName(eurekaVisibleStatus(instance.status)));
    object.insert(QStringLiteral("overriddenStatus"), statusName(eurekaVisibleStatus(instance.overriddenStatus)));
    object.insert(QStringLiteral("port"), encodePort(instance.port));
    object.insert(QStringLiteral("securePort"), encodePort(instance.securePort));
    object.insert(QStringLiteral("countryId"), instance.countryId);

    QJsonObject dataCenter {{QStringLiteral("@class"), EurekaWire::dataCenterClass(instance.dataCenterInfo)},
                            {QStringLiteral("name"), instance.dataCenterInfo.name}};
    if (EurekaWire::isAmazon(instance.dataCenterInfo))
        dataCenter.insert(QStringLiteral("metadata"), encodeMap(instance.dataCenterInfo.metadata));
    object.insert(QStringLiteral("dataCenterInfo"), dataCenter);

    const LeaseInfo &lease = instance.lease;
    object.insert(QStringLiteral("leaseInfo"),
                  QJsonObject {{QStringLiteral("renewalIntervalInSecs"), lease.renewalIntervalSecs},
                               {QStringLiteral("durationInSecs"), lease.durationSecs},
                               {QStringLiteral("registrationTimestamp"), lease.registrationTimestamp},
                               {QStringLiteral("lastRenewalTimestamp"), lease.lastRenewalTimestamp},
                               {QStringLiteral("evictionTimestamp"), lease.evictionTimestamp},
                               {QStringLiteral("serviceUpTimestamp"), lease.serviceUpTimestamp}});
    object.insert(QStringLiteral("metadata"),
                  instance.metadata.isEmpty()
                      ? QJsonObject {{QStringLiteral("@class"), EurekaWire::emptyMapClass()}}
                      : encodeMap(instance.metadata));

    insertIfSet(object, QStringLiteral("homePageUrl"), instance.homePageUrl);
    insertIfSet(object, QStringLiteral("statusPageUrl"), instance.statusPageUrl);
    insertIfSet(object, QStringLiteral("healthCheckUrl"), instance.healthCheckUrl);
    insertIfSet(object, QStringLiteral("secureHealthCheckUrl"), instance.secureHealthCheckUrl);
    insertIfSet(object, QStringLiteral("vipAddress"), instance.vipAddress);
    insertIfSet(object, QStringLiteral("secureVipAddress"), instance.secureVipAddress);
    object.insert(QStringLiteral("isCoordinatingDiscoveryServer"), boolString(instance.isCoordinatingDiscoveryServer));
    object.insert(QStringLiteral("lastUpdatedTimestamp"), QString::number(instance.lastUpdatedTimestamp));
    object.insert(QStringLiteral("lastDirtyTimestamp"), QString::number(instance.lastDirtyTimestamp));
    object.insert(QStringLiteral("actionType"), EurekaWire::actionTypeName(instance.actionType));
    insertIfSet(object, QStringLiteral("asgName"), instance.asgName);
    insertIfSet(object, QStringLiteral("appGroupName"), instance.appGroupName);
    return object;
}

QByteArray EurekaJsonCodec::encodeInstanceDocument(const Instance &instance)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("instance"), encodeInstance(instance)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray EurekaJsonCodec::encodeInstanceObject(const Instance &instance)
{
    return QJsonDocument(encodeInstance(instance)).toJson(QJsonDocument::Compact);
}

// The envelopes are spliced around per-instance documents that Qt encoded, so that a full fetch of
// 10k instances re-encodes only the instances that changed (a source may cache them) instead of
// building and serialising one QJsonObject tree of the whole registry per change.
namespace {
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);   // ["…"] → "…"
}

void appendApplication(QByteArray &out, const EurekaApplication &application,
                       const EurekaJsonCodec::InstanceSource &source)
{
    out += "{\"name\":" + jsonString(application.name) + ",\"instance\":[";
    for (qsizetype i = 0; i < application.instances.size(); ++i) {
        if (i > 0)
            out += ',';
        out += source(*application.instances[i]);
    }
    out += "]}";
}

qsizetype instanceCount(const QList<EurekaApplication> &applications)
{
    qsizetype count = 0;
    for (const auto &application : applications)
        count += application.instances.size();
    return count;
}
}

QByteArray EurekaJsonCodec::encodeApplication(const EurekaApplication &application, const InstanceSource &source)
{
    QByteArray out;
    out.reserve(application.instances.size() * 1024 + 64);
    out += "{\"application\":";
    appendApplication(out, application, source);
    out += '}';
    return out;
}

QByteArray EurekaJsonCodec::encodeApplications(const QList<EurekaApplication> &applications,
                                               const QString &versionsDelta, const QString &hashcode,
                                               const InstanceSource &source)
{
    QByteArray out;
    out.reserve(instanceCount(applications) * 1024 + applications.size() * 64 + 128);
    out += "{\"applications\":{\"versions__delta\":" + jsonString(versionsDelta)
        + ",\"apps__hashcode\":" + jsonString(hashcode) + ",\"application\":[";
    for (qsizetype i = 0; i < applications.size(); ++i) {
        if (i > 0)
            out += ',';
        appendApplication(out, applications[i], source);
    }
    out += "]}}";
    return out;
}

DecodedInstance EurekaJsonCodec::decodeInstanceDocument(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {std::nullopt, false,
                QStringLiteral("cannot parse request body: %1 at offset %2")
                    .arg(parseError.errorString()).arg(parseError.offset)};
    const QJsonValue root = document.object().value(u"instance");
    if (!root.isObject())
        return {std::nullopt, false, QStringLiteral("cannot parse request body: expected a JSON object {\"instance\": {…}}")};
    return decodeInstance(root.toObject());
}

DecodedInstance EurekaJsonCodec::decodeInstance(const QJsonObject &object)
{
    DecodedInstance decoded;
    QString &error = decoded.error;
    Instance instance;
    instance.instanceId = readText(object.value(u"instanceId"));
    instance.hostName = readText(object.value(u"hostName"));
    instance.app = readText(object.value(u"app")).toUpper();
    instance.appGroupName = readText(object.value(u"appGroupName"));
    instance.ipAddr = readText(object.value(u"ipAddr"));
    instance.sid = readText(object.value(u"sid"));
    instance.homePageUrl = readText(object.value(u"homePageUrl"));
    instance.statusPageUrl = readText(object.value(u"statusPageUrl"));
    instance.healthCheckUrl = readText(object.value(u"healthCheckUrl"));
    instance.secureHealthCheckUrl = readText(object.value(u"secureHealthCheckUrl"));
    instance.vipAddress = readText(object.value(u"vipAddress"));
    instance.secureVipAddress = readText(object.value(u"secureVipAddress"));
    instance.asgName = readText(object.value(u"asgName"));
    instance.countryId = int(readInteger(object.value(u"countryId")).value_or(1));
    instance.isCoordinatingDiscoveryServer = readBool(object.value(u"isCoordinatingDiscoveryServer")).value_or(false);
    instance.lastUpdatedTimestamp = readInteger(object.value(u"lastUpdatedTimestamp")).value_or(0);
    instance.lastDirtyTimestamp = readInteger(object.value(u"lastDirtyTimestamp")).value_or(0);
    instance.metadata = readMap(object.value(u"metadata"));
    instance.actionType = EurekaWire::actionTypeFromName(readText(object.value(u"actionType")));

    if (auto port = readPort(object.value(u"port"), true, &error, QStringLiteral("port")))
        instance.port = *port;
    if (auto port = readPort(object.value(u"securePort"), false, &error, QStringLiteral("securePort")))
        instance.securePort = *port;
    if (auto status = readStatus(object.value(u"status"), &error, QStringLiteral("status")))
        instance.status = *status;
    const QJsonValue overridden = object.contains(u"overriddenStatus") ? object.value(u"overriddenStatus")
                                                                       : object.value(u"overriddenstatus");
    if (auto status = readStatus(overridden, &error, QStringLiteral("overriddenStatus")))
        instance.overriddenStatus = *status;

    const QJsonValue dataCenter = object.value(u"dataCenterInfo");
    decoded.hasDataCenterInfo = dataCenter.isObject();
    if (decoded.hasDataCenterInfo) {
        const QJsonObject dataCenterObject = dataCenter.toObject();
        instance.dataCenterInfo.name = readText(dataCenterObject.value(u"name"));
        instance.dataCenterInfo.metadata = readMap(dataCenterObject.value(u"metadata"));
    }
    readLease(object.value(u"leaseInfo").toObject(), instance.lease);

    if (!error.isEmpty())
        return decoded;
    EurekaWire::completeInstanceId(instance);
    decoded.instance = std::move(instance);
    return decoded;
}
