// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridgelogging.h"

Q_LOGGING_CATEGORY(lcBridge, "muster.bridge")
