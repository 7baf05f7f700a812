// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

// Routes as data: a method, a path pattern whose {name} segments capture, and a handler.
// The first matching route wins, in the order added. A trailing slash is ignored. A path that
// matches only with another method answers 405 with Allow; HEAD is served by the GET route and
// OPTIONS by the router itself.
class Router
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    // Runs before every route that matched, with its pattern: an answer it gives is sent instead
    // (a refusal); none lets the route run.
    using Gate = std::function<std::optional<HttpResponse>(const HttpRequest &request, const QString &pattern)>;

    void add(QByteArray method, QStringView pattern, Handler handler);
    void setGate(Gate gate) { m_gate = std::move(gate); }
    // Runs the first matching route and sets request.routeIndex to its place in patterns().
    HttpResponse dispatch(HttpRequest &request) const;
    // Every route's method and pattern, in the order added.
    QList<QPair<QByteArray, QString>> patterns() const;

private:
    struct Route
    {
        QByteArray method;
        QStringList pattern;
        QString text;
        Handler handler;
    };

    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);
    static QStringList split(QStringView path);
    QList<QByteArray> allowedMethods(const QStringList &segments) const;

    QList<Route> m_routes;
    Gate m_gate;
};
