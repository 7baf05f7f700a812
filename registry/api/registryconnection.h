// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/accountlist.h"
#include "api/bridgestate.h"
#include "api/changebatch.h"
#include "api/commandresult.h"
#include "api/gatewaystats.h"
#include "api/metricssample.h"
#include "api/nodestatus.h"
#include "api/pastregistry.h"
#include "api/registrysnapshot.h"
#include "model/instance.h"
#include "model/service.h"

#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

// The result of creating a service: the command's, and the id of the service.
struct ServiceResult
{
    CommandResult result;
    QString serviceId;
};

// Any registry the console drives: a node running in this process (NodeHandle) or a registry
// elsewhere read through its own API (RemoteRegistry). Every call returns at once; answers come
// back through callbacks run on the context object's thread (none once the context is gone), and
// changes as batched signals.
class RegistryConnection : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Starting,                      // a node starting, or a client detecting and reading the remote
        Running,
        Stopped,                       // a node that is not running; lastError() says why, if it failed
        Unreachable,                   // a remote that does not answer; its client keeps retrying
    };
    Q_ENUM(State)

    using CommandCallback = std::function<void(const CommandResult &)>;

    using QObject::QObject;

    virtual QString name() const = 0;
    // http://host:port, or empty while it is not known yet.
    virtual QString address() const = 0;
    virtual State state() const = 0;
    virtual QString lastError() const = 0;
    // A node in this process: it can keep pinned entries and services made by hand.
    virtual bool isLocal() const = 0;

    // The registry as last read, with the revision its change batches continue from.
    virtual void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) = 0;
    virtual void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) = 0;
    // The node's request counters, latency histograms and peer lags now, or why there are none.
    virtual void requestMetrics(QObject *context, std::function<void(const MetricsSample &)> callback) = 0;
    // The node's gateway now (docs/gateway.md): whether it runs, where, and what it carried per
    // service and instance; or why a registry cannot tell (not running, not a Muster node).
    virtual void requestGatewayStats(QObject *context, std::function<void(const GatewayStats &)> callback) = 0;
    // The registry's history (docs/history.md): the first moment it reaches back to, and the
    // registry at a moment within it (revisions as they were then). A registry that keeps no
    // history answers with the reason in PastRegistry::error.
    virtual void requestHistoryBounds(QObject *context, std::function<void(const PastRegistry &)> callback) = 0;
    virtual void requestStateAt(qint64 time, QObject *context, std::function<void(const PastRegistry &)> callback) = 0;

    virtual void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) = 0;
    virtual void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) = 0;
    virtual void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                   CommandCallback callback) = 0;
    // Without newStatus the instance's own status applies again.
    virtual void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                      QObject *context, CommandCallback callback) = 0;
    // Adds the keys given and changes their values; other keys stay.
    virtual void mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                               QObject *context, CommandCallback callback) = 0;
    // Makes the metadata exactly what is given: keys left out are removed.
    virtual void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 QObject *context, CommandCallback callback) = 0;
    // A service made by hand, kept across restarts; answered with its id.
    virtual void createService(const Service &service, QObject *context,
                               std::function<void(const ServiceResult &)> callback) = 0;

    // Bridges to external registries: kind and url as --bridge takes them. A remote node is asked
    // through its API; a registry that is not a Muster node refuses.
    virtual void addBridge(BridgeState::Kind kind, const QUrl &url, QObject *context, CommandCallback callback) = 0;
    virtual void removeBridge(const QUrl &url, QObject *context, CommandCallback callback) = 0;

    // A Muster node's accounts. Registries that have none of their own for the console to manage
    // answer CommandResult::Error::Unsupported (or a list with that error), as these do by default.
    virtual void requestAccounts(QObject *context, std::function<void(const AccountList &)> callback);
    virtual void addAccount(const QString &name, const QString &role, const QString &password, QObject *context,
                            CommandCallback callback);
    virtual void removeAccount(const QString &name, QObject *context, CommandCallback callback);

signals:
    void stateChanged(RegistryConnection::State state);
    // What changed since the last batch, with a revision above the snapshot's.
    void changesReady(const ChangeBatch &batch);
    // The peers or their states changed: requestStatus() tells.
    void peersChanged();
    // The store (memory or etcd) connected, failed or went stale: requestStatus() tells.
    void storeStateChanged();
    // A bridge was added or removed, or its state changed: requestStatus() tells.
    void bridgesChanged();
};
