// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The result of a command sent to a node.
struct CommandResult
{
    bool ok = true;
    QString error;
};
