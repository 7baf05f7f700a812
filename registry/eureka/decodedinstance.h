// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QString>

#include <optional>

// What a codec read from a register body: the instance, or why it could not.
struct DecodedInstance
{
    std::optional<Instance> instance;
    bool hasDataCenterInfo = false;    // Eureka rejects a registration without one
    QString error;
};
