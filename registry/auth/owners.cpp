// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/owners.h"

namespace {
using Kind = RegistryChange::Kind;

bool removes(Kind kind)
{
    return kind == Kind::Cancelled || kind == Kind::Expired || kind == Kind::ServiceDeleted;
}

bool creates(Kind kind)
{
    return kind == Kind::Registered || kind == Kind::ServiceCreated;
}

template<typename Key>
std::optional<QString> lookUp(const QHash<Key, QString> &owners, const Key &key)
{
    const auto it = owners.constFind(key);
    return it == owners.cend() ? std::nullopt : std::optional<QString>(*it);
}
}

std::optional<QString> Owners::currentOwner(const RegistryChange &change) const
{
    return change.isServiceChange() ? serviceOwnerOf(change.service.serviceId)
                                    : ownerOf(change.instance.app, change.instance.instanceId);
}

QString Owners::ownerAfter(const RegistryChange &change) const
{
    if (removes(change.kind))
        return {};
    if (auto owner = currentOwner(change))
        return *owner;
    const bool byClient = change.origin == WriteOrigin::Client && !change.author.account.isEmpty();
    return creates(change.kind) && byClient ? change.author.account : QString();
}

void Owners::record(const RegistryChange &change)
{
    if (change.isServiceChange()) {
        if (removes(change.kind))
            m_services.remove(change.service.serviceId);
        else
            adoptService(change.service.serviceId, ownerAfter(change));
        return;
    }
    if (removes(change.kind))
        m_instances.remove(qMakePair(change.instance.app, change.instance.instanceId));
    else
        adopt(change.instance.app, change.instance.instanceId, ownerAfter(change));
}

void Owners::adopt(const QString &app, const QString &instanceId, const QString &owner)
{
    if (!owner.isEmpty())
        m_instances.insert(qMakePair(app, instanceId), owner);
}

void Owners::adoptService(const QString &serviceId, const QString &owner)
{
    if (!owner.isEmpty())
        m_services.insert(serviceId, owner);
}

std::optional<QString> Owners::ownerOf(const QString &app, const QString &instanceId) const
{
    return lookUp(m_instances, qMakePair(app, instanceId));
}

std::optional<QString> Owners::serviceOwnerOf(const QString &serviceId) const
{
    return lookUp(m_services, serviceId);
}
