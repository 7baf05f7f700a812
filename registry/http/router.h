// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QList>
#include <QStringList>

#include <functional>

// Routes as data: a method, a path pattern whose {name} segments capture, and a handler.
// The first matching route wins, in the order added. A trailing slash is ignored. A path that
// matches only with another method answers 405 with Allow; HEAD is served by the GET route and
// OPTIONS by the router itself.
class Router
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    void add(QByteArray method, QStringView pattern, Handler handler);
    HttpResponse dispatch(HttpRequest &request) const;

private:
    struct Route
    {
        QByteArray method;
        QStringList pattern;
        Handler handler;
    };

    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);
    static QStringList split(QStringView path);
    QList<QByteArray> allowedMethods(const QStringList &segments) const;

    QList<Route> m_routes;
};
