// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"

// The rules that turn a check's results into a verdict: failures in a row up to the spec's threshold
// make it failing, successes in a row up to its threshold passing again. Pure logic.
namespace CheckTracker {
// Adds the result to the state's streaks and history; returns whether the verdict went from failing
// to not failing or back.
bool record(CheckState &state, const CheckResult &result);
// Whether the instance has failed for the spec's deregisterAfter by nowMs.
bool deregisterDue(const CheckState &state, qint64 nowMs);
}
