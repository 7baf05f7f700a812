// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

// A TCP forwarder on a loopback port, to cut one node off from etcd while others still reach it:
// cut() drops every connection and refuses new ones; restore() listens on the same port again.
// It forwards on the thread it lives on, so the test's event loop must be running (QTRY, qWaitFor).
class TcpProxy : public QObject
{
    Q_OBJECT

public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);
    ~TcpProxy() override;

    bool listen();
    quint16 port() const { return m_port; }
    void cut();
    bool restore() { return listen(); }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_targetPort;
    quint16 m_port = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};
