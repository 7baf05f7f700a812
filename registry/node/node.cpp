// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/node.h"

#include "store/etcdstore.h"
#include "eureka/eurekaapi.h"
#include "http/httptransport.h"
#include "store/memorystore.h"
#include "node/nodeapi.h"
#include "http/pendingresponse.h"
#include "node/pinnedapi.h"
#include "store/pinnedstore.h"
#include "core/registry.h"
#include "replication/replicationapi.h"
#include "replication/replicator.h"
#include "servicecomb/servicecombapi.h"
#include "core/systemclock.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QUrl>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcNode, "muster.node", QtInfoMsg)

namespace {
constexpr int changeBatchIntervalMs = 100;
// Service-Center leases end within this of their TTL, like etcd's lease checks.
constexpr int exactExpiryIntervalMs = 500;

bool isSafeMethod(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}
}

Node::Node(NodeConfig config, const Clock *clock, QObject *parent)
    : QObject {parent}
    , m_config {std::move(config)}
    , m_ownClock {clock ? nullptr : std::make_unique<SystemClock>()}
    , m_clock {clock ? clock : m_ownClock.get()}
    , m_evictionTimer {this}
    , m_exactExpiryTimer {this}
    , m_flushTimer {this}
{
}

Node::~Node()
{
    stop();
}

void Node::start()
{
    if (isRunning())
        return;
    m_startedAtMs = m_clock->nowMs();
    RegistryConfig registryConfig = m_config.registry;
    registryConfig.leasesEndInStore = m_config.store.kind == StoreConfig::Kind::Etcd;
    m_registry = std::make_unique<Registry>(registryConfig, m_clock);
    connect(m_registry.get(), &Registry::changed, this, &Node::collectChange);
    connect(m_registry.get(), &Registry::renewed, this, &Node::collectHeartbeat);
    m_store = createStore();
    connect(m_store.get(), &Store::stateChanged, this, &Node::storeStateChanged);
    connect(m_store.get(), &Store::synced, this, &Node::registerSelfService);
    // The journal of pinned entries, opened before the node listens. etcd keeps them itself (a
    // pinned instance is a key without a lease), so a node over etcd keeps no journal.
    if (!m_config.dataDir.isEmpty() && !m_store->persistsWrites()) {
        m_pinnedStore = std::make_unique<PinnedStore>(m_registry.get(), m_config.dataDir);
        if (!m_pinnedStore->open()) {
            abortStart(m_pinnedStore->errorString());
            return;
        }
    }

    m_router = Router {};
    EurekaApi::ServerInfo serverInfo;
    serverInfo.environment = QStringLiteral("muster");
    serverInfo.uptimeMs = [this] { return m_clock->nowMs() - m_startedAtMs; };
    serverInfo.ownInstance = [this] { return NodeApi::ownInstance(*this); };
    m_eureka = std::make_unique<EurekaApi>(m_registry.get(), serverInfo);
    m_eureka->addRoutes(m_router);
    m_serviceComb = std::make_unique<ServiceCombApi>(m_registry.get(), m_config.serviceComb);
    m_serviceComb->addRoutes(m_router);
    m_nodeApi = std::make_unique<NodeApi>(this);
    m_nodeApi->addRoutes(m_router);
    m_pinnedApi = std::make_unique<PinnedApi>(m_registry.get(), m_pinnedStore.get());
    m_pinnedApi->addRoutes(m_router);
    m_replicationApi = std::make_unique<ReplicationApi>(m_registry.get());
    m_replicationApi->addRoutes(m_router);

    const GuardedTcpServer::Limits limits {m_config.maxConnections, m_config.idleTimeoutSecs * 1000,
                                           m_config.maxBodyBytes, 64 << 10};
    auto transport = std::make_unique<HttpTransport>([this](HttpRequest &request) { return handle(request); }, limits);
    transport->setWebSocketHandler([this](std::unique_ptr<QWebSocket> socket) {
        m_serviceComb->acceptWebSocket(std::move(socket));
    });
    if (!transport->listen(m_config.bindAddress, m_config.port)) {
        const QString error = QStringLiteral("cannot listen on %1:%2: %3")
                                  .arg(m_config.bindAddress.toString()).arg(m_config.port)
                                  .arg(transport->errorString());
        abortStart(error);
        return;
    }
    m_transport = std::move(transport);

    m_evictionTimer.setInterval(std::max(1, m_config.evictionIntervalSecs) * 1000);
    connect(&m_evictionTimer, &QTimer::timeout, m_registry.get(), &Registry::evictExpired, Qt::UniqueConnection);
    m_evictionTimer.start();
    if (!m_store->persistsWrites()) {
        m_exactExpiryTimer.setInterval(exactExpiryIntervalMs);
        connect(&m_exactExpiryTimer, &QTimer::timeout, m_registry.get(), &Registry::expireExactLeases,
                Qt::UniqueConnection);
        m_exactExpiryTimer.start();
    }
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(changeBatchIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Node::flushChanges, Qt::UniqueConnection);

    // etcd: the node is ready once it has read the store, or found it unreachable (stale, empty).
    m_store->start([this] { finishStart(); });
}

