// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/proxyconnection.h"

#include "gateway/gateway.h"
#include "gateway/gatewaylogging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QUrl>

namespace {
// Neither side is read while the other's write buffer holds more than this.
constexpr qint64 backlogLimit = 1 << 20;
constexpr qint64 readChunk = 64 << 10;
constexpr qint64 socketReadBuffer = 256 << 10;

bool isHopByHop(const QByteArray &name)
{
    static const QList<QByteArray> names {"connection", "keep-alive", "proxy-connection", "te", "trailer",
                                          "transfer-encoding", "upgrade", "content-length", "expect"};
    return names.contains(name.toLower());
}

bool isIdempotent(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE"
        || method == "TRACE";
}

QByteArray chunk(QByteArrayView data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data.toByteArray() + "\r\n";
}

QString clientAddress(const QTcpSocket &socket)
{
    const QHostAddress address = socket.peerAddress();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
}

ProxyConnection::ProxyConnection(QTcpSocket *client, Gateway &gateway, QObject *parent)
    : QObject {parent}
    , m_gateway {gateway}
    , m_client {client}
    , m_requestParser {HttpMessageParser::Kind::Request,
                       {[this](const HttpMessageHead &head) { onRequestHead(head); },
                        [this](QByteArrayView data) { onRequestBody(data); }, [this] { onRequestComplete(); }}}
    , m_timer {this}
{
    m_client->setParent(this);
    m_client->setReadBufferSize(socketReadBuffer);
    connect(m_client, &QTcpSocket::readyRead, this, &ProxyConnection::readClient);
    connect(m_client, &QTcpSocket::bytesWritten, this, [this] {
        if (m_upstream && m_phase == Phase::Forwarding) {
            armTimeout(m_gateway.config().responseTimeoutMs);
            readUpstream();
        }
    });
    connect(m_client, &QTcpSocket::disconnected, this, &ProxyConnection::onClientGone);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxyConnection::onTimerFired);
    armTimeout(m_gateway.config().idleTimeoutMs);
}

ProxyConnection::~ProxyConnection()
{
    if (m_upstream)
        m_upstream->abort();
}

void ProxyConnection::readClient()
{
    if (m_phase == Phase::Closing) {
        m_client->skip(m_client->bytesAvailable());
        return;
    }
    feedRequestParser();
}

// Feeds what the client sent to the request parser until it pauses after a request (the next one
// waits for this one's answer) or the instance's socket has too much to write.
void ProxyConnection::feedRequestParser()
{
    // A request's head can lead to a pooled connection at once, whose start feeds the parser again.
    if (m_feeding)
        return;
    m_feeding = true;
    const auto done = qScopeGuard([this] {
        m_feeding = false;
        flushUpstream();
    });
    while (m_phase != Phase::Closing && !m_gone) {
        if (m_requestParser.isPaused() || upstreamBacklog() > backlogLimit)
            return;
        if (m_clientIn.isEmpty()) {
            m_clientIn = m_client->read(readChunk);
            if (m_clientIn.isEmpty())
                return;
        }
        const qsizetype consumed = m_requestParser.feed(m_clientIn);
        m_clientIn.remove(0, consumed);
        if (m_requestParser.hasError()) {
            m_exchange.reset();
            answer(400, QStringLiteral("malformed HTTP request: %1").arg(m_requestParser.errorString()), {}, true);
            return;
        }
    }
}

void ProxyConnection::onRequestHead(const HttpMessageHead &head)
{
    disarmTimeout();
    if (head.upgrade) {
        answer(501, QStringLiteral("the gateway does not pass protocol upgrades (websockets) on"), {}, true);
        return;
    }
    startExchange(head);
}

