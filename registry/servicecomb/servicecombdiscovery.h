// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "model/instance.h"
#include "servicecomb/servicecomberror.h"

#include <QJsonObject>
#include <QList>

#include <functional>
#include <variant>

class Registry;
class ServiceCombRequest;
struct Service;

// Service-Center discovery (contract servicecomb.md §2.9-2.11): find by app and name, the batch
// find, and a service's instance list, with the revision header and 304 for an unchanged rev.
// A consumer that finds a provider becomes one of its consumers and hears of it on its watcher.
class ServiceCombDiscovery
{
public:
    // A service's instances: the registry's, plus the cluster's nodes for SERVICECENTER.
    using InstancesOf = std::function<QList<Instance>(const QString &serviceId)>;

    ServiceCombDiscovery(Registry *registry, InstancesOf instancesOf);

    HttpResponse find(const HttpRequest &request);
    HttpResponse batchFind(const HttpRequest &request);
    HttpResponse listInstances(const HttpRequest &request) const;

private:
    struct Found
    {
        QList<Instance> instances;
        QString revision;
    };

    struct Query
    {
        QString appId;
        QString serviceName;
        QString environment;
        QStringList tags;
    };

    std::variant<Found, ServiceCombError> findInstances(const ServiceCombRequest &request, const Query &query);
    std::variant<const Service *, ServiceCombError> consumer(const ServiceCombRequest &request) const;
    bool isVisibleTo(const Service &provider, const Service *consumer) const;
    QJsonObject batchFindServices(const ServiceCombRequest &request, const QJsonArray &items);
    QJsonObject batchFindInstances(const ServiceCombRequest &request, const QJsonArray &items);
    static QString revisionOf(const QList<Instance> &instances);
    QJsonArray encodeInstances(const QList<Instance> &instances) const;
    HttpResponse answer(const ServiceCombRequest &request, const Found &found) const;

    Registry *m_registry;
    InstancesOf m_instancesOf;
};
