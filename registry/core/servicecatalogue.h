// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/service.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

class UndoLog;

// The services, their indexes by key and by name, and the dependencies consumers recorded by looking
// providers up. The state is private and changes only through the primitives below, each of which
// keeps the indexes and records its undo step.
class ServiceCatalogue
{
public:
    using Services = QHash<QString, Service>;   // by service id

    explicit ServiceCatalogue(UndoLog &undo);

    const Services &services() const { return m_state.services; }
    const Service *find(const QString &serviceId) const;
    QString idFor(const ServiceKey &key) const;
    // Every version of (tenant, environment, app, name), matching the name or the alias.
    QList<const Service *> named(const ServiceKey &key) const;
    // The consumers that have looked up a service with this provider's name.
    QSet<QString> consumersOf(const Service &provider) const;
    // Every version of every service the consumer has looked up.
    QList<const Service *> providersOf(const QString &consumerId) const;

    // Inserts or replaces the service with its id; a service whose key moved is indexed anew.
    const Service &put(Service service);
    // Takes out a service that is there, and the lookups it made as a consumer.
    Service erase(const QString &serviceId);
    // Records that a consumer has looked the provider's name up: it now hears of its instances.
    void addDependency(const QString &consumerId, const ServiceKey &provider);

private:
    struct State
    {
        Services services;
        QHash<QString, QString> idByKey;                 // index key → id
        QHash<QString, QStringList> idsByName;           // tenant/env/app/name → ids of every version
        QHash<QString, QSet<QString>> consumersByName;   // tenant/env/app/name → consumer ids
    };

    void save();
    void index(const Service &service);
    void unindex(const Service &service);

    UndoLog &m_undo;
    State m_state;
    bool m_savedInCapture = false;
};
