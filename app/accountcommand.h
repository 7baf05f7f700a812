// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

// `muster account add NAME --role ROLE | list | remove NAME`, each with the node's --data-dir:
// the accounts a node asks for while authentication is required (docs/security.md). A password
// comes from standard input, or from a prompt that does not echo when that is a terminal.
class AccountCommand
{
    Q_DECLARE_TR_FUNCTIONS(AccountCommand)

public:
    static bool isRequested(int argc, char **argv);
    // Runs the command; the exit code.
    static int run(const QStringList &arguments);
};
