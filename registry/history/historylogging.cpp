// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historylogging.h"

Q_LOGGING_CATEGORY(lcHistory, "muster.history", QtInfoMsg)
