// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/historyexport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class Registry;

// Plays a recorded range into a registry, so the incident unfolds again for whoever watches: the
// start state at once, then each change at its recorded pace divided by speed. Entries are applied
// as they were stored, with no rules; the registry must not end leases by itself meanwhile
// (RegistryConfig::leasesEndInStore), so an instance goes only when the recording says it went.
// Lives on the registry's thread.
class HistoryReplayer : public QObject
{
    Q_OBJECT

public:
    HistoryReplayer(Registry *registry, HistoryExport recording, double speed, QObject *parent = nullptr);

    void start();
    bool isFinished() const { return m_next >= m_recording.entries.size() && m_started; }
    qsizetype applied() const { return m_next; }
    qsizetype total() const { return m_recording.entries.size(); }

signals:
    void finished();

private:
    void applyState(const HistoryState &state);
    void apply(const HistoryEntry &entry);
    void clear();
    void playDue();
    quint64 nextRevision() const;

    Registry *m_registry;
    HistoryExport m_recording;
    double m_speed;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qsizetype m_next = 0;
    bool m_started = false;
};
