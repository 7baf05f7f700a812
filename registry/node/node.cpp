// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/node.h"

#include "auth/authservice.h"
#include "bridge/bridgeapi.h"
#include "checks/healthchecks.h"
#include "store/etcdstore.h"
#include "eureka/eurekaapi.h"
#include "history/historyapi.h"
#include "node/faultsapi.h"
#include "history/historyrecorder.h"
#include "history/historyreplayer.h"
#include "eureka/eurekajsoncodec.h"
#include "eureka/eurekaxmlcodec.h"
#include "http/httptransport.h"
#include "http/requestmetrics.h"
#include "gateway/gatewayserver.h"
#include "model/urlcredentials.h"
#include "node/etcdsharedaccounts.h"
#include "node/gatewayapi.h"
#include "node/memorywritepolicy.h"
#include "node/nodeapi.h"
#include "node/nodeurl.h"
#include "node/operationsapi.h"
#include "node/pinnedapi.h"
#include "node/statuspage.h"
#include "node/storewritepolicy.h"
#include "core/registry.h"
#include "replication/replicationapi.h"
#include "replication/replicator.h"
#include "servicecomb/servicecombapi.h"
#include "core/systemclock.h"
#include "tls/tlsfiles.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QUrl>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcNode, "muster.node", QtInfoMsg)
// One line per write at info level: what changed and who changed it.
Q_LOGGING_CATEGORY(lcWrites, "muster.writes", QtInfoMsg)

