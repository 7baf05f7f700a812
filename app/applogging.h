// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// The program's own messages: start, signals, housekeeping (defined in main.cpp).
Q_DECLARE_LOGGING_CATEGORY(lcApp)
