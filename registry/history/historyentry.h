// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

// One line of a node's history: a registry change as it happened, a lapse or return of an
// instance's renewals (heartbeats themselves are not recorded), or the node starting (its registry
// starts empty, so the state before does not carry over).
struct HistoryEntry
{
    enum class Event
    {
        Registered,
        Cancelled,
        Expired,
        StatusChanged,
        StatusCorrected,
        OverrideRemoved,
        MetadataChanged,
        ServiceCreated,
        ServiceUpdated,
        ServiceDeleted,
        RenewalsStopped,               // no renewal for two intervals; lastRenewal says since when
        RenewalsResumed,               // renewed again after such a gap, which began at lastRenewal
        NodeStarted,
    };

    Event event = Event::Registered;
    quint64 sequence = 0;              // position in the log, never reused (revisions restart with the node)
    quint64 revision = 0;              // the registry's revision after the entry
    qint64 timestamp = 0;              // ms since the epoch
    WriteOrigin origin = WriteOrigin::Client;
    WriteAuthor author;
    Instance instance;                 // for instance events: the state after (for removals, the last)
    Service service;                   // for service events, likewise
    qint64 lastRenewal = 0;            // for the renewal events

    bool isServiceEvent() const
    {
        return event == Event::ServiceCreated || event == Event::ServiceUpdated || event == Event::ServiceDeleted;
    }
    bool isInstanceEvent() const { return !isServiceEvent() && event != Event::NodeStarted; }

    static HistoryEntry fromChange(const RegistryChange &change);
    static QString eventName(Event event);
    static std::optional<Event> eventFromName(QStringView name);
    static QString originName(WriteOrigin origin);

    // Muster's lossless form, one object per entry, as the log files hold it.
    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject &object);
    // The shape the HTTP API and exports show: the same, with an RFC 3339 time beside the ms.
    QJsonObject toApiJson() const;
};
