// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "servicecomb/servicecomberror.h"

#include <QJsonObject>
#include <QString>

#include <variant>

class Registry;
struct Instance;
struct Service;

// What every Service-Center handler reads from a request: the tenant, the JSON body, the flags,
// and the services and instances it names, looked up within the tenant.
class ServiceCombRequest
{
public:
    explicit ServiceCombRequest(const HttpRequest &request);

    const HttpRequest &http() const { return m_request; }
    // domain/project: the domain from X-Domain-Name, the project from the path.
    const QString &tenant() const { return m_tenant; }
    QString consumerId() const;
    std::variant<QJsonObject, ServiceCombError> jsonBody() const;
    // A query flag that accepts true/false/1/0; nothing when it holds anything else.
    std::optional<bool> flag(const QString &name, bool fallback) const;
    QString query(const QString &name) const;

    // The service with that id in this tenant; global services are visible from every tenant.
    const Service *service(const Registry &registry, const QString &serviceId) const;
    std::optional<Instance> instance(const Registry &registry, const QString &serviceId,
                                     const QString &instanceId) const;

    static bool isGlobal(const Service &service);

private:
    const HttpRequest &m_request;
    QString m_tenant;
};
