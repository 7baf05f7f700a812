// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombwire.h"

#include <QJsonDocument>

HttpResponse ServiceCombWire::json(const QJsonObject &object, int status)
{
    HttpResponse response;
    response.status = status;
    response.contentType = QByteArrayLiteral("application/json; charset=UTF-8");
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse ServiceCombWire::emptyOk()
{
    return HttpResponse::empty(200).withHeader("Content-Type", "text/plain; charset=UTF-8");
}

QJsonValue ServiceCombWire::field(const QJsonObject &object, QStringView name)
{
    if (const auto exact = object.constFind(name); exact != object.constEnd())
        return *exact;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString ServiceCombWire::statusName(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up: return QStringLiteral("UP");
    case InstanceStatus::Down: return QStringLiteral("DOWN");
    case InstanceStatus::Starting: return QStringLiteral("STARTING");
    case InstanceStatus::OutOfService: return QStringLiteral("OUTOFSERVICE");
    case InstanceStatus::Testing: return QStringLiteral("TESTING");
    case InstanceStatus::Unknown: return QStringLiteral("DOWN");   // Service-Center has no UNKNOWN
    }
    return QStringLiteral("DOWN");
}

std::optional<InstanceStatus> ServiceCombWire::statusFromName(QStringView name)
{
    for (auto status : {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                        InstanceStatus::OutOfService, InstanceStatus::Testing}) {
        if (name == ServiceCombWire::statusName(status))
            return status;
    }
    return std::nullopt;
}
