// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// One write to send to a peer. The data goes out as it is when the batch is sent, so a task names
// the instance rather than carrying a copy of it.
struct ReplicationTask
{
    enum class Action
    {
        Register,
        Heartbeat,
        Cancel,
        StatusUpdate,
        DeleteStatusOverride,
    };

    Action action;
    QString app;
    QString instanceId;
    qint64 enqueuedMs = 0;
    qint64 cancelledDirtyTimestamp = 0;   // Cancel: the lastDirtyTimestamp of the copy it removed
};
