// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>
#include <QTimer>

#include <optional>

class QTcpSocket;

// The limits Qt HttpServer 6.4 lacks (../shared/qt-notes.md §1.5, §1.6): a cap on connections,
// an idle timeout, a body limit answered with 413 before the body is buffered, a header size limit,
// and "100 Continue" for clients that send Expect. Handed to QHttpServer::bind().
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
    };

    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);

    int connectionCount() const { return int(m_connections.size()); }
    // Stops guarding a connection that leaves HTTP (a websocket upgrade): no framing, no idle timeout.
    void release(QTcpSocket *socket);

signals:
    // The guard answered a request itself (413, 431, 503) before Qt's parser saw it.
    void requestRejected(int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    // Where a connection's byte stream stands: Qt's parser consumes what it reads, so the guard
    // follows the request framing itself, over the bytes it sees before Qt does.
    struct Connection
    {
        enum class Phase
        {
            Headers,
            Body,
            ChunkedBody,
        };

        QElapsedTimer lastActivity;
        qint64 leftover = 0;           // bytes Qt left unread after the last readyRead: already seen
        Phase phase = Phase::Headers;
        QByteArray headerBlock;
        qint64 bodyRemaining = 0;
        qint64 chunkedBytes = 0;
        QByteArray chunkedTail;
        bool rejected = false;
        QElapsedTimer rejectedAt;
        qint64 drainedBytes = 0;       // what the client sent after its rejection, read and dropped
        bool writeShutDown = false;
    };

    struct Rejection
    {
        int status;
        QByteArray reason;
        QString message;
    };

    void inspect(QTcpSocket *socket);
    std::optional<Rejection> follow(QTcpSocket *socket, Connection &connection, QByteArrayView data);
    std::optional<Rejection> startBody(QTcpSocket *socket, Connection &connection);
    void reject(QTcpSocket *socket, const Rejection &rejection);
    void drain(QTcpSocket *socket, Connection &connection);
    static void shutDownWriting(QTcpSocket *socket, Connection &connection);
    void closeIdleConnections();

    Limits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
};
