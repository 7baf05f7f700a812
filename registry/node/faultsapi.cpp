// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/faultsapi.h"

#include "http/router.h"
#include "replication/linkfaults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {
constexpr int maxLatencyMs = 60'000;

QJsonObject linksDocument()
{
    QJsonArray links;
    for (const LinkFaults::Link &link : LinkFaults::inProcess().links()) {
        links.append(QJsonObject {
            {QStringLiteral("from"), link.from.toString()},
            {QStringLiteral("to"), link.to.toString()},
            {QStringLiteral("dropAll"), link.fault.dropAll},
            {QStringLiteral("dropShare"), link.fault.dropShare},
            {QStringLiteral("latencyMs"), link.fault.latencyMs},
        });
    }
    return {{QStringLiteral("links"), links}};
}

std::optional<QUrl> nodeUrl(const QJsonValue &value)
{
    const QUrl url(value.toString(), QUrl::StrictMode);
    if (!value.isString() || !url.isValid() || url.scheme() != u"http" || url.host().isEmpty() || url.port() <= 0)
        return std::nullopt;
    return url;
}
}

FaultsApi::FaultsApi(std::function<QUrl()> ownServiceUrl)
    : m_ownServiceUrl {std::move(ownServiceUrl)}
{
}

void FaultsApi::addRoutes(Router &router)
{
    router.add("GET", u"/muster/api/v1/faults", [this](const HttpRequest &request) { return list(request); });
    router.add("POST", u"/muster/api/v1/faults", [this](const HttpRequest &request) { return set(request); });
    router.add("DELETE", u"/muster/api/v1/faults", [this](const HttpRequest &request) { return healAll(request); });
}

HttpResponse FaultsApi::list(const HttpRequest &) const
{
    return HttpResponse::json(linksDocument());
}

HttpResponse FaultsApi::set(const HttpRequest &request)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return HttpResponse::error(400, QStringLiteral("the body must be a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject body = document.object();
    static const QSet<QString> known {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("dropAll"),
                                      QStringLiteral("dropShare"), QStringLiteral("latencyMs"), QStringLiteral("partition")};
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return HttpResponse::error(400, QStringLiteral("unknown field %1").arg(it.key()));
    }
    const auto to = nodeUrl(body.value(u"to"));
    if (!to)
        return HttpResponse::error(400, QStringLiteral("the field to must be a node's Eureka service URL, e.g. http://127.0.0.1:8762/eureka/"));
    const auto from = body.contains(u"from") ? nodeUrl(body.value(u"from")) : std::optional(m_ownServiceUrl());
    if (!from)
        return HttpResponse::error(400, QStringLiteral("the field from must be a node's Eureka service URL, e.g. http://127.0.0.1:8761/eureka/"));
    if (LinkFaults::keyOf(*from) == LinkFaults::keyOf(*to))
        return HttpResponse::error(400, QStringLiteral("from and to name the same node: a link joins two"));

    if (body.contains(u"partition")) {
        if (!body.value(u"partition").isBool())
            return HttpResponse::error(400, QStringLiteral("the field partition must be true or false"));
        LinkFaults::inProcess().setPartition(*from, *to, body.value(u"partition").toBool());
        return HttpResponse::json(linksDocument());
    }
    LinkFault fault;
    if (body.contains(u"dropAll") && !body.value(u"dropAll").isBool())
        return HttpResponse::error(400, QStringLiteral("the field dropAll must be true or false"));
    fault.dropAll = body.value(u"dropAll").toBool();
    const QJsonValue share = body.value(u"dropShare");
    if (!share.isUndefined() && (!share.isDouble() || share.toDouble() < 0 || share.toDouble() > 1))
        return HttpResponse::error(400, QStringLiteral("the field dropShare must be a number from 0 to 1"));
    fault.dropShare = share.toDouble();
    const QJsonValue latency = body.value(u"latencyMs");
    if (!latency.isUndefined()
        && (!latency.isDouble() || latency.toDouble() != double(latency.toInt()) || latency.toInt() < 0
            || latency.toInt() > maxLatencyMs))
        return HttpResponse::error(400, QStringLiteral("the field latencyMs must be a whole number from 0 to %1").arg(maxLatencyMs));
    fault.latencyMs = latency.toInt();
    LinkFaults::inProcess().set(*from, *to, fault);
    return HttpResponse::json(linksDocument());
}

HttpResponse FaultsApi::healAll(const HttpRequest &)
{
    LinkFaults::inProcess().healAll();
    return HttpResponse::json(linksDocument());
}
