// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "api/commandresult.h"
#include "model/instance.h"
#include "node/nodeconfig.h"
#include "api/nodestatus.h"
#include "api/registrysnapshot.h"
#include "model/service.h"

#include <QAtomicInteger>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class Node;
class QThread;

// The result of creating a service: the command's, and the id of the service.
struct ServiceResult
{
    CommandResult result;
    QString serviceId;
};

// The thread-safe face of a node for app/ and the console. It owns the node's thread; every call
// returns at once, and answers come back as signals or as callbacks run on the caller's context.
class NodeHandle : public QObject
{
    Q_OBJECT

public:
    explicit NodeHandle(NodeConfig config, QObject *parent = nullptr);
    ~NodeHandle() override;

    const NodeConfig &config() const { return m_config; }
    quint16 port() const { return m_port.loadAcquire(); }
    bool isRunning() const { return port() != 0; }

    void start();
    // Stops the node and joins its thread: for shutdown, the one place that waits.
    void stop();

    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback);
    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback);

    // Commands are writes (Node::runWrite): over etcd they answer once etcd holds the change; in
    // memory, commands on pinned entries (instance.pinned, or on an instance or service that is
    // pinned) answer once the node's journal holds the change, and fail when it could not be written.
    // A pinned registration is the newest version of its instance, whatever its lastDirtyTimestamp.
    void registerInstance(const Instance &instance, QObject *context, std::function<void(const CommandResult &)> callback);
    void cancelInstance(const QString &app, const QString &id, QObject *context,
                        std::function<void(const CommandResult &)> callback);
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           std::function<void(const CommandResult &)> callback);
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              QObject *context, std::function<void(const CommandResult &)> callback);
    void updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                        QObject *context, std::function<void(const CommandResult &)> callback);
    // Replaces the whole metadata map: how an editor removes keys.
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         QObject *context, std::function<void(const CommandResult &)> callback);
    // A service created by hand: pinned, so the journal (or etcd) keeps it. The answer's serviceId is in
    // ServiceResult; a service with the same key is pinned and answered with its id.
    void createService(const Service &service, QObject *context, std::function<void(const ServiceResult &)> callback);
    // Without force, a service with instances or consumers is not deleted.
    void deleteService(const QString &serviceId, bool force, QObject *context,
                       std::function<void(const CommandResult &)> callback);
    // Peers by their Eureka service URL (http://host:port/eureka/), while the node runs.
    void addPeer(const QUrl &serviceUrl, QObject *context, std::function<void(const CommandResult &)> callback);
    void removePeer(const QUrl &serviceUrl, QObject *context, std::function<void(const CommandResult &)> callback);
    // Stops the node without waiting: stopped() follows. start() starts it again.
    void requestStop();

signals:
    void started(quint16 port);
    void startFailed(const QString &error);
    void stopped();
    void changesReady(const ChangeBatch &batch);
    void peerStateChanged();
    // The store's connection changed (etcd reachable or not, stale or not): requestStatus() tells.
    void storeStateChanged();

protected:
    void connectNotify(const QMetaMethod &signal) override;

private:
    // Runs work on the node's thread and its result through callback on context's thread.
    template<typename Result>
    void post(std::function<Result(Node &)> work, QObject *context, std::function<void(const Result &)> callback);
    void postCommand(std::function<CommandResult(Node &)> work, QObject *context,
                     std::function<void(const CommandResult &)> callback);

    NodeConfig m_config;
    QThread *m_thread;
    QPointer<Node> m_node;
    QAtomicInteger<quint16> m_port = 0;
};
