// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/statuspalette.h"

QColor StatusPalette::color(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up:
        return healthy();
    case InstanceStatus::Starting:
    case InstanceStatus::Testing:
        return accent();
    case InstanceStatus::OutOfService:
        return warning();
    case InstanceStatus::Down:
        return failing();
    default:
        return inactive();
    }
}
