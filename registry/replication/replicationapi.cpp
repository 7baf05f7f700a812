// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicationapi.h"

#include "core/registry.h"
#include "http/router.h"
#include "model/musterjson.h"
#include "replication/peerbatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

ReplicationApi::ReplicationApi(Registry *registry, OwnerExchange owners)
    : m_registry {registry}
    , m_ownerOf {owners.ownerOf}
    , m_serviceOwnerOf {owners.serviceOwnerOf}
    , m_applier {registry, std::move(owners)}
{
}

void ReplicationApi::addRoutes(Router &router)
{
    router.add("POST", u"/muster/api/v1/replication/services",
               [this](const HttpRequest &request) { return receiveServices(request); });
    router.add("GET", u"/muster/api/v1/replication/snapshot",
               [this](const HttpRequest &request) { return snapshot(request); });
    for (QStringView prefix : {u"/eureka", u"/eureka/v2", u"/eureka/v1"}) {
        router.add("POST", QString(prefix + u"/peerreplication/batch"),
                   [this](const HttpRequest &request) { return receiveBatch(request); });
    }
}

// A peer's batch (contract §4.2): every item is applied as replication, one response per item, in order.
HttpResponse ReplicationApi::receiveBatch(const HttpRequest &request)
{
    // A write applied before the startup copy is in could be undone by the copy: peers send the
    // batch again, in order, once the node is ready.
    if (!m_acceptingBatches)
        return HttpResponse::error(503, QStringLiteral("this node is copying the registry from its peers"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    const QJsonValue list = document.object().value(u"replicationList");
    if (parseError.error != QJsonParseError::NoError || !list.isArray())
        return HttpResponse::error(400, QStringLiteral("cannot parse request body: expected {\"replicationList\": [...]}"));
    QJsonArray responses;
    for (const QJsonValue &item : list.toArray())
        responses.append(m_applier.apply(PeerBatch::decodeItem(item.toObject())));
    return HttpResponse::json(QJsonObject {{QStringLiteral("responseList"), responses}});
}

HttpResponse ReplicationApi::receiveServices(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.object().value(u"services").isArray())
        return HttpResponse::error(400, QStringLiteral("expected {\"services\": [...]}"));
    int applied = 0;
    for (const QJsonValue &item : document.object().value(u"services").toArray()) {
        const QJsonObject object = item.toObject();
        if (const QString deleted = object.value(u"deleted").toString(); !deleted.isEmpty()) {
            m_registry->deleteService(deleted, true, WriteOrigin::Peer);
            ++applied;
        } else if (const auto service = MusterJson::decodeService(object.value(u"service").toObject())) {
            m_applier.upsertService(*service, object.value(u"owner").toString());
            ++applied;
        }
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("applied"), applied}});
}

// The owner goes only to those the node tells (peers with an account that may replicate).
QJsonObject ReplicationApi::encodeWithOwner(const Instance &instance) const
{
    QJsonObject encoded = MusterJson::encodeInstance(instance);
    if (const QString owner = m_ownerOf ? m_ownerOf(instance.app, instance.instanceId) : QString(); !owner.isEmpty())
        encoded.insert(QStringLiteral("owner"), owner);
    return encoded;
}

QJsonObject ReplicationApi::encodeWithOwner(const Service &service) const
{
    QJsonObject encoded = MusterJson::encodeService(service);
    if (const QString owner = m_serviceOwnerOf ? m_serviceOwnerOf(service.serviceId) : QString(); !owner.isEmpty())
        encoded.insert(QStringLiteral("owner"), owner);
    return encoded;
}

HttpResponse ReplicationApi::snapshot(const HttpRequest &) const
{
    QJsonArray services;
    for (const Service &service : m_registry->services())
        services.append(encodeWithOwner(service));
    QJsonArray instances;
    for (const auto &app : m_registry->applications()) {
        for (const Instance &instance : app)
            instances.append(encodeWithOwner(instance));
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("services"), services},
                                           {QStringLiteral("instances"), instances}});
}
