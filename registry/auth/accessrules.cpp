// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/accessrules.h"

#include <QStringList>

namespace {
Requirement open(const QString &action)
{
    return Requirement {true, Role::Viewer, Ownership::None, action};
}

Requirement needs(Role role, const QString &action, Ownership own = Ownership::None)
{
    return Requirement {false, role, own, action};
}

bool isRead(QByteArrayView method)
{
    return method == "GET" || method == "HEAD";
}

// The pattern after its protocol's prefix: Eureka's /eureka[/v1|/v2] and Service-Center's
// /v4/{project}/registry.
QString routeOf(const QString &pattern, const QStringList &prefixes)
{
    for (const QString &prefix : prefixes) {
        if (pattern.startsWith(prefix + u'/'))
            return pattern.mid(prefix.size());
    }
    return {};
}

std::optional<Requirement> eurekaRequirement(QByteArrayView method, const QString &route)
{
    if (route == u"/peerreplication/batch")
        return needs(Role::Operator, QStringLiteral("replicate a peer's writes"));
    if (isRead(method))
        return needs(Role::Viewer, QStringLiteral("read the registry"));
    if (route == u"/apps/{app}" && method == "POST")
        return needs(Role::Client, QStringLiteral("register an instance"), Ownership::Instance);
    if (route == u"/apps/{app}/{id}" && method == "PUT")
        return needs(Role::Client, QStringLiteral("renew an instance's lease"), Ownership::Instance);
    if (route == u"/apps/{app}/{id}" && method == "DELETE")
        return needs(Role::Client, QStringLiteral("cancel an instance"), Ownership::Instance);
    if (route == u"/apps/{app}/{id}/status")
        return needs(Role::Client, QStringLiteral("set or remove an instance's status override"), Ownership::Instance);
    if (route == u"/apps/{app}/{id}/metadata")
        return needs(Role::Client, QStringLiteral("change an instance's metadata"), Ownership::Instance);
    return std::nullopt;
}

std::optional<Requirement> serviceCombRequirement(QByteArrayView method, const QString &route)
{
    const QString instance = QStringLiteral("/microservices/{serviceId}/instances/{instanceId}");
    if (route == u"/version" || route == u"/health" || route == u"/health/readiness")
        return open(QStringLiteral("read the version or health"));
    if (route == instance + u"/heartbeat")
        return needs(Role::Client, QStringLiteral("renew an instance's lease"), Ownership::Instance);
    if (route == u"/instances/action" && method == "POST")
        return needs(Role::Viewer, QStringLiteral("find instances"));
    if (isRead(method))
        return needs(Role::Viewer, QStringLiteral("read the registry"));
    if (route == u"/microservices/{serviceId}/instances" && method == "POST")
        return needs(Role::Client, QStringLiteral("register an instance"), Ownership::Instance);
    if (route.startsWith(instance))
        return needs(Role::Client, QStringLiteral("change or unregister an instance"), Ownership::Instance);
    if (route == u"/heartbeats")
        return needs(Role::Client, QStringLiteral("renew leases"));
    if (method == "DELETE")
        return needs(Role::Operator, QStringLiteral("delete services, schemas or tags"));
    if (route == u"/microservices")
        return needs(Role::Client, QStringLiteral("create a service"));
    return needs(Role::Client, QStringLiteral("change a service, its schemas or tags"), Ownership::Service);
}
}

namespace AccessRules {

bool isServiceCombRoute(const QString &pattern)
{
    return pattern.startsWith(u"/v4/") || pattern == u"/version" || pattern == u"/health";
}

Requirement requirement(QByteArrayView method, const QString &pattern)
{
    if (pattern == u"/healthz" || pattern == u"/readyz" || pattern == u"/version" || pattern == u"/health")
        return open(QStringLiteral("read the node's health"));
    if (pattern == u"/v4/token" || pattern == u"/muster/api/v1/token")
        return open(QStringLiteral("log in"));
    const QString eureka = routeOf(pattern, {QStringLiteral("/eureka/v2"), QStringLiteral("/eureka/v1"),
                                             QStringLiteral("/eureka")});
    if (!eureka.isEmpty()) {
        if (auto requirement = eurekaRequirement(method, eureka))
            return *requirement;
    }
    const QString serviceComb = routeOf(pattern, {QStringLiteral("/v4/{project}/registry")});
    if (!serviceComb.isEmpty()) {
        if (auto requirement = serviceCombRequirement(method, serviceComb))
            return *requirement;
    }
    if (pattern.startsWith(u"/muster/api/v1/accounts"))
        return needs(Role::Admin, QStringLiteral("manage accounts"));
    if (pattern.startsWith(u"/muster/api/v1/bridges") && !isRead(method))
        return needs(Role::Admin, QStringLiteral("add or remove bridges"));
    if (pattern == u"/muster/api/v1/audit")
        return needs(Role::Operator, QStringLiteral("read the audit trail"));
    if (pattern.startsWith(u"/muster/api/v1/replication/") && !isRead(method))
        return needs(Role::Operator, QStringLiteral("replicate a peer's writes"));
    if (isRead(method))
        return needs(Role::Viewer, QStringLiteral("read the registry"));
    return needs(Role::Operator, QStringLiteral("change pinned entries or services"));
}
}
