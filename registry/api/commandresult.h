// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

// The result of a command sent to a node or to a remote registry; error is never empty on failure.
struct CommandResult
{
    bool ok = true;
    QString error;
};

Q_DECLARE_METATYPE(CommandResult)
