// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"

#include <QHash>
#include <QPair>
#include <QString>

#include <optional>

// Which account registered each instance, learnt from the node's changes: a registration by an
// authenticated client makes its account the owner, unless another account owns the instance
// already; a cancel or an expiry forgets it. A peer that took the registration names the owner it
// knows, which replaces the one known here: the peer's copy is the newer write.
class InstanceOwners
{
public:
    void record(const RegistryChange &change);
    void adopt(const QString &app, const QString &instanceId, const QString &owner);
    std::optional<QString> ownerOf(const QString &app, const QString &instanceId) const;

private:
    QHash<QPair<QString, QString>, QString> m_owners;
};
