// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/gatewaylogging.h"

Q_LOGGING_CATEGORY(lcGateway, "muster.gateway", QtInfoMsg)
