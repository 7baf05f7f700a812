// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/instanceowners.h"

void InstanceOwners::record(const RegistryChange &change)
{
    if (change.isServiceChange())
        return;
    const auto key = qMakePair(change.instance.app, change.instance.instanceId);
    switch (change.kind) {
    case RegistryChange::Kind::Registered:
        if (change.origin == WriteOrigin::Client && !change.author.account.isEmpty() && !m_owners.contains(key))
            m_owners.insert(key, change.author.account);
        break;
    case RegistryChange::Kind::Cancelled:
    case RegistryChange::Kind::Expired:
        m_owners.remove(key);
        break;
    default:
        break;
    }
}

void InstanceOwners::adopt(const QString &app, const QString &instanceId, const QString &owner)
{
    if (!owner.isEmpty())
        m_owners.insert(qMakePair(app, instanceId), owner);
}

std::optional<QString> InstanceOwners::ownerOf(const QString &app, const QString &instanceId) const
{
    const auto it = m_owners.constFind(qMakePair(app, instanceId));
    return it == m_owners.cend() ? std::nullopt : std::optional<QString>(*it);
}
