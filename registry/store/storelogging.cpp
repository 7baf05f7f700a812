// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/storelogging.h"

Q_LOGGING_CATEGORY(lcStore, "muster.store", QtInfoMsg)
