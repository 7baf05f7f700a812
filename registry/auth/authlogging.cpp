// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/authlogging.h"

Q_LOGGING_CATEGORY(lcAuth, "muster.auth", QtInfoMsg)
