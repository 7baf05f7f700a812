// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// How much history a node keeps: entries older than maxAgeMs and the oldest entries beyond
// maxBytes on the disk go, a whole segment at a time (docs/history.md).
struct HistoryRetention
{
    qint64 maxAgeMs = qint64(7) * 24 * 3600 * 1000;
    qint64 maxBytes = qint64(1) << 30;

    // "7d", "12h", "30m", "500MB", "2GiB" or both, comma-separated ("3d,200MB"); nothing and a
    // sentence naming the problem when the text is not that.
    static std::optional<HistoryRetention> parse(const QString &text, QString *error);
    QString toString() const;
};
