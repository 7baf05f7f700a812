// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/selfpreservationstate.h"

#include <QString>

// The one sentence saying why self-preservation is on or off: in English in the node's status
// (GET /muster/api/v1/node), translated in the console. The templates are marked for translation in
// the context "SelfPreservation"; the numbers come from the state, the renewal interval included.
namespace SelfPreservationText {
// The template for state.reason(), with %1 renewals in the last minute, %2 the threshold, %3 its
// percentage, %4 the renewals expected, %5 the instances and %6 their renewal interval in seconds.
const char *sentenceFor(const SelfPreservationState &state);
// text (a template or its translation) with the state's numbers in.
QString fill(const QString &text, const SelfPreservationState &state);
QString english(const SelfPreservationState &state);
}
