// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/pinnedstore.h"

#include "core/registry.h"
#include "store/storelogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>


namespace {
// A failed write is tried again, so that a removal does not come back at the next start.
constexpr int retryIntervalMs = 2'000;
}

PinnedStore::PinnedStore(Registry *registry, const QString &directory, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_journal {directory}
    , m_lock {QDir(directory).filePath(QStringLiteral("journal.lock"))}
    , m_retryTimer {this}
{
    // Only a live process holds the lock: one that died (kill -9) leaves a lock that is taken over.
    m_lock.setStaleLockTime(0);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &PinnedStore::save);
    connect(m_registry, &Registry::changed, this, &PinnedStore::onChanged);
}

PinnedStore::~PinnedStore() = default;

bool PinnedStore::open()
{
    const QString directory = m_journal.directory();
    if (!QDir().mkpath(directory)) {
        m_error = QStringLiteral("cannot create the data directory %1").arg(directory);
        return false;
    }
    if (!m_lock.tryLock()) {
        qint64 pid = 0;
        QString host;
        QString application;
        if (m_lock.error() == QLockFile::LockFailedError && m_lock.getLockInfo(&pid, &host, &application)) {
            m_error = QStringLiteral("the data directory %1 is in use by another Muster node (process %2 on %3); "
                                     "give each node its own data directory").arg(directory).arg(pid).arg(host);
        } else {
            m_error = QStringLiteral("cannot write to the data directory %1").arg(directory);
        }
        return false;
    }
    adoptPreviousJournal();
    auto loaded = m_journal.load();
    if (!loaded) {
        m_error = m_journal.errorString();
        return false;
    }
    m_loaded = std::move(loaded->entries);
    m_movedAsideTo = loaded->movedAsideTo;
    if (!m_journal.write(m_loaded)) {
        m_error = m_journal.errorString();
        return false;
    }
    return true;
}

// Moved, not copied, so that one node takes it over and the next one started finds none there. A
// journal whose directory another process still holds stays where it is.
void PinnedStore::adoptPreviousJournal()
{
    if (m_previousDirectory.isEmpty() || QFileInfo::exists(m_journal.filePath()))
        return;
    const QDir previous(m_previousDirectory);
    const QString previousJournal = previous.filePath(Journal::fileName());
    if (!QFileInfo::exists(previousJournal))
        return;
    QLockFile previousLock(previous.filePath(QStringLiteral("journal.lock")));
    previousLock.setStaleLockTime(0);
    if (!previousLock.tryLock()) {
        qCWarning(lcStore) << "the journal" << previousJournal << "is in use by another process; not taking it over";
        return;
    }
    if (QFile::rename(previousJournal, m_journal.filePath())
        || (QFile::copy(previousJournal, m_journal.filePath()) && QFile::remove(previousJournal))) {
        qCInfo(lcStore).noquote() << "moved the journal" << previousJournal << "to" << m_journal.filePath()
                                  << "(the default data directory is now one per node)";
    } else {
        qCWarning(lcStore) << "cannot move the journal" << previousJournal << "to" << m_journal.filePath();
    }
}

int PinnedStore::restore()
{
    m_restoring = true;
    QList<Service> services = m_loaded.services;
    services += m_loaded.instanceServices.values();
    for (const Service &service : std::as_const(services)) {
        if (m_registry->findService(service.serviceId))
            continue;
        const auto created = m_registry->createService(service);
        if (created.outcome == Registry::CreateServiceResult::Outcome::Conflict)
            qCWarning(lcStore).noquote() << "cannot restore the service" << service.serviceId << "from the journal: its key"
                                         << service.key.indexKey() << "belongs to" << created.serviceId;
    }
    for (const Instance &instance : std::as_const(m_loaded.instances))
        m_registry->registerInstance(instance);
    m_restoring = false;
    const int restored = int(m_loaded.instances.size());
    if (!m_loaded.isEmpty())
        qCInfo(lcStore).noquote() << "restored" << m_loaded.services.size() << "services and" << restored
                                  << "pinned instances from" << filePath();
    m_loaded = {};
    save();
    return restored;
}

void PinnedStore::onChanged(const RegistryChange &change)
{
    if (m_restoring)
        return;
    const bool concernsJournal = change.isServiceChange()
        ? change.service.pinned || m_serviceIds.contains(change.service.serviceId)
        : change.instance.pinned || m_instanceIds.contains(change.instance.instanceId);
    if (concernsJournal)
        save();
}

bool PinnedStore::save()
{
    m_retryTimer.stop();
    const PinnedEntries entries = collect();
    m_instanceIds.clear();
    for (const Instance &instance : entries.instances)
        m_instanceIds.insert(instance.instanceId);
    m_serviceIds.clear();
    for (const Service &service : entries.services)
        m_serviceIds.insert(service.serviceId);
    for (auto it = entries.instanceServices.cbegin(); it != entries.instanceServices.cend(); ++it)
        m_serviceIds.insert(it.key());

    ++m_writeCount;
    if (!m_journal.write(entries)) {
        m_error = m_journal.errorString();
        qCWarning(lcStore).noquote() << m_error << "- trying again in" << retryIntervalMs / 1000 << "s";
        m_retryTimer.start();
        return false;
    }
    m_error.clear();
    return true;
}

PinnedEntries PinnedStore::collect() const
{
    PinnedEntries entries;
    entries.instances = m_registry->pinnedInstances();
    std::sort(entries.instances.begin(), entries.instances.end(), [](const Instance &a, const Instance &b) {
        return std::tie(a.app, a.instanceId) < std::tie(b.app, b.instanceId);
    });
    for (const Instance &instance : std::as_const(entries.instances)) {
        if (const Service *service = m_registry->findService(instance.serviceId))
            entries.instanceServices.insert(service->serviceId, *service);
    }
    for (const Service &service : m_registry->services()) {
        if (service.pinned)
            entries.services.append(service);
    }
    std::sort(entries.services.begin(), entries.services.end(),
              [](const Service &a, const Service &b) { return a.serviceId < b.serviceId; });
    return entries;
}
