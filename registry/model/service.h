// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/protocol.h"

#include <QMap>
#include <QString>
#include <QStringList>

struct SchemaEntry
{
    QString content;
    QString summary;

    friend bool operator==(const SchemaEntry &, const SchemaEntry &) = default;
};

// Where a service lives and what it is called: the tuple that makes it unique.
struct ServiceKey
{
    QString domainProject = QStringLiteral("default/default");
    QString environment;
    QString appId = QStringLiteral("default");
    QString serviceName;
    QString version = QStringLiteral("0.0.1");

    // Service-Center's index key; its SHA-1 is the service id when the caller gives none.
    QString indexKey() const;
    QString derivedServiceId() const;

    friend bool operator==(const ServiceKey &, const ServiceKey &) = default;
};

// A service: (tenant, environment, app, name, version) with its properties and schemas. Instances
// point at it by serviceId. Eureka apps are services too, in app "eureka" (see docs/protocol-mapping.md).
struct Service
{
    QString serviceId;
    ServiceKey key;
    QString alias;
    QString level = QStringLiteral("BACK");
    QString status = QStringLiteral("UP");
    QString description;
    QString registerBy;
    QString frameworkName;
    QString frameworkVersion;
    QStringList schemaIds;             // the ids the service declares, in its order
    QMap<QString, SchemaEntry> schemas;   // the contents uploaded so far
    QMap<QString, QString> properties;
    QMap<QString, QString> tags;
    qint64 createdMs = 0;
    qint64 modifiedMs = 0;
    Protocol origin = Protocol::ServiceComb;
    quint64 revision = 0;              // the registry revision of this service's last change
    bool pinned = false;               // created by hand (console or muster API): kept in the node's journal

    friend bool operator==(const Service &, const Service &) = default;
};

// Eureka app X is the service x in app "eureka", version 0.0.1, in the default tenant, open to
// every app (Eureka has no app isolation); that is how Service-Center's syncer maps it.
namespace EurekaServiceMapping {
ServiceKey keyForApp(const QString &app);
Service serviceForApp(const QString &app, qint64 nowMs);
inline QString appForService(const QString &serviceName) { return serviceName.toUpper(); }
}
