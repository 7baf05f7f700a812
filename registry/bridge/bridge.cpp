// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridge.h"

#include "bridge/bridgelogging.h"
#include "bridge/bridgepusher.h"
#include "client/eurekaremote.h"
#include "client/httpclient.h"
#include "client/remotemirror.h"
#include "client/servicecombremote.h"
#include "core/registry.h"
#include "model/urlcredentials.h"

#include <QPointer>

#include <algorithm>

namespace {
constexpr int tickMs = 500;
constexpr int requestTimeoutMs = 5000;
constexpr int withdrawTimeoutMs = 5000;

// What a pull would change of a foreign entry; the lease, revision and override are the node's own.
bool sameContent(const Instance &a, const Instance &b)
{
    return a.status == b.status && a.metadata == b.metadata && a.hostName == b.hostName && a.ipAddr == b.ipAddr
        && a.port == b.port && a.securePort == b.securePort && a.vipAddress == b.vipAddress
        && a.secureVipAddress == b.secureVipAddress && a.homePageUrl == b.homePageUrl
        && a.statusPageUrl == b.statusPageUrl && a.healthCheckUrl == b.healthCheckUrl && a.endpoints == b.endpoints
        && a.appGroupName == b.appGroupName && a.dataCenterInfo == b.dataCenterInfo && a.locality == b.locality
        && a.lastDirtyTimestamp == b.lastDirtyTimestamp;
}

bool isServiceCenterItself(const Service &service)
{
    return service.key.serviceName == u"SERVICECENTER";
}

// How often the bridge renews a foreign entry: three times per lease, at most at the renewal interval.
qint64 renewEveryMs(const Instance &instance)
{
    const qint64 byLease = qint64(std::max(instance.lease.durationSecs, 3)) * 1000 / 3;
    const qint64 byInterval = qint64(std::max(instance.lease.renewalIntervalSecs, 1)) * 1000;
    return std::max<qint64>(1000, std::min(byLease, byInterval));
}

// The id an instance has in the node: the one a Muster bridge kept aside when it had to give the
// external registry another.
QString localId(const Instance &external)
{
    return external.metadata.value(BridgePusher::originalIdKey(), external.instanceId);
}

qint64 heartbeatEveryMs(const Instance &instance)
{
    const int secs = instance.healthCheck ? instance.healthCheck->intervalSecs : instance.lease.renewalIntervalSecs;
    return qint64(std::clamp(secs, 1, 30)) * 1000;
}
}

Bridge::Bridge(BridgeTarget target, BridgeSettings settings, Registry &registry, WriteRunner runWrite, QString mark,
               QObject *parent)
    : QObject {parent}
    , m_target {std::move(target)}
    , m_url {UrlCredentials::shown(m_target.url)}
    , m_settings {settings}
    , m_registry {registry}
    , m_runWrite {std::move(runWrite)}
    , m_mark {std::move(mark)}
    , m_http {std::make_unique<HttpClient>(1)}
    , m_mirror {std::make_unique<RemoteMirror>()}
{
    m_http->setTimeoutMs(requestTimeoutMs);
    m_http->setTlsConfiguration(m_settings.tls);
    if (m_target.kind == BridgeState::Kind::Eureka) {
        QUrl root = m_target.url;
        root.setPath({});
        m_reader = std::make_unique<EurekaRemote>(*m_http, *m_mirror, m_target.url, root, false);
        m_pusher = std::make_unique<EurekaPusher>(*m_http, m_target.url);
    } else {
        m_http->setTokenLogin(true);
        m_reader = std::make_unique<ServiceCombRemote>(*m_http, *m_mirror, m_target.url, QString());
        m_pusher = std::make_unique<ServiceCombPusher>(*m_http, m_target.url);
    }
    m_pollTimer.setInterval(std::max(m_settings.pollIntervalMs, 50));
    m_tickTimer.setInterval(tickMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &Bridge::poll);
    connect(&m_tickTimer, &QTimer::timeout, this, &Bridge::tick);
    connect(&m_registry, &Registry::changed, this, &Bridge::onRegistryChange);
}

Bridge::~Bridge() = default;

QString Bridge::markKey()
{
    return QStringLiteral("muster.bridged-by");
}

qint64 Bridge::nowMs() const
{
    return m_registry.nowMs();
}

