// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/pinnedentries.h"

#include <QByteArray>
#include <QString>

#include <optional>

// The file in a node's data directory that keeps its pinned entries across restarts and crashes:
// one JSON document, replaced whole and atomically on every change, and on the disk before write()
// returns true. Layout and format: docs/muster-api.md.
class Journal
{
public:
    struct LoadResult
    {
        PinnedEntries entries;
        QString movedAsideTo;          // set when the file was unreadable and kept under this name
        qsizetype unreadableEntries = 0;
    };

    explicit Journal(QString directory);

    QString directory() const { return m_directory; }
    QString filePath() const;
    // What the file holds; nothing when there is none. A file that cannot be read whole is moved
    // aside (journal.json.corrupt-<time>) with what could be read returned. Empty when that fails.
    std::optional<LoadResult> load();
    // Replaces the file with the entries, creating the directory if needed.
    bool write(const PinnedEntries &entries);
    QString errorString() const { return m_error; }

    static QString fileName() { return QStringLiteral("journal.json"); }
    static QByteArray encode(const PinnedEntries &entries);
    // The entries of a journal document; unreadable counts the entries that had to be skipped.
    static std::optional<PinnedEntries> decode(const QByteArray &document, qsizetype *unreadable, QString *error);

private:
    bool syncDirectory();

    QString m_directory;
    QString m_error;
};