namespace {
constexpr int changeBatchIntervalMs = 100;
// Service-Center leases end within this of their TTL, like etcd's lease checks.
constexpr int exactExpiryIntervalMs = 500;
// Registry changes reach the gateway at most this often, as one new routing view.
constexpr int routingIntervalMs = 20;

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
    , m_routingTimer {this}
    , m_evictionTimer {this}
    , m_exactExpiryTimer {this}
    , m_flushTimer {this}
{
    m_routingTimer.setSingleShot(true);
    m_routingTimer.setInterval(routingIntervalMs);
    connect(&m_routingTimer, &QTimer::timeout, this, &Node::publishRouting);
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
    // First, so a node that must not run open never builds anything else.
    m_auth = std::make_unique<AuthService>(m_config.auth, m_config.bindAddress, m_config.journalDir(),
                                           [this] { return m_clock->nowMs(); });
    if (const QString error = m_auth->open(m_config.name, m_config.store.kind == StoreConfig::Kind::Etcd);
        !error.isEmpty()) {
        abortStart(error);
        return;
    }

    RegistryConfig registryConfig = m_config.registry;
    registryConfig.leasesEndInStore = m_config.store.kind == StoreConfig::Kind::Etcd;
    if (m_config.store.kind == StoreConfig::Kind::Etcd)
        registryConfig.checkingNode = m_config.name;
    // A replay ends leases only where the recording does.
    if (!m_config.replayFile.isEmpty())
        registryConfig.leasesEndInStore = true;
    m_registry = std::make_unique<Registry>(registryConfig, m_clock);
    connect(m_registry.get(), &Registry::changed, this, &Node::collectChange);
    connect(m_registry.get(), &Registry::renewed, this, &Node::collectHeartbeat);
    m_writes = createWritePolicy();
    m_writes->setAuthorOf([this](const RegistryChange &change) { return authorOf(change); });
    createChecks();
    connect(m_writes.get(), &WritePolicy::stateChanged, this, &Node::storeStateChanged);
    connect(m_writes.get(), &WritePolicy::synced, this, &Node::registerSelfService);
    // Before the node listens: the journal of pinned entries, in memory mode with a data directory.
    // Opening it reads; nothing is written to the registry before the history begins, next.
    if (const QString error = m_writes->open(); !error.isEmpty()) {
        abortStart(error);
        return;
    }
    if (const QString error = startHistory(); !error.isEmpty()) {
        abortStart(error);
        return;
    }
    if (const QString error = loadReplay(); !error.isEmpty()) {
        abortStart(error);
        return;
    }

    m_router = Router {};
    m_router.setGate([this](const HttpRequest &request, const QString &pattern) { return authorize(request, pattern); });
    m_auth->addRoutes(m_router);
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
    m_pinnedApi = std::make_unique<PinnedApi>(m_registry.get(), m_writes->pinnedStore());
    m_pinnedApi->addRoutes(m_router);
    m_replicationApi = std::make_unique<ReplicationApi>(m_registry.get(), requestOwnerExchange());
    m_replicationApi->addRoutes(m_router);
    m_statusPage = std::make_unique<StatusPage>(this);
    m_statusPage->addRoutes(m_router);
    m_operationsApi = std::make_unique<OperationsApi>(this);
    m_operationsApi->addRoutes(m_router);
    m_gatewayApi = std::make_unique<GatewayApi>(this);
    m_gatewayApi->addRoutes(m_router);
    m_routingStale = true;
    m_historyApi = std::make_unique<HistoryApi>(m_history.get());
    m_historyApi->addRoutes(m_router);
    m_faultsApi = std::make_unique<FaultsApi>([this] { return ownServiceUrl(); });
    m_faultsApi->addRoutes(m_router);

    const GuardedTcpServer::Limits limits {m_config.maxConnections, m_config.idleTimeoutSecs * 1000,
                                           m_config.maxBodyBytes, 64 << 10};
    auto transport = std::make_unique<HttpTransport>([this](HttpRequest &request) { return handle(request); }, limits);
    if (const QString error = setUpTls(*transport); !error.isEmpty()) {
        abortStart(error);
        return;
    }
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
    if (m_config.gateway.enabled) {
        if (const QString error = startGateway(m_config.gateway); !error.isEmpty()) {
            m_transport.reset();
            abortStart(error);
            return;
        }
    }
    createBridges();
    // Every route is in now, before the first request is read.
    if (m_config.metrics) {
        m_requestMetrics = std::make_unique<RequestMetrics>(m_router.patterns());
        m_transport->setMetrics(m_requestMetrics.get());
    }

    m_evictionTimer.setInterval(std::max(1, m_config.evictionIntervalSecs) * 1000);
    connect(&m_evictionTimer, &QTimer::timeout, this, &Node::evictExpired, Qt::UniqueConnection);
    m_evictionTimer.start();
    // Neither expires anything while leases end in the store (RegistryConfig::leasesEndInStore).
    m_exactExpiryTimer.setInterval(exactExpiryIntervalMs);
    connect(&m_exactExpiryTimer, &QTimer::timeout, m_registry.get(), &Registry::expireExactLeases,
            Qt::UniqueConnection);
    m_exactExpiryTimer.start();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(changeBatchIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Node::flushChanges, Qt::UniqueConnection);

    m_writes->start([this] { finishStart(); });
}

void Node::finishStart()
{
    if (m_writes->sharesState()) {
        m_ready = true;
        if (!m_config.peers.isEmpty())
            qCWarning(lcNode).noquote() << "node" << m_config.name << "keeps its state in etcd: peers are ignored";
        qCInfo(lcNode).noquote() << "node" << m_config.name << "keeps its state in etcd at"
                                 << m_writes->status().endpoints.join(u',') << "under" << m_config.store.etcdPrefix;
    } else {
        registerSelfService();
        startReplication();
    }
    // Before the first request is read (the memory policy is ready at once): the journal's entries
    // are there when the node answers, and replicate to its peers.
    m_writes->restore();
    for (const BridgeTarget &target : std::as_const(m_config.bridges)) {
        if (const auto added = m_bridges->add(target); added.outcome != Bridges::Outcome::Added)
            qCWarning(lcNode).noquote() << "node" << m_config.name << "has no bridge to" << UrlCredentials::shown(target.url) << ":"
                                        << added.detail;
    }
    qCInfo(lcNode).noquote() << "node" << m_config.name << "listening on" << url();
    emit started(port());
    if (m_replayer)
        m_replayer->start();
}

// Loads the TLS material before the node listens: a file that cannot be read fails the start.
QString Node::setUpTls(HttpTransport &transport)
{
    const TlsLoad client = Tls::clientConfiguration(m_config.tls.caCertificates);
    if (!client.ok())
        return client.error;
    m_clientTls = client.configuration;
    if (!m_config.tls.serves())
        return {};
    const TlsLoad server = Tls::serverConfiguration(m_config.tls);
    if (!server.ok())
        return server.error;
    transport.setTlsConfiguration(server.configuration);
    return {};
}

// The routes go in before the first request is read; the configured bridges start with the node.
void Node::createBridges()
{
    const auto runner = [this](std::function<CommandResult()> write, std::function<void(const CommandResult &)> done) {
        runWrite(write, done);
    };
    BridgeSettings settings = m_config.bridgeSettings;
    settings.tls = m_clientTls;
    m_bridges = std::make_unique<Bridges>(settings, *m_registry, runner,
                                          m_config.name + u'@' + url(), QUrl(url()));
    connect(m_bridges.get(), &Bridges::changed, this, &Node::bridgesChanged);
    m_bridgeApi = std::make_unique<BridgeApi>(*m_bridges);
    m_bridgeApi->addRoutes(m_router);
}

Bridges::AddResult Node::addBridge(const BridgeTarget &target)
{
    if (!m_bridges)
        return {Bridges::Outcome::Invalid, QStringLiteral("the node %1 is not running").arg(m_config.name), {}};
    return m_bridges->add(target);
}

bool Node::removeBridge(const QUrl &url)
{
    return m_bridges && m_bridges->remove(url);
}

// The history begins with the registry, before anything is written to it.
QString Node::startHistory()
{
    const QString dataDir = m_config.journalDir();
    // In cluster mode the state lives in etcd and the data directory stays empty: no history yet.
    if (!m_config.history || dataDir.isEmpty() || m_config.store.kind == StoreConfig::Kind::Etcd)
        return {};
    auto log = std::make_unique<HistoryLog>(dataDir + QStringLiteral("/history"), m_config.historyRetention);
    m_history = std::make_unique<HistoryRecorder>(std::move(log), m_clock);
    if (const QString error = m_history->start(m_registry->revision()); !error.isEmpty())
        return error;
    connect(m_registry.get(), &Registry::renewed, m_history.get(),
            [this](const QString &app, const QString &id, qint64 timestamp) { m_history->recordRenewal(app, id, timestamp); });
    return {};
}

QString Node::loadReplay()
{
    if (m_config.replayFile.isEmpty())
        return {};
    QFile file(m_config.replayFile);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the recording %1: %2").arg(m_config.replayFile, file.errorString());
    QString problem;
    auto recording = HistoryExport::decode(file.readAll(), &problem);
    if (!recording)
        return QStringLiteral("cannot replay %1: %2").arg(m_config.replayFile, problem);
    m_replayer = std::make_unique<HistoryReplayer>(m_registry.get(), std::move(*recording), m_config.replaySpeed);
    connect(m_replayer.get(), &HistoryReplayer::finished, this, &Node::replayFinished);
    return {};
}

// Checks run for the instances this node took from a client or pinned; their verdicts are writes
// like any other, so they reach the journal and the peers, or etcd and every node over it
// (docs/health-checks.md).
void Node::createChecks()
{
    m_checks = std::make_unique<HealthChecks>(HealthChecks::defaultMaxInFlight, m_config.tls.caCertificates);
    connect(m_registry.get(), &Registry::changed, this, &Node::followCheck);
    connect(m_checks.get(), &HealthChecks::stateChanged, this, &Node::collectCheckState);
    // Service-Center's pull mode: the registry's check is the instance's heartbeat.
    connect(m_checks.get(), &HealthChecks::leaseCheckPassed, this, [this](const QString &app, const QString &id) {
        m_registry->renew(app, id);
    });
    connect(m_checks.get(), &HealthChecks::verdictChanged, this, [this](const QString &app, const QString &id, bool failing) {
        runWrite([this, app, id, failing] {
            m_registry->applyCheckVerdict(app, id, failing, WriteOrigin::Check);
            return CommandResult {};
        }, [this, app, id](const CommandResult &result) {
            if (!result.ok && m_checks) {
                qCWarning(lcNode).noquote() << "the verdict of the check of" << app << id
                                            << "was not written:" << result.error;
                m_checks->retractVerdict(app, id);
            }
        });
    });
    connect(m_checks.get(), &HealthChecks::deregisterDue, this, [this](const QString &app, const QString &id) {
        runWrite([this, app, id] {
            m_registry->cancel(app, id, WriteOrigin::Check);
            return CommandResult {};
        }, [](const CommandResult &) {});
    });
}

// Exactly one node checks an instance: the last that took its registration (or a new version of it)
// from a client. A peer's copy of a registration means another node took it.
void Node::followCheck(const RegistryChange &change)
{
    if (!m_checks || !m_writes || change.isServiceChange())
        return;
    if (m_writes->sharesState()) {
        followStoredCheck(change);
        return;
    }
    const Instance &instance = change.instance;
    switch (change.kind) {
    case RegistryChange::Kind::Cancelled:
    case RegistryChange::Kind::Expired:
        m_checks->unwatch(instance.app, instance.instanceId);
        return;
    case RegistryChange::Kind::Registered:
    case RegistryChange::Kind::MetadataChanged:
        if (change.origin == WriteOrigin::Client)
            m_checks->watch(instance);
        else if (change.origin != WriteOrigin::Check)
            m_checks->unwatch(instance.app, instance.instanceId);
        return;
    default:
        return;
    }
}

// Over a shared store every node applies every write, whoever made it; the instance names the node
// that took its registration (Instance::checkedBy), and that node checks it.
void Node::followStoredCheck(const RegistryChange &change)
{
    const Instance &instance = change.instance;
    const bool removed = change.kind == RegistryChange::Kind::Cancelled || change.kind == RegistryChange::Kind::Expired;
    if (!removed && instance.checkedBy == m_config.name)
        m_checks->watch(instance);
    else
        m_checks->unwatch(instance.app, instance.instanceId);
}

QList<CheckState> Node::checkStates() const
{
    return m_checks ? m_checks->states() : QList<CheckState> {};
}

void Node::abortStart(const QString &error)
{
    qCWarning(lcNode).noquote() << "node" << m_config.name << "cannot start:" << error;
    m_replayer.reset();
    m_faultsApi.reset();
    m_historyApi.reset();
    m_history.reset();
    m_checks.reset();
    m_bridgeApi.reset();
    m_bridges.reset();
    m_statusPage.reset();
    m_replicationApi.reset();
    m_pinnedApi.reset();
    m_gatewayApi.reset();
    m_operationsApi.reset();
    m_nodeApi.reset();
    m_serviceComb.reset();
    m_eureka.reset();
    m_writes.reset();
    m_auth.reset();
    m_registry.reset();
    emit startFailed(error);
}

std::unique_ptr<WritePolicy> Node::createWritePolicy()
{
    if (m_config.store.kind == StoreConfig::Kind::Etcd) {
        auto store = std::make_unique<EtcdStore>(m_config.store, m_registry.get());
        shareAccounts(*store);
        keepOwnersIn(*store);
        return std::make_unique<StoreWritePolicy>(std::move(store), m_registry.get());
    }
    return std::make_unique<MemoryWritePolicy>(m_registry.get(), m_config.journalDir(), m_config.previousDataDir);
}

// Over etcd the nodes share one account list and one token key, kept beside the registry.
void Node::shareAccounts(EtcdStore &store)
{
    auto shared = std::make_unique<EtcdSharedAccounts>(store.accountRecords(),
                                                       EtcdSharedAccounts::locationOf(m_config.store));
    connect(&store, &Store::synced, shared.get(), &EtcdSharedAccounts::retryTokenKey);
    m_auth->shareAccounts(std::move(shared));
}

// Every node over the store knows who owns each instance and service, a node started later included.
void Node::keepOwnersIn(Store &store)
{
    store.setOwnerAfter([this](const RegistryChange &change) { return m_auth->owners().ownerAfter(change); });
    connect(&store, &Store::instanceOwnerRead, m_auth.get(), &AuthService::adoptOwner);
    connect(&store, &Store::serviceOwnerRead, m_auth.get(), &AuthService::adoptServiceOwner);
}

// The global service SERVICECENTER; in etcd mode it is written to etcd like any other, again after
// each full read that lacks it (etcd was unreachable at start, or was wiped).
void Node::registerSelfService()
{
    m_writes->runWrite([this] {
        m_serviceComb->registerSelf([this] { return clusterMembers(); }, m_startedAtMs);
        return CommandResult {};
    }, [](const CommandResult &) {});
}

HttpResponse Node::handle(HttpRequest &request)
{
    const QString account = std::exchange(m_writerAccount, QString());
    const bool mayReplicate = std::exchange(m_writerMayReplicate, false);
    const auto restoreAccount = qScopeGuard([this, &account, mayReplicate] {
        m_writerAccount = account;
        m_writerMayReplicate = mayReplicate;
    });
    if (isSafeMethod(request.method)) {
        HttpResponse response = m_router.dispatch(request);
        ServiceCombApi::addCorsHeaders(request, response);
        return response;
    }
    const Writer writer = std::exchange(m_writer, Writer::Request);
    const QHostAddress writerAddress = std::exchange(m_writerAddress, request.remoteAddress);
    const auto restore = qScopeGuard([this, writer, &writerAddress] {
        m_writer = writer;
        m_writerAddress = writerAddress;
    });
    const auto dispatch = [this, &request] {
        HttpResponse response = m_router.dispatch(request);
        ServiceCombApi::addCorsHeaders(request, response);
        return response;
    };
    return m_writes->handleWrite(dispatch, [&request](HttpResponse &response) {
        ServiceCombApi::addCorsHeaders(request, response);
    });
}

// The gate before every route: who sent the request and whether they may; the account is kept for
// the changes the request makes.
std::optional<HttpResponse> Node::authorize(const HttpRequest &request, const QString &pattern)
{
    auto verdict = m_auth->check(request, pattern,
                                 [this](const HttpRequest &target, const QString &targetPattern, Ownership what) {
        return ownerOfTarget(target, targetPattern, what);
    });
    if (auto *refusal = std::get_if<HttpResponse>(&verdict))
        return std::move(*refusal);
    const Identity &identity = std::get<Identity>(verdict);
    m_writerAccount = identity.account;
    m_writerMayReplicate = m_auth->mayReplicate(identity);
    return std::nullopt;
}

QString Node::ownerOf(const QString &app, const QString &instanceId) const
{
    return m_auth->owners().ownerOf(app, instanceId).value_or(QString());
}

QString Node::serviceOwnerOf(const QString &serviceId) const
{
    return m_auth->owners().serviceOwnerOf(serviceId).value_or(QString());
}

// What the replication routes tell and take of owners: only to and from a request whose account
// may replicate, so a client can neither read who owns what nor claim an instance by naming itself.
OwnerExchange Node::requestOwnerExchange()
{
    return {[this](const QString &app, const QString &instanceId) {
                return m_writerMayReplicate ? ownerOf(app, instanceId) : QString();
            },
            [this](const QString &app, const QString &instanceId, const QString &owner) {
                if (m_writerMayReplicate)
                    m_auth->adoptOwner(app, instanceId, owner);
            },
            [this](const QString &serviceId) { return m_writerMayReplicate ? serviceOwnerOf(serviceId) : QString(); },
            [this](const QString &serviceId, const QString &owner) {
                if (m_writerMayReplicate)
                    m_auth->adoptServiceOwner(serviceId, owner);
            }};
}

// What this node names to its peers, and takes from the peer it copies at start: its peers are the
// ones it was told to trust, and a peer names owners only to an account that may replicate.
OwnerExchange Node::peerOwnerExchange()
{
    return {[this](const QString &app, const QString &instanceId) { return ownerOf(app, instanceId); },
            [this](const QString &app, const QString &instanceId, const QString &owner) {
                m_auth->adoptOwner(app, instanceId, owner);
            },
            [this](const QString &serviceId) { return serviceOwnerOf(serviceId); },
            [this](const QString &serviceId, const QString &owner) { m_auth->adoptServiceOwner(serviceId, owner); }};
}

// The account that registered the instance, or created the service, a client's request writes
// (see AuthGate::OwnerOf): by the path's ids, or for a registration by the ids in its body.
std::optional<QString> Node::ownerOfTarget(const HttpRequest &request, const QString &pattern,
                                           Ownership what) const
{
    if (what == Ownership::Service) {
        const QString serviceId = request.param(QStringLiteral("serviceId"));
        return m_registry->findService(serviceId) ? std::optional<QString>(serviceOwnerOf(serviceId)) : std::nullopt;
    }
    const auto ownerOf = [this](const std::optional<Instance> &instance) -> std::optional<QString> {
        if (!instance)
            return std::nullopt;
        return this->ownerOf(instance->app, instance->instanceId);
    };
    if (request.params.contains(QStringLiteral("instanceId"))) {
        const auto instance = m_registry->findInstance(request.param(QStringLiteral("instanceId")));
        return instance && instance->serviceId == request.param(QStringLiteral("serviceId")) ? ownerOf(instance)
                                                                                             : std::nullopt;
    }
    const QString app = normalizedAppName(request.param(QStringLiteral("app")));
    if (request.params.contains(QStringLiteral("id")))
        return ownerOf(m_registry->instance(app, request.param(QStringLiteral("id"))));
    if (pattern.endsWith(u"/apps/{app}")) {
        const bool xml = request.header("content-type").toLower().contains("xml");
        const DecodedInstance decoded = xml ? EurekaXmlCodec::decodeInstanceDocument(request.body)
                                            : EurekaJsonCodec::decodeInstanceDocument(request.body);
        return decoded.instance ? ownerOf(m_registry->instance(app, decoded.instance->instanceId)) : std::nullopt;
    }
    if (pattern.endsWith(u"/microservices/{serviceId}/instances")) {
        const QJsonObject instance = QJsonDocument::fromJson(request.body).object().value(u"instance").toObject();
        const QString id = instance.value(u"instanceId").toString();
        const auto existing = id.isEmpty() ? std::nullopt : m_registry->findInstance(id);
        return existing && existing->serviceId == request.param(QStringLiteral("serviceId")) ? ownerOf(existing)
                                                                                             : std::nullopt;
    }
    return std::nullopt;
}

void Node::runWrite(const std::function<CommandResult()> &write, const std::function<void(const CommandResult &)> &done)
{
    const Writer writer = std::exchange(m_writer, Writer::Command);
    m_writes->runWrite(write, done);
    m_writer = writer;
}

void Node::evictExpired()
{
    m_writeCounters.evictions += quint64(m_registry->evictExpired());
}

const LatencyHistogram *Node::commitLatency() const
{
    return m_writes ? m_writes->commitLatency() : nullptr;
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
        m_syncedFrom = UrlCredentials::shown(source);
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
    m_replicator = std::make_unique<Replicator>(m_registry.get(), peers, PeerReplicator::Limits {}, m_clientTls);
    m_replicator->setOwnServiceUrl(ownServiceUrl());
    m_replicator->setOwners(peerOwnerExchange());
    connect(m_replicator.get(), &Replicator::peerStateChanged, this, &Node::peerStateChanged);
    for (const QUrl &peer : peers)
        qCInfo(lcNode).noquote() << "node" << m_config.name << "replicates to" << UrlCredentials::shown(peer);
}

bool Node::addPeer(const QUrl &serviceUrl)
{
    const QList<QUrl> normalized = Replicator::normalizedPeers({serviceUrl}, ownServiceUrl());
    if (!isRunning() || normalized.isEmpty() || m_writes->sharesState())
        return false;
    if (!m_replicator) {
        createReplicator({});
        if (m_config.registerWithPeers)
            m_replicator->registerWithPeers([this] { return NodeApi::ownInstance(*this); });
    }
    qCInfo(lcNode).noquote() << "node" << m_config.name << "now replicates to" << UrlCredentials::shown(normalized.first());
    m_replicator->addPeer(normalized.first());
    return true;
}

bool Node::removePeer(const QUrl &serviceUrl)
{
    const QList<QUrl> normalized = Replicator::normalizedPeers({serviceUrl}, ownServiceUrl());
    if (!m_replicator || normalized.isEmpty() || !m_replicator->removePeer(normalized.first()))
        return false;
    qCInfo(lcNode).noquote() << "node" << m_config.name << "no longer replicates to" << UrlCredentials::shown(normalized.first());
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
    m_bridgeApi.reset();
    m_bridges.reset();
    m_writes->stop();   // answers the writes still waiting on etcd while their clients can hear it
    m_checks.reset();
    flushChanges();
    m_replicator.reset();
    stopGateway();
    m_routingView.reset();
    m_transport.reset();
    m_replayer.reset();
    m_faultsApi.reset();
    m_historyApi.reset();
    m_history.reset();
    m_requestMetrics.reset();
    m_ready = false;
    m_statusPage.reset();
    m_gatewayApi.reset();
    m_operationsApi.reset();
    m_replicationApi.reset();
    m_pinnedApi.reset();
    m_nodeApi.reset();
    m_serviceComb.reset();
    m_eureka.reset();
    m_writes.reset();
    m_auth.reset();
    m_registry.reset();
    qCInfo(lcNode).noquote() << "node" << m_config.name << "stopped";
    emit stopped();
}

const PinnedStore *Node::pinnedStore() const
{
    return m_writes ? m_writes->pinnedStore() : nullptr;
}

quint16 Node::port() const
{
    return m_transport ? m_transport->port() : 0;
}

QString Node::url() const
{
    return NodeUrl::base(m_config.bindAddress, port(), m_config.scheme());
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
    if (m_writes)
        status.store = m_writes->status();
    if (m_bridges)
        status.bridges = m_bridges->states();
    status.gateway = gatewayStats();
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
    snapshot.checks = checkStates();
    return snapshot;
}

void Node::collectChange(const RegistryChange &registryChange)
{
    RegistryChange change = registryChange;
    change.author = authorOf(change);
    m_auth->record(change);
    countChange(change);
    if (m_history)
        m_history->record(change);
    if (lcWrites().isInfoEnabled())
        logChange(change);
    m_pending.changes.append(change);
    m_pending.revision = change.revision;
    m_routingStale = true;
    if (m_gateway && !m_routingTimer.isActive())
        m_routingTimer.start();
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

// Like heartbeats, only while someone watches, and the latest state per check per batch.
void Node::collectCheckState(const CheckState &state)
{
    if (!m_heartbeatReporting)
        return;
    const auto key = qMakePair(state.app, state.instanceId);
    if (const auto it = m_pendingCheckIndex.constFind(key); it != m_pendingCheckIndex.cend()) {
        m_pending.checks[*it] = state;
    } else {
        m_pendingCheckIndex.insert(key, m_pending.checks.size());
        m_pending.checks.append(state);
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Node::flushChanges()
{
    m_flushTimer.stop();
    if (m_pending.changes.isEmpty() && m_pending.heartbeats.isEmpty() && m_pending.checks.isEmpty())
        return;
    if (m_registry)
        m_pending.revision = m_registry->revision();
    ChangeBatch batch = std::exchange(m_pending, ChangeBatch {});
    m_pendingHeartbeatIndex.clear();
    m_pendingCheckIndex.clear();
    emit changesReady(batch);
}

void Node::countChange(const RegistryChange &change)
{
    switch (change.kind) {
    case RegistryChange::Kind::Registered: ++m_writeCounters.registrations; break;
    case RegistryChange::Kind::Cancelled: ++m_writeCounters.cancels; break;
    case RegistryChange::Kind::Expired: ++m_writeCounters.expiries; break;
    case RegistryChange::Kind::StatusChanged:
    case RegistryChange::Kind::StatusCorrected:
    case RegistryChange::Kind::OverrideRemoved:
    case RegistryChange::Kind::MetadataChanged:
    case RegistryChange::Kind::CheckStatusChanged: ++m_writeCounters.statusChanges; break;
    case RegistryChange::Kind::ServiceCreated:
    case RegistryChange::Kind::ServiceUpdated:
    case RegistryChange::Kind::ServiceDeleted: ++m_writeCounters.serviceChanges; break;
    }
}

// Who made a change: the address of the client or peer whose request is being handled, a command
// (the console), a bridge, the lease rules, or the store (etcd: a write of any node over it).
QString Node::writerOf(const RegistryChange &change) const
{
    if (change.origin == WriteOrigin::Bridge)
        return QStringLiteral("a bridge");
    if (change.origin == WriteOrigin::Check)
        return QStringLiteral("a health check");
    if (change.kind == RegistryChange::Kind::Expired)
        return QStringLiteral("lease expiry");
    switch (m_writer) {
    case Writer::Request:
        return (change.origin == WriteOrigin::Peer ? QStringLiteral("peer ") : QStringLiteral("client "))
            + m_writerAddress.toString()
            + (m_writerAccount.isEmpty() ? QString() : QStringLiteral(" as ") + m_writerAccount);
    case Writer::Command:
        return QStringLiteral("a command");
    case Writer::None:
        break;
    }
    if (change.origin == WriteOrigin::Peer)
        return QStringLiteral("a peer");
    if (!m_writes || !m_writes->sharesState())
        return QStringLiteral("the node");
    if (change.author.address.isEmpty())
        return QStringLiteral("the store");
    return QStringLiteral("the store, from ") + change.author.address
        + (change.author.account.isEmpty() ? QString() : QStringLiteral(" as ") + change.author.account);
}

// A client's or peer's request is attributed to its account and address; the node's own writes
// (expiry, console commands, bridges) have no author. Over a shared store a change comes back from
// the store, which says who made it at whichever node took it.
WriteAuthor Node::authorOf(const RegistryChange &change) const
{
    if (m_writer == Writer::None && m_writes && m_writes->sharesState() && change.kind != RegistryChange::Kind::Expired)
        return m_writes->storedAuthor(change.revision);
    if (m_writer != Writer::Request || change.kind == RegistryChange::Kind::Expired
        || change.origin == WriteOrigin::Bridge)
        return {};
    return WriteAuthor {m_writerAccount, m_writerAddress.toString()};
}

void Node::logChange(const RegistryChange &change) const
{
    const auto kindName = [](RegistryChange::Kind kind) {
        switch (kind) {
        case RegistryChange::Kind::Registered: return "registered";
        case RegistryChange::Kind::Cancelled: return "cancelled";
        case RegistryChange::Kind::Expired: return "expired";
        case RegistryChange::Kind::StatusChanged: return "status override set on";
        case RegistryChange::Kind::StatusCorrected: return "status corrected on";
        case RegistryChange::Kind::OverrideRemoved: return "status override removed from";
        case RegistryChange::Kind::MetadataChanged: return "metadata changed on";
        case RegistryChange::Kind::CheckStatusChanged: return "health check verdict on";
        case RegistryChange::Kind::ServiceCreated: return "service created:";
        case RegistryChange::Kind::ServiceUpdated: return "service updated:";
        case RegistryChange::Kind::ServiceDeleted: return "service deleted:";
        }
        return "changed";
    };
    const QString what = change.isServiceChange()
        ? QStringLiteral("%1 (%2/%3, id %4)").arg(change.service.key.serviceName, change.service.key.domainProject,
                                                   change.service.key.appId, change.service.serviceId)
        : QStringLiteral("%1/%2 (%3)").arg(change.instance.app, change.instance.instanceId,
                                           statusName(change.instance.status));
    qCInfo(lcWrites).noquote() << m_config.name << kindName(change.kind) << what << "by" << writerOf(change)
                               << "revision" << change.revision;
}

QString Node::startGateway(const GatewayConfig &config)
{
    if (!isRunning() && !m_registry)
        return QStringLiteral("the node %1 is not running").arg(m_config.name);
    stopGateway();
    auto gateway = std::make_unique<GatewayServer>(config);
    QString error;
    if (!gateway->start(&error)) {
        qCWarning(lcNode).noquote() << "node" << m_config.name << ":" << error;
        return error;
    }
    m_gateway = std::move(gateway);
    m_resolver = std::make_unique<GatewayResolver>(config);
    connect(m_gateway.get(), &GatewayServer::statsChanged, this, &Node::gatewayChanged);
    m_gateway->publish(routingView());
    emit gatewayChanged();
    return {};
}

void Node::stopGateway()
{
    if (!m_gateway)
        return;
    m_routingTimer.stop();
    m_gateway.reset();
    qCInfo(lcNode).noquote() << "node" << m_config.name << "stopped its gateway";
    emit gatewayChanged();
}

GatewayStats Node::gatewayStats() const
{
    return m_gateway ? m_gateway->stats() : GatewayStats {};
}

Node::Resolution Node::resolve(const QString &service)
{
    const std::shared_ptr<const RoutingView> view = routingView();
    const RoutedService *routed = view->find(service);
    if (!routed)
        return {};
    if (!m_resolver)
        m_resolver = std::make_unique<GatewayResolver>(m_config.gateway);
    const InstanceChooser::Choice choice = m_resolver->resolve(*routed, gatewayStats());
    switch (choice.outcome) {
    case InstanceChooser::Outcome::Chosen: return {Resolution::Outcome::Chosen, choice.target};
    case InstanceChooser::Outcome::NoneUp: return {Resolution::Outcome::NoneUp, {}};
    case InstanceChooser::Outcome::AllEjected: return {Resolution::Outcome::AllEjected, {}};
    }
    return {};
}

// Built again only after the registry changed: each service by name, its UP instances with address,
// weight and zone.
std::shared_ptr<const RoutingView> Node::routingView()
{
    if (!m_registry)
        return RoutingView::Builder {}.build();
    if (m_routingView && !m_routingStale)
        return m_routingView;
    RoutingView::Builder builder;
    const auto &services = m_registry->services();
    for (const Service &service : services)
        builder.addService(service.key.serviceName);
    for (const auto &app : m_registry->applications()) {
        for (const Instance &instance : app) {
            const auto service = services.constFind(instance.serviceId);
            builder.addInstance(instance.app, instance, service == services.cend() ? QMap<QString, QString> {}
                                                                                   : service->properties);
        }
    }
    m_routingView = builder.build();
    m_routingStale = false;
    return m_routingView;
}

void Node::publishRouting()
{
    if (m_gateway)
        m_gateway->publish(routingView());
}
