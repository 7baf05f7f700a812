// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// muster.replication: peers, their queues and the startup sync. Defined once, in replicationlogging.cpp.
Q_DECLARE_LOGGING_CATEGORY(lcReplication)