void Bridge::start()
{
    qCInfo(lcBridge).noquote() << "bridge to" << bridgeKindName(m_target.kind) << m_url << "starting";
    m_pollTimer.start();
    m_tickTimer.start();
    poll();
}

BridgeState Bridge::state() const
{
    BridgeState state;
    state.kind = m_target.kind;
    state.url = m_url;
    state.phase = m_phase;
    state.pulled = m_foreign.size();
    state.pushed = m_pushed.size();
    state.queued = m_queue.size() + m_pushesInFlight;
    state.lastError = m_lastError;
    state.lastErrorMs = m_lastErrorMs;
    state.lastSyncMs = m_lastSyncMs;
    state.lagMs = m_queue.isEmpty() ? 0 : std::max<qint64>(0, nowMs() - m_queuedAt.value(m_queue.first()));
    state.cutSinceMs = m_cutSinceMs;
    state.graceEndsMs = m_cutSinceMs > 0 ? m_cutSinceMs + qint64(m_settings.graceSecs) * 1000 : 0;
    return state;
}

// Pull ------------------------------------------------------------------------------------------

void Bridge::poll()
{
    if (m_polling || m_withdrawn)
        return;
    m_polling = true;
    m_reader->poll([this](const QString &error) {
        m_polling = false;
        if (error.isEmpty())
            pulled();
        else
            pullFailed(error);
    });
}

// After a cut (or at first) everything is compared and pushed again: the external registry may have
// lost what was pushed, and the node may have changed meanwhile.
void Bridge::pulled()
{
    const bool resync = m_phase == BridgeState::Phase::Connecting || m_phase == BridgeState::Phase::Cut;
    m_lastSyncMs = nowMs();
    m_pushPaused = false;
    const ChangeBatch batch = m_mirror->takeBatch();
    if (resync) {
        qCInfo(lcBridge).noquote() << "bridge to" << m_url << "reads" << m_mirror->instanceCount() << "instances";
        m_cutSinceMs = 0;
        m_phase = BridgeState::Phase::Syncing;
        reconcilePulled();
        // What the external registry holds is unknown now: overrides are sent again with the rest.
        for (PushedEntry &entry : m_pushed)
            entry.instance.overriddenStatus = InstanceStatus::Unknown;
        m_pusher->forgetSent();
        enqueueAllPushes();
        emit stateChanged();
    } else {
        applyPulled(batch.changes);
    }
    pushNext();
    updatePhase();
}

void Bridge::pullFailed(const QString &error)
{
    setError(error);
    if (m_phase == BridgeState::Phase::Connecting || m_phase == BridgeState::Phase::Cut)
        return;
    qCWarning(lcBridge).noquote() << "bridge to" << m_url << "is cut; pulled entries leave in" << m_settings.graceSecs
                                  << "s unless it comes back";
    m_phase = BridgeState::Phase::Cut;
    m_cutSinceMs = nowMs();
    emit stateChanged();
}

void Bridge::applyPulled(const QList<RegistryChange> &changes)
{
    QHash<Key, Key> localKeys;         // the external registry's key → the node's
    QList<Key> order;
    for (const RegistryChange &change : changes) {
        if (change.isServiceChange()) {
            if (change.kind != RegistryChange::Kind::ServiceDeleted)
                mirrorService(change.service);
            continue;
        }
        const Key key {change.instance.app, change.instance.instanceId};
        if (!localKeys.contains(key))
            order.append(key);
        localKeys.insert(key, {change.instance.app, localId(change.instance)});
    }
    for (const Key &key : std::as_const(order)) {
        const auto external = m_mirror->instance(key.first, key.second);
        if (external && shouldMirror(*external))
            mirrorInstance(*external);
        else if (m_foreign.contains(localKeys.value(key)))
            dropForeign(localKeys.value(key));
    }
}

void Bridge::reconcilePulled()
{
    for (const Service &service : m_mirror->services())
        mirrorService(service);
    QSet<Key> desired;
    for (const Instance &external : m_mirror->instances()) {
        if (!shouldMirror(external))
            continue;
        desired.insert({external.app, localId(external)});
        mirrorInstance(external);
    }
    QList<Key> gone;
    const Registry::Applications &applications = m_registry.applications();
    for (auto app = applications.cbegin(); app != applications.cend(); ++app) {
        for (auto it = app->cbegin(); it != app->cend(); ++it) {
            if (it->bridge == m_url && !desired.contains({app.key(), it.key()}))
                gone.append({app.key(), it.key()});
        }
    }
    for (const Key &key : std::as_const(gone))
        dropForeign(key);
}

