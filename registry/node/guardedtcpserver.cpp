// SPDX-License-Identifier: GPL-3.0-or-later
#include "guardedtcpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcGuard, "muster.http.guard", QtInfoMsg)

namespace {
constexpr QByteArrayView headerEnd = "\r\n\r\n";

// The value of one header in a raw header block, or nothing.
std::optional<QByteArray> headerValue(const QByteArray &block, QByteArrayView name)
{
    const QList<QByteArray> lines = block.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
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
        reject(socket, 503, "Service Unavailable", QStringLiteral("too many connections"));
        return;
    }
    Connection &connection = m_connections[socket];
    connection.lastActivity.start();
    // Connected before QHttpServer connects its own slot, so the guard sees the bytes first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        if (auto it = m_connections.find(socket); it != m_connections.end())
            it->lastActivity.start();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);
}

// Looks at the request at the head of the socket's buffer. Qt HttpServer 6.4 reads a request in a
// socket transaction, so until a request is complete its bytes stay in the buffer from its first line.
void GuardedTcpServer::inspect(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &connection = *it;
    connection.lastActivity.start();
    if (connection.rejected) {
        socket->readAll();
        return;
    }

    const qint64 available = socket->bytesAvailable();
    if (available < connection.lastAvailable)
        connection.continueSent = false;   // the previous request was consumed
    connection.lastAvailable = available;

    const QByteArray head = socket->peek(m_limits.maxHeaderBytes);
    const qsizetype end = head.indexOf(headerEnd);
    if (end < 0) {
        if (head.size() >= m_limits.maxHeaderBytes)
            reject(socket, 431, "Request Header Fields Too Large", QStringLiteral("request headers are too large"));
        return;
    }
    const QByteArray block = head.left(end);
    const qint64 contentLength = headerValue(block, "content-length").value_or("0").toLongLong();
    if (contentLength > m_limits.maxBodyBytes
        || available - (end + headerEnd.size()) > m_limits.maxBodyBytes) {
        reject(socket, 413, "Payload Too Large",
               QStringLiteral("request body is larger than the limit of %1 bytes").arg(m_limits.maxBodyBytes));
        return;
    }
    if (!connection.continueSent
        && headerValue(block, "expect").value_or(QByteArray()).compare("100-continue", Qt::CaseInsensitive) == 0) {
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        connection.continueSent = true;
    }
}

// Answers with a JSON error, drops what the client sent and closes once the answer is out.
void GuardedTcpServer::reject(QTcpSocket *socket, int status, const QByteArray &reason, const QString &message)
{
    if (auto it = m_connections.find(socket); it != m_connections.end())
        it->rejected = true;
    qCInfo(lcGuard) << "rejecting a request from" << socket->peerAddress().toString() << status << message;
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("error"), message},
                                                       {QStringLiteral("status"), status}})
                                .toJson(QJsonDocument::Compact);
    socket->readAll();
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                  + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                  + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

void GuardedTcpServer::closeIdleConnections()
{
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        if (it->lastActivity.hasExpired(m_limits.idleTimeoutMs))
            it.key()->disconnectFromHost();
    }
}
