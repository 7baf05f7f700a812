// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historystate.h"

#include "model/musterjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

void HistoryState::apply(const HistoryEntry &entry)
{
    using Event = HistoryEntry::Event;
    sequence = entry.sequence + 1;
    timestamp = entry.timestamp;
    switch (entry.event) {
    case Event::Registered:
    case Event::StatusChanged:
    case Event::StatusCorrected:
    case Event::OverrideRemoved:
    case Event::MetadataChanged:
        instances.insert(keyOf(entry.instance), entry.instance);
        break;
    case Event::Cancelled:
    case Event::Expired:
        instances.remove(keyOf(entry.instance));
        break;
    case Event::ServiceCreated:
    case Event::ServiceUpdated:
        services.insert(entry.service.serviceId, entry.service);
        break;
    case Event::ServiceDeleted:
        services.remove(entry.service.serviceId);
        break;
    case Event::NodeStarted:
        instances.clear();
        services.clear();
        break;
    case Event::RenewalsStopped:
    case Event::RenewalsResumed:
        return;                        // the registry did not change: neither does its revision
    }
    revision = entry.revision;
}

QList<Instance> HistoryState::sortedInstances() const
{
    QList<Instance> sorted = instances.values();
    std::sort(sorted.begin(), sorted.end(), [](const Instance &a, const Instance &b) {
        return std::tie(a.app, a.instanceId) < std::tie(b.app, b.instanceId);
    });
    return sorted;
}

QList<Service> HistoryState::sortedServices() const
{
    QList<Service> sorted = services.values();
    std::sort(sorted.begin(), sorted.end(), [](const Service &a, const Service &b) { return a.serviceId < b.serviceId; });
    return sorted;
}

RegistrySnapshot HistoryState::toSnapshot() const
{
    RegistrySnapshot snapshot;
    snapshot.revision = revision;
    snapshot.instances = sortedInstances();
    snapshot.services = sortedServices();
    return snapshot;
}

QJsonObject HistoryState::toJson() const
{
    QJsonArray instanceList;
    for (const Instance &instance : instances) {
        QJsonObject object = MusterJson::encodeInstance(instance);
        object.insert(QStringLiteral("revision"), QString::number(instance.revision));
        instanceList.append(object);
    }
    QJsonArray serviceList;
    for (const Service &service : services) {
        QJsonObject object = MusterJson::encodeService(service);
        object.insert(QStringLiteral("revision"), QString::number(service.revision));
        serviceList.append(object);
    }
    return QJsonObject {
        {QStringLiteral("version"), 1},
        {QStringLiteral("sequence"), QString::number(sequence)},
        {QStringLiteral("time"), timestamp},
        {QStringLiteral("revision"), QString::number(revision)},
        {QStringLiteral("instances"), instanceList},
        {QStringLiteral("services"), serviceList},
    };
}

QByteArray HistoryState::encode() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<HistoryState> HistoryState::decode(const QByteArray &document)
{
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !parsed.isObject())
        return std::nullopt;
    return fromJson(parsed.object());
}

std::optional<HistoryState> HistoryState::fromJson(const QJsonObject &root)
{
    if (root.value(u"version").toInt() != 1)
        return std::nullopt;
    HistoryState state;
    state.sequence = root.value(u"sequence").toString().toULongLong();
    state.timestamp = root.value(u"time").toInteger();
    state.revision = root.value(u"revision").toString().toULongLong();
    for (const QJsonValue &value : root.value(u"instances").toArray()) {
        auto instance = MusterJson::decodeInstance(value.toObject());
        if (!instance)
            return std::nullopt;
        instance->revision = value.toObject().value(u"revision").toString().toULongLong();
        state.instances.insert(keyOf(*instance), *instance);
    }
    for (const QJsonValue &value : root.value(u"services").toArray()) {
        auto service = MusterJson::decodeService(value.toObject());
        if (!service)
            return std::nullopt;
        service->revision = value.toObject().value(u"revision").toString().toULongLong();
        state.services.insert(service->serviceId, *service);
    }
    return state;
}
