// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"

#include <QString>

#include <optional>

// What a registry's history (docs/history.md) says about a past moment: the registry then, and the
// first moment the history reaches back to; or why it cannot say (no history kept, a moment before
// it begins, the registry unreachable).
struct PastRegistry
{
    qint64 time = 0;                   // the moment asked for (0 when only the bounds were)
    qint64 earliest = 0;               // the first moment the history can answer for; 0 when unknown
    std::optional<RegistrySnapshot> state;
    QString error;                     // empty when the history answered

    bool ok() const { return error.isEmpty(); }
    static PastRegistry failure(qint64 time, QString error)
    {
        PastRegistry past;
        past.time = time;
        past.error = std::move(error);
        return past;
    }
};

Q_DECLARE_METATYPE(PastRegistry)
