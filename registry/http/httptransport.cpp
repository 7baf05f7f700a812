// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/httptransport.h"

#include "http/httplogging.h"
#include "http/pendingresponse.h"
#include "http/requestlog.h"
#include "http/requestmetrics.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

#include <exception>

namespace {
QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

// Percent-decodes one path segment; most have nothing to decode.
QString decodeSegment(QStringView segment)
{
    return segment.contains(u'%') ? QUrl::fromPercentEncoding(segment.toUtf8()) : segment.toString();
}

bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("Upgrade")).compare("websocket", Qt::CaseInsensitive) == 0;
}

HttpRequest toHttpRequest(const QHttpServerRequest &request)
{
    HttpRequest converted;
    converted.method = methodName(request.method());
    // The encoded path keeps %2F inside a segment; each segment is decoded on its own.
    const QString encodedPath = request.url().path(QUrl::FullyEncoded);
    for (auto segment : QStringView(encodedPath).split(u'/', Qt::SkipEmptyParts))
        converted.segments.append(decodeSegment(segment));
    if (request.url().hasQuery()) {
        // Form-style '+' means a space in a query, as servlet containers decode it; QUrlQuery keeps it.
        QString query = request.url().query(QUrl::FullyEncoded);
        query.replace(u'+', QStringLiteral("%20"));
        converted.query = QUrlQuery(query);
    }
    // Handlers answer before they return, so the request outlives every lookup.
    converted.headerLookup = [&request](QByteArrayView name) { return request.value(name.toByteArray()); };
    converted.body = request.body();
    converted.remoteAddress = request.remoteAddress();
    return converted;
}

QHttpServerResponse toQtResponse(const HttpResponse &response)
{
    const auto status = QHttpServerResponder::StatusCode(response.status);
    QHttpServerResponse converted = response.body.isEmpty()
        ? QHttpServerResponse(status)
        : QHttpServerResponse(response.contentType, response.body, status);
    if (response.body.isEmpty())
        converted.clearHeader(QByteArrayLiteral("Content-Type"));
    for (const auto &[name, value] : response.headers)
        converted.addHeader(name, value);
    return converted;
}

// HEAD: the headers GET would send, Content-Length included, and no body.
void writeHead(const HttpResponse &response, QHttpServerResponder &responder)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    if (!response.contentType.isEmpty())
        responder.writeHeader(QByteArrayLiteral("Content-Type"), response.contentType);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(response.body.size()));
    responder.writeBody(QByteArray());
}

// Qt 6.4's responder keeps a raw pointer to the socket, which is deleted when the client goes:
// write only while the socket is still there and connected (../shared/qt-notes.md §0.2). The
// request object is per connection and reused, so nothing of it is kept (the method is copied).
// answered runs with the status once the answer is known, written or not.
void answerLater(PendingResponse &pending, QHttpServerResponder &&responder, bool head,
                 std::function<void(int)> answered)
{
    QPointer<QTcpSocket> socket = responder.socket();
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    pending.setWriter([socket, held, head, answered = std::move(answered)](const HttpResponse &response) {
        answered(response.status);
        if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
            qCDebug(lcHttp) << "client left before its answer" << response.status;
            return;
        }
        if (head)
            writeHead(response, *held);
        else
            toQtResponse(response).write(std::move(*held));
    });
}
}

HttpTransport::HttpTransport(Handler handler, GuardedTcpServer::Limits limits, QObject *parent)
    : QObject {parent}
    , m_handler {std::move(handler)}
    , m_limits {limits}
{
}

HttpTransport::~HttpTransport() = default;

