// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/servicecatalogue.h"

#include "core/undolog.h"

namespace {
QString nameIndexKey(const ServiceKey &key)
{
    return key.domainProject + u'/' + key.environment + u'/' + key.appId + u'/' + key.serviceName;
}

bool isAliasOf(const Service &service, const ServiceKey &key)
{
    return !service.alias.isEmpty() && service.alias == key.serviceName && service.key.appId == key.appId
        && service.key.environment == key.environment && service.key.domainProject == key.domainProject;
}
}

ServiceCatalogue::ServiceCatalogue(UndoLog &undo)
    : m_undo {undo}
{
}

const Service *ServiceCatalogue::find(const QString &serviceId) const
{
    auto it = m_state.services.constFind(serviceId);
    return it == m_state.services.cend() ? nullptr : &*it;
}

QString ServiceCatalogue::idFor(const ServiceKey &key) const
{
    return m_state.idByKey.value(key.indexKey());
}

QList<const Service *> ServiceCatalogue::named(const ServiceKey &key) const
{
    QList<const Service *> result;
    for (const QString &id : m_state.idsByName.value(nameIndexKey(key))) {
        if (const Service *service = find(id))
            result.append(service);
    }
    if (!result.isEmpty())
        return result;
    for (const Service &service : m_state.services) {
        if (isAliasOf(service, key))
            result.append(&service);
    }
    return result;
}

QSet<QString> ServiceCatalogue::consumersOf(const Service &provider) const
{
    return m_state.consumersByName.value(nameIndexKey(provider.key));
}

QList<const Service *> ServiceCatalogue::providersOf(const QString &consumerId) const
{
    QList<const Service *> providers;
    for (auto it = m_state.consumersByName.cbegin(); it != m_state.consumersByName.cend(); ++it) {
        if (!it->contains(consumerId))
            continue;
        for (const QString &id : m_state.idsByName.value(it.key())) {
            if (const Service *service = find(id))
                providers.append(service);
        }
    }
    return providers;
}

const Service &ServiceCatalogue::put(Service service)
{
    save();
    auto it = m_state.services.find(service.serviceId);
    if (it == m_state.services.end()) {
        index(service);
        const QString id = service.serviceId;
        return *m_state.services.insert(id, std::move(service));
    }
    if (it->key.indexKey() != service.key.indexKey()) {
        unindex(*it);
        index(service);
    }
    *it = std::move(service);
    return *it;
}

Service ServiceCatalogue::erase(const QString &serviceId)
{
    save();
    Service removed = m_state.services.take(serviceId);
    unindex(removed);
    return removed;
}

void ServiceCatalogue::addDependency(const QString &consumerId, const ServiceKey &provider)
{
    save();
    m_state.consumersByName[nameIndexKey(provider)].insert(consumerId);
}

// Services are few: a capture that touches one keeps a copy of them all (shared until written).
void ServiceCatalogue::save()
{
    if (!m_undo.isRecording() || m_savedInCapture)
        return;
    m_savedInCapture = true;
    // A capture always ends in a rollback, which runs this step: the next capture saves again.
    m_undo.record([this, saved = m_state] {
        m_state = saved;
        m_savedInCapture = false;
    });
}

void ServiceCatalogue::index(const Service &service)
{
    m_state.idByKey.insert(service.key.indexKey(), service.serviceId);
    m_state.idsByName[nameIndexKey(service.key)].append(service.serviceId);
}

// Forgets a service that has left the catalogue: its indexes, and the lookups it made as a consumer.
void ServiceCatalogue::unindex(const Service &service)
{
    const QString &serviceId = service.serviceId;
    m_state.idByKey.remove(service.key.indexKey());
    const QString nameKey = nameIndexKey(service.key);
    if (auto ids = m_state.idsByName.find(nameKey); ids != m_state.idsByName.end()) {
        ids->removeAll(serviceId);
        if (ids->isEmpty()) {
            m_state.idsByName.erase(ids);
            m_state.consumersByName.remove(nameKey);
        }
    }
    auto &consumers = m_state.consumersByName;
    for (auto it = consumers.begin(); it != consumers.end();) {
        it->remove(serviceId);
        it = it->isEmpty() ? consumers.erase(it) : std::next(it);
    }
}
