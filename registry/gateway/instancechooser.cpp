// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/instancechooser.h"

PassiveHealth::PassiveHealth(int ejectAfterFailures, int ejectForMs)
    : m_ejectAfterFailures {std::max(1, ejectAfterFailures)}
    , m_ejectForMs {ejectForMs}
{
}

void PassiveHealth::recordSuccess(const QString &address)
{
    m_records.remove(address);
}

bool PassiveHealth::recordFailure(const QString &address, qint64 nowMs, bool refused)
{
    Record &record = m_records[address];
    record.failuresInRow = refused ? std::max(record.failuresInRow + 1, m_ejectAfterFailures) : record.failuresInRow + 1;
    if (record.failuresInRow < m_ejectAfterFailures || record.ejectedUntilMs > nowMs)
        return false;
    record.ejectedUntilMs = nowMs + m_ejectForMs;
    return true;
}

bool PassiveHealth::isEjected(const QString &address, qint64 nowMs) const
{
    return ejectedUntil(address, nowMs) != 0;
}

qint64 PassiveHealth::ejectedUntil(const QString &address, qint64 nowMs) const
{
    const auto it = m_records.constFind(address);
    return it != m_records.cend() && it->ejectedUntilMs > nowMs ? it->ejectedUntilMs : 0;
}

void PassiveHealth::setEjectedUntil(const QString &address, qint64 untilMs)
{
    if (untilMs == 0)
        m_records.remove(address);
    else
        m_records[address].ejectedUntilMs = untilMs;
}

InstanceChooser::InstanceChooser(QString zone)
    : m_zone {std::move(zone)}
{
}

InstanceChooser::Choice InstanceChooser::choose(const RoutedService &service, const PassiveHealth &health,
                                                qint64 nowMs, const QSet<QString> &excluded)
{
    QList<const RoutingTarget *> candidates;
    bool anyInZone = false;
    for (const RoutingTarget &target : service.up) {
        const QString address = target.address();
        if (excluded.contains(address) || health.isEjected(address, nowMs))
            continue;
        candidates.append(&target);
        anyInZone = anyInZone || (!m_zone.isEmpty() && target.zone == m_zone);
    }
    if (candidates.isEmpty())
        return {service.up.isEmpty() ? Outcome::NoneUp : Outcome::AllEjected, {}};
    if (anyInZone)
        candidates.removeIf([this](const RoutingTarget *target) { return target->zone != m_zone; });

    QHash<QString, qint64> &weights = m_currentWeights[service.name];
    if (weights.size() > 4 * service.up.size() + 16)
        weights.clear();   // instances come and go; do not keep the departed ones forever
    const RoutingTarget *best = nullptr;
    qint64 bestWeight = 0;
    qint64 total = 0;
    for (const RoutingTarget *target : std::as_const(candidates)) {
        qint64 &current = weights[target->instanceId];
        current += target->weight;
        total += target->weight;
        if (!best || current > bestWeight) {
            best = target;
            bestWeight = current;
        }
    }
    weights[best->instanceId] -= total;
    return {Outcome::Chosen, *best};
}
