// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// muster.client: the clients of other registries. Defined once, in clientlogging.cpp.
Q_DECLARE_LOGGING_CATEGORY(lcClient)
