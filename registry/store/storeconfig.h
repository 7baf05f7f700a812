// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

// Where a node keeps its state: in memory (the default), or in etcd (--store etcd://host:port,…).
struct StoreConfig
{
    enum class Kind
    {
        Memory,
        Etcd,
    };

    Kind kind = Kind::Memory;
    QList<QUrl> etcdEndpoints;         // http://host:port, tried in this order
    QString etcdPrefix = QStringLiteral("/muster/");
    int etcdRequestTimeoutMs = 3000;   // a write etcd has not acknowledged by then answers 503
    int etcdReconnectMaxMs = 5000;     // the longest wait between reconnect attempts
};