// Chooses the instance for a request and starts connecting; false when the gateway answered itself.
bool ProxyConnection::startExchange(const HttpMessageHead &head)
{
    // A refused request's body is not worth reading: the connection closes after the answer.
    const bool close = head.hasBody || !head.keepAlive;
    const QByteArray &target = head.target;
    if (!target.startsWith('/')) {
        answer(400, QStringLiteral("the request target must be a path: /{service}/{path}"), {}, close);
        return false;
    }
    const qsizetype serviceEnd = [&target] {
        const qsizetype end = target.indexOf('/', 1);
        const qsizetype query = target.indexOf('?', 1);
        return query >= 0 && (end < 0 || query < end) ? query : (end < 0 ? target.size() : end);
    }();
    const QString service = QUrl::fromPercentEncoding(target.mid(1, serviceEnd - 1)).toLower();
    if (service.isEmpty()) {
        answer(404, QStringLiteral("name a service in the path: /{service}/{path}"), {}, close);
        return false;
    }
    const RoutedService *routed = m_gateway.find(service);
    if (!routed) {
        m_gateway.stats().recordUnknownService();
        answer(404, QStringLiteral("no service named '%1' is registered").arg(service), service, close);
        return false;
    }
    Exchange exchange;
    exchange.started.start();
    exchange.request = head;
    exchange.service = service;
    exchange.path = target.mid(serviceEnd);
    if (!exchange.path.startsWith('/'))
        exchange.path.prepend('/');
    exchange.clientKeepAlive = head.keepAlive;
    const InstanceChooser::Choice choice = m_gateway.choose(*routed, {});
    if (choice.outcome != InstanceChooser::Outcome::Chosen) {
        m_gateway.stats().recordServiceError(service, exchange.started.nsecsElapsed() / 1000, nowMs());
        answer(503, choice.outcome == InstanceChooser::Outcome::NoneUp
                        ? QStringLiteral("no instance of service '%1' is UP").arg(service)
                        : QStringLiteral("every UP instance of service '%1' failed recently and is ejected").arg(service),
               service, close);
        return false;
    }
    exchange.target = choice.target;
    m_exchange = std::move(exchange);
    if (head.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
    connectUpstream();
    return true;
}

void ProxyConnection::onRequestBody(QByteArrayView data)
{
    if (!m_exchange)
        return;
    sendToUpstream(m_exchange->request.chunked ? QByteArrayView(chunk(data)) : data);
}

void ProxyConnection::onRequestComplete()
{
    if (!m_exchange) {
        // The gateway answered this request itself; the next one may follow at once.
        if (m_phase != Phase::Closing)
            m_requestParser.resume();
        return;
    }
    if (m_exchange->request.chunked)
        sendToUpstream("0\r\n\r\n");
    m_exchange->requestComplete = true;
}

QByteArray ProxyConnection::upstreamHead() const
{
    const Exchange &exchange = *m_exchange;
    const HttpMessageHead &request = exchange.request;
    QByteArray head = request.method + ' ' + exchange.path + " HTTP/1.1\r\n";
    QByteArray forwardedFor;
    QByteArray originalHost;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("x-forwarded-for", Qt::CaseInsensitive) == 0) {
            forwardedFor = value;
            continue;
        }
        if (name.compare("host", Qt::CaseInsensitive) == 0) {
            originalHost = value;
            continue;
        }
        if (isHopByHop(name) || name.compare("x-forwarded-host", Qt::CaseInsensitive) == 0
            || name.compare("x-forwarded-proto", Qt::CaseInsensitive) == 0)
            continue;
        head += name + ": " + value + "\r\n";
    }
    const QByteArray client = clientAddress(*m_client).toLatin1();
    head += "Host: " + exchange.target.address().toLatin1() + "\r\n";
    head += "X-Forwarded-For: " + (forwardedFor.isEmpty() ? client : forwardedFor + ", " + client) + "\r\n";
    if (!originalHost.isEmpty())
        head += "X-Forwarded-Host: " + originalHost + "\r\n";
    head += "X-Forwarded-Proto: http\r\n";
    if (request.chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else if (request.hasContentLength)
        head += "Content-Length: " + QByteArray::number(request.contentLength) + "\r\n";
    head += "\r\n";
    return head;
}

void ProxyConnection::connectUpstream()
{
    const RoutingTarget &target = m_exchange->target;
    m_exchange->tried.insert(target.address());
    if (m_responseParser) {
        m_responseParser->reset();
    } else {
        m_responseParser = std::make_unique<HttpMessageParser>(
            HttpMessageParser::Kind::Response,
            HttpMessageParser::Events {[this](const HttpMessageHead &head) { onResponseHead(head); },
                                       [this](QByteArrayView data) { onResponseBody(data); },
                                       [this] { onResponseComplete(); }});
    }
    m_responseParser->setSkipBody(m_exchange->request.method == "HEAD");
    m_upstreamSentAnything = false;
    m_upstreamClosed = false;
    if (QTcpSocket *pooled = m_gateway.pool().take(target.address())) {
        m_upstreamReused = true;
        attachUpstream(pooled);
        onUpstreamConnected();
        return;
    }
    m_upstreamReused = false;
    attachUpstream(new QTcpSocket);
    m_phase = Phase::Connecting;
    armTimeout(m_gateway.config().connectTimeoutMs);
    m_upstream->connectToHost(target.host, target.port);
}

