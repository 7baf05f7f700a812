// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// muster.store: the journal and the etcd store. Defined once, in storelogging.cpp.
Q_DECLARE_LOGGING_CATEGORY(lcStore)
