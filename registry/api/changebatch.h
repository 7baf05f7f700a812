// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/registrychange.h"

#include <QList>
#include <QMetaType>

struct Heartbeat
{
    QString app;
    QString instanceId;
    qint64 timestamp = 0;
    qint64 count = 0;                  // heartbeats from this instance since the last batch
};

// What happened on a node since the last batch: every change, the latest heartbeat per instance and
// the latest state of each health check that ran.
struct ChangeBatch
{
    quint64 revision = 0;
    QList<RegistryChange> changes;
    QList<Heartbeat> heartbeats;
    QList<CheckState> checks;
};

Q_DECLARE_METATYPE(ChangeBatch)
