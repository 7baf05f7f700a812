// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The wire protocol an entry was written through. It decides the lease rules: Eureka leases follow
// self-preservation, Service-Center leases expire exactly, like an etcd lease.
enum class Protocol
{
    Eureka,
    ServiceComb,
};
