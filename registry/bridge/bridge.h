// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"
#include "api/commandresult.h"
#include "bridge/bridgeconfig.h"
#include "model/registrychange.h"
#include "model/service.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>

#include <functional>
#include <memory>

class BridgePusher;
class HttpClient;
class Registry;
class RemoteMirror;
class RemoteProtocol;

// A node's link to one external registry, on the node's thread. It pulls: the external instances
// are mirrored into the node as foreign entries (Instance::bridge is this bridge's URL) whose
// leases it keeps while the external registry holds them. It pushes: every other instance of the
// node is registered at the external registry, heartbeated and cancelled there, marked with the
// node's mark so that no bridge of this node pulls it back. See docs/bridges.md.
class Bridge : public QObject
{
    Q_OBJECT

public:
    // Runs a registry write the node's way (memory, journal or etcd); done may run later.
    using WriteRunner = std::function<void(std::function<CommandResult()> write,
                                           std::function<void(const CommandResult &)> done)>;
    using Key = QPair<QString, QString>;   // app, instance id

    // mark names the node in what it pushes (metadata key markKey()).
    Bridge(BridgeTarget target, BridgeSettings settings, Registry &registry, WriteRunner runWrite, QString mark,
           QObject *parent = nullptr);
    ~Bridge() override;

    static QString markKey();

    void start();
    // The bridge is being removed: its foreign entries leave the node, what it pushed is cancelled
    // at the external registry, and the bridge deletes itself once those answers came (or 5 s passed).
    void withdraw();

    const BridgeTarget &target() const { return m_target; }
    BridgeState state() const;

signals:
    // The phase or the last error changed.
    void stateChanged();

private:
    struct PushedEntry
    {
        Instance instance;             // as last registered there
        QString externalServiceId;
        qint64 nextBeatMs = 0;
    };

    void poll();
    void pulled();
    void pullFailed(const QString &error);
    void applyPulled(const QList<RegistryChange> &changes);
    void reconcilePulled();
    bool shouldMirror(const Instance &external) const;
    void mirrorInstance(const Instance &external);
    void mirrorService(const Service &external);
    std::function<void(const CommandResult &)> mirrorWriteDone();
    void dropForeign(const Key &key);
    void dropAllForeign();
    void renewForeign(qint64 nowMs);

    void onRegistryChange(const RegistryChange &change);
    bool shouldPush(const Instance &instance) const;
    void enqueuePush(const Key &key);
    void enqueueAllPushes();
    bool canPush() const;
    void pushNext();
    void push(const Key &key);
    void heartbeatPushed(qint64 nowMs);
    void pushOverride(const Key &key, const Instance &pushed, const QString &externalServiceId,
                      InstanceStatus overrideThere);
    void pushFailed(const Key &key, const CommandResult &result);

    void tick();
    void updatePhase();
    void setError(const QString &error);
    qint64 nowMs() const;

    BridgeTarget m_target;
    QString m_url;                     // the target's URL as entries carry it
    BridgeSettings m_settings;
    Registry &m_registry;
    WriteRunner m_runWrite;
    QString m_mark;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<RemoteMirror> m_mirror;
    std::unique_ptr<RemoteProtocol> m_reader;
    std::unique_ptr<BridgePusher> m_pusher;
    QTimer m_pollTimer;
    QTimer m_tickTimer;
    bool m_polling = false;
    bool m_withdrawn = false;

    BridgeState::Phase m_phase = BridgeState::Phase::Connecting;
    QString m_lastError;
    qint64 m_lastErrorMs = 0;
    qint64 m_lastSyncMs = 0;
    qint64 m_cutSinceMs = 0;
    int m_writesInFlight = 0;

    QHash<Key, qint64> m_foreign;      // mirrored entries → when the bridge renews them next
    QList<Key> m_queue;                // pushes to send, oldest first
    QHash<Key, qint64> m_queuedAt;
    bool m_pushEverything = false;     // the queue overflowed: push every instance once it drains
    bool m_pushPaused = false;         // a push found the external registry unreachable: wait for a read
    int m_pushesInFlight = 0;
    int m_withdrawPending = 0;
    QHash<Key, PushedEntry> m_pushed;
    QHash<QString, ServiceKey> m_externalServiceKeys;   // the external registry's service ids
};
