// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/upstreampool.h"

#include <QTcpSocket>

namespace {
constexpr qsizetype maxIdlePerAddress = 256;
// Below the shortest common upstream keep-alive timeout (Node.js closes after 5 s).
constexpr qint64 maxIdleMs = 4000;
}

UpstreamPool::UpstreamPool(QObject *parent)
    : QObject {parent}
    , m_sweep {this}
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &UpstreamPool::closeStale);
    m_sweep.start();
}

UpstreamPool::~UpstreamPool()
{
    // A socket closing as it is deleted would call drop() on a pool half gone.
    const QHash<QString, QList<Idle>> idle = std::exchange(m_idle, {});
    for (const QList<Idle> &entries : idle) {
        for (const Idle &entry : entries) {
            entry.socket->disconnect(this);
            delete entry.socket;
        }
    }
}

QTcpSocket *UpstreamPool::take(const QString &address)
{
    auto it = m_idle.find(address);
    while (it != m_idle.end() && !it->isEmpty()) {
        QTcpSocket *socket = it->takeLast().socket;
        socket->disconnect(this);
        socket->setParent(nullptr);
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
        socket->abort();
        delete socket;
    }
    return nullptr;
}

void UpstreamPool::put(const QString &address, QTcpSocket *socket)
{
    QList<Idle> &idle = m_idle[address];
    if (idle.size() >= maxIdlePerAddress) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setParent(this);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { drop(socket); });
    Idle entry {socket, {}};
    entry.since.start();
    idle.append(entry);
}

qsizetype UpstreamPool::idleCount() const
{
    qsizetype count = 0;
    for (const QList<Idle> &idle : m_idle)
        count += idle.size();
    return count;
}

void UpstreamPool::drop(QTcpSocket *socket)
{
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        if (it->removeIf([socket](const Idle &entry) { return entry.socket == socket; }) > 0) {
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
            if (it->isEmpty())
                m_idle.erase(it);
            return;
        }
    }
}

void UpstreamPool::closeStale()
{
    for (auto it = m_idle.begin(); it != m_idle.end();) {
        it->removeIf([](const Idle &entry) {
            if (entry.since.elapsed() < maxIdleMs)
                return false;
            entry.socket->disconnect();
            entry.socket->abort();
            entry.socket->deleteLater();
            return true;
        });
        it = it->isEmpty() ? m_idle.erase(it) : std::next(it);
    }
}
