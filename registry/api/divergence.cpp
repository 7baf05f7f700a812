// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/divergence.h"

#include <QHash>

#include <algorithm>

namespace {
using Difference = Divergence::Difference;

QString keyOf(const Instance &instance)
{
    return instance.app + u'/' + instance.instanceId;
}

QStringList differingFields(const Instance &a, const Instance &b)
{
    QStringList fields;
    if (a.status != b.status)
        fields.append(QStringLiteral("status"));
    if (a.overriddenStatus != b.overriddenStatus)
        fields.append(QStringLiteral("overriddenStatus"));
    if (a.metadata != b.metadata)
        fields.append(QStringLiteral("metadata"));
    if (a.hostName != b.hostName || a.ipAddr != b.ipAddr)
        fields.append(QStringLiteral("address"));
    if (a.port != b.port || a.securePort != b.securePort || a.endpoints != b.endpoints)
        fields.append(QStringLiteral("ports"));
    if (a.lastDirtyTimestamp != b.lastDirtyTimestamp)
        fields.append(QStringLiteral("lastDirtyTimestamp"));
    if (a.pinned != b.pinned)
        fields.append(QStringLiteral("pinned"));
    return fields;
}
}

Divergence Divergence::between(const RegistrySnapshot &first, const RegistrySnapshot &second)
{
    QHash<QString, const Instance *> seconds;
    seconds.reserve(second.instances.size());
    for (const Instance &instance : second.instances)
        seconds.insert(keyOf(instance), &instance);
    Divergence divergence;
    for (const Instance &instance : first.instances) {
        const Instance *other = seconds.take(keyOf(instance));
        if (!other) {
            divergence.differences.append({Difference::Kind::OnlyFirst, instance.app, instance.instanceId, {}});
        } else if (QStringList fields = differingFields(instance, *other); !fields.isEmpty()) {
            divergence.differences.append({Difference::Kind::Differs, instance.app, instance.instanceId, fields});
        }
    }
    for (const Instance *instance : std::as_const(seconds))
        divergence.differences.append({Difference::Kind::OnlySecond, instance->app, instance->instanceId, {}});
    std::sort(divergence.differences.begin(), divergence.differences.end(), [](const Difference &a, const Difference &b) {
        return std::tie(a.app, a.instanceId) < std::tie(b.app, b.instanceId);
    });
    return divergence;
}
