// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/commandresult.h"

#include <QString>

// What the console says about a command that failed, in the user's language. The English detail a
// result carries is for the log; where it holds a remote registry's own words, the sentence quotes it.
namespace CommandMessages {
QString describe(const CommandResult &result);
}
