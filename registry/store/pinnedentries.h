// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/service.h"

#include <QHash>
#include <QList>

// What a node's journal holds: the user's hand-made data, which must outlive the process.
struct PinnedEntries
{
    QList<Service> services;                   // the services created by hand (pinned)
    QList<Instance> instances;                 // the pinned instances
    QHash<QString, Service> instanceServices;  // by id, the service each pinned instance belongs to

    bool isEmpty() const { return services.isEmpty() && instances.isEmpty(); }
};
