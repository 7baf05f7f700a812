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
    m_routes.append(Route {std::move(method), split(pattern), pattern.toString(), std::move(handler)});
}

QList<QPair<QByteArray, QString>> Router::patterns() const
{
    QList<QPair<QByteArray, QString>> patterns;
    patterns.reserve(m_routes.size());
    for (const Route &route : m_routes)
        patterns.append({route.method, route.text});
    return patterns;
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
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        const Route &route = m_routes[i];
        if (route.method == method && matches(route, request.segments, &request.params)) {
            request.routeIndex = int(i);
            if (m_gate) {
                if (auto refusal = m_gate(request, route.text))
                    return *std::move(refusal);
            }
            return route.handler(request);
        }
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
