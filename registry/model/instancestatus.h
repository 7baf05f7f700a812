// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

// The statuses every protocol maps onto. Names follow Eureka's InstanceStatus, plus Service-Center's
// TESTING, which Eureka lacks.
enum class InstanceStatus
{
    Up,
    Down,
    Starting,
    OutOfService,
    Unknown,
    Testing,
};

QString statusName(InstanceStatus status);
std::optional<InstanceStatus> statusFromName(QStringView name);
// What Eureka clients see: they read a name they do not know as UNKNOWN, and the apps hashcode
// they compare must count it the same way.
InstanceStatus eurekaVisibleStatus(InstanceStatus status);
