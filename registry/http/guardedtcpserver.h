// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/requestframing.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>


class QTcpSocket;

// The limits Qt HttpServer 6.4 lacks (../shared/qt-notes.md §1.5, §1.6): a cap on connections,
// an idle timeout, a body limit answered with 413 before the body is buffered, a header size limit,
// and "100 Continue" for clients that send Expect. Handed to QHttpServer::bind(). With a TLS
// configuration it serves HTTPS on the same port: each connection is handed on once its handshake
// is done, and the limits apply to the decrypted stream.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Limits
    {
        int maxConnections = 4096;
        int idleTimeoutMs = 15'000;
        qint64 maxBodyBytes = 1 << 20;
        qint64 maxHeaderBytes = 64 << 10;
        int handshakeTimeoutMs = 10'000;
    };

    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);

    // Serve HTTPS with it; set before listening. A null configuration serves plain HTTP.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    int connectionCount() const { return int(m_connections.size()); }
    // Stops guarding a connection that leaves HTTP (a websocket upgrade): no framing, no idle timeout.
    void release(QTcpSocket *socket);

signals:
    // The guard answered a request itself (413, 431, 503) before Qt's parser saw it.
    void requestRejected(int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection
    {
        QElapsedTimer lastActivity;
        qint64 leftover = 0;           // bytes Qt left unread after the last readyRead: already seen
        RequestFraming framing;
        bool rejected = false;
        QElapsedTimer rejectedAt;
        qint64 drainedBytes = 0;       // what the client sent after its rejection, read and dropped
        bool writeShutDown = false;
    };

    using Rejection = RequestFraming::Rejection;

    void startHandshake(qintptr socketDescriptor);
    void admit(QTcpSocket *socket);
    void inspect(QTcpSocket *socket);
    void reject(QTcpSocket *socket, const Rejection &rejection);
    void drain(QTcpSocket *socket, Connection &connection);
    static void shutDownWriting(QTcpSocket *socket, Connection &connection);
    void closeIdleConnections();

    Limits m_limits;
    QSslConfiguration m_tls;
    int m_handshakes = 0;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
};
