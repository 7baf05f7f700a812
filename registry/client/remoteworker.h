// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remotemirror.h"
#include "client/remoteprotocol.h"
#include "client/remoteregistry.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <memory>

class HttpClient;

// RemoteRegistry's half on the client's thread: detection, the poll loop with back-off, the
// copy of the remote, and the protocol the commands go through.
class RemoteWorker : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QUrl url;
        RemoteRegistry::Kind kind = RemoteRegistry::Kind::Detect;
        int pollIntervalMs = 2000;
        int maxRetryIntervalMs = 30'000;
        int requestTimeoutMs = 10'000;
        QSslConfiguration tls;         // how an https registry is verified (null: the system's CAs)
    };
    using CommandDone = RemoteProtocol::CommandDone;

    explicit RemoteWorker(QObject *parent = nullptr);
    ~RemoteWorker() override;

    void start(const Settings &settings);
    void stop();
    RegistrySnapshot snapshot() const { return m_mirror.snapshot(); }
    NodeStatus status() const { return m_mirror.status(); }
    // Runs work against the protocol once connected; fails at once before. A command that worked
    // brings the next poll forward so its effect shows soon.
    void command(std::function<void(RemoteProtocol &, CommandDone)> work, CommandDone done);
    // A Muster node's /metrics, read now; other registries have none.
    void readMetrics(std::function<void(const MetricsSample &)> done);
    // A Muster node's GET /muster/api/v1/gateway, read now; other registries have no gateway.
    void readGatewayStats(std::function<void(const GatewayStats &)> done);
    // A Muster node's history: its bounds, or also the registry at time; other registries keep none.
    void readHistory(std::optional<qint64> time, std::function<void(const PastRegistry &)> done);

signals:
    // certificateRejected: the error is that the registry's certificate did not verify.
    void stateChanged(RemoteRegistry::State state, RemoteRegistry::Kind kind, const QString &error,
                      bool certificateRejected);
    void changesReady(const ChangeBatch &batch);

private:
    void detect();
    void poll();
    void pollFinished(const QString &error);
    void fail(const QString &error);
    void setState(RemoteRegistry::State state, const QString &error);
    void schedule(int delayMs);

    Settings m_settings;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<RemoteProtocol> m_protocol;
    RemoteMirror m_mirror;
    QTimer m_timer;
    RemoteRegistry::State m_state = RemoteRegistry::State::Starting;
    RemoteRegistry::Kind m_kind = RemoteRegistry::Kind::Detect;
    QUrl m_root;                       // scheme://host:port/ once detected
    QString m_error;
    int m_failures = 0;
    bool m_busy = false;               // a detection or a poll is in flight
    bool m_pollAgain = false;          // a command worked during a poll
    quint64 m_generation = 0;          // callbacks from before a stop() are ignored
};
