// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/checkspec.h"
#include "model/instancestatus.h"
#include "model/protocol.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

struct PortInfo
{
    int number = 0;
    bool enabled = false;

    friend bool operator==(const PortInfo &, const PortInfo &) = default;
};

struct DataCenterInfo
{
    QString name = QStringLiteral("MyOwn");
    QMap<QString, QString> metadata;   // Amazon's instance-id, availability-zone, ...

    friend bool operator==(const DataCenterInfo &, const DataCenterInfo &) = default;
};

struct LeaseInfo
{
    int renewalIntervalSecs = 30;
    int durationSecs = 0;              // 0: the registry's default applies
    qint64 registrationTimestamp = 0;
    qint64 lastRenewalTimestamp = 0;   // the real last renewal (no Eureka "now + duration" bug)
    qint64 evictionTimestamp = 0;
    qint64 serviceUpTimestamp = 0;

    friend bool operator==(const LeaseInfo &, const LeaseInfo &) = default;
};

// Service-Center's health check: the lease is interval × (times + 1) seconds.
struct HealthCheck
{
    QString mode = QStringLiteral("push");
    int intervalSecs = 30;
    int times = 3;
    int port = 0;
    QString url;

    friend bool operator==(const HealthCheck &, const HealthCheck &) = default;
};

// Service-Center's placement of an instance (its dataCenterInfo).
struct Locality
{
    QString name;
    QString region;
    QString availableZone;

    bool isEmpty() const { return name.isEmpty() && region.isEmpty() && availableZone.isEmpty(); }
    friend bool operator==(const Locality &, const Locality &) = default;
};

enum class ActionType
{
    Added,
    Modified,
    Deleted,
};

// One registered instance of a service, as the registry keeps it. The Eureka fields (app, ipAddr,
// ports) and the Service-Center ones (serviceId, endpoints) are both filled, whichever protocol wrote it.
struct Instance
{
    QString instanceId;
    QString app;                       // upper case
    QString appGroupName;
    QString hostName;
    QString ipAddr;
    QString sid;
    PortInfo port {0, true};
    PortInfo securePort {443, false};
    int countryId = 1;
    DataCenterInfo dataCenterInfo;
    LeaseInfo lease;
    QMap<QString, QString> metadata;
    QString homePageUrl;
    QString statusPageUrl;
    QString healthCheckUrl;
    QString secureHealthCheckUrl;
    QString vipAddress;
    QString secureVipAddress;
    QString asgName;
    InstanceStatus status = InstanceStatus::Up;
    InstanceStatus overriddenStatus = InstanceStatus::Unknown;
    bool isCoordinatingDiscoveryServer = false;
    qint64 lastUpdatedTimestamp = 0;
    qint64 lastDirtyTimestamp = 0;
    ActionType actionType = ActionType::Added;
    quint64 revision = 0;              // the registry revision of this instance's last change

    QString serviceId;                 // the service it belongs to; Eureka instances get their app's
    QStringList endpoints;             // scheme://host:port[?…], as Service-Center keeps them
    std::optional<HealthCheck> healthCheck;   // as registered over Service-Center
    Locality locality;
    Protocol origin = Protocol::Eureka;
    bool pinned = false;             // registered by hand: no heartbeats, never expires
    // Mirrored from an external registry by a bridge (its URL); empty for the node's own entries.
    // The bridge keeps its lease while the external registry holds the instance.
    QString bridge;
    std::optional<CheckSpec> check;    // a health check the node that took the registration runs
    // DOWN because its check fails, not by anyone's say: a user's override still decides the status.
    bool downByCheck = false;
    // Over a shared store (etcd): the name of the node that took the registration, the one that
    // runs its check. Empty in memory mode, where a registration's origin tells the same.
    QString checkedBy;

    friend bool operator==(const Instance &, const Instance &) = default;
};

// Eureka app names are case-insensitive; the registry keeps them upper-case, as Eureka servers do.
inline QString normalizedAppName(const QString &app)
{
    return app.toUpper();
}