bool HttpTransport::listen(const QHostAddress &address, quint16 port)
{
    auto listener = std::make_unique<GuardedTcpServer>(m_limits);
    listener->setTlsConfiguration(m_tls);
    if (!listener->listen(address, port)) {
        m_error = listener->errorString();
        return false;
    }
    m_server = std::make_unique<QHttpServer>();
    m_server->route(QStringLiteral("/<arg>"),
                    [this](const QUrl &, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const Answer answer = respond(request);
        const HttpResponse &response = answer.response;
        if (isWebSocketUpgrade(request) && m_webSocketHandler) {
            // Qt hands every upgrade request's socket to its websocket server after this returns,
            // and drops every signal connection of the socket: the guard must let go of it now.
            QTcpSocket *socket = responder.socket();
            m_listener->release(socket);
            if (response.acceptsWebSocket)
                return;   // writing nothing lets the handshake go ahead
            toQtResponse(response).write(std::move(responder));
            socket->disconnectFromHost();
            return;
        }
        if (response.pending) {
            // The request object is reused by the connection: the log line takes its fields now.
            RequestLog::Fields fields = logFields(request);
            answerLater(*response.pending, std::move(responder), request.method() == QHttpServerRequest::Method::Head,
                        [this, fields, route = answer.routeIndex, timer = answer.timer](int status) mutable {
                            fields.status = status;
                            finish(route, timer, std::move(fields));
                        });
            return;
        }
        if (m_metrics || lcHttp().isDebugEnabled()) {
            RequestLog::Fields fields = logFields(request);
            fields.status = response.status;
            fields.bytes = response.body.size();
            finish(answer.routeIndex, answer.timer, std::move(fields));
        }
        if (request.method() == QHttpServerRequest::Method::Head)
            writeHead(response, responder);
        else
            toQtResponse(response).write(std::move(responder));
    });
    if (m_webSocketHandler)
        connect(m_server.get(), &QAbstractHttpServer::newWebSocketConnection, this, &HttpTransport::takeWebSockets);
    m_server->setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        responder.write(HttpResponse::error(405, QStringLiteral("unsupported HTTP method on %1")
                                                     .arg(request.url().path()))
                            .body,
                        QByteArrayLiteral("application/json"), QHttpServerResponder::StatusCode::MethodNotAllowed);
    });
    connect(listener.get(), &GuardedTcpServer::requestRejected, this, [this](int status) {
        if (m_metrics)
            m_metrics->recordRejected(status);
    });
    m_listener = listener.get();
    m_server->bind(listener.release());   // the server takes ownership
    return true;
}

void HttpTransport::takeWebSockets()
{
    while (m_server->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server->nextPendingWebSocketConnection();
        if (socket)
            m_webSocketHandler(std::move(socket));
    }
}

quint16 HttpTransport::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

int HttpTransport::connectionCount() const
{
    return m_listener ? m_listener->connectionCount() : 0;
}

HttpTransport::Answer HttpTransport::respond(const QHttpServerRequest &qtRequest)
{
    Answer answer;
    answer.timer.start();
    HttpRequest request = toHttpRequest(qtRequest);
    HttpResponse response;
    try {
        response = m_handler(request);
    } catch (const std::exception &e) {
        qCWarning(lcHttp) << "handler failed:" << request.method << request.path() << e.what();
        response = HttpResponse::error(500, QStringLiteral("internal error: %1").arg(QString::fromLocal8Bit(e.what())));
    } catch (...) {
        qCWarning(lcHttp) << "handler failed:" << request.method << request.path();
        response = HttpResponse::error(500, QStringLiteral("internal error"));
    }
    answer.response = std::move(response);
    answer.routeIndex = request.routeIndex;
    return answer;
}

RequestLog::Fields HttpTransport::logFields(const QHttpServerRequest &request) const
{
    if (!lcHttp().isDebugEnabled())
        return {};
    RequestLog::Fields fields;
    fields.method = methodName(request.method());
    fields.path = request.url().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    fields.remoteAddress = request.remoteAddress().toString();
    return fields;
}

// Counts the answer and logs its line (at debug level, when that is on).
void HttpTransport::finish(int routeIndex, const QElapsedTimer &timer, RequestLog::Fields fields)
{
    fields.durationUs = timer.nsecsElapsed() / 1000;
    if (m_metrics)
        m_metrics->record(routeIndex, fields.status, fields.durationUs);
    RequestLog::write(fields);
}
