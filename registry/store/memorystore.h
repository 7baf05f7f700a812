// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/store.h"

// The default: the registry's memory is the state, so writes are local and immediate.
class MemoryStore : public Store
{
    Q_OBJECT

public:
    using Store::Store;

    void start(std::function<void()> ready) override { ready(); }
    void stop() override {}
    bool persistsWrites() const override { return false; }
    bool acceptsWrites() const override { return true; }
    void commit(const QList<RegistryChange> &, Done done) override { done({}); }
    StoreStatus status() const override { return {}; }
};
