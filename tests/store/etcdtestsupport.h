// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "etcdprocess.h"
#include "sctestnode.h"

#include <QJsonObject>

#include <memory>

// Nodes over a real etcd, for the store tests.
namespace EtcdTestSupport {
// A node with short Service-Center leases (interval 1, times 1: a 2 s TTL) keeping its state in
// etcd at endpoints under prefix.
NodeConfig nodeConfig(const QList<QUrl> &endpoints, const QString &name,
                      const QString &prefix = QStringLiteral("/muster-test/"));
// Starts a node, or returns nothing.
std::unique_ptr<ScTestNode> startNode(const NodeConfig &config);
// An Eureka instance of app with a lease of leaseSecs seconds.
QJsonObject eurekaInstance(const QString &app, const QString &id, int leaseSecs);
// The "store" object of GET /muster/api/v1/node.
QJsonObject storeStatus(ScTestNode &node);
// The ids of every instance a full Eureka fetch shows, sorted.
QStringList eurekaIds(ScTestNode &node);
}
