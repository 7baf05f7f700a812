// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/gatewaystats.h"

#include <QJsonArray>

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
