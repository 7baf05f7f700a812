// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/historystate.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// A recorded range of a node's history, as File → Export history… writes it and --replay reads it:
// the state at the start and every entry after it, up to the end (docs/history.md).
struct HistoryExport
{
    qint64 from = 0;
    qint64 to = 0;
    HistoryState start;
    QList<HistoryEntry> entries;

    QByteArray encode() const;
    // Nothing, with a sentence naming the problem, when the document is not a history export.
    static std::optional<HistoryExport> decode(const QByteArray &document, QString *error);
};
