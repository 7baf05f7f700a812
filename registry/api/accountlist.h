// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/commandresult.h"

#include <QList>
#include <QString>

// A node's accounts as the console shows them: names and roles, never a password or its hash.
struct AccountList
{
    struct Account
    {
        QString name;
        QString role;                  // viewer, client, operator or admin
    };

    QList<Account> accounts;
    bool authenticationRequired = false;   // off: the accounts exist but nothing asks for them
    QString file;                      // where the node keeps them
    CommandResult result;              // why there is no list: not running, no data directory, …
};