void Node::finishStart()
{
    if (m_store->persistsWrites()) {
        m_ready = true;
        if (!m_config.peers.isEmpty())
            qCWarning(lcNode).noquote() << "node" << m_config.name << "keeps its state in etcd: peers are ignored";
        qCInfo(lcNode).noquote() << "node" << m_config.name << "keeps its state in etcd at"
                                 << m_store->status().endpoints.join(u',') << "under" << m_config.store.etcdPrefix;
    } else {
        registerSelfService();
        startReplication();
        // Before the first request is read (the memory store is ready at once): the journal's
        // entries are there when the node answers, and replicate to its peers.
        if (m_pinnedStore)
            m_pinnedStore->restore();
    }
    qCInfo(lcNode).noquote() << "node" << m_config.name << "listening on" << url();
    emit started(port());
}

void Node::abortStart(const QString &error)
{
    qCWarning(lcNode).noquote() << "node" << m_config.name << "cannot start:" << error;
    m_replicationApi.reset();
    m_pinnedApi.reset();
    m_nodeApi.reset();
    m_serviceComb.reset();
    m_eureka.reset();
    m_store.reset();
    m_pinnedStore.reset();
    m_registry.reset();
    emit startFailed(error);
}

std::unique_ptr<Store> Node::createStore()
{
    if (m_config.store.kind == StoreConfig::Kind::Etcd)
        return std::make_unique<EtcdStore>(m_config.store, m_registry.get());
    return std::make_unique<MemoryStore>();
}

// The global service SERVICECENTER; in etcd mode it is written to etcd like any other, again after
// each full read that lacks it (etcd was unreachable at start, or was wiped).
void Node::registerSelfService()
{
    runWrite([this] {
        m_serviceComb->registerSelf([this] { return clusterMembers(); }, m_startedAtMs);
        return CommandResult {};
    }, [](const CommandResult &) {});
}

