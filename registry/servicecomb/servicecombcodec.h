// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"
#include "servicecomb/servicecombconfig.h"
#include "servicecomb/servicecomberror.h"

#include <QJsonObject>

#include <variant>

// Services and instances to and from Service-Center's JSON, with its validation rules
// (contract servicecomb.md §1.3, §1.4, §2.2, §2.6). Decoding is lenient about names and extra
// fields, strict about values; encoding leaves empty fields out, as Go's omitempty does.
namespace ServiceCombCodec {
template<typename T>
using Decoded = std::variant<T, ServiceCombError>;

// The "service" object of a create request; the key's tenant is left to the caller.
Decoded<Service> decodeService(const QJsonValue &value);
// The "instance" object of a register request; lease, ids and service are left to the caller.
Decoded<Instance> decodeInstance(const QJsonValue &value);
// The lease a health check gives after Service-Center's clamps: interval × (times + 1) seconds.
HealthCheck clampedHealthCheck(std::optional<HealthCheck> requested, const ServiceCombConfig &config);
int leaseSeconds(const HealthCheck &check, const ServiceCombConfig &config);
// Eureka instances have no health check: interval and times follow from their lease.
HealthCheck healthCheckOf(const Instance &instance);

QJsonObject encodeService(const Service &service);
QJsonObject encodeInstance(const Instance &instance, const QString &serviceVersion);
// A JSON object of strings, or nothing when it has another shape.
std::optional<QMap<QString, QString>> stringMap(const QJsonValue &value);
QJsonObject toJson(const QMap<QString, QString> &map);

bool isValidServiceId(const QString &id);
bool isValidInstanceId(const QString &id);
bool isValidAppId(const QString &appId);
bool isValidServiceName(const QString &name, bool lookup = false);
bool isValidVersion(const QString &version);
bool isValidEnvironment(const QString &environment);
bool isValidSchemaId(const QString &schemaId);
}
