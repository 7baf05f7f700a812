// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// muster.gateway: the reverse proxy's listening, ejections and upstream failures.
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
