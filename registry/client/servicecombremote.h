// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/httpclient.h"
#include "client/remoteprotocol.h"
#include "model/service.h"

#include <QJsonObject>
#include <QList>
#include <QUrl>

class RemoteMirror;

// A remote Service-Center, read through its governance API (every service with its instances in
// one request) on each poll, and written through its registry API. Instances are keyed by their
// Eureka app, as the node keeps them (docs/protocol-mapping.md).
class ServiceCombRemote : public RemoteProtocol
{
public:
    // root is http://host:port; version is what /version answered.
    ServiceCombRemote(HttpClient &http, RemoteMirror &mirror, const QUrl &root, const QString &version);

    void poll(Done done) override;
    void registerInstance(const Instance &instance, CommandDone done) override;
    void cancelInstance(const QString &app, const QString &id, CommandDone done) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, CommandDone done) override;
    // Service-Center has no overrides to remove: the status becomes newStatus, or UP.
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              CommandDone done) override;
    // Service-Center replaces an instance's properties; the new ones are merged into those last read.
    void updateMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                        CommandDone done) override;

    struct Services
    {
        QList<Service> services;
        QString error;
    };
    // GET /v4/default/registry/microservices: the services of the default project.
    static void readServices(HttpClient &http, const QUrl &root, std::function<void(const Services &)> done);
    static std::optional<Service> decodeService(const QJsonObject &object);
    static std::optional<Instance> decodeInstance(const QJsonObject &object, const Service &service);
    static const HttpClient::Headers &headers();

private:
    QUrl registryUrl(const QString &path) const;
    // The instance's path under …/microservices/{serviceId}/instances/{id}, or an error result.
    std::optional<QUrl> instanceUrl(const QString &app, const QString &id, const QString &rest, CommandDone &done) const;
    void command(const QByteArray &verb, const QUrl &url, CommandDone done, const QJsonObject &body = {});
    void registerInService(const QString &serviceId, const Instance &instance, CommandDone done);

    HttpClient &m_http;
    RemoteMirror &m_mirror;
    QUrl m_root;
    QString m_version;
};
