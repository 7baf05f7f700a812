// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"

#include <QList>
#include <QMetaType>
#include <QStringList>

// The instances on which two nodes disagree, from a snapshot of each: those only one of them holds,
// and those both hold with a different status, override, metadata, address, ports or dirty time.
// Lease renewals and revisions are each node's own and do not count.
struct Divergence
{
    struct Difference
    {
        enum class Kind
        {
            OnlyFirst,
            OnlySecond,
            Differs,
        };
        Kind kind = Kind::Differs;
        QString app;
        QString instanceId;
        QStringList fields;            // for Differs: which fields, e.g. "status", "metadata"
    };

    QList<Difference> differences;     // sorted by app, then id

    qsizetype count() const { return differences.size(); }
    static Divergence between(const RegistrySnapshot &first, const RegistrySnapshot &second);
};

Q_DECLARE_METATYPE(Divergence)
