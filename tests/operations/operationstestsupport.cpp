// SPDX-License-Identifier: GPL-3.0-or-later
#include "operationstestsupport.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>

namespace OperationsTest {

NodeConfig nodeConfig(const QString &name)
{
    NodeConfig config;
    config.name = name;
    config.port = 0;
    return config;
}

std::unique_ptr<NodeHandle> startNode(const NodeConfig &config)
{
    auto node = std::make_unique<NodeHandle>(config);
    QSignalSpy started(node.get(), &NodeHandle::started);
    node->start();
    if (!started.wait(10000))
        return nullptr;
    return node;
}

Reply send(QNetworkAccessManager &network, const QByteArray &verb, const QUrl &url, const QByteArray &body,
           const QByteArray &contentType)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    std::unique_ptr<QNetworkReply> reply {network.sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll()};
}

int registerInstance(QNetworkAccessManager &network, quint16 port, const QString &app, const QString &id)
{
    const QByteArray body = QStringLiteral("{\"instance\": {\"instanceId\": \"%1\", \"app\": \"%2\", \"hostName\": \"h-%1\",\n"
        "        \"ipAddr\": \"10.0.0.1\", \"port\": {\"$\": 8080, \"@enabled\": \"true\"}, \"vipAddress\": \"%3\", \"status\": \"UP\",\n"
        "        \"dataCenterInfo\": {\"@class\": \"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\", \"name\": \"MyOwn\"}}}")
                                .arg(id, app, app.toLower())
                                .toUtf8();
    return send(network, "POST", QUrl(QStringLiteral("http://127.0.0.1:%1/eureka/apps/%2").arg(port).arg(app)), body,
                "application/json")
        .status;
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

}
