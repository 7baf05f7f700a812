// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/clientlogging.h"

Q_LOGGING_CATEGORY(lcClient, "muster.client", QtInfoMsg)