void ProxyConnection::attachUpstream(QTcpSocket *socket)
{
    m_upstream = socket;
    socket->setParent(this);
    socket->setReadBufferSize(socketReadBuffer);
    connect(socket, &QTcpSocket::connected, this, &ProxyConnection::onUpstreamConnected);
    connect(socket, &QTcpSocket::readyRead, this, &ProxyConnection::readUpstream);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_phase == Phase::Forwarding)
            armTimeout(m_gateway.config().responseTimeoutMs);
        feedRequestParser();
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] { onUpstreamGone(QStringLiteral("it closed the connection")); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            onUpstreamGone(socket->errorString());
    });
}

void ProxyConnection::onUpstreamConnected()
{
    m_phase = Phase::Forwarding;
    armTimeout(m_gateway.config().responseTimeoutMs);
    m_upstream->write(upstreamHead());
    if (!m_exchange->pendingBody.isEmpty()) {
        m_upstream->write(std::exchange(m_exchange->pendingBody, {}));
        m_exchange->bodyWritten = true;
    }
    feedRequestParser();   // flushes what was written, unless a parser callback called this
}

// Writes what waits for the instance now rather than on the next turn of the event loop, which
// would cost a poll and two socket-notifier changes per request. Never inside the request parser's
// callbacks: a write error reported from here may end the exchange.
void ProxyConnection::flushUpstream()
{
    if (!m_feeding && m_upstream && m_phase == Phase::Forwarding && m_upstream->bytesToWrite() > 0)
        m_upstream->flush();
}

void ProxyConnection::sendToUpstream(QByteArrayView data)
{
    if (m_phase == Phase::Forwarding) {
        m_upstream->write(data.data(), data.size());
        m_exchange->bodyWritten = true;
    } else {
        m_exchange->pendingBody.append(data);
    }
}

qint64 ProxyConnection::upstreamBacklog() const
{
    if (!m_exchange)
        return 0;
    return m_exchange->pendingBody.size() + (m_upstream ? m_upstream->bytesToWrite() : 0);
}

// Reads the instance's answer while the client's socket can take it.
void ProxyConnection::readUpstream()
{
    // Flushing to the client reports bytesWritten at once, which calls this again.
    if (m_readingUpstream)
        return;
    m_readingUpstream = true;
    const auto done = qScopeGuard([this] { m_readingUpstream = false; });
    while (m_upstream && m_phase == Phase::Forwarding && m_client->bytesToWrite() < backlogLimit) {
        const QByteArray data = m_upstream->read(readChunk);
        if (data.isEmpty()) {
            if (m_upstreamClosed)
                endOfUpstream();
            return;
        }
        m_upstreamSentAnything = true;
        armTimeout(m_gateway.config().responseTimeoutMs);
        HttpMessageParser *parser = m_responseParser.get();
        const qsizetype consumed = parser->feed(data);
        m_client->flush();
        if (m_gone || !m_exchange)
            return;   // the client's socket failed as it was written
        if (parser->hasError()) {
            failExchange(502, QStringLiteral("instance %1 of service '%2' sent a malformed answer: %3")
                                  .arg(m_exchange->target.instanceId, m_exchange->service, parser->errorString()));
            return;
        }
        if (parser->isPaused()) {
            // One answer is whole; bytes after it mean the connection cannot be used again.
            finishExchange(consumed == data.size() && m_upstream->bytesAvailable() == 0);
            return;
        }
    }
}

void ProxyConnection::onResponseHead(const HttpMessageHead &head)
{
    if (head.status >= 100 && head.status < 200)
        return;
    Exchange &exchange = *m_exchange;
    exchange.responseStarted = true;
    exchange.responseStatus = head.status;
    const bool bodyless = exchange.request.method == "HEAD" || head.status == 204 || head.status == 304;
    const bool http10Client = exchange.request.versionMinor == 0;
    if (!bodyless && !head.hasContentLength) {
        exchange.chunkedToClient = !http10Client;
        if (http10Client)
            exchange.clientKeepAlive = false;   // the body ends when the connection does
    }
    if (!head.keepAlive && !head.hasContentLength && !head.chunked && !bodyless)
        exchange.clientKeepAlive = exchange.clientKeepAlive && !http10Client;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(head.status) + ' ' + head.reason + "\r\n";
    for (const auto &[name, value] : head.headers) {
        if (!isHopByHop(name))
            out += name + ": " + value + "\r\n";
    }
    if (head.hasContentLength)
        out += "Content-Length: " + QByteArray::number(head.contentLength) + "\r\n";
    else if (exchange.chunkedToClient)
        out += "Transfer-Encoding: chunked\r\n";
    if (!exchange.clientKeepAlive)
        out += "Connection: close\r\n";
    else if (http10Client)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    m_client->write(out);
}