// Not what this node pushed, and not an instance the node holds as its own or from another bridge.
bool Bridge::shouldMirror(const Instance &external) const
{
    if (external.metadata.value(markKey()) == m_mark)
        return false;
    if (external.app == u"SERVICECENTER")
        return false;
    const auto local = m_registry.instance(external.app, localId(external));
    return !local || local->bridge == m_url;
}

void Bridge::mirrorInstance(const Instance &external)
{
    Instance foreign = external;
    foreign.instanceId = localId(external);
    foreign.metadata.remove(BridgePusher::originalIdKey());
    const Key key {foreign.app, foreign.instanceId};
    foreign.bridge = m_url;
    foreign.pinned = false;
    foreign.overriddenStatus = InstanceStatus::Unknown;   // the external status already carries it
    foreign.revision = 0;
    const auto local = m_registry.instance(key.first, key.second);
    if (!m_foreign.contains(key))
        m_foreign.insert(key, nowMs() + renewEveryMs(foreign));
    if (local && local->bridge == m_url && sameContent(*local, foreign))
        return;
    const ServiceKey serviceKey = m_externalServiceKeys.value(foreign.serviceId);
    ++m_writesInFlight;
    Registry *registry = &m_registry;
    const QString url = m_url;
    m_runWrite([registry, foreign, serviceKey, url]() mutable {
        const auto current = registry->instance(foreign.app, foreign.instanceId);
        if (current && current->bridge != url)
            return CommandResult {};   // the node's own client registered it meanwhile
        if (!registry->findService(foreign.serviceId) && !serviceKey.serviceName.isEmpty()) {
            if (const QString id = registry->serviceIdFor(serviceKey); !id.isEmpty())
                foreign.serviceId = id;
        }
        registry->registerInstance(foreign, WriteOrigin::Bridge);
        return CommandResult {};
    }, mirrorWriteDone());
}

// Counts a mirroring write out once the node has it (later, over etcd); the bridge may be gone by then.
std::function<void(const CommandResult &)> Bridge::mirrorWriteDone()
{
    return [guard = QPointer<Bridge>(this)](const CommandResult &result) {
        if (!guard)
            return;
        --guard->m_writesInFlight;
        if (!result.ok)
            guard->setError(result.error);
        guard->updatePhase();
    };
}

// Service-Center services arrive before their instances; Eureka apps' services the registry makes.
void Bridge::mirrorService(const Service &external)
{
    if (external.origin == Protocol::Eureka || isServiceCenterItself(external))
        return;
    m_externalServiceKeys.insert(external.serviceId, external.key);
    if (m_registry.findService(external.serviceId) || !m_registry.serviceIdFor(external.key).isEmpty())
        return;
    Service service = external;
    service.pinned = false;
    service.revision = 0;
    Registry *registry = &m_registry;
    ++m_writesInFlight;
    m_runWrite([registry, service] {
        registry->createService(service, WriteOrigin::Bridge);
        return CommandResult {};
    }, mirrorWriteDone());
}

void Bridge::dropForeign(const Key &key)
{
    m_foreign.remove(key);
    Registry *registry = &m_registry;
    const QString url = m_url;
    m_runWrite([registry, key, url] {
        const auto local = registry->instance(key.first, key.second);
        if (local && local->bridge == url)
            registry->cancel(key.first, key.second, WriteOrigin::Bridge);
        return CommandResult {};
    }, [](const CommandResult &) {});
}

void Bridge::dropAllForeign()
{
    const QList<Key> keys = m_foreign.keys();
    qCInfo(lcBridge).noquote() << "bridge to" << m_url << "drops" << keys.size() << "pulled entries";
    for (const Key &key : keys)
        dropForeign(key);
}

