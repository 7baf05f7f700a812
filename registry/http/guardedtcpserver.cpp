// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/guardedtcpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>
#include <utility>

#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcGuard, "muster.http.guard", QtInfoMsg)

namespace {
// How long a rejected client may go on sending before the connection is cut.
constexpr int drainTimeoutMs = 10000;
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
    if (!m_tls.isNull()) {
        startHandshake(socketDescriptor);
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    admit(socket);
}

// A TLS client joins the guarded connections once its handshake is done; one that stalls or fails
// its handshake is dropped without an answer, since it cannot read one.
void GuardedTcpServer::startHandshake(qintptr socketDescriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_connections.size() + m_handshakes >= m_limits.maxConnections) {
        qCWarning(lcGuard) << "connection limit reached during TLS handshakes:" << m_limits.maxConnections;
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_handshakes;
    socket->setSslConfiguration(m_tls);
    auto handshaking = std::make_shared<bool>(true);
    const auto endHandshake = [this, handshaking] {
        if (std::exchange(*handshaking, false))
            --m_handshakes;
    };
    connect(socket, &QSslSocket::encrypted, this, [this, socket, endHandshake] {
        endHandshake();
        admit(socket);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [socket, handshaking](QAbstractSocket::SocketError) {
        if (*handshaking)
            qCDebug(lcGuard).noquote() << "TLS handshake from" << socket->peerAddress().toString()
                                       << "failed:" << socket->errorString();
    });
    connect(socket, &QAbstractSocket::disconnected, this, [socket, handshaking, endHandshake] {
        if (*handshaking) {
            endHandshake();
            socket->deleteLater();
        }
    });
    QTimer::singleShot(m_limits.handshakeTimeoutMs, socket, [socket, handshaking, endHandshake] {
        if (!*handshaking)
            return;
        qCInfo(lcGuard).noquote() << "TLS handshake from" << socket->peerAddress().toString() << "timed out";
        endHandshake();
        socket->abort();
        socket->deleteLater();
    });
    socket->startServerEncryption();
}

void GuardedTcpServer::admit(QTcpSocket *socket)
{
    if (m_connections.size() >= m_limits.maxConnections) {
        qCWarning(lcGuard) << "connection limit reached:" << m_limits.maxConnections;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        reject(socket, {503, "Service Unavailable", QStringLiteral("too many connections")});
        return;
    }
    Connection &connection = m_connections[socket];
    connection.framing = RequestFraming({m_limits.maxBodyBytes, m_limits.maxHeaderBytes});
    connection.lastActivity.start();
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
    // Bytes decrypted along with the end of a TLS handshake arrived before anyone listened for them.
    if (socket->bytesAvailable() > 0)
        emit socket->readyRead();
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
    const RequestFraming::Step step = connection.framing.feed(QByteArrayView(buffered).sliced(connection.leftover));
    if (step.rejection) {
        reject(socket, *step.rejection);
        return;
    }
    for (int i = 0; i < step.continues; ++i)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
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
    // TLS has no half-close that a client's TLS stack reads as the end of the answer (an end of the
    // stream without close_notify is an error there, and the answer is dropped with it): over TLS
    // the answer's Content-Length frames it, and the connection ends when the client closes it, or
    // when the drain or idle limits do.
    if (qobject_cast<QSslSocket *>(socket))
        return;
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
