// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyrecorder.h"

#include "core/clock.h"
#include "history/historylogging.h"

namespace {
constexpr int flushIntervalMs = 100;
constexpr qint64 lapseCheckIntervalMs = 1000;
// Renewals have lapsed when none came for this many renewal intervals.
constexpr int lapseIntervals = 2;

qint64 renewalIntervalMs(const Instance &instance)
{
    const int seconds = instance.healthCheck ? instance.healthCheck->intervalSecs : instance.lease.renewalIntervalSecs;
    return qint64(std::max(1, seconds)) * 1000;
}
}

HistoryRecorder::HistoryRecorder(std::unique_ptr<HistoryLog> log, const Clock *clock, QObject *parent)
    : QObject {parent}
    , m_log {std::move(log)}
    , m_clock {clock}
    , m_flushTimer {this}
{
    m_flushTimer.setInterval(flushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &HistoryRecorder::flush);
}

HistoryRecorder::~HistoryRecorder()
{
    stop();
}

QString HistoryRecorder::start(quint64 revision)
{
    const qint64 now = m_clock->nowMs();
    if (const QString error = m_log->open(now); !error.isEmpty())
        return error;
    HistoryEntry started;
    started.event = HistoryEntry::Event::NodeStarted;
    started.revision = revision;
    started.timestamp = now;
    m_log->append(started);
    m_revision = revision;
    m_lastLapseCheck = now;
    m_flushTimer.start();
    qCInfo(lcHistory).noquote() << "history kept in" << m_log->directory();
    return {};
}

void HistoryRecorder::stop()
{
    if (!m_flushTimer.isActive())
        return;
    m_flushTimer.stop();
    flush();
}

void HistoryRecorder::record(const RegistryChange &change)
{
    m_log->append(HistoryEntry::fromChange(change));
    m_revision = change.revision;
    if (change.isServiceChange())
        return;
    const QString key = HistoryState::keyOf(change.instance);
    if (change.kind == RegistryChange::Kind::Cancelled || change.kind == RegistryChange::Kind::Expired)
        m_renewals.remove(key);
    else if (change.kind == RegistryChange::Kind::Registered)
        track(change.instance, change.timestamp);
}

void HistoryRecorder::track(const Instance &instance, qint64 timestamp)
{
    const QString key = HistoryState::keyOf(instance);
    if (instance.pinned) {
        m_renewals.remove(key);
        return;
    }
    m_renewals.insert(key, {std::max(timestamp, instance.lease.lastRenewalTimestamp), renewalIntervalMs(instance), false});
}

void HistoryRecorder::recordRenewal(const QString &app, const QString &id, qint64 timestamp)
{
    const auto found = m_renewals.find(app + u'/' + id);
    if (found == m_renewals.end())
        return;
    if (found->lapsed) {
        appendRenewalEvent(HistoryEntry::Event::RenewalsResumed, found.key(), *found, timestamp);
        found->lapsed = false;
    }
    found->last = timestamp;
}

void HistoryRecorder::appendRenewalEvent(HistoryEntry::Event event, const QString &key, const Renewals &renewals,
                                         qint64 timestamp)
{
    HistoryEntry entry;
    entry.event = event;
    entry.revision = m_revision;
    entry.timestamp = timestamp;
    const qsizetype slash = key.indexOf(u'/');
    entry.instance.app = key.left(slash);
    entry.instance.instanceId = key.mid(slash + 1);
    entry.lastRenewal = renewals.last;
    m_log->append(std::move(entry));
}

void HistoryRecorder::noteLapses(qint64 nowMs)
{
    for (auto it = m_renewals.begin(); it != m_renewals.end(); ++it) {
        if (!it->lapsed && nowMs - it->last > lapseIntervals * it->intervalMs) {
            it->lapsed = true;
            appendRenewalEvent(HistoryEntry::Event::RenewalsStopped, it.key(), *it, nowMs);
        }
    }
}

void HistoryRecorder::flush()
{
    const qint64 now = m_clock->nowMs();
    if (now - m_lastLapseCheck >= lapseCheckIntervalMs) {
        m_lastLapseCheck = now;
        noteLapses(now);
    }
    if (!m_log->flush(now) && !m_failed) {
        m_failed = true;
        qCWarning(lcHistory).noquote() << "the history stops being written:" << m_log->errorString();
    }
}
