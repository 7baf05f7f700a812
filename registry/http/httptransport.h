// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/guardedtcpserver.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/requestlog.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QHttpServer;
class RequestMetrics;
class QHttpServerRequest;
class QWebSocket;

// The one place that calls Qt HttpServer (its API changes in 6.5 and 6.8). One catch-all route
// hands every request, converted to an HttpRequest, to the handler. Most answers are written before
// the route returns. A handler that cannot answer yet (a write waiting for etcd) returns
// HttpResponse::deferred(pending): the transport keeps the responder and writes the answer when
// pending completes, only if the client's socket still exists and is connected, since Qt 6.4
// crashes when a deferred answer meets a closed socket (../shared/qt-notes.md §0.2). A client that
// pipelines requests behind a deferred one can get the later answers first (§0.3).
// Construct it on the thread it serves from.
class HttpTransport : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(HttpRequest &)>;
    using WebSocketHandler = std::function<void(std::unique_ptr<QWebSocket>)>;

    HttpTransport(Handler handler, GuardedTcpServer::Limits limits, QObject *parent = nullptr);
    ~HttpTransport() override;

    // Upgrades that the handler accepts (HttpResponse::webSocketUpgrade()) arrive here. Set before listen().
    void setWebSocketHandler(WebSocketHandler handler) { m_webSocketHandler = std::move(handler); }
    // Counts every answer into metrics (owned by the caller, on this thread); null: counts nothing.
    void setMetrics(RequestMetrics *metrics) { m_metrics = metrics; }
    // Serve HTTPS on the listening port with it (null: plain HTTP). Set before listen().
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    QString errorString() const { return m_error; }
    int connectionCount() const;

private:
    struct Answer
    {
        HttpResponse response;
        int routeIndex = -1;
        QElapsedTimer timer;
    };

    Answer respond(const QHttpServerRequest &request);
    RequestLog::Fields logFields(const QHttpServerRequest &request) const;
    void finish(int routeIndex, const QElapsedTimer &timer, RequestLog::Fields fields);
    void takeWebSockets();

    Handler m_handler;
    WebSocketHandler m_webSocketHandler;
    GuardedTcpServer::Limits m_limits;
    QSslConfiguration m_tls;
    std::unique_ptr<QHttpServer> m_server;
    QPointer<GuardedTcpServer> m_listener;
    QString m_error;
    RequestMetrics *m_metrics = nullptr;
};
