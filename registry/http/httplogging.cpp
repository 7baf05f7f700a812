// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/httplogging.h"

Q_LOGGING_CATEGORY(lcHttp, "muster.http", QtInfoMsg)
