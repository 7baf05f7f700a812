// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"

#include <QHash>
#include <QPair>
#include <QString>

#include <optional>

// Which account registered each instance and created each Service-Center service, learnt from the
// node's changes: a registration or a service's creation by an authenticated client makes its
// account the owner, unless another account owns it already; a cancel, an expiry or the service's
// deletion forgets it. A peer that took the write, or the store that keeps it, names the owner it
// knows, which replaces the one known here: theirs is the newer word.
class Owners
{
public:
    void record(const RegistryChange &change);
    // Who owns the change's instance or service once the change is made (empty for none): what a
    // store keeps beside it, so that every node over the store knows it.
    QString ownerAfter(const RegistryChange &change) const;
    void adopt(const QString &app, const QString &instanceId, const QString &owner);
    void adoptService(const QString &serviceId, const QString &owner);
    std::optional<QString> ownerOf(const QString &app, const QString &instanceId) const;
    std::optional<QString> serviceOwnerOf(const QString &serviceId) const;

private:
    std::optional<QString> currentOwner(const RegistryChange &change) const;

    QHash<QPair<QString, QString>, QString> m_instances;
    QHash<QString, QString> m_services;
};
