// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyreplayer.h"

#include "core/registry.h"
#include "history/historylogging.h"

HistoryReplayer::HistoryReplayer(Registry *registry, HistoryExport recording, double speed, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_recording {std::move(recording)}
    , m_speed {speed > 0 ? speed : 1.0}
    , m_timer {this}
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HistoryReplayer::playDue);
}

void HistoryReplayer::start()
{
    qCInfo(lcHistory).noquote() << "replaying" << m_recording.entries.size() << "changes at speed" << m_speed;
    m_started = true;
    applyState(m_recording.start);
    m_elapsed.start();
    playDue();
}

quint64 HistoryReplayer::nextRevision() const
{
    return m_registry->revision() + 1;
}

void HistoryReplayer::applyState(const HistoryState &state)
{
    clear();
    for (const Service &service : state.sortedServices())
        m_registry->applyStoredService(service, nextRevision());
    for (const Instance &instance : state.sortedInstances())
        m_registry->applyStoredInstance(instance, RegistryChange::Kind::Registered, nextRevision());
}

// What the registry holds that the recording does not: a node that started anew.
void HistoryReplayer::clear()
{
    QList<QPair<QString, QString>> instances;
    for (const auto &application : m_registry->applications()) {
        for (const Instance &instance : application)
            instances.append({instance.app, instance.instanceId});
    }
    for (const auto &[app, id] : std::as_const(instances))
        m_registry->removeStoredInstance(app, id, RegistryChange::Kind::Cancelled, nextRevision());
    const QStringList services = m_registry->services().keys();
    for (const QString &serviceId : services)
        m_registry->removeStoredService(serviceId, nextRevision());
}

void HistoryReplayer::apply(const HistoryEntry &entry)
{
    using Event = HistoryEntry::Event;
    switch (entry.event) {
    case Event::Registered:
        m_registry->applyStoredInstance(entry.instance, RegistryChange::Kind::Registered, nextRevision());
        break;
    case Event::StatusChanged:
        m_registry->applyStoredInstance(entry.instance, RegistryChange::Kind::StatusChanged, nextRevision());
        break;
    case Event::StatusCorrected:
        m_registry->applyStoredInstance(entry.instance, RegistryChange::Kind::StatusCorrected, nextRevision());
        break;
    case Event::OverrideRemoved:
        m_registry->applyStoredInstance(entry.instance, RegistryChange::Kind::OverrideRemoved, nextRevision());
        break;
    case Event::MetadataChanged:
        m_registry->applyStoredInstance(entry.instance, RegistryChange::Kind::MetadataChanged, nextRevision());
        break;
    case Event::Cancelled:
        m_registry->removeStoredInstance(entry.instance.app, entry.instance.instanceId, RegistryChange::Kind::Cancelled,
                                         nextRevision());
        break;
    case Event::Expired:
        m_registry->removeStoredInstance(entry.instance.app, entry.instance.instanceId, RegistryChange::Kind::Expired,
                                         nextRevision());
        break;
    case Event::ServiceCreated:
    case Event::ServiceUpdated:
        m_registry->applyStoredService(entry.service, nextRevision());
        break;
    case Event::ServiceDeleted:
        m_registry->removeStoredService(entry.service.serviceId, nextRevision());
        break;
    case Event::NodeStarted:
        clear();
        break;
    case Event::RenewalsStopped:
    case Event::RenewalsResumed:
        break;                         // the registry did not change
    }
}

// Applies every entry whose time has come, then sleeps until the next one.
void HistoryReplayer::playDue()
{
    const auto dueAt = [this](const HistoryEntry &entry) {
        return qint64(double(entry.timestamp - m_recording.from) / m_speed);
    };
    while (m_next < m_recording.entries.size() && dueAt(m_recording.entries.at(m_next)) <= m_elapsed.elapsed())
        apply(m_recording.entries.at(m_next++));
    if (m_next < m_recording.entries.size()) {
        m_timer.start(int(std::max<qint64>(0, dueAt(m_recording.entries.at(m_next)) - m_elapsed.elapsed())));
        return;
    }
    qCInfo(lcHistory).noquote() << "replay finished:" << m_recording.entries.size() << "changes";
    emit finished();
}
