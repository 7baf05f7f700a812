// SPDX-License-Identifier: GPL-3.0-or-later
#include "etcdtestsupport.h"

using namespace Qt::StringLiterals;

namespace EtcdTestSupport {
NodeConfig nodeConfig(const QList<QUrl> &endpoints, const QString &name, const QString &prefix)
{
    NodeConfig config = ScTestNode::shortLeaseConfig();
    config.name = name;
    config.store.kind = StoreConfig::Kind::Etcd;
    config.store.etcdEndpoints = endpoints;
    config.store.etcdPrefix = prefix;
    config.store.etcdRequestTimeoutMs = 1500;
    config.store.etcdReconnectMaxMs = 1000;
    return config;
}

std::unique_ptr<ScTestNode> startNode(const NodeConfig &config)
{
    auto node = std::make_unique<ScTestNode>(config);
    if (!node->start())
        return nullptr;
    return node;
}

QJsonObject eurekaInstance(const QString &app, const QString &id, int leaseSecs)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, u"host-"_s + id);
    instance[u"leaseInfo"_s] = QJsonObject {{u"renewalIntervalInSecs"_s, 1}, {u"durationInSecs"_s, leaseSecs}};
    return instance;
}

QJsonObject storeStatus(ScTestNode &node)
{
    return node.nodeStatus().value(u"store").toObject();
}

QStringList eurekaIds(ScTestNode &node)
{
    QStringList ids;
    for (const QJsonValue instance : EurekaTestNode::allInstances(node.applications()))
        ids.append(instance.toObject().value(u"instanceId").toString());
    ids.sort();
    return ids;
}
}
