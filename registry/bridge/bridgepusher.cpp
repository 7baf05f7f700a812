// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridgepusher.h"

#include "client/httpclient.h"
#include "eureka/eurekajsoncodec.h"
#include "model/endpointmapping.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombwire.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QUrlQuery>

namespace {
const HttpClient::Headers eurekaHeaders {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
const HttpClient::Headers serviceCombHeaders {
    {"Accept", "application/json"}, {"Content-Type", "application/json"}, {"X-Domain-Name", "default"}};

// A cancel or heartbeat for something the remote does not hold.
CommandResult resultOf(const RemoteReply &reply)
{
    if (reply.status == 404)
        return CommandResult::failure(CommandResult::Error::NoSuchInstance, reply.errorText());
    return reply.commandResult();
}

// Eureka ids such as host:app:port are not Service-Center ids: those go there as their SHA-1, with
// the original in a property that a bridge reading the Service-Center turns back into the id.
QString serviceCenterInstanceId(const QString &id)
{
    if (ServiceCombCodec::isValidInstanceId(id))
        return id;
    return QString::fromLatin1(QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1).toHex());
}

// Service-Center answers an unknown instance's heartbeat with 400 and its code 400017.
bool isUnknownToServiceCenter(const RemoteReply &reply)
{
    if (reply.status == 404)
        return true;
    const QJsonObject body = reply.json();
    return reply.status == 400 && body.value(u"errorCode").toVariant().toString() == u"400017";
}
}

EurekaPusher::EurekaPusher(HttpClient &http, const QUrl &serviceUrl)
    : m_http {http}
    , m_serviceUrl {serviceUrl}
{
}

QUrl EurekaPusher::instanceUrl(const Instance &instance, const QString &rest) const
{
    QUrl url = m_serviceUrl;
    url.setPath(m_serviceUrl.path() + QStringLiteral("apps/") + instance.app + u'/' + instance.instanceId + rest,
                QUrl::DecodedMode);
    return url;
}

void EurekaPusher::setOverride(const Instance &instance, const QString &, std::optional<InstanceStatus> status,
                               Done done)
{
    QUrl url = instanceUrl(instance, QStringLiteral("/status"));
    const InstanceStatus value = eurekaVisibleStatus(status.value_or(instance.status));
    url.setQuery(QUrlQuery {{QStringLiteral("value"), statusName(value)}});
    m_http.send(status ? "PUT" : "DELETE", url, [done](const RemoteReply &reply) { done(resultOf(reply)); }, {},
                eurekaHeaders);
}

void EurekaPusher::registerInstance(const Instance &instance, const std::optional<Service> &, RegisterDone done)
{
    Instance registered = instance;
    registered.status = eurekaVisibleStatus(instance.status);
    registered.overriddenStatus = InstanceStatus::Unknown;
    QUrl url = m_serviceUrl;
    url.setPath(m_serviceUrl.path() + QStringLiteral("apps/") + instance.app, QUrl::DecodedMode);
    m_http.send("POST", url, [done](const RemoteReply &reply) { done({reply.commandResult(), {}}); },
                EurekaJsonCodec::encodeInstanceDocument(registered), eurekaHeaders);
}

void EurekaPusher::renew(const Instance &instance, const QString &, Done done)
{
    QUrl url = instanceUrl(instance);
    url.setQuery(QUrlQuery {{QStringLiteral("status"), statusName(eurekaVisibleStatus(instance.status))},
                            {QStringLiteral("lastDirtyTimestamp"), QString::number(instance.lastDirtyTimestamp)}});
    m_http.send("PUT", url, [done](const RemoteReply &reply) { done(resultOf(reply)); }, {}, eurekaHeaders);
}

void EurekaPusher::cancel(const Instance &instance, const QString &, Done done)
{
    m_http.send("DELETE", instanceUrl(instance), [done](const RemoteReply &reply) {
        const CommandResult result = resultOf(reply);
        done(result.errorKind() == CommandResult::Error::NoSuchInstance ? CommandResult {} : result);
    }, {}, eurekaHeaders);
}

ServiceCombPusher::ServiceCombPusher(HttpClient &http, const QUrl &root)
    : m_http {http}
    , m_root {root}
{
}

QUrl ServiceCombPusher::url(const QString &path) const
{
    QUrl url = m_root;
    url.setPath(QStringLiteral("/v4/default/registry/") + path, QUrl::DecodedMode);
    return url;
}

void ServiceCombPusher::createService(const Service &service, bool withId, std::function<void(const RemoteReply &)> done)
{
    QJsonObject object = ServiceCombCodec::encodeService(service);
    for (const auto key : {u"timestamp", u"modTimestamp", u"status"})
        object.remove(key);
    if (!withId)
        object.remove(u"serviceId");
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("service"), object}}).toJson(QJsonDocument::Compact);
    m_http.send("POST", url(QStringLiteral("microservices")), std::move(done), body, serviceCombHeaders);
}