HttpResponse Node::handle(HttpRequest &request)
{
    const auto dispatch = [this, &request] {
        HttpResponse response = m_router.dispatch(request);
        ServiceCombApi::addCorsHeaders(request, response);
        return response;
    };
    if (!m_store->persistsWrites() || isSafeMethod(request.method))
        return dispatch();

    // etcd: the handler's writes are evaluated on the cache, undone, and sent to etcd; the answer
    // waits until etcd has them (or says no).
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
    ServiceCombApi::addCorsHeaders(request, refused);
    if (!m_store->acceptsWrites())
        return refused;
    if (captured.changes.isEmpty())
        return response;   // heartbeats only: answered from the cache, the lease kept alive aside
    auto pending = std::make_shared<PendingResponse>();
    m_store->commit(captured.changes, [pending, response, refused](const Store::CommitResult &result) {
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

void Node::runWrite(const std::function<CommandResult()> &write, const std::function<void(const CommandResult &)> &done)
{
    if (!m_store->persistsWrites()) {
        done(journaled(write));
        return;
    }
    m_registry->beginCapture();
    const CommandResult result = write();
    const Registry::CapturedWrites captured = m_registry->endCapture();
    if (!result.ok || captured.changes.isEmpty()) {
        done(result);
        return;
    }
    m_store->commit(captured.changes, [done](const Store::CommitResult &committed) {
        done(committed.ok() ? CommandResult {} : CommandResult {false, committed.error});
    });
}

// A memory-mode write, answered as failed when a journal write it caused failed: a pinned entry
// is acknowledged only once it would survive a restart.
CommandResult Node::journaled(const std::function<CommandResult()> &write)
{
    const qint64 journalWritesBefore = m_pinnedStore ? m_pinnedStore->writeCount() : 0;
    const CommandResult result = write();
    if (!result.ok || !m_pinnedStore || m_pinnedStore->writeCount() == journalWritesBefore
        || m_pinnedStore->errorString().isEmpty())
        return result;
    return {false, QStringLiteral("the change is made but not saved, so it would not survive a restart: %1")
                       .arg(m_pinnedStore->errorString())};
}

void Node::startReplication()
{
    const QList<QUrl> peers = Replicator::normalizedPeers(m_config.peers, ownServiceUrl());
    if (peers.isEmpty()) {
        m_ready = true;
        return;
    }
    createReplicator(peers);
    m_eureka->setReadsOpen(false);
    m_replicationApi->setAcceptingBatches(false);
    connect(m_replicator.get(), &Replicator::syncFinished, this, [this](int, const QUrl &source) {
        m_syncedFrom = source.toString();
        m_ready = true;
        m_eureka->setReadsOpen(true);
        m_replicationApi->setAcceptingBatches(true);
    });
    m_replicator->syncFromPeers(m_config.peerSyncTimeoutMs);
    if (m_config.registerWithPeers)
        m_replicator->registerWithPeers([this] { return NodeApi::ownInstance(*this); });
}

QUrl Node::ownServiceUrl() const
{
    return QUrl(url() + QStringLiteral("/eureka/"));
}

void Node::createReplicator(const QList<QUrl> &peers)
{
    m_replicator = std::make_unique<Replicator>(m_registry.get(), peers);
    connect(m_replicator.get(), &Replicator::peerStateChanged, this, &Node::peerStateChanged);
    for (const QUrl &peer : peers)
        qCInfo(lcNode).noquote() << "node" << m_config.name << "replicates to" << peer.toString();
}

bool Node::addPeer(const QUrl &serviceUrl)
{
    const QList<QUrl> normalized = Replicator::normalizedPeers({serviceUrl}, ownServiceUrl());
    if (!isRunning() || normalized.isEmpty() || m_store->persistsWrites())
        return false;
    if (!m_replicator) {
        createReplicator({});
        if (m_config.registerWithPeers)
            m_replicator->registerWithPeers([this] { return NodeApi::ownInstance(*this); });
    }
    qCInfo(lcNode).noquote() << "node" << m_config.name << "now replicates to" << normalized.first().toString();
    m_replicator->addPeer(normalized.first());
    return true;
}

bool Node::removePeer(const QUrl &serviceUrl)
{
    const QList<QUrl> normalized = Replicator::normalizedPeers({serviceUrl}, ownServiceUrl());
    if (!m_replicator || normalized.isEmpty() || !m_replicator->removePeer(normalized.first()))
        return false;
    qCInfo(lcNode).noquote() << "node" << m_config.name << "no longer replicates to" << normalized.first().toString();
    return true;
}

QList<QUrl> Node::clusterMembers() const
{
    QList<QUrl> members {QUrl(url())};
    if (m_replicator) {
        for (const PeerState &peer : m_replicator->peerStates()) {
            if (peer.reachability != PeerState::Reachability::Unreachable)
                members.append(QUrl(peer.url));
        }
    }
    return members;
}

void Node::stop()
{
    if (!isRunning())
        return;
    m_evictionTimer.stop();
    m_exactExpiryTimer.stop();
    m_store->stop();   // answers the writes still waiting on etcd while their clients can hear it
    flushChanges();
    m_replicator.reset();
    m_transport.reset();
    m_store.reset();
    m_ready = false;
    m_replicationApi.reset();
    m_pinnedApi.reset();
    m_nodeApi.reset();
    m_serviceComb.reset();
    m_eureka.reset();
    m_pinnedStore.reset();
    m_registry.reset();
    qCInfo(lcNode).noquote() << "node" << m_config.name << "stopped";
    emit stopped();
}

quint16 Node::port() const
{
    return m_transport ? m_transport->port() : 0;
}

QString Node::url() const
{
    QHostAddress host = m_config.bindAddress;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']'
                                                                              : host.toString();
    return QStringLiteral("http://%1:%2").arg(hostText).arg(port());
}

NodeStatus Node::status() const
{
    NodeStatus status;
    status.name = m_config.name;
    status.version = QCoreApplication::applicationVersion();
    status.url = url();
    status.startedAtMs = m_startedAtMs;
    status.uptimeMs = m_clock->nowMs() - m_startedAtMs;
    if (m_registry) {
        status.instanceCount = m_registry->instanceCount();
        status.appCount = m_registry->applications().size();
        status.revision = m_registry->revision();
        status.renewsLastMin = m_registry->renewsLastMinute();
        status.renewsTotal = m_registry->renewsTotal();
        status.selfPreservation = m_registry->selfPreservation();
    }
    status.connectionCount = m_transport ? m_transport->connectionCount() : 0;
    if (m_replicator)
        status.peers = m_replicator->peerStates();
    status.ready = m_ready;
    status.syncedFrom = m_syncedFrom;
    if (m_store)
        status.store = m_store->status();
    return status;
}

RegistrySnapshot Node::snapshot() const
{
    RegistrySnapshot snapshot;
    snapshot.status = status();
    if (!m_registry)
        return snapshot;
    snapshot.revision = m_registry->revision();
    snapshot.instances.reserve(m_registry->instanceCount());
    for (const auto &app : m_registry->applications()) {
        for (const auto &instance : app)
            snapshot.instances.append(instance);
    }
    snapshot.services = m_registry->services().values();
    return snapshot;
}

void Node::collectChange(const RegistryChange &change)
{
    m_pending.changes.append(change);
    m_pending.revision = change.revision;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Node::setHeartbeatReporting(bool enabled)
{
    m_heartbeatReporting = enabled;
}

void Node::collectHeartbeat(const QString &app, const QString &id, qint64 timestamp)
{
    if (!m_heartbeatReporting)
        return;
    const auto key = qMakePair(app, id);
    auto it = m_pendingHeartbeatIndex.constFind(key);
    if (it == m_pendingHeartbeatIndex.cend()) {
        m_pendingHeartbeatIndex.insert(key, m_pending.heartbeats.size());
        m_pending.heartbeats.append(Heartbeat {app, id, timestamp, 1});
    } else {
        Heartbeat &heartbeat = m_pending.heartbeats[*it];
        heartbeat.timestamp = timestamp;
        ++heartbeat.count;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Node::flushChanges()
{
    m_flushTimer.stop();
    if (m_pending.changes.isEmpty() && m_pending.heartbeats.isEmpty())
        return;
    if (m_registry)
        m_pending.revision = m_registry->revision();
    ChangeBatch batch = std::exchange(m_pending, ChangeBatch {});
    m_pendingHeartbeatIndex.clear();
    emit changesReady(batch);
}
