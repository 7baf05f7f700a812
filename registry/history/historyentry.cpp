// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyentry.h"

#include "model/musterjson.h"

#include <QDateTime>

#include <array>
#include <utility>

namespace {
using Event = HistoryEntry::Event;

constexpr std::array<std::pair<Event, const char16_t *>, 13> eventNames {{
    {Event::Registered, u"registered"},
    {Event::Cancelled, u"cancelled"},
    {Event::Expired, u"expired"},
    {Event::StatusChanged, u"status-changed"},
    {Event::StatusCorrected, u"status-corrected"},
    {Event::OverrideRemoved, u"override-removed"},
    {Event::MetadataChanged, u"metadata-changed"},
    {Event::ServiceCreated, u"service-created"},
    {Event::ServiceUpdated, u"service-updated"},
    {Event::ServiceDeleted, u"service-deleted"},
    {Event::RenewalsStopped, u"renewals-stopped"},
    {Event::RenewalsResumed, u"renewals-resumed"},
    {Event::NodeStarted, u"node-started"},
}};

Event eventOf(RegistryChange::Kind kind)
{
    switch (kind) {
    case RegistryChange::Kind::Registered: return Event::Registered;
    case RegistryChange::Kind::Cancelled: return Event::Cancelled;
    case RegistryChange::Kind::Expired: return Event::Expired;
    case RegistryChange::Kind::StatusChanged: return Event::StatusChanged;
    case RegistryChange::Kind::StatusCorrected: return Event::StatusCorrected;
    case RegistryChange::Kind::OverrideRemoved: return Event::OverrideRemoved;
    case RegistryChange::Kind::MetadataChanged: return Event::MetadataChanged;
    case RegistryChange::Kind::ServiceCreated: return Event::ServiceCreated;
    case RegistryChange::Kind::ServiceUpdated: return Event::ServiceUpdated;
    case RegistryChange::Kind::ServiceDeleted: return Event::ServiceDeleted;
    }
    return Event::Registered;
}

std::optional<WriteOrigin> originFromName(QStringView name)
{
    for (const WriteOrigin origin : {WriteOrigin::Client, WriteOrigin::Peer, WriteOrigin::Bridge, WriteOrigin::Check}) {
        if (name == HistoryEntry::originName(origin))
            return origin;
    }
    return std::nullopt;
}

// Instance events of renewals carry only who it is: the rest did not change.
QJsonObject instanceKey(const Instance &instance)
{
    return {{QStringLiteral("app"), instance.app}, {QStringLiteral("instanceId"), instance.instanceId}};
}
}

HistoryEntry HistoryEntry::fromChange(const RegistryChange &change)
{
    HistoryEntry entry;
    entry.event = eventOf(change.kind);
    entry.revision = change.revision;
    entry.timestamp = change.timestamp;
    entry.origin = change.origin;
    entry.author = change.author;
    if (change.isServiceChange())
        entry.service = change.service;
    else
        entry.instance = change.instance;
    return entry;
}

QString HistoryEntry::eventName(Event event)
{
    for (const auto &[known, name] : eventNames) {
        if (known == event)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<HistoryEntry::Event> HistoryEntry::eventFromName(QStringView name)
{
    for (const auto &[event, known] : eventNames) {
        if (name == QStringView(known))
            return event;
    }
    return std::nullopt;
}

QString HistoryEntry::originName(WriteOrigin origin)
{
    switch (origin) {
    case WriteOrigin::Client: return QStringLiteral("client");
    case WriteOrigin::Peer: return QStringLiteral("peer");
    case WriteOrigin::Bridge: return QStringLiteral("bridge");
    case WriteOrigin::Check: return QStringLiteral("check");
    }
    return {};
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject object {
        {QStringLiteral("event"), eventName(event)},
        {QStringLiteral("sequence"), QString::number(sequence)},
        {QStringLiteral("revision"), QString::number(revision)},
        {QStringLiteral("time"), timestamp},
        {QStringLiteral("origin"), originName(origin)},
    };
    if (!author.account.isEmpty() || !author.address.isEmpty()) {
        object.insert(QStringLiteral("author"), QJsonObject {{QStringLiteral("account"), author.account},
                                                             {QStringLiteral("address"), author.address}});
    }
    if (isServiceEvent())
        object.insert(QStringLiteral("service"), MusterJson::encodeService(service));
    else if (event == Event::RenewalsStopped || event == Event::RenewalsResumed)
        object.insert(QStringLiteral("instance"), instanceKey(instance));
    else if (event != Event::NodeStarted)
        object.insert(QStringLiteral("instance"), MusterJson::encodeInstance(instance));
    if (lastRenewal != 0)
        object.insert(QStringLiteral("lastRenewal"), lastRenewal);
    return object;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &object)
{
    const auto event = eventFromName(object.value(u"event").toString());
    const auto origin = originFromName(object.value(u"origin").toString());
    if (!event || !origin)
        return std::nullopt;
    HistoryEntry entry;
    entry.event = *event;
    entry.origin = *origin;
    entry.sequence = object.value(u"sequence").toString().toULongLong();
    entry.revision = object.value(u"revision").toString().toULongLong();
    entry.timestamp = object.value(u"time").toInteger();
    entry.lastRenewal = object.value(u"lastRenewal").toInteger();
    const QJsonObject author = object.value(u"author").toObject();
    entry.author = {author.value(u"account").toString(), author.value(u"address").toString()};
    if (entry.isServiceEvent()) {
        const auto service = MusterJson::decodeService(object.value(u"service").toObject());
        if (!service)
            return std::nullopt;
        entry.service = *service;
        entry.service.revision = entry.revision;
    } else if (entry.event == Event::RenewalsStopped || entry.event == Event::RenewalsResumed) {
        const QJsonObject key = object.value(u"instance").toObject();
        entry.instance.app = key.value(u"app").toString();
        entry.instance.instanceId = key.value(u"instanceId").toString();
    } else if (entry.event != Event::NodeStarted) {
        const auto instance = MusterJson::decodeInstance(object.value(u"instance").toObject());
        if (!instance)
            return std::nullopt;
        entry.instance = *instance;
        entry.instance.revision = entry.revision;
    }
    return entry;
}

QJsonObject HistoryEntry::toApiJson() const
{
    QJsonObject object = toJson();
    object.insert(QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(timestamp, Qt::UTC).toString(Qt::ISODateWithMs));
    if (lastRenewal != 0) {
        object.insert(QStringLiteral("lastRenewalAt"),
                      QDateTime::fromMSecsSinceEpoch(lastRenewal, Qt::UTC).toString(Qt::ISODateWithMs));
    }
    return object;
}
