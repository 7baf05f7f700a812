// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpproxy.h"

#include <QTcpSocket>

TcpProxy::TcpProxy(quint16 targetPort, QObject *parent)
    : QObject {parent}
    , m_targetPort {targetPort}
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpProxy::accept);
}

TcpProxy::~TcpProxy()
{
    cut();
}

bool TcpProxy::listen()
{
    if (m_server.isListening())
        return true;
    if (!m_server.listen(QHostAddress::LocalHost, m_port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void TcpProxy::cut()
{
    m_server.close();
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
        if (socket)
            socket->abort();
    }
    m_sockets.clear();
}

void TcpProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        m_sockets << client << upstream;
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
        });
        connect(upstream, &QTcpSocket::connected, client, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(upstream, &QTcpSocket::errorOccurred, client, [client] { client->abort(); });
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}
