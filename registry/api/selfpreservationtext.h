// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/selfpreservationstate.h"

#include <QString>

// The one sentence saying why self-preservation is on or off: in English in the node's status
// (GET /muster/api/v1/node), translated in the console. The templates are marked for translation in
// the context "SelfPreservation"; the numbers come from the state, the renewal interval included.
namespace SelfPreservationText {
// The template for state.reason(), with %1 renewals in the last minute, %2 the threshold, %3 its
// percentage, %4 the renewals expected, %5 the instances and %6 their renewal interval in seconds,
// %7 the time (HH:mm:ss, local) the first full minute is measured and %8 the renewals so far this minute.
const char *sentenceFor(const SelfPreservationState &state);
// When the node will have measured its first full minute of renewals, HH:mm:ss in local time.
QString measuredAt(const SelfPreservationState &state);
// text (a template or its translation) with the state's numbers in.
QString fill(const QString &text, const SelfPreservationState &state);
QString english(const SelfPreservationState &state);
}
