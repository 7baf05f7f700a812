// SPDX-License-Identifier: GPL-3.0-or-later
#include "servicecomb/servicecombrequest.h"

#include "core/registry.h"

#include <QJsonDocument>
#include <QJsonParseError>

ServiceCombRequest::ServiceCombRequest(const HttpRequest &request)
    : m_request {request}
{
    QString domain = QString::fromUtf8(request.header("X-Domain-Name")).trimmed();
    if (domain.isEmpty())
        domain = QStringLiteral("default");
    QString project = request.param(QStringLiteral("project"));
    if (project.isEmpty())
        project = QStringLiteral("default");
    m_tenant = domain + u'/' + project;
}

QString ServiceCombRequest::consumerId() const
{
    return QString::fromUtf8(m_request.header("X-ConsumerId")).trimmed();
}

std::variant<QJsonObject, ServiceCombError> ServiceCombRequest::jsonBody() const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return ServiceCombError(ServiceCombError::InvalidParams,
                                QStringLiteral("Unmarshal error: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return ServiceCombError(ServiceCombError::InvalidParams, QStringLiteral("Unmarshal error: the body must be a JSON object"));
    return document.object();
}

std::optional<bool> ServiceCombRequest::flag(const QString &name, bool fallback) const
{
    const auto value = m_request.queryValue(name);
    if (!value || value->isEmpty())
        return fallback;
    if (*value == u"true" || *value == u"1")
        return true;
    if (*value == u"false" || *value == u"0")
        return false;
    return std::nullopt;
}

QString ServiceCombRequest::query(const QString &name) const
{
    return m_request.queryValue(name).value_or(QString());
}

const Service *ServiceCombRequest::service(const Registry &registry, const QString &serviceId) const
{
    const Service *service = registry.findService(serviceId);
    if (!service || (service->key.domainProject != m_tenant && !isGlobal(*service)))
        return nullptr;
    return service;
}

std::optional<Instance> ServiceCombRequest::instance(const Registry &registry, const QString &serviceId,
                                                     const QString &instanceId) const
{
    const Service *owner = service(registry, serviceId);
    if (!owner)
        return std::nullopt;
    auto found = registry.instance(EurekaServiceMapping::appForService(owner->key.serviceName), instanceId);
    if (!found || found->serviceId != serviceId)
        return std::nullopt;
    return found;
}

bool ServiceCombRequest::isGlobal(const Service &service)
{
    return service.key.domainProject == u"default/default" && service.key.appId == u"default"
        && service.key.serviceName == u"SERVICECENTER";
}