// Only entries that are due are looked up: a bridge may hold many, and this runs twice a second.
void Bridge::renewForeign(qint64 now)
{
    Registry *registry = &m_registry;
    for (auto it = m_foreign.begin(); it != m_foreign.end();) {
        if (it.value() > now) {
            ++it;
            continue;
        }
        const auto local = m_registry.instance(it.key().first, it.key().second);
        if (!local || local->bridge != m_url) {
            it = m_foreign.erase(it);
            continue;
        }
        it.value() = now + renewEveryMs(*local);
        const Key key = it.key();
        m_runWrite([registry, key] {
            registry->renew(key.first, key.second, {}, WriteOrigin::Bridge);
            return CommandResult {};
        }, [](const CommandResult &) {});
        ++it;
    }
}

// Push ------------------------------------------------------------------------------------------

void Bridge::onRegistryChange(const RegistryChange &change)
{
    if (change.isServiceChange() || m_withdrawn)
        return;
    const Instance &instance = change.instance;
    if (instance.bridge == m_url)
        return;
    const Key key {instance.app, instance.instanceId};
    m_foreign.remove(key);
    if (change.kind == RegistryChange::Kind::Expired || change.kind == RegistryChange::Kind::Cancelled
        || shouldPush(instance)) {
        enqueuePush(key);
        pushNext();
        updatePhase();
    }
}

bool Bridge::shouldPush(const Instance &instance) const
{
    return instance.bridge != m_url && !instance.isCoordinatingDiscoveryServer && instance.app != u"SERVICECENTER";
}

void Bridge::enqueuePush(const Key &key)
{
    if (m_queuedAt.contains(key))
        return;
    if (m_queue.size() >= m_settings.queueLimit) {
        qCWarning(lcBridge).noquote() << "bridge to" << m_url << "has" << m_queue.size()
                                      << "pushes waiting; it pushes everything again once it can";
        m_queue.clear();
        m_queuedAt.clear();
        m_pushEverything = true;
        return;
    }
    m_queue.append(key);
    m_queuedAt.insert(key, nowMs());
}

void Bridge::enqueueAllPushes()
{
    const qint64 now = nowMs();
    const auto add = [&](const Key &key) {
        if (!m_queuedAt.contains(key)) {
            m_queue.append(key);
            m_queuedAt.insert(key, now);
        }
    };
    const Registry::Applications &applications = m_registry.applications();
    for (auto app = applications.cbegin(); app != applications.cend(); ++app) {
        for (auto it = app->cbegin(); it != app->cend(); ++it) {
            if (shouldPush(*it))
                add({app.key(), it.key()});
        }
    }
    for (auto it = m_pushed.cbegin(); it != m_pushed.cend(); ++it)
        add(it.key());
}

bool Bridge::canPush() const
{
    return !m_pushPaused && !m_withdrawn && m_phase != BridgeState::Phase::Connecting
        && m_phase != BridgeState::Phase::Cut;
}

void Bridge::pushNext()
{
    if (!canPush())
        return;
    while (m_pushesInFlight < m_settings.concurrency && canPush()) {
        if (m_queue.isEmpty()) {
            if (!m_pushEverything)
                break;
            m_pushEverything = false;
            enqueueAllPushes();
            continue;
        }
        const Key key = m_queue.takeFirst();
        m_queuedAt.remove(key);
        push(key);
    }
}

void Bridge::push(const Key &key)
{
    const auto local = m_registry.instance(key.first, key.second);
    if (local && shouldPush(*local)) {
        Instance marked = *local;
        marked.metadata.insert(markKey(), m_mark);
        std::optional<Service> service;
        if (const Service *found = m_registry.findService(local->serviceId))
            service = *found;
        const InstanceStatus overrideThere = m_pushed.value(key).instance.overriddenStatus;
        ++m_pushesInFlight;
        m_pusher->registerInstance(marked, service, [this, key, marked, overrideThere](const BridgePusher::Pushed &pushed) {
            if (!pushed.result.ok) {
                --m_pushesInFlight;
                pushFailed(key, pushed.result);
                pushNext();
                updatePhase();
                return;
            }
            m_pushed.insert(key, PushedEntry {marked, pushed.externalServiceId, nowMs() + heartbeatEveryMs(marked)});
            pushOverride(key, marked, pushed.externalServiceId, overrideThere);
        });
        return;
    }
    const auto pushed = m_pushed.constFind(key);
    if (pushed == m_pushed.cend())
        return;
    ++m_pushesInFlight;
    m_pusher->cancel(pushed->instance, pushed->externalServiceId, [this, key](const CommandResult &result) {
        --m_pushesInFlight;
        if (result.ok)
            m_pushed.remove(key);
        else
            pushFailed(key, result);
        pushNext();
        updatePhase();
    });
}

