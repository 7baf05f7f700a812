// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/linkfault.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <QUrl>

// The faults on the replication links between the nodes of this process, keyed by the sender's and
// the receiver's Eureka service URLs (http://127.0.0.1:port/eureka/). Every node's replicator looks
// its link up here before each batch; the console and POST /muster/api/v1/faults set them. Safe to
// use from any thread.
class LinkFaults
{
public:
    struct Link
    {
        QUrl from;
        QUrl to;
        LinkFault fault;
    };

    static LinkFaults &inProcess();

    LinkFault fault(const QUrl &from, const QUrl &to) const;
    // A fault with nothing in it heals the link.
    void set(const QUrl &from, const QUrl &to, const LinkFault &fault);
    // Cuts (or heals) both directions between two nodes.
    void setPartition(const QUrl &a, const QUrl &b, bool partitioned);
    void healAll();
    QList<Link> links() const;

    static QString keyOf(const QUrl &url);

private:
    mutable QMutex m_mutex;
    QHash<QPair<QString, QString>, LinkFault> m_faults;
};
