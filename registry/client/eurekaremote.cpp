// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/eurekaremote.h"

#include "client/clientlogging.h"
#include "model/endpointmapping.h"
#include "eureka/eurekajsoncodec.h"
#include "client/httpclient.h"
#include "api/checkstatejson.h"
#include "api/nodestatusjson.h"
#include "api/nodestatus.h"
#include "client/remotemirror.h"
#include "client/servicecombremote.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

namespace {
const HttpClient::Headers jsonAccept {{"Accept", "application/json"}};

// Jackson writes a list of one as the element itself when asked to (contract §2.5).
QJsonArray asArray(const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isObject())
        return QJsonArray {value};
    return {};
}
}

EurekaRemote::EurekaRemote(HttpClient &http, RemoteMirror &mirror, const QUrl &serviceUrl, const QUrl &root,
                           bool muster)
    : m_http {http}
    , m_mirror {mirror}
    , m_serviceUrl {serviceUrl}
    , m_root {root}
    , m_muster {muster}
{
}

EurekaRemote::Applications EurekaRemote::parseApplications(const QByteArray &body)
{
    Applications result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue root = document.object().value(u"applications");
    if (parseError.error != QJsonParseError::NoError || !root.isObject()) {
        result.error = QStringLiteral("the answer is not an Eureka applications document");
        return result;
    }
    const QJsonObject applications = root.toObject();
    result.hashcode = applications.value(u"apps__hashcode").toString();
    for (const QJsonValue &application : asArray(applications.value(u"application"))) {
        for (const QJsonValue &item : asArray(application.toObject().value(u"instance"))) {
            DecodedInstance decoded = EurekaJsonCodec::decodeInstance(item.toObject());
            if (!decoded.instance) {
                qCWarning(lcClient).noquote() << "skipping an instance the remote sent:" << decoded.error;
                continue;
            }
            result.instances.append(std::move(*decoded.instance));
        }
    }
    return result;
}

// After a failed read, the next one starts with a full fetch: the remote may have dropped what
// happened meanwhile from its delta.
void EurekaRemote::poll(Done reported)
{
    Done done = [this, reported = std::move(reported)](const QString &error) {
        if (!error.isEmpty())
            m_fetched = false;
        reported(error);
    };
    if (!m_muster) {
        readInstances(std::move(done));
        return;
    }
    readServices([this, done](const QString &error) {
        if (!error.isEmpty())
            return done(error);
        readInstances([this, done](const QString &error) {
            if (!error.isEmpty())
                return done(error);
            readNodeStatus([this, done](const QString &error) {
                if (!error.isEmpty())
                    return done(error);
                readChecks(done);
            });
        });
    });
}

void EurekaRemote::readInstances(Done done)
{
    if (!m_fetched) {
        fullFetch(std::move(done));
        return;
    }
    m_http.send("GET", m_serviceUrl.resolved(QUrl(QStringLiteral("apps/delta"))), [this, done](const RemoteReply &reply) {
        if (reply.status == 0)
            return done(reply.errorText());
        // A server answers the same bytes until its delta changes: the copy has them already.
        if (reply.isSuccess() && reply.body == m_lastDelta)
            return done({});
        const Applications delta = parseApplications(reply.body);
        if (!reply.isSuccess() || !delta.error.isEmpty()) {
            qCInfo(lcClient).noquote() << "delta refused, fetching everything:" << reply.errorText();
            return fullFetch(done);
        }
        // Applied to a copy first: a delta that does not add up leaves no trace of itself.
        RemoteMirror updated = m_mirror;
        for (const Instance &instance : delta.instances) {
            if (instance.actionType == ActionType::Deleted)
                updated.removeInstance(instance.app, instance.instanceId);
            else
                updated.upsertInstance(completed(instance));
        }
        if (updated.eurekaHashcode() != delta.hashcode) {
            qCInfo(lcClient).noquote() << "apps hashcode" << updated.eurekaHashcode() << "after the delta, the remote has"
                                       << delta.hashcode << "- fetching everything";
            return fullFetch(done);
        }
        m_mirror = std::move(updated);
        m_lastDelta = reply.body;
        completeServices();
        done({});
    }, {}, jsonAccept);
}

