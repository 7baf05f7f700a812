// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecomberror.h"

#include "servicecomb/servicecombwire.h"

#include <QJsonObject>

ServiceCombError::ServiceCombError(Code code, QString detail)
    : m_code {code}
    , m_detail {std::move(detail)}
{
}

QString ServiceCombError::message() const
{
    switch (m_code) {
    case InvalidParams: return QStringLiteral("Invalid parameter(s)");
    case Unhealthy: return QStringLiteral("Server is Unhealthy");
    case ServiceAlreadyExists: return QStringLiteral("Micro-service already exists");
    case ServiceNotExists: return QStringLiteral("Micro-service does not exist");
    case DeployedInstance: return QStringLiteral("Micro-service has deployed instance(s)");
    case SchemaNotExists: return QStringLiteral("Schema does not exist");
    case InstanceNotExists: return QStringLiteral("Instance does not exist");
    case TagNotExists: return QStringLiteral("Tag does not exist");
    case DependedOnConsumer: return QStringLiteral("Consumer(s) depends on this micro-service");
    case ServiceVersionNotExists: return QStringLiteral("Micro-service version does not exist");
    case Unauthorized: return QStringLiteral("Request unauthorized");
    case WrongCredentials: return QStringLiteral("User name or password is wrong");
    case NoAuthHeader: return QStringLiteral("No authorization header");
    case NoPermission: return QStringLiteral("No permission(s)");
    case Internal: return QStringLiteral("Internal server error");
    }
    return QStringLiteral("Internal server error");
}

QJsonObject ServiceCombError::toJson() const
{
    QJsonObject object {{QStringLiteral("errorCode"), QString::number(int(m_code))},
                        {QStringLiteral("errorMessage"), message()}};
    if (!m_detail.isEmpty())
        object.insert(QStringLiteral("detail"), m_detail);
    return object;
}

HttpResponse ServiceCombError::toResponse() const
{
    return ServiceCombWire::json(toJson(), httpStatus());
}
