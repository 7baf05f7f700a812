// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/instancejsoncache.h"

#include "eureka/eurekajsoncodec.h"

QByteArray InstanceJsonCache::json(const Instance &instance)
{
    Entry &entry = m_entries[qMakePair(instance.app, instance.instanceId)];
    if (entry.json.isEmpty() || entry.revision != instance.revision
        || entry.lastUpdated != instance.lastUpdatedTimestamp) {
        entry.json = EurekaJsonCodec::encodeInstanceObject(instance);
        entry.revision = instance.revision;
        entry.lastUpdated = instance.lastUpdatedTimestamp;
    }
    entry.seen = true;
    return entry.json;
}

void InstanceJsonCache::retainOnly(qsizetype liveInstances)
{
    if (m_entries.size() > liveInstances) {
        m_entries.removeIf([](const auto &it) { return !it.value().seen; });
    }
    for (Entry &entry : m_entries)
        entry.seen = false;
}
