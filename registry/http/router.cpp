// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/router.h"

#include <QString>

QStringList Router::split(QStringView path)
{
    QStringList segments;
    for (auto part : path.split(u'/', Qt::SkipEmptyParts))
        segments.append(part.toString());
    return segments;
}

void Router::add(QByteArray method, QStringView pattern, Handler handler)
{
    m_routes.append(Route {std::move(method), split(pattern), std::move(handler)});
}

bool Router::matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    if (route.pattern.size() != segments.size())
        return false;
    const auto isParameter = [](const QString &part) { return part.startsWith(u'{') && part.endsWith(u'}'); };
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (!isParameter(route.pattern[i]) && route.pattern[i] != segments[i])
            return false;
    }
    if (params) {
        params->clear();
        for (qsizetype i = 0; i < segments.size(); ++i) {
            if (isParameter(route.pattern[i]))
                params->insert(route.pattern[i].mid(1, route.pattern[i].size() - 2), segments[i]);
        }
    }
    return true;
}

QList<QByteArray> Router::allowedMethods(const QStringList &segments) const
{
    QList<QByteArray> methods;
    for (const Route &route : m_routes) {
        if (matches(route, segments, nullptr) && !methods.contains(route.method))
            methods.append(route.method);
    }
    if (methods.contains("GET"))
        methods.append("HEAD");
    if (!methods.isEmpty())
        methods.append("OPTIONS");
    return methods;
}

HttpResponse Router::dispatch(HttpRequest &request) const
{
    const QByteArray method = request.method == "HEAD" ? QByteArrayLiteral("GET") : request.method;
    for (const Route &route : m_routes) {
        if (route.method == method && matches(route, request.segments, &request.params))
            return route.handler(request);
    }

    const QList<QByteArray> allowed = allowedMethods(request.segments);
    if (allowed.isEmpty())
        return HttpResponse::error(404, QStringLiteral("no such resource: %1").arg(request.path()));
    const QByteArray allow = allowed.join(", ");
    if (request.method == "OPTIONS")
        return HttpResponse::empty(204).withHeader("Allow", allow);
    return HttpResponse::error(405, QStringLiteral("method %1 not allowed on %2; allowed: %3")
                                        .arg(QString::fromLatin1(request.method), request.path(),
                                             QString::fromLatin1(allow)))
        .withHeader("Allow", allow);
}
