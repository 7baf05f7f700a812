// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "api/checkstate.h"
#include "bridge/bridges.h"
#include "api/commandresult.h"
#include "api/gatewaystats.h"
#include "gateway/routingview.h"
#include "node/nodeconfig.h"
#include "api/nodestatus.h"
#include "api/registrysnapshot.h"
#include "http/router.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class AuthService;
class BridgeApi;
class Clock;
class EtcdStore;
class Store;
class EurekaApi;
class GatewayApi;
class GatewayResolver;
class GatewayServer;
class FaultsApi;
class HistoryApi;
class HistoryReplayer;
class HistoryRecorder;
class HealthChecks;
class HttpTransport;
struct LatencyHistogram;
class OperationsApi;
struct OwnerExchange;
enum class Ownership;
class RequestMetrics;
class NodeApi;
class PinnedApi;
class PinnedStore;
class Registry;
class ReplicationApi;
class StatusPage;
class Replicator;
class ServiceCombApi;
class WritePolicy;

// One registry node: its HTTP server, registry and timers, all living on the node's own thread.
// Build it anywhere, move it to its thread, then call start() there; NodeHandle does all that.
class Node : public QObject
{
    Q_OBJECT

public:
    explicit Node(NodeConfig config, const Clock *clock = nullptr, QObject *parent = nullptr);
    ~Node() override;

    // Both run on the node's thread.
    void start();
    void stop();

    bool isRunning() const { return m_transport != nullptr; }
    const NodeConfig &config() const { return m_config; }
    quint16 port() const;
    QString url() const;
    Registry *registry() const { return m_registry.get(); }
    // The journal of pinned entries; null without a data directory, over etcd (which keeps them) or
    // while stopped.
    const PinnedStore *pinnedStore() const;
    NodeStatus status() const;
    RegistrySnapshot snapshot() const;
    // Whether batches carry heartbeats: off until someone needs them, as collecting costs per request.
    void setHeartbeatReporting(bool enabled);
    // Peers joining or leaving while the node runs; false when the URL is this node, unknown or not a URL.
    bool addPeer(const QUrl &serviceUrl);
    bool removePeer(const QUrl &serviceUrl);
    // Runs a write the write policy's way: in memory at once, answered once the journal holds what
    // it changed of pinned entries (failed if the journal could not be written); in etcd mode
    // evaluated by the registry, persisted, and applied once etcd has it. done runs on the node's
    // thread, maybe later.
    void runWrite(const std::function<CommandResult()> &write, const std::function<void(const CommandResult &)> &done);
    // What the node counts for /metrics: every write by kind, and evictions (expiries the eviction
    // pass made, a part of all expiries).
    struct WriteCounters
    {
        quint64 registrations = 0;
        quint64 cancels = 0;
        quint64 expiries = 0;
        quint64 evictions = 0;
        quint64 statusChanges = 0;
        quint64 serviceChanges = 0;
    };
    const WriteCounters &writeCounters() const { return m_writeCounters; }
    // The requests answered; null when the node counts none (NodeConfig::metrics off) or is stopped.
    const RequestMetrics *requestMetrics() const { return m_requestMetrics.get(); }
    // How long the store takes to accept a write; null in memory mode.
    const LatencyHistogram *commitLatency() const;
    // The history of the registry; null without a data directory, with history off or while stopped.
    const HistoryRecorder *history() const { return m_history.get(); }
    // Accounts, tokens and the audit trail; there while the node runs.
    AuthService *auth() const { return m_auth.get(); }
    // The recording being played into the node (NodeConfig::replayFile); null when there is none.
    const HistoryReplayer *replayer() const { return m_replayer.get(); }
    // Bridges to external registries while the node runs (refused while it is stopped).
    Bridges::AddResult addBridge(const BridgeTarget &target);
    bool removeBridge(const QUrl &url);
    // The gateway, while the node runs: started with config (its enabled flag ignored) or stopped;
    // startGateway answers an error, empty when it listens.
    QString startGateway(const GatewayConfig &config);
    void stopGateway();
    // The gateway the next start() brings up (enabled) or not: as the console last set it.
    void setGatewayOnStart(const GatewayConfig &config) { m_config.gateway = config; }
    bool hasGateway() const { return m_gateway != nullptr; }
    GatewayStats gatewayStats() const;
    // One instance of service, chosen as the gateway would choose it.
    struct Resolution
    {
        enum class Outcome
        {
            Chosen,
            UnknownService,
            NoneUp,
            AllEjected,
        };
        Outcome outcome = Outcome::UnknownService;
        RoutingTarget target;
    };
    Resolution resolve(const QString &service);
    // The health checks this node runs (of the instances registered or pinned here); empty while stopped.
    QList<CheckState> checkStates() const;

signals:
    void started(quint16 port);
    void startFailed(const QString &error);
    void stopped();
    void changesReady(const ChangeBatch &batch);
    void peerStateChanged();
    void storeStateChanged();
    void bridgesChanged();
    void gatewayChanged();
    void replayFinished();

private:
    void abortStart(const QString &error);
    std::unique_ptr<WritePolicy> createWritePolicy();
    void shareAccounts(EtcdStore &store);
    void keepOwnersIn(Store &store);
    void finishStart();
    void registerSelfService();
    HttpResponse handle(HttpRequest &request);
    std::optional<HttpResponse> authorize(const HttpRequest &request, const QString &pattern);
    std::optional<QString> ownerOfTarget(const HttpRequest &request, const QString &pattern, Ownership what) const;
    QString ownerOf(const QString &app, const QString &instanceId) const;
    QString serviceOwnerOf(const QString &serviceId) const;
    OwnerExchange requestOwnerExchange();
    OwnerExchange peerOwnerExchange();
    WriteAuthor authorOf(const RegistryChange &change) const;
    void startReplication();
    QString setUpTls(HttpTransport &transport);
    void createBridges();
    void createReplicator(const QList<QUrl> &peers);
    QUrl ownServiceUrl() const;
    QList<QUrl> clusterMembers() const;
    QString startHistory();
    QString loadReplay();
    void collectChange(const RegistryChange &change);
    void countChange(const RegistryChange &change);
    void logChange(const RegistryChange &change) const;
    QString writerOf(const RegistryChange &change) const;
    void evictExpired();
    void collectHeartbeat(const QString &app, const QString &id, qint64 timestamp);
    void createChecks();
    void followCheck(const RegistryChange &change);
    void followStoredCheck(const RegistryChange &change);
    void collectCheckState(const CheckState &state);
    void flushChanges();
    std::shared_ptr<const RoutingView> routingView();
    void publishRouting();

