// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/healthchecks.h"

#include "checks/checkrunner.h"
#include "checks/checkslogging.h"
#include "checks/checktracker.h"

namespace {
QString keyOf(const QString &app, const QString &id)
{
    return app + QChar(0) + id;
}
}

HealthChecks::HealthChecks(int maxInFlight, const QString &caFile, QObject *parent)
    : QObject {parent}
    , m_runner {std::make_unique<CheckRunner>(maxInFlight, caFile)}
{
    connect(m_runner.get(), &CheckRunner::checked, this, &HealthChecks::record, Qt::QueuedConnection);
}

HealthChecks::~HealthChecks() = default;

void HealthChecks::watch(const Instance &instance)
{
    if (!instance.check) {
        unwatch(instance.app, instance.instanceId);
        return;
    }
    const QString key = keyOf(instance.app, instance.instanceId);
    Entry &entry = m_entries[key];
    const bool keepsLease = instance.healthCheck && instance.healthCheck->mode == u"pull";
    if (entry.generation != 0 && entry.state.spec == *instance.check) {
        entry.keepsLease = keepsLease;
        return;
    }
    entry = Entry {};
    entry.state.app = instance.app;
    entry.state.instanceId = instance.instanceId;
    entry.state.spec = *instance.check;
    entry.state.verdict = instance.downByCheck ? CheckState::Verdict::Failing : CheckState::Verdict::Pending;
    entry.generation = m_nextGeneration++;
    entry.keepsLease = keepsLease;
    qCInfo(lcChecks).noquote() << "checking" << instance.app << instance.instanceId << "with"
                               << CheckSpecs::kindName(instance.check->kind) << instance.check->target << "every"
                               << instance.check->intervalMs << "ms";
    m_runner->setCheck(key, *instance.check, entry.generation);
    emit stateChanged(entry.state);
}

void HealthChecks::unwatch(const QString &app, const QString &id)
{
    const QString key = keyOf(app, id);
    if (!m_entries.remove(key))
        return;
    qCInfo(lcChecks).noquote() << "no longer checking" << app << id;
    m_runner->removeCheck(key);
}

void HealthChecks::retractVerdict(const QString &app, const QString &id)
{
    const auto it = m_entries.find(keyOf(app, id));
    if (it == m_entries.end())
        return;
    CheckState::Verdict &verdict = it->state.verdict;
    verdict = verdict == CheckState::Verdict::Failing ? CheckState::Verdict::Pending : CheckState::Verdict::Failing;
}

bool HealthChecks::isWatching(const QString &app, const QString &id) const
{
    return m_entries.contains(keyOf(app, id));
}

QList<CheckState> HealthChecks::states() const
{
    QList<CheckState> states;
    states.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        states.append(entry.state);
    return states;
}

void HealthChecks::record(const QList<CheckReport> &reports)
{
    for (const CheckReport &report : reports)
        recordOne(report.key, report.generation, report.result);
}

void HealthChecks::recordOne(const QString &key, quint64 generation, const CheckResult &result)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end() || it->generation != generation)
        return;
    CheckState &state = it->state;
    const bool verdictMoved = CheckTracker::record(state, result);
    const bool deregister = !it->deregisterAsked && CheckTracker::deregisterDue(state, result.timestamp);
    it->deregisterAsked = it->deregisterAsked || deregister;
    const bool renewLease = it->keepsLease && result.passed;
    // Copied: whoever hears the signals may watch or unwatch, which changes m_entries.
    const CheckState now = state;
    emit stateChanged(now);
    if (renewLease)
        emit leaseCheckPassed(now.app, now.instanceId);
    if (verdictMoved) {
        const bool failing = now.verdict == CheckState::Verdict::Failing;
        qCInfo(lcChecks).noquote() << "check of" << now.app << now.instanceId
                                   << (failing ? "is failing:" : "passes again:") << result.detail;
        emit verdictChanged(now.app, now.instanceId, failing);
    }
    if (deregister) {
        qCInfo(lcChecks).noquote() << "check of" << now.app << now.instanceId << "has failed for"
                                   << now.spec.deregisterAfterMs << "ms: deregistering";
        emit deregisterDue(now.app, now.instanceId);
    }
}
