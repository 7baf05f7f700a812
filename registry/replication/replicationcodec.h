// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"

#include <QJsonObject>

#include <optional>

class Registry;

// What Eureka's replication format cannot carry, in Muster's own JSON: whole services (schemas,
// tags, tenant), the Service-Center side of an instance, and whether it is pinned. Muster peers read
// it; an Eureka server ignores the extra field of a batch item and never sees the service endpoint.
class ReplicationCodec
{
public:
    static QJsonObject encodeService(const Service &service);
    static std::optional<Service> decodeService(const QJsonObject &object);
    // The "muster" field of a replicated register: the owning service and the instance's extras.
    static QJsonObject encodeInstanceExtension(const Instance &instance, const Service &service);
    // Applies an extension to an instance about to be registered from a peer; creates or updates
    // the service first. Returns false when the extension is unreadable.
    static bool applyInstanceExtension(Registry &registry, const QJsonObject &extension, Instance &instance);
    // The same without a registry: fills the instance's extras and returns its service, if readable.
    static std::optional<Service> readInstanceExtension(const QJsonObject &extension, Instance &instance);
    // Creates the service, or replaces the stored one when the incoming copy is newer.
    static void upsertService(Registry &registry, const Service &service);
};
