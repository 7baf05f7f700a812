// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

// What happened on a node since the last batch: every change, and the latest heartbeat per instance.
struct ChangeBatch
{
    quint64 revision = 0;
    QList<RegistryChange> changes;
    QList<Heartbeat> heartbeats;
};

Q_DECLARE_METATYPE(ChangeBatch)
