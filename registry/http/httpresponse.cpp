// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/httpresponse.h"

#include "http/pendingresponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

HttpResponse HttpResponse::empty(int status)
{
    return HttpResponse {status, {}, {}, {}, false};
}

HttpResponse HttpResponse::json(const QJsonDocument &document, int status)
{
    return HttpResponse {status, QByteArrayLiteral("application/json"), document.toJson(QJsonDocument::Compact), {},
                         false};
}

HttpResponse HttpResponse::json(const QJsonObject &object, int status)
{
    return json(QJsonDocument(object), status);
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(QJsonObject {{QStringLiteral("error"), message}, {QStringLiteral("status"), status}}, status);
}

HttpResponse HttpResponse::webSocketUpgrade()
{
    return HttpResponse {101, {}, {}, {}, true};
}

HttpResponse HttpResponse::deferred(std::shared_ptr<PendingResponse> pending)
{
    HttpResponse response = empty(202);
    response.pending = std::move(pending);
    return response;
}

HttpResponse &HttpResponse::withHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}
