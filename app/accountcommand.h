// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include "auth/role.h"
#include "store/storeconfig.h"

#include <optional>

// `muster account add NAME --role ROLE | list | remove NAME`, each with the node's --data-dir, or
// with --store etcd://… for the accounts every node over that etcd shares: the accounts a node
// asks for while authentication is required (docs/security.md). A password comes from standard
// input, or from a prompt that does not echo when that is a terminal.
class AccountCommand
{
    Q_DECLARE_TR_FUNCTIONS(AccountCommand)

public:
    static bool isRequested(int argc, char **argv);
    // Runs the command; the exit code.
    static int run(const QStringList &arguments);

private:
    static int runOnFile(const QString &directory, const QString &action, const QString &name,
                         std::optional<Role> newRole, const QByteArray &password);
    static int runOnCluster(const StoreConfig &config, const QString &action, const QString &name,
                            std::optional<Role> newRole, const QByteArray &password);
};
