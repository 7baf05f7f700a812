// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// The five statuses every protocol maps onto. Names follow Eureka's InstanceStatus.
enum class InstanceStatus
{
    Up,
    Down,
    Starting,
    OutOfService,
    Unknown,
};

QString statusName(InstanceStatus status);
std::optional<InstanceStatus> statusFromName(QStringView name);
