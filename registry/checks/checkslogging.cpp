// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/checkslogging.h"

Q_LOGGING_CATEGORY(lcChecks, "muster.checks", QtInfoMsg)
