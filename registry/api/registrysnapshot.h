// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/instance.h"
#include "api/nodestatus.h"
#include "model/service.h"

#include <QList>
#include <QMetaType>

// A copy of the whole registry at one revision; batches with a higher revision apply on top.
struct RegistrySnapshot
{
    quint64 revision = 0;
    QList<Instance> instances;
    QList<Service> services;
    QList<CheckState> checks;          // the checks the node runs
    NodeStatus status;
};

Q_DECLARE_METATYPE(RegistrySnapshot)
