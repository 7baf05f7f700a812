// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

// A clock that moves only when told to: for tests and benchmarks.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now {startMs} {}

    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now;
};
