// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridgeapi.h"

#include "api/nodestatus.h"
#include "api/nodestatusjson.h"
#include "bridge/bridges.h"
#include "http/router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
QJsonObject encode(const BridgeState &state)
{
    NodeStatus status;
    status.bridges = {state};
    return NodeStatusJson::encode(status).value(u"bridges").toArray().first().toObject();
}
}

BridgeApi::BridgeApi(Bridges &bridges)
    : m_bridges {bridges}
{
}

void BridgeApi::addRoutes(Router &router)
{
    router.add("GET", u"/muster/api/v1/bridges", [this](const HttpRequest &) { return list(); });
    router.add("POST", u"/muster/api/v1/bridges", [this](const HttpRequest &request) { return add(request); });
    router.add("DELETE", u"/muster/api/v1/bridges", [this](const HttpRequest &request) { return remove(request); });
}

HttpResponse BridgeApi::list() const
{
    QJsonArray bridges;
    for (const BridgeState &state : m_bridges.states())
        bridges.append(encode(state));
    return HttpResponse::json(QJsonObject {{QStringLiteral("bridges"), bridges}});
}

// {"kind": "eureka", "url": "http://host:8761/eureka/"}
HttpResponse BridgeApi::add(const HttpRequest &request)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return HttpResponse::error(400, QStringLiteral("cannot parse request body: %1 at offset %2")
                                            .arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject body = document.object();
    if (!document.isObject() || !body.value(u"kind").isString() || !body.value(u"url").isString())
        return HttpResponse::error(400, QStringLiteral("expected a JSON object {\"kind\": \"eureka\" or \"servicecomb\", "
                                                       "\"url\": \"http://…\"}"));
    const auto kind = bridgeKindFromName(body.value(u"kind").toString());
    if (!kind)
        return HttpResponse::error(400, QStringLiteral("unknown bridge kind '%1' (eureka or servicecomb)")
                                            .arg(body.value(u"kind").toString()));
    const Bridges::AddResult added = m_bridges.add({*kind, QUrl(body.value(u"url").toString(), QUrl::StrictMode)});
    switch (added.outcome) {
    case Bridges::Outcome::Added: return HttpResponse::json(encode(added.state), 201);
    case Bridges::Outcome::Invalid: return HttpResponse::error(400, added.detail);
    case Bridges::Outcome::Duplicate: return HttpResponse::error(409, added.detail);
    }
    return HttpResponse::error(500, QStringLiteral("unexpected outcome"));
}

// DELETE /muster/api/v1/bridges?url=…
HttpResponse BridgeApi::remove(const HttpRequest &request)
{
    const auto url = request.queryValue(QStringLiteral("url"));
    if (!url || url->isEmpty())
        return HttpResponse::error(400, QStringLiteral("name the bridge to remove: ?url=…"));
    if (!m_bridges.remove(QUrl(*url)))
        return HttpResponse::error(404, QStringLiteral("no bridge to %1").arg(*url));
    return HttpResponse::empty(204);
}
