// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>
#include <QTimer>

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

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection
    {
        QElapsedTimer lastActivity;
        qint64 lastAvailable = 0;
        bool continueSent = false;
        bool rejected = false;
    };

    void inspect(QTcpSocket *socket);
    void reject(QTcpSocket *socket, int status, const QByteArray &reason, const QString &message);
    void closeIdleConnections();

    Limits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
};
