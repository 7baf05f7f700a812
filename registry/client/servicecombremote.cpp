// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/servicecombremote.h"

#include "client/clientlogging.h"
#include "model/endpointmapping.h"
#include "api/nodestatus.h"
#include "client/remotemirror.h"
#include "servicecomb/servicecombcodec.h"
#include "servicecomb/servicecombconfig.h"
#include "servicecomb/servicecombwire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace {
namespace Codec = ServiceCombCodec;
namespace Wire = ServiceCombWire;

qint64 msFromSeconds(const QJsonValue &value)
{
    return value.toVariant().toString().toLongLong() * 1000;
}
}

ServiceCombRemote::ServiceCombRemote(HttpClient &http, RemoteMirror &mirror, const QUrl &root, const QString &version)
    : m_http {http}
    , m_mirror {mirror}
    , m_root {root}
    , m_version {version}
{
}

const HttpClient::Headers &ServiceCombRemote::headers()
{
    static const HttpClient::Headers headers {{"Accept", "application/json"}, {"X-Domain-Name", "default"}};
    return headers;
}

std::optional<Service> ServiceCombRemote::decodeService(const QJsonObject &object)
{
    auto decoded = Codec::decodeService(object);
    if (const auto *error = std::get_if<ServiceCombError>(&decoded)) {
        qCWarning(lcClient).noquote() << "skipping a service the remote sent:" << error->detail();
        return std::nullopt;
    }
    Service service = std::get<Service>(decoded);
    service.createdMs = msFromSeconds(Wire::field(object, u"timestamp"));
    service.modifiedMs = msFromSeconds(Wire::field(object, u"modTimestamp"));
    service.origin = service.key.appId == EurekaServiceMapping::keyForApp({}).appId ? Protocol::Eureka
                                                                                    : Protocol::ServiceComb;
    return service;
}

// An instance as the node keeps it: under the Eureka app of its service, with ports from its
// endpoints and the lease its health check gives. The id is taken as it is: a Muster node serves its
// Eureka clients' ids (host:app:port) over Service-Center too, though a registration there could
// not use one.
std::optional<Instance> ServiceCombRemote::decodeInstance(const QJsonObject &object, const Service &service)
{
    const QString instanceId = Wire::field(object, u"instanceId").toString();
    if (instanceId.isEmpty()) {
        qCWarning(lcClient).noquote() << "skipping an instance without an id that the remote sent";
        return std::nullopt;
    }
    QJsonObject withoutId = object;
    for (const QString &key : object.keys()) {
        if (key.compare(u"instanceId", Qt::CaseInsensitive) == 0)
            withoutId.remove(key);
    }
    auto decoded = Codec::decodeInstance(withoutId);
    if (const auto *error = std::get_if<ServiceCombError>(&decoded)) {
        qCWarning(lcClient).noquote() << "skipping an instance the remote sent:" << error->detail();
        return std::nullopt;
    }
    Instance instance = std::get<Instance>(decoded);
    instance.instanceId = instanceId;
    instance.serviceId = service.serviceId;
    instance.app = EurekaServiceMapping::appForService(service.key.serviceName);
    instance.appGroupName = service.key.appId;
    instance.vipAddress = service.key.serviceName;
    instance.secureVipAddress = service.key.serviceName;
    EndpointMapping::applyEndpointsToPorts(instance);
    const HealthCheck check = Codec::healthCheckOf(instance);
    instance.lease.renewalIntervalSecs = check.intervalSecs;
    instance.lease.durationSecs = Codec::leaseSeconds(check, ServiceCombConfig {});
    instance.lease.registrationTimestamp = msFromSeconds(Wire::field(object, u"timestamp"));
    instance.lastUpdatedTimestamp = msFromSeconds(Wire::field(object, u"modTimestamp"));
    instance.origin = service.origin;
    return instance;
}

void ServiceCombRemote::readServices(HttpClient &http, const QUrl &root, std::function<void(const Services &)> done)
{
    http.send("GET", root.resolved(QUrl(QStringLiteral("/v4/default/registry/microservices"))),
              [done](const RemoteReply &reply) {
        Services result;
        if (!reply.isSuccess()) {
            result.error = reply.errorText();
            return done(result);
        }
        for (const QJsonValue &value : reply.json().value(u"services").toArray()) {
            if (auto service = decodeService(value.toObject()))
                result.services.append(*service);
        }
        done(result);
    }, {}, headers());
}

void ServiceCombRemote::poll(Done done)
{
    QUrl url = registryUrl(QStringLiteral("/v4/default/govern/microservices"));
    url.setQuery(QStringLiteral("options=instances"));
    m_http.send("GET", url, [this, done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(reply.errorText());
        QJsonParseError parseError;
        const QJsonObject body = QJsonDocument::fromJson(reply.body, &parseError).object();
        if (parseError.error != QJsonParseError::NoError)
            return done(reply.url.toDisplayString() + QStringLiteral(": the answer is not JSON: ")
                        + parseError.errorString());
        QList<Service> services;
        QList<Instance> instances;
        for (const QJsonValue &value : body.value(u"allServicesDetail").toArray()) {
            const QJsonObject detail = value.toObject();
            const auto service = decodeService(Wire::field(detail, u"microService").toObject());
            if (!service)
                continue;
            services.append(*service);
            for (const QJsonValue &item : Wire::field(detail, u"instances").toArray()) {
                if (auto instance = decodeInstance(item.toObject(), *service))
                    instances.append(std::move(*instance));
            }
        }
        m_mirror.replaceServices(services);
        m_mirror.replaceInstances(instances);

        NodeStatus status;
        status.name = QStringLiteral("Service-Center");
        status.version = m_version;
        status.url = m_root.toString(QUrl::StripTrailingSlash);
        status.instanceCount = instances.size();
        status.appCount = services.size();
        status.ready = true;
        m_mirror.setStatus(status);
        done({});
    }, {}, headers());
}

