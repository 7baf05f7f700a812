// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

// A store's state as the node API and the console show it.
struct StoreStatus
{
    enum class Kind
    {
        Memory,
        Etcd,
    };

    Kind kind = Kind::Memory;
    QStringList endpoints;             // etcd: every endpoint configured, in order
    QString endpoint;                  // etcd: the one in use
    QString prefix;                    // etcd: the key prefix
    bool connected = true;             // etcd: reads are current and writes are accepted
    bool stale = false;                // etcd: reads come from a cache that may have missed changes
    QString lastError;
    qint64 lastErrorMs = 0;
    quint64 revision = 0;              // etcd: the revision the cache shows
    quint64 fullReads = 0;             // etcd: reads of the whole prefix (start, compaction, a new etcd)
    quint64 watchResumes = 0;          // etcd: reconnects that went on from the last revision seen
};

// The kind as the node API writes it and the console names it: "memory" or "etcd".
inline QString storeKindName(StoreStatus::Kind kind)
{
    return kind == StoreStatus::Kind::Etcd ? QStringLiteral("etcd") : QStringLiteral("memory");
}

Q_DECLARE_METATYPE(StoreStatus)
