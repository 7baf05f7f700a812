// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/commandresult.h"
#include "model/instance.h"
#include "model/service.h"

#include <QHash>
#include <QMap>
#include <QUrl>

#include <functional>
#include <optional>

class HttpClient;
struct RemoteReply;

// Writes the node's instances into an external registry in its own protocol. Results come back
// through callbacks on the bridge's thread; Error::Unreachable means no answer came.
class BridgePusher
{
public:
    struct Pushed
    {
        CommandResult result;
        QString externalServiceId;     // Service-Center: the service the instance was registered in
    };
    using Done = std::function<void(const CommandResult &)>;
    using RegisterDone = std::function<void(const Pushed &)>;

    virtual ~BridgePusher() = default;

    // The property that carries an instance's own id where the external registry needed another.
    static QString originalIdKey();

    // service is the instance's service in the node, when it has one.
    virtual void registerInstance(const Instance &instance, const std::optional<Service> &service, RegisterDone done) = 0;
    // Error::NoSuchInstance when the external registry does not know the instance: register it again.
    virtual void renew(const Instance &instance, const QString &externalServiceId, Done done) = 0;
    // An instance the external registry no longer knows counts as cancelled.
    virtual void cancel(const Instance &instance, const QString &externalServiceId, Done done) = 0;
    // The node's status override of the instance, or its removal (nullopt): a registration cannot
    // change an UP or OUT_OF_SERVICE instance's status at an Eureka server.
    virtual void setOverride(const Instance &instance, const QString &externalServiceId,
                             std::optional<InstanceStatus> status, Done done) = 0;
    // The external registry may have lost what was sent before (it was unreachable): send it again.
    virtual void forgetSent() {}
};

// Eureka's client protocol: POST apps/{APP}, PUT apps/{APP}/{id} as the heartbeat, DELETE to cancel.
class EurekaPusher : public BridgePusher
{
public:
    EurekaPusher(HttpClient &http, const QUrl &serviceUrl);

    void registerInstance(const Instance &instance, const std::optional<Service> &service, RegisterDone done) override;
    void renew(const Instance &instance, const QString &externalServiceId, Done done) override;
    void cancel(const Instance &instance, const QString &externalServiceId, Done done) override;
    void setOverride(const Instance &instance, const QString &externalServiceId, std::optional<InstanceStatus> status,
                     Done done) override;

private:
    QUrl instanceUrl(const Instance &instance, const QString &rest = {}) const;

    HttpClient &m_http;
    QUrl m_serviceUrl;
};

// Service-Center's registry API: the service is created (or found by its key) first, then the
// instance registered in it, heartbeats sent to it and it deleted from it.
class ServiceCombPusher : public BridgePusher
{
public:
    ServiceCombPusher(HttpClient &http, const QUrl &root);

    void registerInstance(const Instance &instance, const std::optional<Service> &service, RegisterDone done) override;
    void renew(const Instance &instance, const QString &externalServiceId, Done done) override;
    void cancel(const Instance &instance, const QString &externalServiceId, Done done) override;
    // Service-Center has no overrides: the status is set, and the instance's own one on removal.
    void setOverride(const Instance &instance, const QString &externalServiceId, std::optional<InstanceStatus> status,
                     Done done) override;
    void forgetSent() override { m_schemasSent.clear(); }

private:
    void sendSchemas(const QString &serviceId, const Service &service);
    void createService(const Service &service, bool withId, std::function<void(const RemoteReply &)> done);
    void registerIn(const QString &serviceId, const Instance &instance, RegisterDone done);
    QUrl url(const QString &path) const;

    HttpClient &m_http;
    QUrl m_root;
    QHash<QString, QMap<QString, SchemaEntry>> m_schemasSent;   // by service id: the contents sent there
};
