// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registryconnection.h"
#include "auth/sharedaccounts.h"
#include "node/nodeconfig.h"

#include <QAtomicInteger>
#include <QPointer>

class AuthService;

class Node;
class QThread;

// The thread-safe face of a node for app/ and the console. It owns the node's thread; every call
// returns at once, and answers come back as signals or as callbacks run on the caller's context.
// The node is made on start() and goes with the thread on stop(), so a handle starts again after
// either way of stopping, and one that never started holds no node.
class NodeHandle : public RegistryConnection
{
    Q_OBJECT

public:
    explicit NodeHandle(NodeConfig config, QObject *parent = nullptr);
    ~NodeHandle() override;

    const NodeConfig &config() const { return m_config; }
    quint16 port() const { return m_port.loadAcquire(); }
    bool isRunning() const { return port() != 0; }
    // A node object exists from start() until its thread has ended.
    bool holdsNode() const { return !m_node.isNull(); }

    void start();
    // Stops the node and joins its thread: for shutdown, the one place that waits.
    void stop();
    // Stops the node without waiting: stopped() follows. start() starts it again.
    void requestStop();

    QString name() const override { return m_config.name; }
    // The address it listens on, kept after it stopped (the console names it by it).
    QString address() const override;
    State state() const override { return m_state; }
    QString lastError() const override { return m_lastError; }
    bool isLocal() const override { return true; }

    // Reads answer at once with an empty result while no node runs.
    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) override;
    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) override;
    void requestMetrics(QObject *context, std::function<void(const MetricsSample &)> callback) override;
    // Answers GatewayStats::Availability::NotRunning while no node runs.
    void requestGatewayStats(QObject *context, std::function<void(const GatewayStats &)> callback) override;
    // Starts the node's gateway with gateway (its enabled flag ignored), replacing a running one, or
    // stops it; the config keeps the choice, so the node brings its gateway back when it starts again.
    void startGateway(const GatewayConfig &gateway, QObject *context, CommandCallback callback);
    void stopGateway(QObject *context, CommandCallback callback);
    // From the node's own history, on its thread; while it does not run, the answer says so.
    void requestHistoryBounds(QObject *context, std::function<void(const PastRegistry &)> callback) override;
    void requestStateAt(qint64 time, QObject *context, std::function<void(const PastRegistry &)> callback) override;

    // Commands are writes (Node::runWrite): over etcd they answer once etcd holds the change; in
    // memory, commands on pinned entries (instance.pinned, or on an instance or service that is
    // pinned) answer once the node's journal holds the change, and fail when it could not be written.
    // A pinned registration is the newest version of its instance, whatever its lastDirtyTimestamp.
    // While the node does not run they fail at once (CommandResult::Error::NotRunning).
    void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) override;
    void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           CommandCallback callback) override;
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              QObject *context, CommandCallback callback) override;
    void mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                       QObject *context, CommandCallback callback) override;
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         QObject *context, CommandCallback callback) override;
    // A service created by hand: pinned, so the journal (or etcd) keeps it. The answer's serviceId is in
    // ServiceResult; a service with the same key is pinned and answered with its id.
    void createService(const Service &service, QObject *context,
                       std::function<void(const ServiceResult &)> callback) override;
    // Without force, a service with instances or consumers is not deleted.
    void deleteService(const QString &serviceId, bool force, QObject *context, CommandCallback callback);
    // Peers by their Eureka service URL (http://host:port/eureka/), while the node runs.
    void addPeer(const QUrl &serviceUrl, QObject *context, CommandCallback callback);
    void removePeer(const QUrl &serviceUrl, QObject *context, CommandCallback callback);
    void addBridge(BridgeState::Kind kind, const QUrl &url, QObject *context, CommandCallback callback) override;
    void removeBridge(const QUrl &url, QObject *context, CommandCallback callback) override;
    // The accounts in the node's data directory, also while its authentication is off.
    void requestAccounts(QObject *context, std::function<void(const AccountList &)> callback) override;
    void addAccount(const QString &name, const QString &role, const QString &password, QObject *context,
                    CommandCallback callback) override;
    void removeAccount(const QString &name, QObject *context, CommandCallback callback) override;

signals:
    void started(quint16 port);
    void startFailed(const QString &error);
    void stopped();

protected:
    void connectNotify(const QMetaMethod &signal) override;

private:
    void createNode();
    void setState(State state);
    // Runs work on the node's thread and its result through callback on context's thread.
    template<typename Result>
    void post(std::function<Result(Node &)> work, QObject *context, std::function<void(const Result &)> callback);
    void postCommand(std::function<CommandResult(Node &)> work, QObject *context, CommandCallback callback);
    // Like postCommand, for what is not a write of the registry.
    void postControl(std::function<CommandResult(Node &)> work, QObject *context, CommandCallback callback);
    // An account change, answered when the accounts hold it (in etcd mode, later).
    using AccountChange = std::function<void(AuthService &, const SharedAccounts::Done &)>;
    void postAccountChange(AccountChange change, QObject *context, CommandCallback callback);

    NodeConfig m_config;
    QThread *m_thread;
    QPointer<Node> m_node;
    QAtomicInteger<quint16> m_port = 0;
    quint16 m_lastPort = 0;
    State m_state = State::Stopped;
    QString m_lastError;
    bool m_reportHeartbeats = false;
    quint64 m_generation = 0;          // of the node made last
};
