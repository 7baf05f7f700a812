// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/gatewayapi.h"

#include "http/router.h"
#include "node/node.h"

#include <QJsonObject>

GatewayApi::GatewayApi(Node *node)
    : m_node {node}
{
}

void GatewayApi::addRoutes(Router &router)
{
    router.add("GET", u"/muster/api/v1/gateway", [this](const HttpRequest &request) { return stats(request); });
    router.add("GET", u"/muster/api/v1/resolve/{service}",
               [this](const HttpRequest &request) { return resolve(request); });
}

HttpResponse GatewayApi::stats(const HttpRequest &) const
{
    return HttpResponse::json(m_node->gatewayStats().toJson());
}

HttpResponse GatewayApi::resolve(const HttpRequest &request) const
{
    const QString service = request.param(QStringLiteral("service")).toLower();
    const Node::Resolution resolution = m_node->resolve(service);
    const auto error = [&service](int status, const QString &message) {
        return HttpResponse::json(QJsonObject {{QStringLiteral("error"), message},
                                               {QStringLiteral("service"), service},
                                               {QStringLiteral("status"), status}},
                                  status);
    };
    switch (resolution.outcome) {
    case Node::Resolution::Outcome::UnknownService:
        return error(404, QStringLiteral("no service named '%1' is registered").arg(service));
    case Node::Resolution::Outcome::NoneUp:
        return error(503, QStringLiteral("no instance of service '%1' is UP").arg(service));
    case Node::Resolution::Outcome::AllEjected:
        return error(503, QStringLiteral("every UP instance of service '%1' failed recently and is ejected").arg(service));
    case Node::Resolution::Outcome::Chosen:
        break;
    }
    const RoutingTarget &target = resolution.target;
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("service"), service},
        {QStringLiteral("instanceId"), target.instanceId},
        {QStringLiteral("host"), target.host},
        {QStringLiteral("port"), target.port},
        {QStringLiteral("address"), target.address()},
        {QStringLiteral("url"), QStringLiteral("http://%1/").arg(target.address())},
        {QStringLiteral("weight"), target.weight},
        {QStringLiteral("zone"), target.zone},
    });
}
