// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/historyentry.h"
#include "history/historyretention.h"
#include "history/historystate.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class HistoryWriter;

// A node's history on the disk, in <data-dir>/history: append-only segment files of one JSON entry
// a line, each beginning where a snapshot (the state before its first entry) was taken. Entries are
// appended in memory and handed to the disk by flush(), which the recorder calls every 100 ms; the
// files are written and synced on a thread of their own (HistoryWriter). A segment ends when it is
// large or old enough, and whole segments go when the retention says so. The state at a moment is
// the snapshot before it plus the entries up to it. In memory it keeps the state now and the
// entries not yet flushed; a segment read for a past moment stays decoded while it is being asked
// about, and is let go after a minute unused, so a node nobody scrubs holds no past. Lives on the
// node's thread.
class HistoryLog
{
public:
    struct Limits
    {
        qint64 segmentBytes = 8 << 20;
        qsizetype segmentEntries = 20000;
        qint64 segmentAgeMs = 3600 * 1000;
    };

    HistoryLog(QString directory, HistoryRetention retention, Limits limits);
    HistoryLog(QString directory, HistoryRetention retention);
    ~HistoryLog();

    // Reads what the directory holds and begins a new segment; an error sentence, or empty.
    QString open(qint64 nowMs);
    QString directory() const { return m_directory; }

    // Gives the entry the next sequence number; on the disk after the next flush().
    void append(HistoryEntry entry);
    // Hands the entries appended since the last call to the writer; rotates and trims segments.
    // False once a write has failed (errorString() says which).
    bool flush(qint64 nowMs);
    QString errorString() const { return m_error; }
    // Returns once everything flushed is on the disk.
    void waitUntilWritten() const;

    // The entries with from <= time <= to, oldest first, at most limit of them.
    QList<HistoryEntry> entries(qint64 from, qint64 to, qsizetype limit) const;
    // The registry at time, or nothing when the history does not reach back that far.
    std::optional<HistoryState> stateAt(qint64 time) const;
    // The first moment the history can answer for.
    qint64 earliestTime() const;
    qint64 diskBytes() const;
    qsizetype segmentCount() const { return m_segments.size(); }
    // How many entries of a segment read for a past moment are held decoded in memory.
    qsizetype decodedEntries() const { return m_lastRead ? m_lastRead->entries.size() : 0; }

private:
    struct Segment
    {
        quint64 firstSequence = 0;
        qint64 startTime = 0;          // the snapshot's time: the state at it is known
        qint64 bytes = 0;
    };

    QString segmentPath(const Segment &segment) const;
    QString snapshotPath(const Segment &segment) const;
    void startSegment(qint64 nowMs);
    void trim(qint64 nowMs);
    bool needsRotation(qint64 nowMs) const;
    std::optional<HistoryState> loadSnapshot(const Segment &segment) const;
    QList<HistoryEntry> readSegment(const Segment &segment) const;
    QString recoverExisting();

    // A segment as last read from the disk (the current one with its unflushed entries too):
    // scrubbing through one moment after another reads and parses its files once.
    struct DecodedSegment
    {
        quint64 firstSequence = 0;
        HistoryState snapshot;
        QList<HistoryEntry> entries;
    };
    const DecodedSegment *decoded(const Segment &segment) const;
    bool isCurrent(const Segment &segment) const;

    QString m_directory;
    HistoryRetention m_retention;
    Limits m_limits;
    QList<Segment> m_segments;         // oldest first; the last one is being written
    QList<HistoryEntry> m_unwritten;   // appended since the last flush
    qsizetype m_segmentEntries = 0;    // in the current segment, unwritten ones included
    HistoryState m_current;            // the state now
    qint64 m_segmentLatest = 0;        // the latest time in the current segment (renewal events may come out of order)
    mutable std::optional<DecodedSegment> m_lastRead;
    mutable qint64 m_lastReadUsedMs = 0;
    quint64 m_nextSequence = 0;
    QString m_error;
    std::unique_ptr<HistoryWriter> m_writer;
};
