// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicationapi.h"

#include "eureka/eurekajsoncodec.h"
#include "core/registry.h"
#include "replication/replicationcodec.h"
#include "http/router.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

ReplicationApi::ReplicationApi(Registry *registry)
    : m_registry {registry}
{
}

void ReplicationApi::addRoutes(Router &router)
{
    router.add("POST", u"/muster/api/v1/replication/services",
               [this](const HttpRequest &request) { return receiveServices(request); });
    router.add("GET", u"/muster/api/v1/replication/snapshot",
               [this](const HttpRequest &request) { return snapshot(request); });
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
        } else if (const auto service = ReplicationCodec::decodeService(object.value(u"service").toObject())) {
            ReplicationCodec::upsertService(*m_registry, *service);
            ++applied;
        }
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("applied"), applied}});
}

HttpResponse ReplicationApi::snapshot(const HttpRequest &) const
{
    QJsonArray services;
    for (const Service &service : m_registry->services())
        services.append(ReplicationCodec::encodeService(service));
    QJsonArray instances;
    for (const auto &app : m_registry->applications()) {
        for (const Instance &instance : app) {
            QJsonObject item {{QStringLiteral("instanceInfo"), EurekaJsonCodec::encodeInstance(instance)}};
            if (const Service *service = m_registry->findService(instance.serviceId))
                item.insert(QStringLiteral("muster"), ReplicationCodec::encodeInstanceExtension(instance, *service));
            instances.append(item);
        }
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("services"), services},
                                           {QStringLiteral("instances"), instances}});
}