void ProxyConnection::onResponseBody(QByteArrayView data)
{
    if (m_exchange->chunkedToClient)
        m_client->write(chunk(data));
    else
        m_client->write(data.data(), data.size());
}

void ProxyConnection::onResponseComplete()
{
    if (!m_exchange->responseStarted) {
        // An interim 1xx answer: the real one follows.
        m_responseParser->resume();
        return;
    }
    if (m_exchange->chunkedToClient)
        m_client->write("0\r\n\r\n");
}

void ProxyConnection::finishExchange(bool upstreamReusable)
{
    Exchange &exchange = *m_exchange;
    const bool failed = exchange.responseStatus >= 500;
    m_gateway.recordExchange(exchange.service, exchange.target, exchange.started.nsecsElapsed() / 1000, failed);
    m_gateway.health().recordSuccess(exchange.target.address());
    const bool keepClient = exchange.clientKeepAlive && exchange.requestComplete;
    releaseUpstream(upstreamReusable && exchange.requestComplete);
    m_exchange.reset();
    if (!keepClient) {
        closeAfterWrite();
        return;
    }
    scheduleNextRequest();
}

void ProxyConnection::releaseUpstream(bool reusable)
{
    if (!m_upstream)
        return;
    QTcpSocket *socket = std::exchange(m_upstream, nullptr);
    socket->disconnect(this);
    if (reusable && socket->state() == QAbstractSocket::ConnectedState) {
        m_gateway.pool().put(m_exchange->target.address(), socket);
        return;
    }
    socket->abort();
    socket->deleteLater();
}

// The next pipelined request, if any, once the parsers' callbacks have returned.
void ProxyConnection::scheduleNextRequest()
{
    m_phase = Phase::Idle;
    armTimeout(m_gateway.config().idleTimeoutMs);
    if (!m_feeding && m_clientIn.isEmpty() && m_client->bytesAvailable() == 0) {
        m_requestParser.resume();   // nothing pipelined: the next request comes with readyRead
        return;
    }
    QMetaObject::invokeMethod(this, [this] {
        if (m_phase != Phase::Idle || m_gone)
            return;
        m_requestParser.resume();
        feedRequestParser();
    }, Qt::QueuedConnection);
}

void ProxyConnection::onUpstreamGone(const QString &reason)
{
    if (!m_exchange || !m_upstream || m_phase == Phase::Closing || m_upstreamClosed)
        return;
    m_upstreamClosed = true;
    m_upstreamClosedReason = reason;
    if (m_phase == Phase::Forwarding)
        readUpstream();   // what is still buffered first; the end follows once it is read
    else
        upstreamFailed();
}

// The instance's connection ended and everything it sent has been read.
void ProxyConnection::endOfUpstream()
{
    if (m_exchange->responseStarted) {
        m_responseParser->feedEnd();
        if (m_responseParser->isPaused()) {
            finishExchange(false);   // an answer that ran until the connection closed
            return;
        }
    }
    upstreamFailed();
}

void ProxyConnection::upstreamFailed()
{
    Exchange &exchange = *m_exchange;
    const QString address = exchange.target.address();
    const bool connectFailed = m_phase == Phase::Connecting;
    const bool staleReuse = m_upstreamReused && !m_upstreamSentAnything;
    if (!staleReuse && m_gateway.recordFailure(exchange.target, connectFailed))
        qCInfo(lcGateway).noquote() << "instance" << exchange.target.instanceId << "at" << address << "of service"
                                    << exchange.service << "ejected:" << m_upstreamClosedReason;
    const RoutingTarget failed = exchange.target;
    if (!exchange.responseStarted && (connectFailed || staleReuse) && retry(staleReuse)) {
        if (!staleReuse)
            m_gateway.stats().recordFailedAttempt(exchange.service, failed, exchange.started.nsecsElapsed() / 1000,
                                                  QDateTime::currentMSecsSinceEpoch());
        return;
    }
    if (exchange.responseStarted) {
        abortCutShort();
        return;
    }
    failExchange(502, QStringLiteral("instance %1 at %2 of service '%3' failed: %4")
                          .arg(exchange.target.instanceId, address, exchange.service, m_upstreamClosedReason));
}

// An answer cut short after its head went out: only closing the client's connection says so.
void ProxyConnection::abortCutShort()
{
    const Exchange &exchange = *m_exchange;
    m_gateway.recordExchange(exchange.service, exchange.target, exchange.started.nsecsElapsed() / 1000, true);
    releaseUpstream(false);
    m_exchange.reset();
    m_client->abort();
    onClientGone();
}

