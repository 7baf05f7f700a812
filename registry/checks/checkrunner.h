// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/checkspec.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QQueue>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class CheckTransfers;
class QThread;

// One result, with the key and generation of the check that gave it.
struct CheckReport
{
    QString key;
    quint64 generation = 0;
    CheckResult result;
};

// Runs checks on a thread of its own, each every interval, at most maxInFlight at a time: an HTTP
// GET or a TCP connect through CheckTransfers (libcurl; kept-alive connections; https trusts the
// system's CAs and those in caFile). The thread runs no Qt event loop: it waits in curl for sockets,
// for the next check falling due and for new work, so a check costs its system calls and little
// more. It knows checks by an opaque key and reports each result with the generation the check was
// set with, so its owner can drop the results of a check it has since changed or removed. Results
// leave in batches, at most every 50 ms, so a thousand checks a second cost the owner's thread twenty
// wake-ups, not a thousand. It never sees a Registry.
class CheckRunner : public QObject
{
    Q_OBJECT

public:
    explicit CheckRunner(int maxInFlight, const QString &caFile = {}, QObject *parent = nullptr);
    ~CheckRunner() override;

    // From any thread. Runs the check from now on in place of any under that key; the first run
    // comes within one interval, spread so that many checks set at once do not run at once.
    void setCheck(const QString &key, const CheckSpec &spec, quint64 generation);
    void removeCheck(const QString &key);

signals:
    // Sent from the runner's thread.
    void checked(const QList<CheckReport> &reports);

private:
    using Schedule = std::multimap<qint64, QString>;
    struct Entry
    {
        CheckSpec spec;
        quint64 generation = 0;
        bool running = false;
        qint64 dueMs = 0;                      // when the running or last run fell due
        std::optional<Schedule::iterator> due;
    };
    struct Command
    {
        QString key;
        std::optional<CheckSpec> spec;  // none: remove the check
        quint64 generation = 0;
    };

    void post(Command command);
    void loop();
    void applyCommands();
    void apply(Command &command);
    void schedule(const QString &key, Entry &entry, qint64 atMs);
    void unschedule(Entry &entry);
    void takeDueChecks(qint64 nowMs);
    void startReadyChecks();
    void run(const QString &key, const Entry &entry);
    void finish(const QString &key, quint64 generation, qint64 startedMs, CheckResult result);
    void sendReports(qint64 nowMs);
    int waitMs(qint64 nowMs) const;

    int m_maxInFlight;
    std::unique_ptr<CheckTransfers> m_transfers;

    QMutex m_commandsMutex;
    std::vector<Command> m_commands;   // guarded by m_commandsMutex
    std::atomic_bool m_stopping = false;

    // Only the runner's thread touches these.
    qsizetype m_inFlight = 0;
    QHash<QString, Entry> m_entries;
    Schedule m_schedule;
    QQueue<QString> m_ready;
    QList<CheckReport> m_reports;
    std::optional<qint64> m_reportsDueMs;

    std::unique_ptr<QThread> m_thread;
};
