// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/memorywritepolicy.h"

#include "store/pinnedstore.h"

MemoryWritePolicy::MemoryWritePolicy(Registry *registry, QString dataDir, QString previousDataDir, QObject *parent)
    : WritePolicy {parent}
    , m_registry {registry}
    , m_dataDir {std::move(dataDir)}
    , m_previousDataDir {std::move(previousDataDir)}
{
}

MemoryWritePolicy::~MemoryWritePolicy() = default;

QString MemoryWritePolicy::open()
{
    if (m_dataDir.isEmpty())
        return {};
    m_pinnedStore = std::make_unique<PinnedStore>(m_registry, m_dataDir);
    m_pinnedStore->setPreviousDirectory(m_previousDataDir);
    return m_pinnedStore->open() ? QString() : m_pinnedStore->errorString();
}

// After replication started, so the journal's entries replicate to the node's peers.
void MemoryWritePolicy::restore()
{
    if (m_pinnedStore)
        m_pinnedStore->restore();
}

// PinnedApi answers a request whose journal write failed itself.
HttpResponse MemoryWritePolicy::handleWrite(const Dispatch &dispatch, const Decorate &)
{
    return dispatch();
}

void MemoryWritePolicy::runWrite(const Write &write, const Done &done)
{
    done(journaled(write));
}

// Answered as failed when a journal write it caused failed: a pinned entry is acknowledged only
// once it would survive a restart.
CommandResult MemoryWritePolicy::journaled(const Write &write)
{
    const qint64 journalWritesBefore = m_pinnedStore ? m_pinnedStore->writeCount() : 0;
    const CommandResult result = write();
    if (!result.ok || !m_pinnedStore || m_pinnedStore->writeCount() == journalWritesBefore
        || m_pinnedStore->errorString().isEmpty())
        return result;
    return CommandResult::failure(CommandResult::Error::NotSaved,
                                  QStringLiteral("the change is made but not saved, so it would not survive a restart: %1")
                                      .arg(m_pinnedStore->errorString()));
}
