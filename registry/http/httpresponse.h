// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <memory>

class PendingResponse;
class QJsonDocument;
class QJsonObject;
class QString;

// One HTTP response as the protocols build it: independent of the HTTP server library.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;            // empty with an empty body
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool acceptsWebSocket = false;     // the transport writes nothing and hands the socket over
    std::shared_ptr<PendingResponse> pending {};   // set: the answer comes later, through pending

    static HttpResponse empty(int status);
    static HttpResponse json(const QJsonDocument &document, int status = 200);
    static HttpResponse json(const QJsonObject &object, int status = 200);
    // A short JSON error body, {"error": message, "status": status}.
    static HttpResponse error(int status, const QString &message);
    // The answer to a websocket upgrade that the handler accepts.
    static HttpResponse webSocketUpgrade();
    // An answer that is not known yet (a write waiting for etcd): complete pending later.
    static HttpResponse deferred(std::shared_ptr<PendingResponse> pending);

    HttpResponse &withHeader(QByteArray name, QByteArray value);
};
