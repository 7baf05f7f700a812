// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// The numbers behind self-preservation, so a user can see why it is on.
struct SelfPreservationState
{
    bool enabled = true;               // the switch
    bool active = false;               // holding leases: enabled, instances present, renewals not above the threshold
    bool leaseExpirationEnabled = true;
    qint64 expectedClients = 0;
    qint64 expectedRenewsPerMin = 0;
    qint64 renewsThreshold = 0;        // (int)(expectedRenewsPerMin × renewalPercentThreshold)
    qint64 renewsLastMin = 0;          // the last complete minute
    double renewalPercentThreshold = 0.85;
};
