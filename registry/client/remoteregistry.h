// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "api/commandresult.h"
#include "model/instance.h"
#include "api/nodestatus.h"
#include "api/registrysnapshot.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QThread;
class RemoteWorker;

// A registry somewhere else — another Muster node, an Eureka server or a Service-Center — with the
// face NodeHandle gives a local node: snapshots, batched changes and commands that answer
// asynchronously. The client runs on its own thread: every call returns at once, callbacks run on
// the context object's thread, and no network wait or JSON decoding happens on the caller's.
class RemoteRegistry : public QObject
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

    enum class State
    {
        Connecting,
        Connected,
        Unreachable,                   // retrying with back-off; lastError() says why
    };
    Q_ENUM(State)

    explicit RemoteRegistry(const QUrl &url, Kind kind = Kind::Detect, QObject *parent = nullptr);
    ~RemoteRegistry() override;

    QUrl url() const { return m_url; }
    // The kind asked for, or the one detected once known.
    Kind kind() const { return m_kind; }
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }

    // Read at start(): how often to poll, the longest pause between retries, and how long a
    // request may stay silent before it fails.
    void setPollIntervalMs(int ms) { m_pollIntervalMs = ms; }
    void setMaxRetryIntervalMs(int ms) { m_maxRetryIntervalMs = ms; }
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }

    // Begins detecting and polling; returns at once.
    void start();
    // Stops polling, aborts what is in flight (those commands answer with an error) and joins
    // the thread; what was read is kept for the next start().
    void stop();

    // The registry as last read, in the client's own revisions: batches with a higher revision
    // apply on top. Empty before the first successful read.
    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback);
    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback);

    void registerInstance(const Instance &instance, QObject *context, std::function<void(const CommandResult &)> callback);
    void cancelInstance(const QString &app, const QString &id, QObject *context,
                        std::function<void(const CommandResult &)> callback);
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           std::function<void(const CommandResult &)> callback);
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              QObject *context, std::function<void(const CommandResult &)> callback);
    void updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                        QObject *context, std::function<void(const CommandResult &)> callback);

signals:
    // On every change of state, and when the reason for being unreachable changes.
    void stateChanged(RemoteRegistry::State state);
    // Same meaning as NodeHandle::changesReady: what the last read changed.
    void changesReady(const ChangeBatch &batch);

private:
    template<typename Result>
    void post(std::function<Result(RemoteWorker &)> read, QObject *context, std::function<void(const Result &)> callback);
    using CommandDone = std::function<void(const CommandResult &)>;
    void postCommand(std::function<void(RemoteWorker &, CommandDone)> work, QObject *context, CommandDone callback);

    QUrl m_url;
    Kind m_kind;
    Kind m_requestedKind;
    State m_state = State::Connecting;
    QString m_lastError;
    int m_pollIntervalMs = 2000;
    int m_maxRetryIntervalMs = 30'000;
    int m_requestTimeoutMs = 10'000;
    QThread *m_thread;
    RemoteWorker *m_worker;
};