// A registration leaves an Eureka server's status override as it was: the node's is sent apart.
void Bridge::pushOverride(const Key &key, const Instance &pushed, const QString &externalServiceId,
                          InstanceStatus overrideThere)
{
    const auto finished = [this, key](const CommandResult &result) {
        --m_pushesInFlight;
        if (!result.ok)
            pushFailed(key, result);
        pushNext();
        updatePhase();
    };
    const InstanceStatus wanted = pushed.overriddenStatus;
    if (wanted == overrideThere)
        return finished({});
    m_pusher->setOverride(pushed, externalServiceId,
                          wanted == InstanceStatus::Unknown ? std::nullopt : std::optional<InstanceStatus>(wanted),
                          finished);
}

// Without an answer the push waits for the next read that works; a refusal is shown, not retried.
void Bridge::pushFailed(const Key &key, const CommandResult &result)
{
    setError(result.error);
    if (result.errorKind() == CommandResult::Error::Unreachable) {
        m_pushPaused = true;
        if (!m_queuedAt.contains(key)) {
            m_queue.prepend(key);
            m_queuedAt.insert(key, nowMs());
        }
        return;
    }
    qCWarning(lcBridge).noquote() << "bridge to" << m_url << "could not push" << key.second << ":" << result.error;
}

void Bridge::heartbeatPushed(qint64 now)
{
    if (!canPush())
        return;
    for (auto it = m_pushed.begin(); it != m_pushed.end(); ++it) {
        if (it->nextBeatMs > now || m_queuedAt.contains(it.key()))
            continue;
        const auto local = m_registry.instance(it.key().first, it.key().second);
        if (!local)
            continue;
        it->nextBeatMs = now + heartbeatEveryMs(*local);
        Instance beat = it->instance;
        beat.status = local->status;
        m_pusher->renew(beat, it->externalServiceId, [this, key = it.key()](const CommandResult &result) {
            if (result.errorKind() == CommandResult::Error::NoSuchInstance) {
                enqueuePush(key);
                pushNext();
            } else if (!result.ok) {
                setError(result.error);
            }
        });
    }
}

// Both ways ------------------------------------------------------------------------------------

void Bridge::tick()
{
    const qint64 now = nowMs();
    if (m_phase == BridgeState::Phase::Cut && now >= m_cutSinceMs + qint64(m_settings.graceSecs) * 1000) {
        if (!m_foreign.isEmpty())
            dropAllForeign();
    } else {
        renewForeign(now);
    }
    heartbeatPushed(now);
    pushNext();
    updatePhase();
}

void Bridge::updatePhase()
{
    if (m_phase == BridgeState::Phase::Connecting || m_phase == BridgeState::Phase::Cut)
        return;
    const bool idle = m_queue.isEmpty() && m_pushesInFlight == 0 && m_writesInFlight == 0 && !m_pushEverything;
    const BridgeState::Phase phase = idle ? BridgeState::Phase::InSync : BridgeState::Phase::Syncing;
    if (phase == m_phase)
        return;
    m_phase = phase;
    emit stateChanged();
}

void Bridge::setError(const QString &error)
{
    m_lastErrorMs = nowMs();
    if (error == m_lastError)
        return;
    qCWarning(lcBridge).noquote() << "bridge to" << m_url << ":" << error;
    m_lastError = error;
    emit stateChanged();
}

void Bridge::withdraw()
{
    m_withdrawn = true;
    m_pollTimer.stop();
    m_tickTimer.stop();
    dropAllForeign();
    m_queue.clear();
    m_queuedAt.clear();
    int pending = 0;
    for (auto it = m_pushed.cbegin(); it != m_pushed.cend(); ++it) {
        ++pending;
        m_pusher->cancel(it->instance, it->externalServiceId, [this](const CommandResult &) {
            if (--m_withdrawPending == 0)
                deleteLater();
        });
    }
    m_pushed.clear();
    m_withdrawPending = pending;
    if (pending == 0)
        deleteLater();
    else
        QTimer::singleShot(withdrawTimeoutMs, this, &QObject::deleteLater);
}
