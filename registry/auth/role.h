// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// What an account may do; each role may do everything the roles before it may.
// viewer: reads. client: what an application does (register, renew, cancel, set the status and
// metadata of its own instances; create its service; discover). operator: a client's writes on
// anyone's instances, pinned entries, service deletion, replication. admin: accounts and bridges.
enum class Role
{
    Viewer,
    Client,
    Operator,
    Admin,
};

QString roleName(Role role);
std::optional<Role> parseRole(QStringView name);
inline bool grants(Role held, Role needed)
{
    return int(held) >= int(needed);
}
