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
    qint64 renewsThisMin = 0;          // the minute in progress, so far
    // While the node has not yet measured a full minute of renewals (it started less than a minute
    // ago): when it will have. 0 once it has.
    qint64 measuringUntilMs = 0;
    // The registry counts renewals itself (a Muster node); false for one that reports no numbers.
    bool countsRenewals = false;
    double renewalPercentThreshold = 0.85;
    int renewalIntervalSecs = 30;      // how often the node expects each client to renew

    enum class Reason
    {
        SwitchedOff,                   // every lease that runs out expires
        NothingToProtect,              // no Eureka lease is registered
        Measuring,                     // no full minute measured yet: leases are kept until then
        HoldingLeases,                 // too few renewals: leases are kept
        ExpiringNormally,              // renewals above the threshold: leases expire
    };
    Reason reason() const
    {
        if (!enabled)
            return Reason::SwitchedOff;
        if (expectedClients == 0)
            return Reason::NothingToProtect;
        if (measuringUntilMs > 0)
            return Reason::Measuring;
        return active ? Reason::HoldingLeases : Reason::ExpiringNormally;
    }
    // The renewals per minute to compare with the threshold: the last full minute, or while there
    // is none yet, the minute so far.
    qint64 renewsPerMin() const { return measuringUntilMs > 0 ? renewsThisMin : renewsLastMin; }
};