void EurekaRemote::fullFetch(Done done)
{
    m_http.send("GET", m_serviceUrl.resolved(QUrl(QStringLiteral("apps/"))), [this, done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(reply.errorText());
        Applications applications = parseApplications(reply.body);
        if (!applications.error.isEmpty())
            return done(reply.url.toDisplayString() + QStringLiteral(": ") + applications.error);
        for (Instance &instance : applications.instances)
            instance = completed(std::move(instance));
        m_mirror.replaceInstances(applications.instances);
        m_fetched = true;
        m_lastDelta.clear();
        completeServices();
        done({});
    }, {}, jsonAccept);
}

void EurekaRemote::readServices(Done done)
{
    ServiceCombRemote::readServices(m_http, m_root, [this, done](const ServiceCombRemote::Services &services) {
        if (!services.error.isEmpty())
            return done(services.error);
        m_mirror.replaceServices(services.services);
        m_servicesByApp.clear();
        for (const Service &service : services.services)
            m_servicesByApp.insert(EurekaServiceMapping::appForService(service.key.serviceName), service);
        done({});
    });
}

void EurekaRemote::readNodeStatus(Done done)
{
    m_http.send("GET", m_root.resolved(QUrl(QStringLiteral("/muster/api/v1/node"))), [this, done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(reply.errorText());
        m_mirror.setStatus(NodeStatusJson::decode(reply.json()));
        done({});
    }, {}, jsonAccept);
}

// A node of a version without checks answers 404: it runs none.
void EurekaRemote::readChecks(Done done)
{
    m_http.send("GET", m_root.resolved(QUrl(QStringLiteral("/muster/api/v1/checks"))), [this, done](const RemoteReply &reply) {
        if (reply.status == 404)
            return done({});
        if (!reply.isSuccess())
            return done(reply.errorText());
        QList<CheckState> checks;
        for (const QJsonValue &item : reply.json().value(u"checks").toArray()) {
            if (auto check = CheckStateJson::decode(item.toObject()))
                checks.append(std::move(*check));
        }
        m_mirror.replaceChecks(checks);
        done({});
    }, {}, jsonAccept);
}

// Eureka apps are services in app "eureka" (docs/protocol-mapping.md); a Muster node lists its
// services itself.
void EurekaRemote::completeServices()
{
    if (m_muster)
        return;
    QList<Service> services;
    for (const QString &app : m_mirror.appNames())
        services.append(EurekaServiceMapping::serviceForApp(app, 0));
    m_mirror.replaceServices(services);
    NodeStatus status;
    status.name = m_root.host();
    status.url = m_root.toString(QUrl::StripTrailingSlash);
    status.instanceCount = m_mirror.instanceCount();
    status.appCount = services.size();
    status.ready = true;
    m_mirror.setStatus(status);
}

// The Service-Center side of an instance read over Eureka: its endpoints, and its service where
// the remote lists services (a Muster node) and exactly one matches.
Instance EurekaRemote::completed(Instance instance) const
{
    instance.endpoints = EndpointMapping::endpointsFromPorts(instance);
    instance.serviceId = EurekaServiceMapping::keyForApp(instance.app).derivedServiceId();
    const Service *match = nullptr;
    for (auto it = m_servicesByApp.constFind(instance.app); it != m_servicesByApp.cend() && it.key() == instance.app; ++it) {
        if (!instance.appGroupName.isEmpty() && it->key.appId != instance.appGroupName)
            continue;
        if (match)
            return instance;
        match = &*it;
    }
    if (match) {
        instance.serviceId = match->serviceId;
        instance.origin = match->origin;
    }
    return instance;
}

QUrl EurekaRemote::instanceUrl(const QString &app, const QString &id, const QString &rest) const
{
    QUrl url = m_serviceUrl;
    url.setPath(m_serviceUrl.path() + QStringLiteral("apps/") + app.toUpper() + u'/' + id + rest, QUrl::DecodedMode);
    return url;
}

