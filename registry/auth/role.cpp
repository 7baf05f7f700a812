// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/role.h"

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Client: return QStringLiteral("client");
    case Role::Operator: return QStringLiteral("operator");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<Role> parseRole(QStringView name)
{
    for (Role role : {Role::Viewer, Role::Client, Role::Operator, Role::Admin}) {
        if (name.compare(roleName(role), Qt::CaseInsensitive) == 0)
            return role;
    }
    return std::nullopt;
}
