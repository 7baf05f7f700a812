// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/role.h"

#include <QByteArray>
#include <QString>

// What a client must own to write it (operators may write anyone's): nothing, the instance it
// registered, or the Service-Center service it created.
enum class Ownership
{
    None,
    Instance,
    Service,
};

// What a route needs, by its method and pattern as the router holds them: nothing (health, version,
// logging in), or a role; for a client, perhaps that the instance or service it writes is its own.
struct Requirement
{
    bool open = false;
    Role role = Role::Viewer;
    Ownership own = Ownership::None;
    // What the request does, for the answer that refuses it: "register an instance".
    QString action;
};

namespace AccessRules {
Requirement requirement(QByteArrayView method, const QString &pattern);
// Service-Center's routes (and its /version, /health), whose refusals take its error shape.
bool isServiceCombRoute(const QString &pattern);
}
