// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/guardedtcpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcGuard, "muster.http.guard", QtInfoMsg)

namespace {
constexpr QByteArrayView chunkedEnd = "\r\n0\r\n\r\n";
// How long a rejected client may go on sending before the connection is cut.
constexpr int drainTimeoutMs = 10000;

// The value of one header in a raw header block, or nothing.
std::optional<QByteArray> headerValue(QByteArrayView block, QByteArrayView name)
{
    qsizetype lineStart = block.indexOf('\n') + 1;   // skip the request line
    while (lineStart > 0 && lineStart < block.size()) {
        const qsizetype newline = block.indexOf('\n', lineStart);
        const QByteArrayView line = block.sliced(lineStart, (newline < 0 ? block.size() : newline) - lineStart);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed().toByteArray();
        lineStart = newline + 1;
    }
    return std::nullopt;
}

// Where the header block ends (after its blank line), accepting CRLF and bare LF like Qt's parser.
std::optional<qsizetype> headerBlockEnd(const QByteArray &block, qsizetype searchFrom)
{
    const qsizetype crlf = block.indexOf("\r\n\r\n", searchFrom);
    const qsizetype lf = block.indexOf("\n\n", searchFrom);
    if (crlf >= 0 && (lf < 0 || crlf + 2 <= lf))
        return crlf + 4;
    if (lf >= 0)
        return lf + 2;
    return std::nullopt;
}
}

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer {parent}
    , m_limits {limits}
{
    m_sweep.setInterval(std::max(250, m_limits.idleTimeoutMs / 4));
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::closeIdleConnections);
    m_sweep.start();
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_connections.size() >= m_limits.maxConnections) {
        qCWarning(lcGuard) << "connection limit reached:" << m_limits.maxConnections;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        reject(socket, {503, "Service Unavailable", QStringLiteral("too many connections")});
        return;
    }
    m_connections[socket].lastActivity.start();
    // Connected before QHttpServer connects its own slot (in addPendingConnection), so it runs first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            it->lastActivity.start();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);
    // Connected after QHttpServer's slot: what it left in the buffer has been seen already.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            it->leftover = socket->bytesAvailable();
    });
}

void GuardedTcpServer::inspect(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &connection = *it;
    connection.lastActivity.start();
    if (connection.rejected) {
        drain(socket, connection);
        return;
    }
    const qint64 available = socket->bytesAvailable();
    if (available <= connection.leftover)
        return;
    const QByteArray buffered = socket->peek(available);
    if (auto rejection = follow(socket, connection, QByteArrayView(buffered).sliced(connection.leftover)))
        reject(socket, *rejection);
}

// Advances the connection's framing over newly arrived bytes.
std::optional<GuardedTcpServer::Rejection> GuardedTcpServer::follow(QTcpSocket *socket, Connection &connection,
                                                                     QByteArrayView data)
{
    while (!data.isEmpty()) {
        switch (connection.phase) {
        case Connection::Phase::Headers: {
            if (connection.headerBlock.isEmpty()) {
                while (!data.isEmpty() && (data.front() == '\r' || data.front() == '\n'))
                    data = data.sliced(1);
                if (data.isEmpty())
                    return std::nullopt;
            }
            const qsizetype searchFrom = std::max<qsizetype>(0, connection.headerBlock.size() - 3);
            connection.headerBlock.append(data);
            const auto end = headerBlockEnd(connection.headerBlock, searchFrom);
            if (!end) {
                if (connection.headerBlock.size() > m_limits.maxHeaderBytes)
                    return Rejection {431, "Request Header Fields Too Large",
                                      QStringLiteral("request headers are larger than %1 bytes")
                                          .arg(m_limits.maxHeaderBytes)};
                return std::nullopt;
            }
            const qsizetype unused = connection.headerBlock.size() - *end;
            data = data.sliced(data.size() - unused);
            connection.headerBlock.truncate(*end);
            if (auto rejection = startBody(socket, connection))
                return rejection;
            connection.headerBlock.clear();
            break;
        }
        case Connection::Phase::Body: {
            const qint64 taken = std::min<qint64>(connection.bodyRemaining, data.size());
            connection.bodyRemaining -= taken;
            data = data.sliced(taken);
            if (connection.bodyRemaining == 0)
                connection.phase = Connection::Phase::Headers;
            break;
        }
        case Connection::Phase::ChunkedBody: {
            const qsizetype tailSize = connection.chunkedTail.size();
            const QByteArray window = connection.chunkedTail + data.toByteArray();
            const qsizetype end = window.indexOf(chunkedEnd);
            const qsizetype consumed = end >= 0 ? end + chunkedEnd.size() - tailSize : data.size();
            connection.chunkedBytes += consumed;
            if (connection.chunkedBytes > m_limits.maxBodyBytes)
                return Rejection {413, "Payload Too Large",
                                  QStringLiteral("request body is larger than the limit of %1 bytes")
                                      .arg(m_limits.maxBodyBytes)};
            if (end >= 0) {
                connection.phase = Connection::Phase::Headers;
                connection.chunkedTail.clear();
            } else {
                connection.chunkedTail = window.right(chunkedEnd.size() - 1);
            }
            data = data.sliced(consumed);
            break;
        }
        }
    }
    return std::nullopt;
}

