// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/historystate.h"

#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

class QThread;

// Writes the history's files on a thread of its own, in the order they were asked for, so the
// node's thread never waits for the disk: appends to a segment (each batch synced), snapshots
// (written atomically and synced with their directory), removals. The first failure is kept;
// error() reports it and nothing more is written.
class HistoryWriter
{
public:
    HistoryWriter();
    ~HistoryWriter();                  // writes what is queued first

    void append(const QString &path, QByteArray lines);
    // Encodes the state there too: a snapshot of a large registry takes a while.
    void writeSnapshot(const QString &path, HistoryState state);
    void remove(const QStringList &paths);
    // Returns once everything asked so far is on the disk: before the files are read.
    void waitUntilWritten();
    QString error() const;

private:
    using Job = std::function<QString()>;   // an error sentence, or empty
    void enqueue(Job job);
    void run();
    QString appendNow(const QString &path, const QByteArray &lines);
    QString writeSnapshotNow(const QString &path, const HistoryState &state);

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stopping = false;
    QString m_error;
    QFile m_file;                      // the segment appended to last; used on the writer's thread only
    std::unique_ptr<QThread> m_thread;
};
