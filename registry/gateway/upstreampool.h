// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// Idle keep-alive connections to upstream instances, by address (host:port), on the gateway's
// thread. A connection that the instance closes, or that sends anything while idle, is dropped;
// one idle longer than a few seconds is closed before the instance's own keep-alive timeout does.
class UpstreamPool : public QObject
{
    Q_OBJECT

public:
    explicit UpstreamPool(QObject *parent = nullptr);
    ~UpstreamPool() override;

    // A connected socket with no parent and no connections of the pool, or null.
    QTcpSocket *take(const QString &address);
    // Takes an idle, connected socket whose last response was read whole.
    void put(const QString &address, QTcpSocket *socket);
    qsizetype idleCount() const;

private:
    struct Idle
    {
        QTcpSocket *socket = nullptr;
        QElapsedTimer since;
    };
    void drop(QTcpSocket *socket);
    void closeStale();

    QHash<QString, QList<Idle>> m_idle;
    QTimer m_sweep;
};
