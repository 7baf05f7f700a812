// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"
#include "history/historyentry.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>

#include <optional>

// The registry as the history knows it at one moment: its instances, services and revision. Built
// by applying entries in order to a snapshot; a snapshot is this state written down.
struct HistoryState
{
    quint64 sequence = 0;              // the entries before this one are applied
    qint64 timestamp = 0;              // the time of the last entry applied (or of the snapshot)
    quint64 revision = 0;
    QHash<QString, Instance> instances;   // by app + '/' + instanceId
    QHash<QString, Service> services;     // by serviceId

    void apply(const HistoryEntry &entry);
    // Sorted by app, then id; sorted by service id.
    QList<Instance> sortedInstances() const;
    QList<Service> sortedServices() const;
    // What a caller of the node sees (RegistryConnection::requestStateAt): sorted, at its revision.
    RegistrySnapshot toSnapshot() const;

    QJsonObject toJson() const;
    static std::optional<HistoryState> fromJson(const QJsonObject &object);
    QByteArray encode() const;
    static std::optional<HistoryState> decode(const QByteArray &document);
    static QString keyOf(const Instance &instance) { return instance.app + u'/' + instance.instanceId; }
};