// The service keeps its id where the external registry lets it; where another id holds the key
// there, the instance goes into that one.
void ServiceCombPusher::registerInstance(const Instance &instance, const std::optional<Service> &service,
                                         RegisterDone done)
{
    const Service target = service.value_or(EurekaServiceMapping::serviceForApp(instance.app, 0));
    createService(target, true, [this, target, instance, done](const RemoteReply &reply) {
        const QString serviceId = reply.json().value(u"serviceId").toString();
        if (reply.isSuccess() && !serviceId.isEmpty()) {
            sendSchemas(serviceId, target);
            return registerIn(serviceId, instance, done);
        }
        if (reply.status == 0)
            return done({reply.commandResult(), {}});
        createService(target, false, [this, instance, done](const RemoteReply &reply) {
            const QString serviceId = reply.json().value(u"serviceId").toString();
            if (!reply.isSuccess() || serviceId.isEmpty())
                return done({reply.isSuccess() ? CommandResult::failure(CommandResult::Error::Refused, reply.errorText())
                                                : reply.commandResult(),
                             {}});
            registerIn(serviceId, instance, done);
        });
    });
}

// Contents go beside the registrations (an instance does not wait for them), each one once per
// bridge unless it changes; a failed one goes again with the service's next instance.
void ServiceCombPusher::sendSchemas(const QString &serviceId, const Service &service)
{
    QMap<QString, SchemaEntry> &sent = m_schemasSent[serviceId];
    for (auto it = service.schemas.cbegin(); it != service.schemas.cend(); ++it) {
        if (it->content.isEmpty() || sent.value(it.key()) == *it)
            continue;
        sent.insert(it.key(), *it);
        QJsonObject body {{QStringLiteral("schema"), it->content}};
        if (!it->summary.isEmpty())
            body.insert(QStringLiteral("summary"), it->summary);
        m_http.send("PUT", url(QStringLiteral("microservices/%1/schemas/%2").arg(serviceId, it.key())),
                    [this, serviceId, schemaId = it.key()](const RemoteReply &reply) {
            if (!reply.isSuccess())
                m_schemasSent[serviceId].remove(schemaId);
        }, QJsonDocument(body).toJson(QJsonDocument::Compact), serviceCombHeaders);
    }
}

void ServiceCombPusher::registerIn(const QString &serviceId, const Instance &instance, RegisterDone done)
{
    Instance registered = instance;
    if (registered.endpoints.isEmpty())
        registered.endpoints = EndpointMapping::endpointsFromPorts(instance);
    registered.instanceId = serviceCenterInstanceId(instance.instanceId);
    if (registered.instanceId != instance.instanceId)
        registered.metadata.insert(BridgePusher::originalIdKey(), instance.instanceId);
    QJsonObject object = ServiceCombCodec::encodeInstance(registered, {});
    for (const auto key : {u"serviceId", u"timestamp", u"modTimestamp", u"version"})
        object.remove(key);
    object.insert(QStringLiteral("status"), ServiceCombWire::statusName(instance.status));
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("instance"), object}}).toJson(QJsonDocument::Compact);
    m_http.send("POST", url(QStringLiteral("microservices/%1/instances").arg(serviceId)),
                [serviceId, done](const RemoteReply &reply) { done({reply.commandResult(), serviceId}); }, body,
                serviceCombHeaders);
}

void ServiceCombPusher::renew(const Instance &instance, const QString &externalServiceId, Done done)
{
    m_http.send("PUT", url(QStringLiteral("microservices/%1/instances/%2/heartbeat").arg(externalServiceId, serviceCenterInstanceId(instance.instanceId))),
                [done](const RemoteReply &reply) {
        if (isUnknownToServiceCenter(reply))
            return done(CommandResult::failure(CommandResult::Error::NoSuchInstance, reply.errorText()));
        done(reply.commandResult());
    }, {}, serviceCombHeaders);
}

void ServiceCombPusher::setOverride(const Instance &instance, const QString &externalServiceId,
                                    std::optional<InstanceStatus> status, Done done)
{
    QUrl target = url(QStringLiteral("microservices/%1/instances/%2/status").arg(externalServiceId, serviceCenterInstanceId(instance.instanceId)));
    target.setQuery(QUrlQuery {{QStringLiteral("value"), ServiceCombWire::statusName(status.value_or(instance.status))}});
    m_http.send("PUT", target, [done](const RemoteReply &reply) {
        if (isUnknownToServiceCenter(reply))
            return done(CommandResult::failure(CommandResult::Error::NoSuchInstance, reply.errorText()));
        done(reply.commandResult());
    }, {}, serviceCombHeaders);
}

void ServiceCombPusher::cancel(const Instance &instance, const QString &externalServiceId, Done done)
{
    m_http.send("DELETE", url(QStringLiteral("microservices/%1/instances/%2").arg(externalServiceId, serviceCenterInstanceId(instance.instanceId))),
                [done](const RemoteReply &reply) {
        done(isUnknownToServiceCenter(reply) ? CommandResult {} : reply.commandResult());
    }, {}, serviceCombHeaders);
}

QString BridgePusher::originalIdKey()
{
    return QStringLiteral("muster.instance-id");
}
