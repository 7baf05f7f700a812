// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

// Keeps the process's resident memory at what it uses. glibc keeps what the nodes' threads free
// after a peak (a full fetch's answer, a burst of large or hostile requests) inside its arenas, and
// as later allocations spread over those free chunks their pages become resident one by one: a node
// that uses a steady amount of memory would otherwise keep growing for a quarter of an hour towards
// its highest peak. So blocks of 128 KiB and more are always mapped on their own and unmapped when
// freed (glibc otherwise raises that threshold after the first such block is freed, and later ones
// land in the arenas), and every 30 s malloc_trim(0) releases the free pages of every arena.
// Without glibc this does nothing.
class MemoryTrimmer : public QObject
{
    Q_OBJECT

public:
    explicit MemoryTrimmer(int intervalMs = 30000, QObject *parent = nullptr);

    // Returns what is free now; how long it took, in microseconds.
    static qint64 trim();

private:
    QTimer m_timer;
};