// A header block is complete: decide how its body is framed, refuse one too large before it arrives,
// and answer "100 Continue" (Qt 6.4 never does; curl would wait a second for it).
std::optional<GuardedTcpServer::Rejection> GuardedTcpServer::startBody(QTcpSocket *socket, Connection &connection)
{
    const QByteArray &block = connection.headerBlock;
    const bool chunked = headerValue(block, "transfer-encoding").value_or(QByteArray()).toLower().contains("chunked");
    const qint64 contentLength = headerValue(block, "content-length").value_or("0").toLongLong();
    if (!chunked && contentLength > m_limits.maxBodyBytes)
        return Rejection {413, "Payload Too Large",
                          QStringLiteral("request body is larger than the limit of %1 bytes").arg(m_limits.maxBodyBytes)};
    if (chunked) {
        connection.phase = Connection::Phase::ChunkedBody;
        connection.chunkedBytes = 0;
        connection.chunkedTail = QByteArrayLiteral("\r\n");   // the first chunk may be the last: "0\r\n\r\n"
    } else if (contentLength > 0) {
        connection.phase = Connection::Phase::Body;
        connection.bodyRemaining = contentLength;
    } else {
        connection.phase = Connection::Phase::Headers;
    }
    const bool expectsContinue =
        headerValue(block, "expect").value_or(QByteArray()).compare("100-continue", Qt::CaseInsensitive) == 0;
    if (expectsContinue && connection.phase != Connection::Phase::Headers)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return std::nullopt;
}

// Answers with a JSON error and ends the connection so that the client reads the answer: once it is
// out, the node stops writing (the client sees the end of the answer) but goes on reading and
// dropping what the client still sends, for a while, since closing a socket with unread data resets
// the connection and the client may lose the answer with it.
void GuardedTcpServer::reject(QTcpSocket *socket, const Rejection &rejection)
{
    const auto tracked = m_connections.find(socket);
    qCInfo(lcGuard).noquote() << "rejecting a request from" << socket->peerAddress().toString() << rejection.status
                              << rejection.message;
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("error"), rejection.message},
                                                       {QStringLiteral("status"), rejection.status}})
                                .toJson(QJsonDocument::Compact);
    socket->readAll();
    emit requestRejected(rejection.status);
    socket->write("HTTP/1.1 " + QByteArray::number(rejection.status) + ' ' + rejection.reason
                  + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                  + "\r\nConnection: close\r\n\r\n" + body);
    if (tracked == m_connections.end()) {
        socket->disconnectFromHost();
        return;
    }
    tracked->rejected = true;
    tracked->rejectedAt.start();
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        if (auto it = m_connections.find(socket); it != m_connections.end() && socket->bytesToWrite() == 0)
            shutDownWriting(socket, *it);
    });
}

void GuardedTcpServer::shutDownWriting(QTcpSocket *socket, Connection &connection)
{
    if (connection.writeShutDown)
        return;
    connection.writeShutDown = true;
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
}

void GuardedTcpServer::drain(QTcpSocket *socket, Connection &connection)
{
    connection.drainedBytes += socket->readAll().size();
    const qint64 drainLimit = std::max<qint64>(16 << 20, 16 * m_limits.maxBodyBytes);
    if (connection.drainedBytes > drainLimit || connection.rejectedAt.hasExpired(drainTimeoutMs))
        socket->abort();
}

void GuardedTcpServer::release(QTcpSocket *socket)
{
    if (!socket || !m_connections.remove(socket))
        return;
    disconnect(socket, nullptr, this, nullptr);
}

void GuardedTcpServer::closeIdleConnections()
{
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        if (it->lastActivity.hasExpired(m_limits.idleTimeoutMs))
            it.key()->disconnectFromHost();
    }
}
