// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"
#include "store/storeconfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

class EtcdClient;
class EtcdKeyLayout;
class QJsonArray;
class QJsonObject;
class Registry;

// Keeps the registry a cache of everything under the prefix: a full read on start (and after a
// compaction, or against an etcd behind the cache), then a watch from the next revision; the cache
// changes only through etcd, in revision order, with no rules applied. When etcd goes away the
// cache is served as it is (stale) and the sync reconnects with back-off, resuming the watch from
// the last revision it applied.
class EtcdCacheSync : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Loading,                       // the first read has not answered yet
        Connected,
        Disconnected,                  // serving the cache as it was, reconnecting
    };
    // What the cache holds of one key, as etcd last showed it.
    struct KeyState
    {
        qint64 modRevision = 0;
        qint64 lease = 0;
        int ttlSecs = 0;               // an instance's lease duration
    };

    EtcdCacheSync(const StoreConfig &config, const EtcdKeyLayout &keys, EtcdClient *client, Registry *registry,
                  QObject *parent = nullptr);

    // Reads the whole prefix; ready runs once, after the first read answered or failed.
    void start(std::function<void()> ready);
    void stop();
    bool isStopped() const { return m_stopped; }
    // Marks the cache stale and reconnects: for any call to etcd that got no answer.
    void connectionLost(const QString &error);

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    KeyState keyState(const QByteArray &key) const { return m_keys.value(key); }
    // Who made the write of revision, when its transaction said so (the writer key).
    WriteAuthor authorAt(qint64 revision) const
    {
        return revision == m_writerRevision ? m_writer : WriteAuthor {};
    }
    // The etcd revision the cache shows.
    qint64 revision() const { return m_revision; }
    // Moves on every (re)load and on stop: answers to calls made before are stale.
    quint64 generation() const { return m_generation; }
    QString lastError() const { return m_lastError; }
    qint64 lastErrorMs() const { return m_lastErrorMs; }
    quint64 fullReads() const { return m_fullReads; }
    quint64 watchResumes() const { return m_watchResumes; }

signals:
    void stateChanged();
    // The registry is current with etcd again: after a full read and after a resumed watch.
    void synced();
    // The cache has applied everything up to revision().
    void revisionApplied();
    // An instance's key is gone, and with it what was known of its lease.
    void leaseReleased(qint64 lease);
    // An account's key or the token key (EtcdAccountRecords) was written, or an account's removed.
    void authKeyPut(const QByteArray &key, const QByteArray &value);
    void authKeyDeleted(const QByteArray &key);
    // An instance or a service the cache took names its owner.
    void instanceOwnerRead(const QString &app, const QString &instanceId, const QString &owner);
    void serviceOwnerRead(const QString &serviceId, const QString &owner);

private:
    void load();
    void reconnect();
    void watchCreated();
    void reconcile(const QJsonArray &kvs, qint64 revision);
    void applyPut(const QByteArray &key, const QByteArray &value, qint64 modRevision, qint64 lease, bool force = false);
    void applyDelete(const QByteArray &key, qint64 revision, bool cancelled);
    void applyWatchEvents(const QJsonObject &result);
    void watchEnded(const QString &reason, qint64 compactRevision);
    void setState(State state);
    void recordError(const QString &error);

    const StoreConfig &m_config;
    const EtcdKeyLayout &m_layout;
    EtcdClient *m_client;
    Registry *m_registry;
    State m_state = State::Loading;
    bool m_stopped = false;
    std::function<void()> m_ready;
    QHash<QByteArray, KeyState> m_keys;
    WriteAuthor m_writer;
    qint64 m_writerRevision = 0;
    qint64 m_revision = 0;
    quint64 m_generation = 0;
    QTimer m_reconnectTimer;
    int m_backoffMs = 0;
    quint64 m_fullReads = 0;
    quint64 m_watchResumes = 0;
    QString m_lastError;
    qint64 m_lastErrorMs = 0;
};
