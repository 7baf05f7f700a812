// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/replicationlogging.h"

Q_LOGGING_CATEGORY(lcReplication, "muster.replication", QtInfoMsg)
