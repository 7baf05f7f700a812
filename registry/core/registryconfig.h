// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The registry's rules, with Eureka's defaults.
struct RegistryConfig
{
    int defaultLeaseDurationSecs = 90;
    bool selfPreservationEnabled = true;
    double renewalPercentThreshold = 0.85;
    int expectedClientRenewalIntervalSecs = 30;
    int deltaRetentionSecs = 180;
    // Leases end in the store (etcd), which removes the instance everywhere: the registry neither
    // evicts nor hides an instance whose renewals it has not seen.
    bool leasesEndInStore = false;
    // Over a shared store: the name written into every instance this node takes from a client
    // (Instance::checkedBy), so that the nodes agree which one of them runs its check. Empty: none.
    QString checkingNode;
};
