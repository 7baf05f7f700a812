// SPDX-License-Identifier: GPL-3.0-or-later
#include "eurekatestnode.h"

#include "node/nodehandle.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <zlib.h>

using namespace Qt::StringLiterals;

bool HttpReply::hasHeader(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpReply::describe() const
{
    return "HTTP " + QByteArray::number(status) + ' ' + body.left(600);
}

NodeConfig EurekaTestNode::defaultConfig()
{
    NodeConfig config;
    config.name = u"eureka-test"_s;
    config.bindAddress = QHostAddress::LocalHost;
    config.port = 0;
    return config;
}

EurekaTestNode::EurekaTestNode(NodeConfig config)
    : m_handle {std::make_unique<NodeHandle>(config)}
    , m_network {std::make_unique<QNetworkAccessManager>()}
    , m_scheme {config.scheme()}
{
    m_network->setProxy(QNetworkProxy::NoProxy);
}

EurekaTestNode::~EurekaTestNode()
{
    m_network.reset();
    m_handle->stop();
}

bool EurekaTestNode::start()
{
    QSignalSpy started(m_handle.get(), &NodeHandle::started);
    QSignalSpy failed(m_handle.get(), &NodeHandle::startFailed);
    m_handle->start();
    const bool answered = QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, timeoutMs);
    return answered && !started.isEmpty() && m_handle->port() != 0;
}

quint16 EurekaTestNode::port() const
{
    return m_handle->port();
}

QUrl EurekaTestNode::url(const QString &pathAndQuery) const
{
    return QUrl(NodeUrl::base(u"127.0.0.1"_s, port(), m_scheme) + pathAndQuery);
}

HttpReply EurekaTestNode::send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
                               const HttpHeaders &headers)
{
    QNetworkRequest request(url(pathAndQuery));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_clientTls.isNull())
        request.setSslConfiguration(m_clientTls);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply {body.isEmpty() ? m_network->sendCustomRequest(request, verb)
                                                         : m_network->sendCustomRequest(request, verb, body)};
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs))
        return {};
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    return result;
}

HttpReply EurekaTestNode::get(const QString &pathAndQuery, const QByteArray &accept)
{
    HttpHeaders headers;
    if (!accept.isEmpty())
        headers.append({"Accept", accept});
    return send("GET", pathAndQuery, {}, headers);
}

HttpReply EurekaTestNode::put(const QString &pathAndQuery, const HttpHeaders &headers)
{
    return send("PUT", pathAndQuery, {}, headers);
}

HttpReply EurekaTestNode::del(const QString &pathAndQuery, const HttpHeaders &headers)
{
    return send("DELETE", pathAndQuery, {}, headers);
}

