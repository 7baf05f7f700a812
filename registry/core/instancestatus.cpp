// SPDX-License-Identifier: GPL-3.0-or-later
#include "instancestatus.h"

QString statusName(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up: return QStringLiteral("UP");
    case InstanceStatus::Down: return QStringLiteral("DOWN");
    case InstanceStatus::Starting: return QStringLiteral("STARTING");
    case InstanceStatus::OutOfService: return QStringLiteral("OUT_OF_SERVICE");
    case InstanceStatus::Unknown: return QStringLiteral("UNKNOWN");
    }
    return QStringLiteral("UNKNOWN");
}

std::optional<InstanceStatus> statusFromName(QStringView name)
{
    for (auto status : {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                        InstanceStatus::OutOfService, InstanceStatus::Unknown}) {
        if (name == statusName(status))
            return status;
    }
    return std::nullopt;
}