QUrl ServiceCombRemote::registryUrl(const QString &path) const
{
    QUrl url = m_root;
    url.setPath(path, QUrl::DecodedMode);
    return url;
}

std::optional<QUrl> ServiceCombRemote::instanceUrl(const QString &app, const QString &id, const QString &rest,
                                                   CommandDone &done) const
{
    const auto instance = m_mirror.instance(app.toUpper(), id);
    if (!instance) {
        done(CommandResult::failure(CommandResult::Error::NoSuchInstance,
                                    QStringLiteral("no instance %1 in application %2 at %3 (as last read)")
                                        .arg(id, app, m_root.toDisplayString())));
        return std::nullopt;
    }
    return registryUrl(QStringLiteral("/v4/default/registry/microservices/%1/instances/%2%3")
                           .arg(instance->serviceId, id, rest));
}

void ServiceCombRemote::command(const QByteArray &verb, const QUrl &url, CommandDone done, const QJsonObject &body)
{
    HttpClient::Headers requestHeaders = headers();
    QByteArray payload;
    if (!body.isEmpty()) {
        requestHeaders.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    m_http.send(verb, url, [done](const RemoteReply &reply) { done(reply.commandResult()); }, payload, requestHeaders);
}

// Creating a service that exists answers its id, so the service of an instance is created or
// found in one request: serviceName from the vipAddress (or the app), appId from the appGroupName.
void ServiceCombRemote::registerInstance(const Instance &instance, CommandDone done)
{
    if (!instance.serviceId.isEmpty()) {
        const QList<Service> known = m_mirror.services();
        const bool exists = std::any_of(known.cbegin(), known.cend(),
                                        [&](const Service &service) { return service.serviceId == instance.serviceId; });
        if (exists)
            return registerInService(instance.serviceId, instance, std::move(done));
    }
    QJsonObject service {
        {QStringLiteral("serviceName"), instance.vipAddress.isEmpty() ? instance.app.toLower() : instance.vipAddress},
        {QStringLiteral("appId"), instance.appGroupName.isEmpty() ? QStringLiteral("default") : instance.appGroupName},
        {QStringLiteral("version"), QStringLiteral("0.0.1")},
    };
    HttpClient::Headers requestHeaders = headers();
    requestHeaders.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    const QByteArray body = QJsonDocument(QJsonObject {{QStringLiteral("service"), service}}).toJson(QJsonDocument::Compact);
    m_http.send("POST", registryUrl(QStringLiteral("/v4/default/registry/microservices")),
                [this, instance, done](const RemoteReply &reply) {
        const QString serviceId = reply.json().value(u"serviceId").toString();
        if (!reply.isSuccess() || serviceId.isEmpty())
            return done(reply.isSuccess() ? CommandResult::failure(CommandResult::Error::Refused, reply.errorText())
                                          : reply.commandResult());
        registerInService(serviceId, instance, done);
    }, body, requestHeaders);
}

void ServiceCombRemote::registerInService(const QString &serviceId, const Instance &instance, CommandDone done)
{
    Instance registered = instance;
    if (registered.endpoints.isEmpty())
        registered.endpoints = EndpointMapping::endpointsFromPorts(instance);
    QJsonObject object = Codec::encodeInstance(registered, {});
    for (const auto key : {u"serviceId", u"timestamp", u"modTimestamp", u"version"})
        object.remove(key);
    if (registered.instanceId.isEmpty())
        object.remove(u"instanceId");
    command("POST", registryUrl(QStringLiteral("/v4/default/registry/microservices/%1/instances").arg(serviceId)),
            std::move(done), {{QStringLiteral("instance"), object}});
}

void ServiceCombRemote::cancelInstance(const QString &app, const QString &id, CommandDone done)
{
    if (const auto url = instanceUrl(app, id, {}, done))
        command("DELETE", *url, std::move(done));
}

void ServiceCombRemote::setStatusOverride(const QString &app, const QString &id, InstanceStatus status,
                                          CommandDone done)
{
    if (auto url = instanceUrl(app, id, QStringLiteral("/status"), done)) {
        url->setQuery(QUrlQuery {{QStringLiteral("value"), Wire::statusName(status)}});
        command("PUT", *url, std::move(done));
    }
}

void ServiceCombRemote::removeStatusOverride(const QString &app, const QString &id,
                                             std::optional<InstanceStatus> newStatus, CommandDone done)
{
    setStatusOverride(app, id, newStatus.value_or(InstanceStatus::Up), std::move(done));
}

void ServiceCombRemote::mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                      CommandDone done)
{
    const auto instance = m_mirror.instance(app.toUpper(), id);
    QMap<QString, QString> merged = instance ? instance->metadata : QMap<QString, QString> {};
    merged.insert(metadata);
    replaceMetadata(app, id, merged, std::move(done));
}

void ServiceCombRemote::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                        CommandDone done)
{
    if (const auto url = instanceUrl(app, id, QStringLiteral("/properties"), done))
        command("PUT", *url, std::move(done), {{QStringLiteral("properties"), Codec::toJson(metadata)}});
}
