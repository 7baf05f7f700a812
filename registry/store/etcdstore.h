// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/etcdclient.h"
#include "store/store.h"
#include "store/storeconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <memory>

class QJsonArray;
class Registry;

// Cluster mode (docs/etcd.md): the node's state lives in etcd under a key prefix, one etcd lease
// per instance, and the Registry is this node's cache of the whole prefix, filled by a range read
// and kept current by a watch from the next revision. Reads never wait on etcd. A write is
// evaluated by the registry's rules, put to etcd in one transaction, and answered once the watch
// has brought it back into the cache (so the writer reads its own write); the cache changes only
// through etcd, in etcd's revision order, which is why every node over one etcd answers alike.
class EtcdStore : public Store
{
    Q_OBJECT

public:
    EtcdStore(StoreConfig config, Registry *registry, QObject *parent = nullptr);
    ~EtcdStore() override;

    void start(std::function<void()> ready) override;
    void stop() override;
    bool persistsWrites() const override { return true; }
    bool acceptsWrites() const override { return m_state == State::Connected; }
    QString refusalReason() const override;
    void commit(const QList<RegistryChange> &changes, Done done) override;
    StoreStatus status() const override;

private:
    enum class State
    {
        Loading,                       // the first read has not answered yet
        Connected,
        Disconnected,                  // serving the cache as it was, reconnecting
    };
    enum class KeyKind
    {
        Service,
        Instance,
        CancelMarker,
        Unknown,
    };
    struct ParsedKey
    {
        KeyKind kind = KeyKind::Unknown;
        QString first;                 // service id, or app
        QString second;                // instance id
    };
    // What the cache holds of one key, as etcd last showed it.
    struct KeyState
    {
        qint64 modRevision = 0;
        qint64 lease = 0;
        int ttlSecs = 0;               // an instance's lease duration
    };
    struct Operation
    {
        QByteArray key;
        QByteArray value {};
        bool remove = false;
        qint64 lease = 0;
        int grantTtlSecs = 0;          // > 0: put with a new lease of that many seconds
        qint64 replacedLease = 0;      // revoked once the put is in
    };
    struct Commit
    {
        QList<Operation> operations;
        Done done;
        QDeadlineTimer deadline;
        int grantsLeft = 0;
    };

    QByteArray keyOf(QStringView kind, const QStringList &segments) const;
    QByteArray serviceKey(const QString &serviceId) const;
    QByteArray instanceKey(const QString &app, const QString &id) const;
    QByteArray cancelMarkerKey(const QString &app, const QString &id) const;
    ParsedKey parseKey(const QByteArray &key) const;
    QList<Operation> operationsFor(const QList<RegistryChange> &changes) const;

    void load();
    void reconnect();
    void watchCreated();
    void reconcile(const QJsonArray &kvs, qint64 revision);
    void applyPut(const QByteArray &key, const QByteArray &value, qint64 modRevision, qint64 lease, bool force = false);
    void applyDelete(const QByteArray &key, qint64 revision, bool cancelled);
    void applyWatchEvents(const QJsonObject &result);
    void watchEnded(const QString &reason, qint64 compactRevision);
    void connectionLost(const QString &error);
    void scheduleReconnect();
    void setState(State state);
    void recordError(const QString &error);

    void grantLeases(quint64 id);
    void sendTransaction(quint64 id);
    void finishCommit(quint64 id, const CommitResult &result);
    void waitForRevision(quint64 id, qint64 revision);
    void settleAcknowledged();
    void keepAlive(const QString &app, const QString &id);

    StoreConfig m_config;
    Registry *m_registry;
    QByteArray m_prefix;
    std::unique_ptr<EtcdClient> m_client;
    State m_state = State::Loading;
    bool m_stopped = false;
    std::function<void()> m_ready;
    QHash<QByteArray, KeyState> m_keys;
    qint64 m_revision = 0;             // the etcd revision the cache shows
    quint64 m_generation = 0;          // moves on every (re)load and on stop: older answers are dropped
    QTimer m_reconnectTimer;
    int m_backoffMs = 0;
    quint64 m_fullReads = 0;
    quint64 m_watchResumes = 0;
    QString m_lastError;
    qint64 m_lastErrorMs = 0;

    quint64 m_nextCommitId = 0;
    QHash<quint64, Commit> m_commits;             // sent, not answered yet
    QHash<quint64, qint64> m_acknowledged;        // commit → the revision the watch must reach

    QElapsedTimer m_clock;
    QHash<qint64, qint64> m_keepAliveSentMs;      // lease → when its last keep-alive went out
    QSet<qint64> m_keepAlivesInFlight;
};
