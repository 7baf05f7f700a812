// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/writepolicy.h"

#include <memory>

class Registry;

// The default: the registry's memory is the state, so writes apply at once. With a data directory,
// a journal keeps the pinned entries, and a write that changed them is answered only once the
// journal holds them (as failed when it could not be written).
class MemoryWritePolicy : public WritePolicy
{
    Q_OBJECT

public:
    MemoryWritePolicy(Registry *registry, QString dataDir, QString previousDataDir = {}, QObject *parent = nullptr);
    ~MemoryWritePolicy() override;

    QString open() override;
    void start(std::function<void()> ready) override { ready(); }
    void restore() override;
    bool sharesState() const override { return false; }
    HttpResponse handleWrite(const Dispatch &dispatch, const Decorate &decorate) override;
    void runWrite(const Write &write, const Done &done) override;
    StoreStatus status() const override { return {}; }
    const PinnedStore *pinnedStore() const override { return m_pinnedStore.get(); }

private:
    CommandResult journaled(const Write &write);

    Registry *m_registry;
    QString m_dataDir;
    QString m_previousDataDir;
    std::unique_ptr<PinnedStore> m_pinnedStore;
};
