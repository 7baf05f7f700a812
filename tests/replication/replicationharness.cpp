// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationharness.h"

#include <QJsonDocument>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

QList<quint16> ReplicationHarness::reservePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> servers;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        server->setProxy(QNetworkProxy::NoProxy);
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports.append(server->serverPort());
        servers.push_back(std::move(server));
    }
    return ports;   // the servers close here, leaving the ports free
}

QUrl ReplicationHarness::serviceUrl(quint16 port)
{
    return QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(port));
}

NodeConfig ReplicationHarness::config(const QString &name, quint16 port, const QList<QUrl> &peers)
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.name = name;
    config.port = port;
    config.peers = peers;
    return config;
}

NodeConfig ReplicationHarness::expiringConfig(const QString &name, quint16 port, const QList<QUrl> &peers)
{
    NodeConfig config = ReplicationHarness::config(name, port, peers);
    config.registry.selfPreservationEnabled = false;
    config.evictionIntervalSecs = 1;
    return config;
}

bool ReplicationHarness::servesReads(EurekaTestNode &node)
{
    return node.get(u"/eureka/apps"_s).status == 200;
}

bool ReplicationHarness::startReady(EurekaTestNode &node, int timeoutMs)
{
    if (!node.start())
        return false;
    return QTest::qWaitFor([&] { return servesReads(node); }, timeoutMs);
}

QJsonObject ReplicationHarness::instance(const QString &app, const QString &id, qint64 lastDirty, int durationSecs,
                                         const QJsonObject &metadata)
{
    QJsonObject instance = EurekaTestNode::instanceFixture(app, id, u"host-"_s + id.section(u':', 0, 0));
    instance.insert(u"lastDirtyTimestamp"_s, QString::number(lastDirty));
    instance.insert(u"lastUpdatedTimestamp"_s, QString::number(lastDirty));
    instance.insert(u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 30}, {u"durationInSecs"_s, durationSecs}});
    if (!metadata.isEmpty())
        instance.insert(u"metadata"_s, metadata);
    return instance;
}

QJsonObject ReplicationHarness::item(const QString &action, const QString &app, const QString &id,
                                     std::optional<qint64> lastDirty, const QString &status,
                                     const QJsonObject &instanceInfo)
{
    QJsonObject item {{u"appName"_s, app}, {u"id"_s, id}, {u"action"_s, action}};
    if (lastDirty)
        item.insert(u"lastDirtyTimestamp"_s, *lastDirty);
    if (!status.isEmpty())
        item.insert(u"status"_s, status);
    if (!instanceInfo.isEmpty())
        item.insert(u"instanceInfo"_s, instanceInfo);
    return item;
}

QByteArray ReplicationHarness::batchBody(const QJsonArray &items)
{
    return QJsonDocument(QJsonObject {{u"replicationList"_s, items}}).toJson(QJsonDocument::Compact);
}

HttpReply ReplicationHarness::postBatch(EurekaTestNode &node, const QJsonArray &items, const QString &path)
{
    return node.send("POST", path, batchBody(items),
                     {{"Content-Type", "application/json"},
                      {"Accept", "application/json"},
                      {"User-Agent", "Java-EurekaClient-Replication"},
                      {"DiscoveryIdentity-Name", "DefaultServer"},
                      {"DiscoveryIdentity-Version", "1.0"},
                      {"DiscoveryIdentity-Id", "127.0.0.1"}});
}

HttpReply ReplicationHarness::rawRequest(EurekaTestNode &node, const QByteArray &method, const QString &path,
                                         const QByteArray &body, const HttpHeaders &headers)
{
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\n" + node.hostHeader();
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    return node.raw(request);
}

HttpReply ReplicationHarness::rawRegister(EurekaTestNode &node, const QJsonObject &instance)
{
    return rawRequest(node, "POST", u"/eureka/apps/"_s + instance.value(u"app").toString(),
                      EurekaTestNode::instanceDocument(instance),
                      {{"Content-Type", "application/json"}, {"Accept", "application/json"}});
}

HttpReply ReplicationHarness::heartbeat(EurekaTestNode &node, const QString &app, const QString &id,
                                        const QString &query, const HttpHeaders &headers)
{
    QString path = u"/eureka/apps/%1/%2"_s.arg(app, id);
    if (!query.isEmpty())
        path += u'?' + query;
    return node.put(path, headers);
}

bool ReplicationHarness::has(EurekaTestNode &node, const QString &app, const QString &id)
{
    return node.instance(app, id).has_value();
}

QString ReplicationHarness::field(EurekaTestNode &node, const QString &app, const QString &id, const QString &name)
{
    const auto found = node.instance(app, id);
    return found ? found->value(name).toString() : QString();
}

QString ReplicationHarness::metadata(EurekaTestNode &node, const QString &app, const QString &id, const QString &key)
{
    const auto found = node.instance(app, id);
    return found ? found->value(u"metadata").toObject().value(key).toString() : QString();
}

qint64 ReplicationHarness::dirtyTimestamp(const QJsonObject &instance)
{
    const QJsonValue value = instance.value(u"lastDirtyTimestamp");
    return value.isString() ? value.toString().toLongLong() : qint64(value.toDouble());
}

QJsonArray ReplicationHarness::peers(EurekaTestNode &node)
{
    return node.nodeStatus().value(u"peers").toArray();
}

QJsonObject ReplicationHarness::peerState(EurekaTestNode &node, quint16 peerPort)
{
    const QString needle = u"127.0.0.1:%1/"_s.arg(peerPort);
    for (const QJsonValue peer : peers(node)) {
        if (peer.toObject().value(u"url").toString().contains(needle))
            return peer.toObject();
    }
    return {};
}

qint64 ReplicationHarness::revision(EurekaTestNode &node)
{
    return qint64(node.nodeStatus().value(u"revision").toDouble());
}

QStringList ReplicationHarness::ids(const QList<QJsonObject> &items)
{
    QStringList result;
    for (const QJsonObject &item : items)
        result.append(item.value(u"id").toString());
    return result;
}

QStringList ReplicationHarness::actions(const QList<QJsonObject> &items, const QString &id)
{
    QStringList result;
    for (const QJsonObject &item : items) {
        if (item.value(u"id").toString() == id)
            result.append(item.value(u"action").toString());
    }
    return result;
}
