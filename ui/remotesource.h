// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "registrysource.h"
#include "client/remoteregistry.h"

#include <memory>

// A registry elsewhere (Eureka, Service-Center or another Muster node), read and edited through its
// own API by a RemoteRegistry on its own thread.
class RemoteSource : public RegistrySource
{
    Q_OBJECT

public:
    explicit RemoteSource(const QUrl &url, RemoteRegistry::Kind kind = RemoteRegistry::Kind::Detect,
                          QObject *parent = nullptr);
    ~RemoteSource() override;

    QString name() const override;
    QString address() const override { return m_remote->url().toString(); }
    State state() const override;
    QString lastError() const override { return m_remote->lastError(); }
    RemoteRegistry::Kind kind() const { return m_remote->kind(); }
    QString kindName() const { return kindName(kind()); }
    static QString kindName(RemoteRegistry::Kind kind);

    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) override;
    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) override;
    void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) override;
    void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           CommandCallback callback) override;
    void removeStatusOverride(const QString &app, const QString &id, QObject *context,
                              CommandCallback callback) override;
    // Remote APIs merge metadata; keys the editor removed stay on the remote.
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         QObject *context, CommandCallback callback) override;

private:
    std::unique_ptr<RemoteRegistry> m_remote;
};
