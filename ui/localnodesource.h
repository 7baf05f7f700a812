// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "registrysource.h"

#include <QPointer>

// A node running in this process, seen through its NodeHandle.
class LocalNodeSource : public RegistrySource
{
    Q_OBJECT

public:
    explicit LocalNodeSource(NodeHandle *node, QObject *parent = nullptr);

    QString name() const override;
    QString address() const override;
    State state() const override { return m_state; }
    QString lastError() const override { return m_lastError; }
    NodeHandle *localNode() const override { return m_node; }

    void requestSnapshot(QObject *context, std::function<void(const RegistrySnapshot &)> callback) override;
    void requestStatus(QObject *context, std::function<void(const NodeStatus &)> callback) override;
    void registerInstance(const Instance &instance, QObject *context, CommandCallback callback) override;
    void cancelInstance(const QString &app, const QString &id, QObject *context, CommandCallback callback) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, QObject *context,
                           CommandCallback callback) override;
    void removeStatusOverride(const QString &app, const QString &id, QObject *context,
                              CommandCallback callback) override;
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         QObject *context, CommandCallback callback) override;

    // Starts a stopped node again, or stops a running one; stateChanged() follows.
    void start();
    void stop();

private:
    void setState(State state);
    bool refuseWhileStopped(const CommandCallback &callback) const;

    QPointer<NodeHandle> m_node;
    QString m_name;
    State m_state = State::Starting;
    QString m_lastError;
    quint16 m_lastPort = 0;
};
