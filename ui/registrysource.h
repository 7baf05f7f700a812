// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/changebatch.h"
#include "model/instance.h"
#include "node/nodehandle.h"
#include "api/nodestatus.h"
#include "api/registrysnapshot.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

// One registry as the console sees it: a node running in this process, or a remote registry.
// Every call returns at once; answers come back through callbacks on the context's thread.
class RegistrySource : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Starting,
        Running,
        Stopped,
        Unreachable,
    };
    Q_ENUM(State)

    using CommandCallback = std::function<void(const CommandResult &)>;

    using QObject::QObject;

    virtual QString name() const = 0;
    // http://host:port, or empty while a local node has no port yet.
    virtual QString address() const = 0;
    virtual State state() const = 0;
    virtual QString lastError() const = 0;
    // The node in this process, or nullptr for a remote registry.
    virtual NodeHandle *localNode() const { return nullptr; }
    bool isLocal() const { return localNode() != nullptr; }

    virtual void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) = 0;
    virtual void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) = 0;

    virtual void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) = 0;
    virtual void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) = 0;
    virtual void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                                   CommandCallback callback) = 0;
    virtual void removeStatusOverride(const QString &app, const QString &id, QObject *context,
                                      CommandCallback callback) = 0;
    virtual void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 QObject *context, CommandCallback callback) = 0;

signals:
    void stateChanged(RegistrySource::State state);
    void changesReady(const ChangeBatch &batch);
    // The node's peers or their states changed: read them with requestStatus().
    void peersChanged();
    // The node's store (memory or etcd) connected, failed or went stale: read it with requestStatus().
    void storeStateChanged();
};
