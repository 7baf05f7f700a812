// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// muster.http: requests (one line each at debug level) and handler failures.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
