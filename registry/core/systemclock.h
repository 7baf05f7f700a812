// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};
