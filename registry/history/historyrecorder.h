// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/historylog.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class Clock;

// Feeds a node's HistoryLog: every registry change, and the gaps in each instance's renewals (a
// heartbeat only moves the instance's last renewal; a lapse of two intervals is one entry, the
// return another). Writes the log every 100 ms, off the write path. Lives on the node's thread.
class HistoryRecorder : public QObject
{
    Q_OBJECT

public:
    HistoryRecorder(std::unique_ptr<HistoryLog> log, const Clock *clock, QObject *parent = nullptr);
    ~HistoryRecorder() override;

    // Opens the log and records that the node (and its empty registry) started at revision.
    QString start(quint64 revision);
    void stop();

    void record(const RegistryChange &change);
    void recordRenewal(const QString &app, const QString &id, qint64 timestamp);
    // Writes what is waiting and notes the instances whose renewals lapsed since the last look.
    void flush();

    const HistoryLog &log() const { return *m_log; }

private:
    struct Renewals
    {
        qint64 last = 0;
        qint64 intervalMs = 0;
        bool lapsed = false;
    };
    void track(const Instance &instance, qint64 timestamp);
    void noteLapses(qint64 nowMs);
    void appendRenewalEvent(HistoryEntry::Event event, const QString &key, const Renewals &renewals, qint64 timestamp);

    std::unique_ptr<HistoryLog> m_log;
    const Clock *m_clock;
    QTimer m_flushTimer;
    QHash<QString, Renewals> m_renewals;   // by app + '/' + id; pinned instances are not followed
    qint64 m_lastLapseCheck = 0;
    quint64 m_revision = 0;
    bool m_failed = false;
};
