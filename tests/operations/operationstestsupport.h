// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/nodehandle.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QUrl>

#include <memory>

// A node on its own thread, on a free loopback port, and plain HTTP to it.
namespace OperationsTest {

struct Reply
{
    int status = -1;                   // -1: no answer in time
    QByteArray contentType;
    QByteArray body;
};

NodeConfig nodeConfig(const QString &name);
// Starts the node and waits for it; null if it did not start.
std::unique_ptr<NodeHandle> startNode(const NodeConfig &config);
Reply send(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
           const QByteArray &contentType = {});
// Registers an Eureka instance of app over HTTP; the status answered.
int registerInstance(QNetworkAccessManager &network, quint16 port, const QString &app, const QString &id);
// A free TCP port on 127.0.0.1 (closed again: a process started next can take it).
quint16 freePort();

}
