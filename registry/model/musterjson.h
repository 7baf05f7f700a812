// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"

#include <QJsonObject>

#include <optional>

// Muster's own JSON for instances and services: every field the registry keeps (the Eureka and the
// Service-Center side, and whether an entry is pinned), read back exactly as written. It is what the
// etcd store, the journal, a peer's startup snapshot and the replication extension carry.
// Revisions are not in it: they belong to the registry that holds the entry.
namespace MusterJson {
QJsonObject encodeInstance(const Instance &instance);
// Empty when the object has no instanceId or app.
std::optional<Instance> decodeInstance(const QJsonObject &object);

QJsonObject encodeService(const Service &service);
// Empty when the object has no serviceId or serviceName.
std::optional<Service> decodeService(const QJsonObject &object);

// The Service-Center side of an instance alone (service id, endpoints, health check, locality,
// origin, pinned, the node's check and its verdict), for formats that carry the rest themselves,
// such as Eureka's peer batches.
QJsonObject encodeServiceCombSide(const Instance &instance);
void decodeServiceCombSide(const QJsonObject &object, Instance &instance);
}
