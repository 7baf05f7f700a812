// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/journal.h"
#include "store/pinnedentries.h"

#include <QLockFile>
#include <QObject>
#include <QSet>
#include <QTimer>

class Registry;
struct RegistryChange;

// Keeps a node's journal in step with the registry's pinned instances and hand-made services,
// whoever changed them: a client, the console or a peer (so a deregistration at any node of a
// cluster leaves every node's journal). The journal is rewritten within the change, before the
// write that caused it is answered. Ordinary instances, their heartbeats and their services never
// touch it.
class PinnedStore : public QObject
{
    Q_OBJECT

public:
    PinnedStore(Registry *registry, const QString &directory, QObject *parent = nullptr);
    ~PinnedStore() override;

    // A directory whose journal open() moves into this store's directory when that has none yet:
    // where the journal was kept before the default data directory became one per node.
    void setPreviousDirectory(const QString &directory) { m_previousDirectory = directory; }

    // Locks the data directory, reads the journal (an unreadable one is moved aside) and writes it
    // back, which proves the directory writable before the node serves anyone. False with
    // errorString() when any of that fails.
    bool open();
    // Registers what the journal held as this node's own writes, so they replicate to its peers;
    // leases start afresh. Returns how many instances came back.
    int restore();

    QString filePath() const { return m_journal.filePath(); }
    // Where an unreadable journal was moved by open(); empty when it was readable or absent.
    QString movedAsideTo() const { return m_movedAsideTo; }
    // Why open() or the latest journal write failed; empty when it succeeded.
    QString errorString() const { return m_error; }
    // How many times the journal was written since open(): a write that changed nothing pinned
    // leaves it alone.
    qint64 writeCount() const { return m_writeCount; }

private:
    void onChanged(const RegistryChange &change);
    bool save();
    PinnedEntries collect() const;
    void adoptPreviousJournal();

    Registry *m_registry;
    Journal m_journal;
    QLockFile m_lock;
    PinnedEntries m_loaded;
    QString m_movedAsideTo;
    QString m_previousDirectory;
    QString m_error;
    QSet<QString> m_instanceIds;   // what the journal holds, to tell which changes concern it
    QSet<QString> m_serviceIds;
    QTimer m_retryTimer;
    qint64 m_writeCount = 0;
    bool m_restoring = false;
};
