// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/writepolicy.h"

#include <memory>

class Registry;
class Store;

// Cluster mode (docs/etcd.md, "Writes"): a write runs through the registry's rules inside a capture,
// the changes it made are undone and committed to the store, and the answer waits until the store
// holds them and has brought them back into the cache (or refuses: 503, 404 for an ended lease).
// The store keeps pinned entries too, so there is no journal.
class StoreWritePolicy : public WritePolicy
{
    Q_OBJECT

public:
    StoreWritePolicy(std::unique_ptr<Store> store, Registry *registry, QObject *parent = nullptr);
    ~StoreWritePolicy() override;

    QString open() override { return {}; }
    void start(std::function<void()> ready) override;
    void stop() override;
    bool sharesState() const override { return true; }
    HttpResponse handleWrite(const Dispatch &dispatch, const Decorate &decorate) override;
    void runWrite(const Write &write, const Done &done) override;
    StoreStatus status() const override;
    WriteAuthor storedAuthor(quint64 revision) const override;
    const LatencyHistogram *commitLatency() const override { return m_commitLatency.get(); }

private:
    // Times one commit: the returned function records how long it took when it runs.
    std::function<void()> startCommitTimer() const;
    QList<RegistryChange> attributed(QList<RegistryChange> changes) const;

    std::unique_ptr<Store> m_store;
    // Shared with the commits in flight, which may finish while the policy stops.
    std::shared_ptr<LatencyHistogram> m_commitLatency = std::make_shared<LatencyHistogram>();
    Registry *m_registry;
};
