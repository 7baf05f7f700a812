// SPDX-License-Identifier: GPL-3.0-or-later
#include "sctestnode.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QByteArray s_lastFailure;

bool namesHeader(const HttpHeaders &headers, QByteArrayView name)
{
    return std::any_of(headers.cbegin(), headers.cend(), [&](const auto &pair) {
        return QByteArrayView(pair.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}
}

const QByteArray ScTestNode::jsonContentType = "application/json; charset=UTF-8";

NodeConfig ScTestNode::defaultConfig()
{
    NodeConfig config = EurekaTestNode::defaultConfig();
    config.name = u"sc-test"_s;
    return config;
}

NodeConfig ScTestNode::shortLeaseConfig(int pingMs)
{
    NodeConfig config = defaultConfig();
    config.name = u"sc-test-short"_s;
    config.serviceComb.minHeartbeatIntervalSecs = 1;
    config.serviceComb.minHeartbeatTimes = 0;
    config.serviceComb.watcherPingIntervalMs = pingMs;
    config.serviceComb.heartbeatPingIntervalMs = pingMs;
    return config;
}

ScTestNode::ScTestNode(NodeConfig config)
    : EurekaTestNode(std::move(config))
{
}

QString ScTestNode::registryPath(const QString &rest, const QString &project)
{
    return u"/v4/"_s + project + u"/registry"_s + rest;
}

QUrl ScTestNode::wsUrl(const QString &pathAndQuery) const
{
    return QUrl(u"ws://127.0.0.1:%1"_s.arg(port()) + pathAndQuery);
}

HttpReply ScTestNode::scSend(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
                             const HttpHeaders &headers)
{
    HttpHeaders all = headers;
    if (!namesHeader(all, "X-Domain-Name"))
        all.append(qMakePair(QByteArray("X-Domain-Name"), QByteArray("default")));
    if (!body.isEmpty() && !namesHeader(all, "Content-Type"))
        all.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (!namesHeader(all, "Accept"))
        all.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    return send(verb, pathAndQuery, body, all);
}

HttpReply ScTestNode::scGet(const QString &pathAndQuery, const HttpHeaders &headers)
{
    return scSend("GET", pathAndQuery, {}, headers);
}

HttpReply ScTestNode::scPost(const QString &pathAndQuery, const QJsonObject &body, const HttpHeaders &headers)
{
    return scSend("POST", pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

HttpReply ScTestNode::scPut(const QString &pathAndQuery, const QJsonObject &body, const HttpHeaders &headers)
{
    const QByteArray bytes = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return scSend("PUT", pathAndQuery, bytes, headers);
}

HttpReply ScTestNode::scDelete(const QString &pathAndQuery, const HttpHeaders &headers)
{
    return scSend("DELETE", pathAndQuery, {}, headers);
}

HttpHeaders ScTestNode::consumer(const QString &consumerId)
{
    return {{"X-ConsumerId", consumerId.toUtf8()}};
}

QJsonObject ScTestNode::serviceFixture(const QString &name, const QString &appId, const QString &version,
                                       const QString &environment)
{
    QJsonObject service {{u"serviceName"_s, name}, {u"appId"_s, appId}, {u"version"_s, version}};
    if (!environment.isEmpty())
        service[u"environment"_s] = environment;
    return service;
}

QJsonObject ScTestNode::instanceFixture(const QString &hostName, const QString &endpoint)
{
    return {{u"hostName"_s, hostName}, {u"endpoints"_s, QJsonArray {endpoint}}};
}

QJsonObject ScTestNode::instanceFixture(const QString &hostName, int interval, int times)
{
    QJsonObject instance = instanceFixture(hostName);
    instance[u"healthCheck"_s] = healthCheck(u"push"_s, interval, times);
    return instance;
}

QString ScTestNode::createService(const QJsonObject &service, const QString &project)
{
    const HttpReply reply = scPost(registryPath(u"/microservices"_s, project), {{u"service"_s, service}});
    const QString id = reply.json().value(u"serviceId").toString();
    if (reply.status != 200 || id.isEmpty()) {
        setLastFailure("creating service " + QJsonDocument(service).toJson(QJsonDocument::Compact), reply);
        return {};
    }
    return id;
}

QString ScTestNode::createService(const QString &name, const QString &appId, const QString &version,
                                  const QString &environment)
{
    return createService(serviceFixture(name, appId, version, environment));
}

QString ScTestNode::registerInstance(const QString &serviceId, const QJsonObject &instance)
{
    const HttpReply reply = scPost(registryPath(u"/microservices/%1/instances"_s.arg(serviceId)),
                                   {{u"instance"_s, instance}});
    const QString id = reply.json().value(u"instanceId").toString();
    if (reply.status != 200 || id.isEmpty()) {
        setLastFailure("registering an instance of " + serviceId.toUtf8(), reply);
        return {};
    }
    return id;
}

std::optional<QJsonObject> ScTestNode::service(const QString &serviceId)
{
    const HttpReply reply = scGet(registryPath(u"/microservices/"_s + serviceId));
    if (reply.status != 200)
        return std::nullopt;
    return reply.json().value(u"service").toObject();
}

std::optional<QJsonObject> ScTestNode::scInstance(const QString &serviceId, const QString &instanceId)
{
    const HttpReply reply = getInstance(serviceId, instanceId);
    if (reply.status != 200)
        return std::nullopt;
    return reply.json().value(u"instance").toObject();
}

HttpReply ScTestNode::getInstance(const QString &serviceId, const QString &instanceId)
{
    return scGet(registryPath(u"/microservices/%1/instances/%2"_s.arg(serviceId, instanceId)));
}

HttpReply ScTestNode::heartbeat(const QString &serviceId, const QString &instanceId)
{
    return scPut(registryPath(u"/microservices/%1/instances/%2/heartbeat"_s.arg(serviceId, instanceId)));
}

HttpReply ScTestNode::setStatus(const QString &serviceId, const QString &instanceId, const QString &status)
{
    return scPut(registryPath(u"/microservices/%1/instances/%2/status?value=%3"_s.arg(serviceId, instanceId, status)));
}

HttpReply ScTestNode::unregister(const QString &serviceId, const QString &instanceId)
{
    return scDelete(registryPath(u"/microservices/%1/instances/%2"_s.arg(serviceId, instanceId)));
}

HttpReply ScTestNode::find(const QString &appId, const QString &serviceName, const QString &consumerId,
                           const QString &extraQuery)
{
    QString path = registryPath(u"/instances?appId=%1&serviceName=%2"_s.arg(appId, serviceName));
    if (!extraQuery.isEmpty())
        path += u'&' + extraQuery;
    return scGet(path, consumerId.isEmpty() ? HttpHeaders {} : consumer(consumerId));
}

QByteArray ScTestNode::lastFailure()
{
    return s_lastFailure;
}

void ScTestNode::setLastFailure(const QByteArray &what, const HttpReply &reply)
{
    s_lastFailure = what + " failed: " + reply.describe();
}

QString ScTestNode::expectedServiceId(const QString &appId, const QString &serviceName, const QString &version,
                                      const QString &environment, const QString &domainProject)
{
    const QString key = u"/cse-sr/ms/indexes/%1/%2/%3/%4/%5"_s.arg(domainProject, environment, appId, serviceName,
                                                                  version);
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QStringList ScTestNode::instanceIds(const QJsonArray &instances)
{
    QStringList ids;
    for (const QJsonValue instance : instances)
        ids.append(instance.toObject().value(u"instanceId").toString());
    ids.sort();
    return ids;
}

QJsonArray ScTestNode::instancesOf(const HttpReply &reply)
{
    return reply.json().value(u"instances").toArray();
}

std::optional<QJsonObject> ScTestNode::findById(const QJsonArray &items, const QString &key, const QString &value)
{
    for (const QJsonValue item : items) {
        if (item.toObject().value(key).toString() == value)
            return item.toObject();
    }
    return std::nullopt;
}

bool ScTestNode::isHex(const QString &text, int length)
{
    static const QRegularExpression lowerHex(u"^[0-9a-f]+$"_s);
    return text.size() == length && lowerHex.match(text).hasMatch();
}

bool ScTestNode::isRecentSecondsString(const QJsonValue &value)
{
    if (!value.isString())
        return false;
    bool ok = false;
    const qint64 seconds = value.toString().toLongLong(&ok);
    return ok && qAbs(seconds - QDateTime::currentSecsSinceEpoch()) < 300;
}

QJsonObject ScTestNode::healthCheck(const QString &mode, int interval, int times)
{
    return {{u"mode"_s, mode}, {u"interval"_s, interval}, {u"times"_s, times}};
}

QByteArray ScTestNode::errorMismatch(const HttpReply &reply, const QByteArray &code)
{
    const QByteArray got = ", got " + reply.describe();
    if (!code.isEmpty() && reply.status != code.toInt() / 1000)
        return "expected HTTP " + QByteArray::number(code.toInt() / 1000) + " for error " + code + got;
    if (reply.status < 400)
        return "expected an error status" + got;
    if (reply.header("Content-Type") != jsonContentType)
        return "expected Content-Type " + jsonContentType + " on an error, got \"" + reply.header("Content-Type")
            + "\" with " + reply.describe();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return "expected a JSON object error body" + got;
    const QJsonObject body = document.object();
    const QJsonValue errorCode = body.value(u"errorCode");
    if (!errorCode.isString())
        return "errorCode must be a JSON string" + got;
    if (!code.isEmpty() && errorCode.toString() != QString::fromLatin1(code))
        return "expected errorCode \"" + code + '"' + got;
    if (errorCode.toString().toInt() / 1000 != reply.status)
        return "HTTP status must be errorCode / 1000" + got;
    if (!body.value(u"errorMessage").isString() || body.value(u"errorMessage").toString().isEmpty())
        return "errorMessage must be a non-empty string" + got;
    if (body.contains(u"detail") && !body.value(u"detail").isString())
        return "detail must be a string when present" + got;
    return {};
}

QByteArray ScTestNode::jsonMismatch(const HttpReply &reply)
{
    const QByteArray got = ", got " + reply.describe();
    if (reply.status != 200)
        return "expected HTTP 200" + got;
    if (reply.header("Content-Type") != jsonContentType)
        return "expected Content-Type " + jsonContentType + ", got \"" + reply.header("Content-Type") + "\" with "
            + reply.describe();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return "expected a JSON object body" + got;
    return {};
}
