// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/gatewaystats.h"

#include "model/jsonnumber.h"

#include <QJsonArray>

namespace {
quint64 countOf(const QJsonObject &object, QStringView key)
{
    return quint64(std::max<qint64>(0, JsonNumber::wholeNumber(object.value(key)).value_or(0)));
}

GatewayInstanceStats instanceFromJson(const QJsonObject &object)
{
    GatewayInstanceStats instance;
    instance.instanceId = object.value(u"instanceId").toString();
    instance.address = object.value(u"address").toString();
    instance.requests = countOf(object, u"requests");
    instance.errors = countOf(object, u"errors");
    instance.p50Ms = object.value(u"p50Ms").toDouble();
    instance.p99Ms = object.value(u"p99Ms").toDouble();
    instance.ejectedUntilMs = JsonNumber::wholeNumber(object.value(u"ejectedUntilMs")).value_or(0);
    return instance;
}

GatewayServiceStats serviceFromJson(const QJsonObject &object)
{
    GatewayServiceStats service;
    service.service = object.value(u"service").toString();
    service.requests = countOf(object, u"requests");
    service.errors = countOf(object, u"errors");
    service.p50Ms = object.value(u"p50Ms").toDouble();
    service.p99Ms = object.value(u"p99Ms").toDouble();
    for (const QJsonValue &instance : object.value(u"instances").toArray())
        service.instances.append(instanceFromJson(instance.toObject()));
    return service;
}
}

const GatewayInstanceStats *GatewayStats::instance(const QString &instanceId) const
{
    for (const GatewayServiceStats &service : services) {
        for (const GatewayInstanceStats &instance : service.instances) {
            if (instance.instanceId == instanceId)
                return &instance;
        }
    }
    return nullptr;
}

QJsonObject GatewayStats::toJson() const
{
    QJsonArray serviceArray;
    for (const GatewayServiceStats &service : services) {
        QJsonArray instanceArray;
        for (const GatewayInstanceStats &instance : service.instances) {
            instanceArray.append(QJsonObject {
                {QStringLiteral("instanceId"), instance.instanceId},
                {QStringLiteral("address"), instance.address},
                {QStringLiteral("requests"), double(instance.requests)},
                {QStringLiteral("errors"), double(instance.errors)},
                {QStringLiteral("p50Ms"), instance.p50Ms},
                {QStringLiteral("p99Ms"), instance.p99Ms},
                {QStringLiteral("ejected"), instance.ejectedUntilMs != 0},
                {QStringLiteral("ejectedUntilMs"), double(instance.ejectedUntilMs)},
            });
        }
        serviceArray.append(QJsonObject {
            {QStringLiteral("service"), service.service},
            {QStringLiteral("requests"), double(service.requests)},
            {QStringLiteral("errors"), double(service.errors)},
            {QStringLiteral("p50Ms"), service.p50Ms},
            {QStringLiteral("p99Ms"), service.p99Ms},
            {QStringLiteral("instances"), instanceArray},
        });
    }
    return QJsonObject {
        {QStringLiteral("running"), running},
        {QStringLiteral("url"), url},
        {QStringLiteral("zone"), zone},
        {QStringLiteral("requests"), double(requests)},
        {QStringLiteral("unknownServiceRequests"), double(unknownServiceRequests)},
        {QStringLiteral("openConnections"), openConnections},
        {QStringLiteral("services"), serviceArray},
    };
}

GatewayStats GatewayStats::fromJson(const QJsonObject &object)
{
    GatewayStats stats;
    stats.running = object.value(u"running").toBool();
    stats.url = object.value(u"url").toString();
    stats.zone = object.value(u"zone").toString();
    stats.requests = countOf(object, u"requests");
    stats.unknownServiceRequests = countOf(object, u"unknownServiceRequests");
    stats.openConnections = int(JsonNumber::wholeNumber(object.value(u"openConnections")).value_or(0));
    for (const QJsonValue &service : object.value(u"services").toArray())
        stats.services.append(serviceFromJson(service.toObject()));
    return stats;
}

GatewayStats GatewayStats::unavailable(Availability why, const QString &error)
{
    GatewayStats stats;
    stats.availability = why;
    stats.error = error;
    return stats;
}
