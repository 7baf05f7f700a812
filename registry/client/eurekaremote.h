// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remoteprotocol.h"

#include "model/service.h"

#include <QList>
#include <QMultiHash>
#include <QUrl>

class HttpClient;
class RemoteMirror;

// A remote registry spoken to as Eureka, the way Eureka's own client reads it: one full fetch,
// then deltas whose apps hashcode must match the copy (a full fetch again when it does not).
// A Muster node is read the same way, plus its services (over its Service-Center API) and its
// status (GET /muster/api/v1/node) and the health checks it runs (GET /muster/api/v1/checks).
class EurekaRemote : public RemoteProtocol
{
public:
    // serviceUrl ends in '/', e.g. http://host:8761/eureka/; root is http://host:port.
    EurekaRemote(HttpClient &http, RemoteMirror &mirror, const QUrl &serviceUrl, const QUrl &root, bool muster);

    void poll(Done done) override;
    void registerInstance(const Instance &instance, CommandDone done) override;
    void cancelInstance(const QString &app, const QString &id, CommandDone done) override;
    void setStatusOverride(const QString &app, const QString &id, InstanceStatus status, CommandDone done) override;
    void removeStatusOverride(const QString &app, const QString &id, std::optional<InstanceStatus> newStatus,
                              CommandDone done) override;
    // PUT …/metadata: Eureka merges.
    void mergeMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                       CommandDone done) override;
    // Eureka cannot remove a key through its metadata API: the instance is registered again.
    void replaceMetadata(const QString &app, const QString &id, const QMap<QString, QString> &metadata,
                         CommandDone done) override;
    // POST and DELETE /muster/api/v1/bridges of a Muster node.
    void addBridge(BridgeState::Kind kind, const QUrl &url, CommandDone done) override;
    void removeBridge(const QUrl &url, CommandDone done) override;

    // The instances and the apps hashcode of an Eureka "applications" document.
    struct Applications
    {
        QList<Instance> instances;
        QString hashcode;
        QString error;                 // set when the body is not an applications document
    };
    static Applications parseApplications(const QByteArray &body);

private:
    void readInstances(Done done);
    void fullFetch(Done done);
    void readServices(Done done);
    void readNodeStatus(Done done);
    void readChecks(Done done);
    void completeServices();
    Instance completed(Instance instance) const;
    QUrl instanceUrl(const QString &app, const QString &id, const QString &rest = {}) const;
    void command(const QByteArray &verb, const QUrl &url, CommandDone done, const QByteArray &body = {});
    QString statusOnWire(InstanceStatus status) const;

    HttpClient &m_http;
    RemoteMirror &m_mirror;
    QUrl m_serviceUrl;
    QUrl m_root;
    bool m_muster;
    bool m_fetched = false;
    QByteArray m_lastDelta;            // the body of the last delta applied
    QMultiHash<QString, Service> m_servicesByApp;   // a Muster node's services, by their Eureka app
};
