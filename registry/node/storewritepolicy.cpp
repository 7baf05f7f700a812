// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/storewritepolicy.h"

#include "core/registry.h"
#include "http/pendingresponse.h"
#include "store/store.h"

#include <QElapsedTimer>

StoreWritePolicy::StoreWritePolicy(std::unique_ptr<Store> store, Registry *registry, QObject *parent)
    : WritePolicy {parent}
    , m_store {std::move(store)}
    , m_registry {registry}
{
    connect(m_store.get(), &Store::stateChanged, this, &WritePolicy::stateChanged);
    connect(m_store.get(), &Store::synced, this, &WritePolicy::synced);
}

StoreWritePolicy::~StoreWritePolicy() = default;

// The node is ready once it has read the store, or found it unreachable (stale, empty).
void StoreWritePolicy::start(std::function<void()> ready)
{
    m_store->start(std::move(ready));
}

void StoreWritePolicy::stop()
{
    m_store->stop();
}

WriteAuthor StoreWritePolicy::storedAuthor(quint64 revision) const
{
    return m_store->authorAt(revision);
}

// The store tells every node who made them.
QList<RegistryChange> StoreWritePolicy::attributed(QList<RegistryChange> changes) const
{
    if (m_authorOf) {
        for (RegistryChange &change : changes)
            change.author = m_authorOf(change);
    }
    return changes;
}

StoreStatus StoreWritePolicy::status() const
{
    return m_store->status();
}

// The handler's writes are evaluated on the cache, undone, and sent to the store; the answer waits
// until the store has them (or says no). Heartbeats alone are answered from the cache: the store
// keeps their leases alive aside.
HttpResponse StoreWritePolicy::handleWrite(const Dispatch &dispatch, const Decorate &decorate)
{
    m_registry->beginCapture();
    HttpResponse response;
    try {
        response = dispatch();
    } catch (...) {
        m_registry->endCapture();
        throw;
    }
    const Registry::CapturedWrites captured = m_registry->endCapture();
    if (captured.changes.isEmpty() && captured.renewals == 0)
        return response;
    HttpResponse refused = HttpResponse::error(503, m_store->refusalReason());
    decorate(refused);
    if (!m_store->acceptsWrites())
        return refused;
    if (captured.changes.isEmpty())
        return response;
    auto pending = std::make_shared<PendingResponse>();
    m_store->commit(attributed(captured.changes), [pending, response, refused, timed = startCommitTimer()](const Store::CommitResult &result) {
        timed();
        if (result.ok()) {
            pending->complete(response);
            return;
        }
        HttpResponse failed = HttpResponse::error(result.status, result.error);
        failed.headers = refused.headers;
        pending->complete(failed);
    });
    return HttpResponse::deferred(pending);
}

void StoreWritePolicy::runWrite(const Write &write, const Done &done)
{
    m_registry->beginCapture();
    const CommandResult result = write();
    const Registry::CapturedWrites captured = m_registry->endCapture();
    if (!result.ok || captured.changes.isEmpty()) {
        done(result);
        return;
    }
    m_store->commit(captured.changes, [done, timed = startCommitTimer()](const Store::CommitResult &committed) {
        timed();
        done(committed.ok() ? CommandResult {} : CommandResult::failure(CommandResult::Error::StoreRefused, committed.error));
    });
}

std::function<void()> StoreWritePolicy::startCommitTimer() const
{
    QElapsedTimer timer;
    timer.start();
    return [timer, histogram = m_commitLatency] { histogram->record(timer.nsecsElapsed() / 1000); };
}
