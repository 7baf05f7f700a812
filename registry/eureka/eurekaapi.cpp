// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/eurekaapi.h"

#include "eureka/eurekaxmlcodec.h"
#include "core/registry.h"
#include "http/router.h"
#include "model/statuscount.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QThread>
#include <QXmlStreamWriter>

Q_LOGGING_CATEGORY(lcEureka, "muster.eureka", QtInfoMsg)

namespace {
const QByteArray jsonType = QByteArrayLiteral("application/json");
const QByteArray xmlType = QByteArrayLiteral("application/xml");

WriteOrigin originOf(const HttpRequest &request)
{
    return request.header("x-netflix-discovery-replication").trimmed().compare("true", Qt::CaseInsensitive) == 0
        ? WriteOrigin::Peer
        : WriteOrigin::Client;
}

std::optional<qint64> timestampParameter(const HttpRequest &request)
{
    const auto text = request.queryValue(QStringLiteral("lastDirtyTimestamp"));
    if (!text)
        return std::nullopt;
    bool ok = false;
    const qint64 value = text->toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QString appParameter(const HttpRequest &request)
{
    return normalizedAppName(request.param(QStringLiteral("app")));
}

HttpResponse instanceNotFound(const HttpRequest &request)
{
    return HttpResponse::error(404, QStringLiteral("no instance %1 in application %2")
                                        .arg(request.param(QStringLiteral("id")), appParameter(request)));
}

// The value of ?value= on the status endpoints. Netflix's server answers 500 to a missing or bad one
// (InstanceStatus.valueOf throws); it is the caller's mistake, so Muster answers 400 and says why.
std::variant<InstanceStatus, HttpResponse> statusParameter(const HttpRequest &request, bool required)
{
    const auto value = request.queryValue(QStringLiteral("value"));
    if (!value) {
        if (required)
            return HttpResponse::error(400, QStringLiteral("missing query parameter 'value'"));
        return InstanceStatus::Unknown;
    }
    if (auto status = statusFromName(*value))
        return *status;
    return HttpResponse::error(400, QStringLiteral("unknown status '%1'; expected one of UP, DOWN, STARTING, "
                                                   "OUT_OF_SERVICE, UNKNOWN").arg(*value));
}

void writeXmlValue(QXmlStreamWriter &writer, const QString &name, const QJsonValue &value)
{
    if (value.isObject()) {
        writer.writeStartElement(name);
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            writeXmlValue(writer, it.key(), it.value());
        writer.writeEndElement();
    } else if (value.isBool()) {
        writer.writeTextElement(name, value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    } else if (value.isDouble()) {
        writer.writeTextElement(name, QString::number(value.toDouble(), 'g', 17));
    } else {
        writer.writeTextElement(name, value.toString());
    }
}

QString formatUptime(qint64 ms)
{
    const qint64 minutes = ms / 60'000;
    return QStringLiteral("%1:%2").arg(minutes / 60, 2, 10, QChar(u'0')).arg(minutes % 60, 2, 10, QChar(u'0'));
}
}

EurekaApi::EurekaApi(Registry *registry, ServerInfo serverInfo, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_serverInfo {std::move(serverInfo)}
{
}

void EurekaApi::addRoutes(Router &router)
{
    using Handler = HttpResponse (EurekaApi::*)(const HttpRequest &);
    const auto bind = [this](Handler handler) {
        return [this, handler](const HttpRequest &request) { return (this->*handler)(request); };
    };
    for (const QString &prefix : {QStringLiteral("/eureka"), QStringLiteral("/eureka/v2"), QStringLiteral("/eureka/v1")}) {
        router.add("GET", QString(prefix + u"/apps"), bind(&EurekaApi::getApplications));
        router.add("GET", QString(prefix + u"/apps/delta"), bind(&EurekaApi::getDelta));
        router.add("GET", QString(prefix + u"/apps/{app}"), bind(&EurekaApi::getApplication));
        router.add("POST", QString(prefix + u"/apps/{app}"), bind(&EurekaApi::registerInstance));
        router.add("GET", QString(prefix + u"/apps/{app}/{id}"), bind(&EurekaApi::getInstance));
        router.add("PUT", QString(prefix + u"/apps/{app}/{id}"), bind(&EurekaApi::renew));
        router.add("DELETE", QString(prefix + u"/apps/{app}/{id}"), bind(&EurekaApi::cancel));
        router.add("PUT", QString(prefix + u"/apps/{app}/{id}/status"), bind(&EurekaApi::setStatusOverride));
        router.add("DELETE", QString(prefix + u"/apps/{app}/{id}/status"), bind(&EurekaApi::removeStatusOverride));
        router.add("PUT", QString(prefix + u"/apps/{app}/{id}/metadata"), bind(&EurekaApi::updateMetadata));
        router.add("GET", QString(prefix + u"/instances/{id}"), bind(&EurekaApi::getInstanceById));
        router.add("GET", QString(prefix + u"/vips/{vip}"),
                   [this](const HttpRequest &request) { return getVip(request, false); });
        router.add("GET", QString(prefix + u"/svips/{vip}"),
                   [this](const HttpRequest &request) { return getVip(request, true); });
        router.add("GET", QString(prefix + u"/status"), bind(&EurekaApi::getStatus));
    }
}

HttpResponse EurekaApi::registerInstance(const HttpRequest &request)
{
    const QByteArray contentType = request.header("content-type").toLower();
    DecodedInstance decoded;
    if (contentType.contains("json"))
        decoded = EurekaJsonCodec::decodeInstanceDocument(request.body);
    else if (contentType.contains("xml"))
        decoded = EurekaXmlCodec::decodeInstanceDocument(request.body);
    else
        return HttpResponse::error(415, QStringLiteral("Content-Type must be application/json or application/xml"));
    if (!decoded.instance)
        return HttpResponse::error(400, decoded.error);

    Instance &instance = *decoded.instance;
    const QString pathApp = appParameter(request);
    const auto blank = [](const QString &value) { return value.trimmed().isEmpty(); };
    if (blank(instance.instanceId))
        return HttpResponse::error(400, QStringLiteral("missing instanceId (or hostName)"));
    if (blank(instance.hostName))
        return HttpResponse::error(400, QStringLiteral("missing hostName"));
    if (blank(instance.ipAddr))
        return HttpResponse::error(400, QStringLiteral("missing ipAddr"));
    if (blank(instance.app))
        return HttpResponse::error(400, QStringLiteral("missing app"));
    if (instance.app != pathApp)
        return HttpResponse::error(400, QStringLiteral("Mismatched appName, expecting %1 but was %2")
                                            .arg(pathApp, instance.app));
    if (!decoded.hasDataCenterInfo)
        return HttpResponse::error(400, QStringLiteral("missing dataCenterInfo"));
    if (blank(instance.dataCenterInfo.name))
        return HttpResponse::error(400, QStringLiteral("missing dataCenterInfo name"));
    // A Java InstanceInfo is born dirty "now"; clients that send no timestamp get the same.
    if (instance.lastDirtyTimestamp <= 0)
        instance.lastDirtyTimestamp = m_registry->nowMs();
    const WriteOrigin origin = originOf(request);
    if (origin == WriteOrigin::Client) {
        ParsedCheck check = CheckSpecs::fromEurekaMetadata(instance);
        if (!check.error.isEmpty())
            return HttpResponse::error(400, check.error);
        instance.check = check.check;
    }

    m_registry->registerInstance(instance, origin);
    return HttpResponse::empty(204);
}

HttpResponse EurekaApi::renew(const HttpRequest &request)
{
    Registry::RenewRequest renewal;
    renewal.lastDirtyTimestamp = timestampParameter(request);
    if (const auto overridden = request.queryValue(QStringLiteral("overriddenstatus")))
        renewal.overriddenStatus = statusFromName(*overridden);
    const auto result = m_registry->renew(appParameter(request), request.param(QStringLiteral("id")), renewal,
                                          originOf(request));
    switch (result.outcome) {
    case Registry::RenewOutcome::Renewed:
        return HttpResponse::empty(200);
    case Registry::RenewOutcome::NotFound:
    case Registry::RenewOutcome::SenderNewer:
        // Empty on purpose: Java clients decode any heartbeat body as an InstanceInfo.
        return HttpResponse::empty(404);
    case Registry::RenewOutcome::ReceiverNewer: {
        HttpResponse conflict = instanceResponse(request, result.stored);
        conflict.status = 409;
        return conflict;
    }
    }
    return HttpResponse::empty(500);
}

HttpResponse EurekaApi::cancel(const HttpRequest &request)
{
    if (!m_registry->cancel(appParameter(request), request.param(QStringLiteral("id")), originOf(request)))
        return instanceNotFound(request);
    return HttpResponse::empty(200);
}

HttpResponse EurekaApi::setStatusOverride(const HttpRequest &request)
{
    const QString app = appParameter(request);
    const QString id = request.param(QStringLiteral("id"));
    if (!m_registry->instance(app, id))
        return instanceNotFound(request);
    const auto status = statusParameter(request, true);
    if (const auto *error = std::get_if<HttpResponse>(&status))
        return *error;
    m_registry->setStatusOverride(app, id, std::get<InstanceStatus>(status), timestampParameter(request),
                                  originOf(request));
    return HttpResponse::empty(200);
}

HttpResponse EurekaApi::removeStatusOverride(const HttpRequest &request)
{
    const QString app = appParameter(request);
    const QString id = request.param(QStringLiteral("id"));
    if (!m_registry->instance(app, id))
        return instanceNotFound(request);
    const auto status = statusParameter(request, false);
    if (const auto *error = std::get_if<HttpResponse>(&status))
        return *error;
    m_registry->removeStatusOverride(app, id, std::get<InstanceStatus>(status), timestampParameter(request),
                                     originOf(request));
    return HttpResponse::empty(200);
}

HttpResponse EurekaApi::updateMetadata(const HttpRequest &request)
{
    QMap<QString, QString> metadata;
    for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
        if (!metadata.contains(key))
            metadata.insert(key, value);
    }
    if (!m_registry->updateMetadata(appParameter(request), request.param(QStringLiteral("id")), metadata))
        return instanceNotFound(request);
    return HttpResponse::empty(200);
}

// JSON if and only if Accept mentions json; XML for no Accept, */* or xml; 406 otherwise.
std::optional<EurekaApi::Format> EurekaApi::negotiate(const HttpRequest &request)
{
    const QByteArray accept = request.header("accept").toLower();
    if (accept.contains("json"))
        return Format::Json;
    if (accept.isEmpty() || accept.contains("xml") || accept.contains("*/*") || accept.contains("application/*"))
        return Format::Xml;
    return std::nullopt;
}

std::optional<HttpResponse> EurekaApi::refusedWhileSyncing() const
{
    if (m_readsOpen)
        return std::nullopt;
    return HttpResponse::error(403, QStringLiteral("this node is copying the registry from its peers; ask another server"));
}

HttpResponse EurekaApi::cachedRead(const HttpRequest &request, const QString &key, quint64 version,
                                   ResponseCache &cache, const std::function<QByteArray(Format)> &encode)
{
    if (auto refused = refusedWhileSyncing())
        return *refused;
    const auto format = negotiate(request);
    if (!format)
        return HttpResponse::error(406, QStringLiteral("Accept must allow application/json or application/xml"));
    const QString formatKey = key + (*format == Format::Json ? u"|json" : u"|xml");
    const auto encoder = [&] { return encode(*format); };
    const QByteArray contentType = *format == Format::Json ? jsonType : xmlType;
    if (request.header("accept-encoding").contains("gzip")) {
        HttpResponse response {200, contentType, cache.gzipped(formatKey, version, encoder), {}};
        return response.withHeader("Content-Encoding", "gzip");
    }
    return HttpResponse {200, contentType, cache.plain(formatKey, version, encoder), {}};
}

// One application's instances that pass the filter, sorted by id for stable answers.
EurekaApplication EurekaApi::application(const QString &name, const std::function<bool(const Instance &)> &filter) const
{
    EurekaApplication application {name, {}};
    // Pointers into the registry's own table: a const operator[] would answer a copy.
    const auto stored = m_registry->applications().constFind(name);
    if (stored == m_registry->applications().cend())
        return application;
    for (const Instance &instance : *stored) {
        if (!filter || filter(instance))
            application.instances.append(&instance);
    }
    std::sort(application.instances.begin(), application.instances.end(),
              [](const Instance *a, const Instance *b) { return a->instanceId < b->instanceId; });
    return application;
}

// Every application with instances that pass the filter, sorted by name.
QList<EurekaApplication> EurekaApi::applications(const std::function<bool(const Instance &)> &filter) const
{
    QStringList names = m_registry->applications().keys();
    names.sort();
    QList<EurekaApplication> result;
    result.reserve(names.size());
    for (const QString &name : std::as_const(names)) {
        EurekaApplication found = application(name, filter);
        if (!found.instances.isEmpty())
            result.append(std::move(found));
    }
    return result;
}

QByteArray EurekaApi::encodeApplications(Format format, const QList<EurekaApplication> &applications,
                                         const QString &versionsDelta)
{
    StatusCount counts;
    for (const auto &application : applications) {
        for (const Instance *instance : application.instances)
            counts.add(instance->status);
    }
    if (format == Format::Xml)
        return EurekaXmlCodec::encodeApplications(applications, versionsDelta, counts.hashcode());
    return EurekaJsonCodec::encodeApplications(applications, versionsDelta, counts.hashcode(),
                                               [this](const Instance &instance) { return m_instanceJson.json(instance); });
}

HttpResponse EurekaApi::getApplications(const HttpRequest &request)
{
    const quint64 revision = m_registry->revision();
    return cachedRead(request, QStringLiteral("apps"), revision, m_registryCache, [&](Format format) {
        const QByteArray encoded = encodeApplications(format, applications(), QString::number(revision));
        if (format == Format::Json)
            m_instanceJson.retainOnly(m_registry->instanceCount());
        return encoded;
    });
}

HttpResponse EurekaApi::getDelta(const HttpRequest &request)
{
    m_registry->purgeDeltaLog();
    const quint64 version = m_registry->deltaLogVersion();
    return cachedRead(request, QStringLiteral("delta"), version, m_deltaCache, [&](Format format) {
        const QList<Instance> changed = m_registry->deltaInstances();
        QMap<QString, EurekaApplication> byApp;
        for (const Instance &instance : changed) {
            EurekaApplication &application = byApp[instance.app];
            application.name = instance.app;
            application.instances.append(&instance);
        }
        const QString hashcode = m_registry->appsHashcode();
        const QList<EurekaApplication> list = byApp.values();
        const QString versionsDelta = QString::number(m_registry->revision());
        return format == Format::Json ? EurekaJsonCodec::encodeApplications(list, versionsDelta, hashcode)
                                      : EurekaXmlCodec::encodeApplications(list, versionsDelta, hashcode);
    });
}

HttpResponse EurekaApi::getApplication(const HttpRequest &request)
{
    if (auto refused = refusedWhileSyncing())
        return *refused;
    const QString app = appParameter(request);
    const auto stored = m_registry->applications().constFind(app);
    if (stored == m_registry->applications().cend())
        return HttpResponse::error(404, QStringLiteral("no application %1").arg(app));
    return cachedRead(request, u"app|" + app, m_registry->revision(), m_registryCache, [&](Format format) {
        const EurekaApplication found = application(app);
        if (format == Format::Xml)
            return EurekaXmlCodec::encodeApplication(found);
        return EurekaJsonCodec::encodeApplication(found,
                                                  [this](const Instance &instance) { return m_instanceJson.json(instance); });
    });
}

HttpResponse EurekaApi::instanceResponse(const HttpRequest &request, const std::optional<Instance> &instance)
{
    const auto format = negotiate(request).value_or(Format::Json);
    if (format == Format::Json)
        return HttpResponse {200, jsonType, EurekaJsonCodec::encodeInstanceDocument(*instance), {}};
    return HttpResponse {200, xmlType, EurekaXmlCodec::encodeInstanceDocument(*instance), {}};
}

HttpResponse EurekaApi::getInstance(const HttpRequest &request)
{
    const auto instance = m_registry->instance(appParameter(request), request.param(QStringLiteral("id")));
    // Eureka hides an expired lease that eviction has not removed yet, while expiry is enabled.
    if (!instance || (m_registry->isExpired(*instance) && m_registry->isLeaseExpirationEnabled()))
        return instanceNotFound(request);
    if (!negotiate(request))
        return HttpResponse::error(406, QStringLiteral("Accept must allow application/json or application/xml"));
    return instanceResponse(request, instance);
}

HttpResponse EurekaApi::getInstanceById(const HttpRequest &request)
{
    const QString id = request.param(QStringLiteral("id"));
    const auto instance = m_registry->findInstance(id);
    if (!instance || (m_registry->isExpired(*instance) && m_registry->isLeaseExpirationEnabled()))
        return HttpResponse::error(404, QStringLiteral("no instance %1").arg(id));
    if (!negotiate(request))
        return HttpResponse::error(406, QStringLiteral("Accept must allow application/json or application/xml"));
    return instanceResponse(request, instance);
}

HttpResponse EurekaApi::getVip(const HttpRequest &request, bool secure)
{
    const QString vip = request.param(QStringLiteral("vip"));
    const QString key = (secure ? u"svip|" : u"vip|") + vip;
    return cachedRead(request, key, m_registry->revision(), m_registryCache, [&](Format format) {
        const auto matches = [&](const Instance &instance) {
            const QString &addresses = secure ? instance.secureVipAddress : instance.vipAddress;
            return addresses.split(u',').contains(vip);
        };
        return encodeApplications(format, applications(matches), QStringLiteral("-1"));
    });
}

HttpResponse EurekaApi::getStatus(const HttpRequest &request)
{
    const auto format = negotiate(request);
    if (!format)
        return HttpResponse::error(406, QStringLiteral("Accept must allow application/json or application/xml"));
    const SelfPreservationState preservation = m_registry->selfPreservation();
    const QJsonObject generalStats {
        {QStringLiteral("environment"), m_serverInfo.environment},
        {QStringLiteral("num-of-cpus"), QString::number(QThread::idealThreadCount())},
        {QStringLiteral("server-uptime"), formatUptime(m_serverInfo.uptimeMs())},
        {QStringLiteral("registered-instances"), QString::number(m_registry->instanceCount())},
        {QStringLiteral("lease-expiration-enabled"), preservation.leaseExpirationEnabled},
        {QStringLiteral("self-preservation-mode-enabled"), preservation.enabled},
        {QStringLiteral("self-preservation-active"), preservation.active},
        {QStringLiteral("renews-threshold"), QString::number(preservation.renewsThreshold)},
        {QStringLiteral("renews-last-min"), QString::number(preservation.renewsLastMin)},
    };
    const QJsonObject applicationStats {{QStringLiteral("registered-replicas"), QString()},
                                        {QStringLiteral("available-replicas"), QString()},
                                        {QStringLiteral("unavailable-replicas"), QString()}};
    const QJsonObject status {{QStringLiteral("generalStats"), generalStats},
                              {QStringLiteral("applicationStats"), applicationStats},
                              {QStringLiteral("instanceInfo"), EurekaJsonCodec::encodeInstance(m_serverInfo.ownInstance())},
                              {QStringLiteral("isHealthy"), true}};
    if (*format == Format::Json)
        return HttpResponse::json(status);
    QByteArray xml;
    QXmlStreamWriter writer(&xml);
    writer.writeStartDocument();
    writer.writeStartElement(QStringLiteral("status"));
    writeXmlValue(writer, QStringLiteral("generalStats"), generalStats);
    writeXmlValue(writer, QStringLiteral("applicationStats"), applicationStats);
    EurekaXmlCodec::writeInstance(writer, m_serverInfo.ownInstance());
    writer.writeTextElement(QStringLiteral("isHealthy"), QStringLiteral("true"));
    writer.writeEndElement();
    writer.writeEndDocument();
    return HttpResponse {200, xmlType, xml, {}};
}

