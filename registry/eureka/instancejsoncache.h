// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QByteArray>
#include <QHash>
#include <QPair>
#include <QString>

// The encoded JSON of each instance, kept until the instance changes (its revision moves on), so
// reads that list many instances encode only what changed since the last read. The time of its last
// update is checked too: the history holds instances of several runs of a node, whose revisions
// start again.
class InstanceJsonCache
{
public:
    QByteArray json(const Instance &instance);
    // Forgets instances that are gone or changed; call after a read that saw the whole registry.
    void retainOnly(qsizetype liveInstances);

private:
    struct Entry
    {
        quint64 revision = 0;
        qint64 lastUpdated = 0;
        QByteArray json;
        bool seen = false;
    };

    QHash<QPair<QString, QString>, Entry> m_entries;
};
