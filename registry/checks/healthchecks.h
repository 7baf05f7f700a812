// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/instance.h"

#include <QHash>
#include <QObject>

#include <memory>

class CheckRunner;
struct CheckReport;

// The checks a node runs, seen from the node's thread. The node tells it which instances to check
// (watch, unwatch); a CheckRunner on a thread of its own runs them, and the results come back here,
// where they become verdicts. It never touches the Registry: the node applies what it signals.
class HealthChecks : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultMaxInFlight = 256;

    // https checks trust the system's CAs and those in caFile (the node's --tls-ca).
    explicit HealthChecks(int maxInFlight = defaultMaxInFlight, const QString &caFile = {}, QObject *parent = nullptr);
    ~HealthChecks() override;

    // Checks the instance with its check from now on; a changed check starts over, keeping the
    // verdict the instance carries. An instance with no check is unwatched.
    void watch(const Instance &instance);
    void unwatch(const QString &app, const QString &id);
    // The last verdict signalled did not reach the registry (the store refused the write): the next
    // result signals it again.
    void retractVerdict(const QString &app, const QString &id);
    bool isWatching(const QString &app, const QString &id) const;
    QList<CheckState> states() const;
    qsizetype count() const { return m_entries.size(); }

signals:
    void verdictChanged(const QString &app, const QString &id, bool failing);
    void deregisterDue(const QString &app, const QString &id);
    // After every result.
    void stateChanged(const CheckState &state);
    // A check passed for an instance whose lease the check keeps (Service-Center's pull mode).
    void leaseCheckPassed(const QString &app, const QString &id);

private:
    struct Entry
    {
        CheckState state;
        quint64 generation = 0;
        bool deregisterAsked = false;
        bool keepsLease = false;
    };

    void record(const QList<CheckReport> &reports);
    void recordOne(const QString &key, quint64 generation, const CheckResult &result);

    std::unique_ptr<CheckRunner> m_runner;
    QHash<QString, Entry> m_entries;
    quint64 m_nextGeneration = 1;
};
