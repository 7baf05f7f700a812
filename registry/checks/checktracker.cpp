// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/checktracker.h"

namespace CheckTracker {

bool record(CheckState &state, const CheckResult &result)
{
    state.history.append(result);
    if (state.history.size() > CheckState::historySize)
        state.history.removeFirst();
    const bool wasFailing = state.verdict == CheckState::Verdict::Failing;
    if (result.passed) {
        ++state.consecutiveSuccesses;
        state.consecutiveFailures = 0;
        state.failingSinceMs = 0;
        if (!wasFailing || state.consecutiveSuccesses >= state.spec.successes)
            state.verdict = CheckState::Verdict::Passing;
    } else {
        ++state.consecutiveFailures;
        state.consecutiveSuccesses = 0;
        if (state.failingSinceMs == 0)
            state.failingSinceMs = result.timestamp;
        if (state.consecutiveFailures >= state.spec.failures)
            state.verdict = CheckState::Verdict::Failing;
    }
    return wasFailing != (state.verdict == CheckState::Verdict::Failing);
}

bool deregisterDue(const CheckState &state, qint64 nowMs)
{
    return state.spec.deregisterAfterMs > 0 && state.verdict == CheckState::Verdict::Failing
        && state.failingSinceMs > 0 && nowMs - state.failingSinceMs >= state.spec.deregisterAfterMs;
}

}
