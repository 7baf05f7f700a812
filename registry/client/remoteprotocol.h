// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"
#include "api/commandresult.h"
#include "model/instance.h"

#include <QMap>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

// One wire protocol spoken to a remote registry: reads that keep a RemoteMirror up to date, and
// the console's commands. Everything answers through callbacks on the calling thread.
class RemoteProtocol
{
public:
    using Done = std::function<void(const QString &error)>;   // an empty error: the read worked
    using CommandDone = std::function<void(const CommandResult &)>;

    virtual ~RemoteProtocol() = default;

    virtual void poll(Done done) = 0;
    virtual void registerInstance(const Instance &instance, CommandDone done) = 0;
    virtual void cancelInstance(const QString &app, const QString &id, CommandDone done) = 0;
    virtual void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, CommandDone done) = 0;
    virtual void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                                      CommandDone done) = 0;
    virtual void mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                               CommandDone done) = 0;
    // The metadata becomes exactly what is given: keys left out are removed at the remote, also
    // where its own API can only merge.
    virtual void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                                 CommandDone done) = 0;
    // Only a Muster node has bridges; other registries refuse with Error::Unsupported.
    virtual void addBridge(BridgeState::Kind kind, const QUrl &url, CommandDone done);
    virtual void removeBridge(const QUrl &url, CommandDone done);
};
