// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/instancestatus.h"

QString statusName(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up: return QStringLiteral("UP");
    case InstanceStatus::Down: return QStringLiteral("DOWN");
    case InstanceStatus::Starting: return QStringLiteral("STARTING");
    case InstanceStatus::OutOfService: return QStringLiteral("OUT_OF_SERVICE");
    case InstanceStatus::Unknown: return QStringLiteral("UNKNOWN");
    case InstanceStatus::Testing: return QStringLiteral("TESTING");
    }
    return QStringLiteral("UNKNOWN");
}

std::optional<InstanceStatus> statusFromName(QStringView name)
{
    for (auto status : {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                        InstanceStatus::OutOfService, InstanceStatus::Unknown, InstanceStatus::Testing}) {
        if (name == statusName(status))
            return status;
    }
    return std::nullopt;
}

InstanceStatus eurekaVisibleStatus(InstanceStatus status)
{
    return status == InstanceStatus::Testing ? InstanceStatus::Unknown : status;
}
