// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registryconnection.h"

#include <QSslConfiguration>
#include <QUrl>

class QThread;
class RemoteWorker;

// A registry somewhere else — another Muster node, an Eureka server or a Service-Center — seen as a
// RegistryConnection, like a node in this process: snapshots, batched changes and commands that
// answer asynchronously. The client runs on its own thread: every call returns at once, callbacks
// run on the context object's thread, and no network wait or JSON decoding happens on the caller's.
// Its state is Starting while it detects and first reads the remote, Running once a read worked,
// and Unreachable while reads fail (it retries with back-off; lastError() says why).
class RemoteRegistry : public RegistryConnection
{
    Q_OBJECT

public:
    enum class Kind
    {
        Detect,                        // find out: Muster, then Eureka, then Service-Center
        Eureka,
        ServiceComb,
        Muster,
    };
    Q_ENUM(Kind)

    explicit RemoteRegistry(const QUrl &url, Kind kind = Kind::Detect, QObject *parent = nullptr);
    ~RemoteRegistry() override;

    QUrl url() const { return m_url; }
    // The kind asked for, or the one detected once known.
    Kind kind() const { return m_kind; }
    // host:port of the URL.
    QString name() const override;
    QString address() const override { return m_url.toString(); }
    State state() const override { return m_state; }
    QString lastError() const override { return m_lastError; }
    bool isLocal() const override { return false; }

    // Read at start(): how often to poll, the longest pause between retries, and how long a
    // request may stay silent before it fails.
    void setPollIntervalMs(int ms) { m_pollIntervalMs = ms; }
    void setMaxRetryIntervalMs(int ms) { m_maxRetryIntervalMs = ms; }
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }
    // How an https registry's certificate is verified (Tls::clientConfiguration, e.g. with a private
    // CA); null: the system's CAs.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    // Unreachable because the registry's certificate did not verify (lastError() has the detail).
    bool certificateRejected() const { return m_certificateRejected; }

    // Begins detecting and polling; returns at once.
    void start();
    // Stops polling, aborts what is in flight (those commands answer with an error) and joins
    // the thread; what was read is kept for the next start().
    void stop();

    // The registry as last read, in the client's own revisions: batches with a higher revision
    // apply on top. Empty before the first successful read.
    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) override;
    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) override;
    // A Muster node's /metrics, fetched and parsed on the client's thread; Eureka servers and
    // Service-Centers answer MetricsSample::Availability::NotMuster.
    void requestMetrics(QObject *context, std::function<void(const MetricsSample &)> callback) override;
    // A Muster node's GET /muster/api/v1/gateway, read on the client's thread; Eureka servers and
    // Service-Centers answer GatewayStats::Availability::NotMuster.
    void requestGatewayStats(QObject *context, std::function<void(const GatewayStats &)> callback) override;
    // A Muster node's history through its API, fetched and decoded on the client's thread; other
    // registries answer that they keep none.
    void requestHistoryBounds(QObject *context, std::function<void(const PastRegistry &)> callback) override;
    void requestStateAt(qint64 time, QObject *context, std::function<void(const PastRegistry &)> callback) override;

    void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) override;
    void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           CommandCallback callback) override;
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              QObject *context, CommandCallback callback) override;
    void mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                       QObject *context, CommandCallback callback) override;
    // How each protocol does it: RemoteProtocol::replaceMetadata.
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         QObject *context, CommandCallback callback) override;
    // Not offered for remote registries: answers Error::Unsupported.
    void createService(const Service &service, QObject *context,
                       std::function<void(const ServiceResult &)> callback) override;
    // Through a Muster node's API; other registries answer Error::Unsupported.
    void addBridge(BridgeState::Kind kind, const QUrl &url, QObject *context, CommandCallback callback) override;
    void removeBridge(const QUrl &url, QObject *context, CommandCallback callback) override;

private:
    template<typename Result>
    void post(std::function<Result(RemoteWorker &)> read, QObject *context, std::function<void(const Result &)> callback);
    using CommandDone = std::function<void(const CommandResult &)>;
    void postCommand(std::function<void(RemoteWorker &, CommandDone)> work, QObject *context, CommandDone callback);
    void postHistoryRead(std::optional<qint64> time, QObject *context, std::function<void(const PastRegistry &)> callback);

    QUrl m_url;
    Kind m_kind;
    Kind m_requestedKind;
    State m_state = State::Starting;
    QString m_lastError;
    bool m_certificateRejected = false;
    QSslConfiguration m_tls;
    int m_pollIntervalMs = 2000;
    int m_maxRetryIntervalMs = 30'000;
    int m_requestTimeoutMs = 10'000;
    QThread *m_thread;
    RemoteWorker *m_worker;
};