// Tries another instance (or the same one over a new connection, when a pooled one had been closed)
// for an idempotent request whose body has not gone out; false when that is not possible.
bool ProxyConnection::retry(bool sameInstance)
{
    Exchange &exchange = *m_exchange;
    if (exchange.bodyWritten || (!sameInstance && (exchange.retried || !isIdempotent(exchange.request.method))))
        return false;
    if (!sameInstance) {
        const RoutedService *routed = m_gateway.find(exchange.service);
        if (!routed)
            return false;
        const InstanceChooser::Choice choice = m_gateway.choose(*routed, exchange.tried);
        if (choice.outcome != InstanceChooser::Outcome::Chosen)
            return false;
        exchange.target = choice.target;
        exchange.retried = true;
    }
    releaseUpstream(false);
    connectUpstream();
    return true;
}

void ProxyConnection::armTimeout(int ms)
{
    m_deadline = QDeadlineTimer(ms);
    if (m_timer.isActive() && m_timerDue.deadlineNSecs() <= m_deadline.deadlineNSecs())
        return;
    m_timerDue = m_deadline;
    m_timer.start(ms);
}

void ProxyConnection::disarmTimeout()
{
    m_deadline = QDeadlineTimer(QDeadlineTimer::Forever);
}

void ProxyConnection::onTimerFired()
{
    if (m_deadline.isForever())
        return;
    if (!m_deadline.hasExpired()) {
        m_timerDue = m_deadline;
        m_timer.start(int(std::max<qint64>(1, m_deadline.remainingTime())));
        return;
    }
    m_deadline = QDeadlineTimer(QDeadlineTimer::Forever);
    onTimeout();
}

void ProxyConnection::onTimeout()
{
    switch (m_phase) {
    case Phase::Idle:
        if (m_requestParser.isIdle()) {
            m_client->disconnectFromHost();
            return;
        }
        answer(408, QStringLiteral("the request did not arrive in time"), {}, true);
        return;
    case Phase::Connecting:
        m_upstreamClosed = true;
        m_upstreamClosedReason = QStringLiteral("no connection within %1 ms").arg(m_gateway.config().connectTimeoutMs);
        upstreamFailed();
        return;
    case Phase::Forwarding: {
        const Exchange &exchange = *m_exchange;
        const QString message = QStringLiteral("instance %1 at %2 of service '%3' did not answer within %4 ms")
                                    .arg(exchange.target.instanceId, exchange.target.address(), exchange.service)
                                    .arg(m_gateway.config().responseTimeoutMs);
        m_gateway.recordFailure(exchange.target, false);
        if (exchange.responseStarted) {
            abortCutShort();
            return;
        }
        failExchange(504, message);
        return;
    }
    case Phase::Closing:
        m_client->abort();
        onClientGone();
        return;
    }
}

// The gateway's own answer to a request it started forwarding: 502 or 504, counted for the instance.
void ProxyConnection::failExchange(int status, const QString &message)
{
    Exchange &exchange = *m_exchange;
    qCDebug(lcGateway).noquote() << status << message;
    m_gateway.recordExchange(exchange.service, exchange.target, exchange.started.nsecsElapsed() / 1000, true);
    const bool keepClient = exchange.clientKeepAlive && exchange.requestComplete;
    const QString service = exchange.service;
    releaseUpstream(false);
    m_exchange.reset();
    answer(status, message, service, !keepClient);
    if (keepClient)
        scheduleNextRequest();
}

void ProxyConnection::answer(int status, const QString &message, const QString &service, bool close)
{
    QJsonObject object {{QStringLiteral("error"), message}, {QStringLiteral("status"), status}};
    if (!service.isEmpty())
        object.insert(QStringLiteral("service"), service);
    const QByteArray body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    const QByteArray reason = [status]() -> QByteArray {
        switch (status) {
        case 400: return "Bad Request";
        case 404: return "Not Found";
        case 408: return "Request Timeout";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        }
        return "Error";
    }();
    m_client->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                    + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body);
    if (close)
        closeAfterWrite();
}

void ProxyConnection::closeAfterWrite()
{
    m_phase = Phase::Closing;
    armTimeout(m_gateway.config().responseTimeoutMs);
    m_client->disconnectFromHost();
}

void ProxyConnection::onClientGone()
{
    if (m_gone)
        return;
    m_gone = true;
    disarmTimeout();
    m_timer.stop();
    if (m_exchange && m_upstream)
        releaseUpstream(false);
    m_exchange.reset();
    emit closed(this);
}