void EurekaRemote::command(const QByteArray &verb, const QUrl &url, CommandDone done, const QByteArray &body)
{
    HttpClient::Headers headers = jsonAccept;
    if (!body.isEmpty())
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    m_http.send(verb, url, [done](const RemoteReply &reply) { done(reply.commandResult()); }, body, headers);
}

// A Muster node knows Service-Center's TESTING; Eureka does not, and reads it as UNKNOWN.
QString EurekaRemote::statusOnWire(InstanceStatus status) const
{
    return statusName(m_muster ? status : eurekaVisibleStatus(status));
}

void EurekaRemote::registerInstance(const Instance &instance, CommandDone done)
{
    Instance registered = instance;
    registered.app = instance.app.toUpper();
    if (registered.lastDirtyTimestamp <= 0)
        registered.lastDirtyTimestamp = QDateTime::currentMSecsSinceEpoch();
    QUrl url = m_serviceUrl;
    url.setPath(m_serviceUrl.path() + QStringLiteral("apps/") + registered.app, QUrl::DecodedMode);
    command("POST", url, std::move(done), EurekaJsonCodec::encodeInstanceDocument(registered));
}

void EurekaRemote::cancelInstance(const QString &app, const QString &id, CommandDone done)
{
    command("DELETE", instanceUrl(app, id), std::move(done));
}

void EurekaRemote::setStatusOverride(const QString &app, const QString &id, InstanceStatus status, CommandDone done)
{
    QUrl url = instanceUrl(app, id, QStringLiteral("/status"));
    url.setQuery(QUrlQuery {{QStringLiteral("value"), statusOnWire(status)}});
    command("PUT", url, std::move(done));
}

void EurekaRemote::removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                        CommandDone done)
{
    QUrl url = instanceUrl(app, id, QStringLiteral("/status"));
    if (newStatus)
        url.setQuery(QUrlQuery {{QStringLiteral("value"), statusOnWire(*newStatus)}});
    command("DELETE", url, std::move(done));
}

void EurekaRemote::mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 CommandDone done)
{
    QUrl url = instanceUrl(app, id, QStringLiteral("/metadata"));
    QUrlQuery query;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(it.key())),
                           QString::fromLatin1(QUrl::toPercentEncoding(it.value())));
    url.setQuery(query);
    command("PUT", url, std::move(done));
}

// Eureka's metadata PUT only adds and changes keys. A registration replaces the whole instance when
// its lastDirtyTimestamp is newer, so the instance as last read is registered again with the new
// metadata and a newer timestamp; the remote keeps its status override aside of the registration.
void EurekaRemote::replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                   CommandDone done)
{
    auto instance = m_mirror.instance(app.toUpper(), id);
    if (!instance) {
        done(CommandResult::failure(CommandResult::Error::NoSuchInstance,
                                    QStringLiteral("no instance %1 in application %2 at %3 (as last read)")
                                        .arg(id, app, m_root.toDisplayString())));
        return;
    }
    instance->metadata = metadata;
    instance->lastDirtyTimestamp = std::max(QDateTime::currentMSecsSinceEpoch(), instance->lastDirtyTimestamp + 1);
    registerInstance(*instance, std::move(done));
}

void EurekaRemote::addBridge(BridgeState::Kind kind, const QUrl &url, CommandDone done)
{
    if (!m_muster)
        return RemoteProtocol::addBridge(kind, url, std::move(done));
    const QJsonObject body {{QStringLiteral("kind"), bridgeKindName(kind)}, {QStringLiteral("url"), url.toString()}};
    command("POST", m_root.resolved(QUrl(QStringLiteral("/muster/api/v1/bridges"))), std::move(done),
            QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void EurekaRemote::removeBridge(const QUrl &url, CommandDone done)
{
    if (!m_muster)
        return RemoteProtocol::removeBridge(url, std::move(done));
    QUrl target = m_root.resolved(QUrl(QStringLiteral("/muster/api/v1/bridges")));
    target.setQuery(QUrlQuery {{QStringLiteral("url"), QString::fromLatin1(QUrl::toPercentEncoding(url.toString()))}});
    command("DELETE", target, std::move(done));
}