    NodeConfig m_config;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    qint64 m_startedAtMs = 0;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<WritePolicy> m_writes;
    Router m_router;
    std::unique_ptr<EurekaApi> m_eureka;
    std::unique_ptr<ServiceCombApi> m_serviceComb;
    std::unique_ptr<NodeApi> m_nodeApi;
    std::unique_ptr<PinnedApi> m_pinnedApi;
    std::unique_ptr<ReplicationApi> m_replicationApi;
    std::unique_ptr<StatusPage> m_statusPage;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<Replicator> m_replicator;
    QSslConfiguration m_clientTls;     // how peers and bridges verify the servers they call
    std::unique_ptr<Bridges> m_bridges;
    std::unique_ptr<BridgeApi> m_bridgeApi;
    std::unique_ptr<OperationsApi> m_operationsApi;
    std::unique_ptr<RequestMetrics> m_requestMetrics;
    std::unique_ptr<HistoryRecorder> m_history;
    std::unique_ptr<HistoryApi> m_historyApi;
    std::unique_ptr<HistoryReplayer> m_replayer;
    std::unique_ptr<FaultsApi> m_faultsApi;
    std::unique_ptr<HealthChecks> m_checks;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<GatewayServer> m_gateway;
    std::unique_ptr<GatewayResolver> m_resolver;
    std::unique_ptr<GatewayApi> m_gatewayApi;
    std::shared_ptr<const RoutingView> m_routingView;
    bool m_routingStale = true;
    QTimer m_routingTimer;
    WriteCounters m_writeCounters;
    // Who is writing now: a request (from m_writerAddress), a command, or no one (timers, the store).
    enum class Writer
    {
        None,
        Request,
        Command,
    };
    Writer m_writer = Writer::None;
    QHostAddress m_writerAddress;
    QString m_writerAccount;           // the account of the request being handled; empty: anonymous
    bool m_writerMayReplicate = false; // that account may replicate (AuthService::mayReplicate)
    QTimer m_evictionTimer;
    QTimer m_exactExpiryTimer;
    QTimer m_flushTimer;
    ChangeBatch m_pending;
    QHash<QPair<QString, QString>, qsizetype> m_pendingHeartbeatIndex;
    QHash<QPair<QString, QString>, qsizetype> m_pendingCheckIndex;
    bool m_heartbeatReporting = false;
    bool m_ready = false;
    QString m_syncedFrom;
};