HttpReply EurekaTestNode::registerJson(const QJsonObject &instance, const QString &prefix, const QString &pathApp,
                                       const HttpHeaders &extraHeaders)
{
    const QString app = pathApp.isEmpty() ? instance.value(u"app").toString() : pathApp;
    HttpHeaders headers {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    headers.append(extraHeaders);
    return send("POST", prefix + u"/apps/"_s + app, instanceDocument(instance), headers);
}

HttpReply EurekaTestNode::registerXml(const QByteArray &xml, const QString &pathApp, const QString &prefix)
{
    return send("POST", prefix + u"/apps/"_s + pathApp, xml,
                {{"Content-Type", "application/xml"}, {"Accept", "application/xml"}});
}

QJsonObject EurekaTestNode::applications(const QString &prefix)
{
    return get(prefix + u"/apps"_s).json().value(u"applications").toObject();
}

QJsonObject EurekaTestNode::delta(const QString &prefix)
{
    return get(prefix + u"/apps/delta"_s).json().value(u"applications").toObject();
}

std::optional<QJsonObject> EurekaTestNode::instance(const QString &app, const QString &id)
{
    const HttpReply reply = get(u"/eureka/apps/%1/%2"_s.arg(app, id));
    if (reply.status != 200)
        return std::nullopt;
    return reply.json().value(u"instance").toObject();
}

QJsonObject EurekaTestNode::nodeStatus()
{
    return get(u"/muster/api/v1/node"_s).json();
}

std::unique_ptr<QTcpSocket> EurekaTestNode::openSocket() const
{
    if (m_scheme == NodeUrl::Scheme::Https) {
        auto socket = std::make_unique<QSslSocket>();
        socket->setProxy(QNetworkProxy::NoProxy);
        if (!m_clientTls.isNull())
            socket->setSslConfiguration(m_clientTls);
        socket->connectToHostEncrypted(u"127.0.0.1"_s, port());
        if (!socket->waitForEncrypted(timeoutMs))
            return nullptr;
        return socket;
    }
    auto socket = std::make_unique<QTcpSocket>();
    socket->setProxy(QNetworkProxy::NoProxy);
    socket->connectToHost(QHostAddress::LocalHost, port());
    if (!socket->waitForConnected(timeoutMs))
        return nullptr;
    return socket;
}

QByteArray EurekaTestNode::hostHeader() const
{
    return "Host: 127.0.0.1:" + QByteArray::number(port()) + "\r\n";
}

HttpReply EurekaTestNode::readReply(QTcpSocket &socket, QByteArray &buffer, bool headRequest, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    const auto readMore = [&] {
        if (socket.bytesAvailable() == 0 && socket.state() == QAbstractSocket::ConnectedState)
            socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        const QByteArray chunk = socket.readAll();
        buffer.append(chunk);
        return !chunk.isEmpty();
    };

    qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    while (headerEnd < 0) {
        if (!readMore() && (deadline.hasExpired() || socket.state() != QAbstractSocket::ConnectedState))
            return {};
        headerEnd = buffer.indexOf("\r\n\r\n");
    }

    HttpReply reply;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
        return {};
    reply.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    buffer.remove(0, headerEnd + 4);

    const bool bodyless = headRequest || reply.status < 200 || reply.status == 204 || reply.status == 304;
    if (bodyless)
        return reply;
    if (reply.hasHeader("Content-Length")) {
        const qsizetype length = reply.header("Content-Length").toLongLong();
        while (buffer.size() < length) {
            if (!readMore() && (deadline.hasExpired() || socket.state() != QAbstractSocket::ConnectedState))
                break;
        }
        reply.body = buffer.left(length);
        buffer.remove(0, reply.body.size());
        return reply;
    }
    // No length: the body runs until the server closes.
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        readMore();
    buffer.append(socket.readAll());
    reply.body = std::exchange(buffer, {});
    return reply;
}

HttpReply EurekaTestNode::raw(const QByteArray &request, bool headRequest)
{
    const auto socket = openSocket();
    if (!socket)
        return {};
    socket->write(request);
    socket->flush();
    QByteArray buffer;
    return readReply(*socket, buffer, headRequest);
}

QJsonObject EurekaTestNode::instanceFixture(const QString &app, const QString &id, const QString &hostName)
{
    return QJsonObject {
        {u"instanceId"_s, id},
        {u"hostName"_s, hostName},
        {u"app"_s, app},
        {u"ipAddr"_s, u"10.0.0.1"_s},
        {u"status"_s, u"UP"_s},
        {u"overriddenStatus"_s, u"UNKNOWN"_s},
        {u"port"_s, QJsonObject {{u"$"_s, 8080}, {u"@enabled"_s, u"true"_s}}},
        {u"securePort"_s, QJsonObject {{u"$"_s, 8443}, {u"@enabled"_s, u"false"_s}}},
        {u"countryId"_s, 1},
        {u"dataCenterInfo"_s, QJsonObject {{u"@class"_s, u"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"_s},
                                          {u"name"_s, u"MyOwn"_s}}},
        {u"leaseInfo"_s, QJsonObject {{u"renewalIntervalInSecs"_s, 30}, {u"durationInSecs"_s, 90}}},
        {u"metadata"_s, QJsonObject {{u"management.port"_s, u"8080"_s}}},
        {u"homePageUrl"_s, u"http://%1:8080/"_s.arg(hostName)},
        {u"statusPageUrl"_s, u"http://%1:8080/info"_s.arg(hostName)},
        {u"healthCheckUrl"_s, u"http://%1:8080/health"_s.arg(hostName)},
        {u"vipAddress"_s, app.toLower()},
        {u"secureVipAddress"_s, QString(app.toLower() + u"-secure"_s)},
        {u"isCoordinatingDiscoveryServer"_s, u"false"_s},
        {u"lastUpdatedTimestamp"_s, u"1700000000000"_s},
        {u"lastDirtyTimestamp"_s, u"1700000000000"_s},
        {u"actionType"_s, u"ADDED"_s},
    };
}

QByteArray EurekaTestNode::instanceDocument(const QJsonObject &instance)
{
    return QJsonDocument(QJsonObject {{u"instance"_s, instance}}).toJson(QJsonDocument::Compact);
}

QJsonArray EurekaTestNode::allInstances(const QJsonObject &applications)
{
    QJsonArray result;
    for (const QJsonValue application : applications.value(u"application").toArray()) {
        for (const QJsonValue instance : application.toObject().value(u"instance").toArray())
            result.append(instance);
    }
    return result;
}

std::optional<QJsonObject> EurekaTestNode::findInstance(const QJsonObject &applications, const QString &id)
{
    for (const QJsonValue instance : allInstances(applications)) {
        if (instance.toObject().value(u"instanceId").toString() == id)
            return instance.toObject();
    }
    return std::nullopt;
}

QByteArray EurekaTestNode::basicAuthorization(const QString &account, const QString &password)
{
    return "Basic " + (account + u':' + password).toUtf8().toBase64();
}

QByteArray EurekaTestNode::gunzip(const QByteArray &data)
{
    z_stream stream {};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
        return {};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    char chunk[16384];
    int result = Z_OK;
    do {
        stream.next_out = reinterpret_cast<Bytef *>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        if (result != Z_OK && result != Z_STREAM_END) {
            inflateEnd(&stream);
            return {};
        }
        out.append(chunk, qsizetype(sizeof chunk - stream.avail_out));
    } while (result != Z_STREAM_END);
    inflateEnd(&stream);
    return out;
}
