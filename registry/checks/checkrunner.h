// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/checkspec.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <QTimer>

#include <map>
#include <optional>

class HttpChecks;

// One result, with the key and generation of the check that gave it.
struct CheckReport
{
    QString key;
    quint64 generation = 0;
    CheckResult result;
};

// Runs checks on the thread it lives on, each every interval, at most maxInFlight at a time: an
// HTTP GET through HttpChecks (libcurl, kept-alive connections; https trusts the system's CAs and
// those in caFile), or a TCP connect. It knows
// checks by an opaque key and reports each result with the generation the check was set with, so
// its owner can drop the results of a check it has since changed or removed. Results leave in
// batches, at most every 50 ms, so a thousand checks a second cost the owner's thread twenty wake-ups,
// not a thousand. It never sees a Registry.
class CheckRunner : public QObject
{
    Q_OBJECT

public:
    explicit CheckRunner(int maxInFlight, const QString &caFile = {}, QObject *parent = nullptr);
    ~CheckRunner() override;

    // Runs the check from now on in place of any under that key; the first run comes within one
    // interval, spread so that many checks set at once do not run at once.
    void setCheck(const QString &key, const CheckSpec &spec, quint64 generation);
    void removeCheck(const QString &key);
    qsizetype inFlight() const { return m_inFlight; }

signals:
    void checked(const QList<CheckReport> &reports);

private:
    using Schedule = std::multimap<qint64, QString>;
    struct Entry
    {
        CheckSpec spec;
        quint64 generation = 0;
        bool running = false;
        std::optional<Schedule::iterator> due;
    };

    void schedule(const QString &key, Entry &entry, qint64 atMs);
    void unschedule(Entry &entry);
    void armTimer();
    void takeDueChecks();
    void startReadyChecks();
    void run(const QString &key, const Entry &entry);
    void runHttp(const QString &key, const CheckSpec &spec, quint64 generation);
    void runTcp(const QString &key, const CheckSpec &spec, quint64 generation);
    void finish(const QString &key, quint64 generation, qint64 startedMs, CheckResult result);
    HttpChecks *http();

    int m_maxInFlight;
    QString m_caFile;
    qsizetype m_inFlight = 0;
    QHash<QString, Entry> m_entries;
    Schedule m_schedule;
    QQueue<QString> m_ready;
    QTimer m_timer;
    std::optional<qint64> m_armedForMs;  // when m_timer fires, if it runs
    QList<CheckReport> m_reports;
    QTimer m_reportTimer;
    HttpChecks *m_http = nullptr;
};
