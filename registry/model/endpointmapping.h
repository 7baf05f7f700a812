// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QStringList>

// Ports ↔ endpoints: Eureka's ipAddr, port and securePort are Service-Center's
// rest://ip:port and rest://ip:securePort?sslEnabled=true.
namespace EndpointMapping {
QStringList endpointsFromPorts(const Instance &instance);
// Fills ipAddr, port and securePort from the endpoints: the first plain rest endpoint gives the
// port, the first rest endpoint with sslEnabled=true the secure port; without a rest endpoint,
// the first endpoint of any scheme gives the address. ipAddr falls back to hostName.
void applyEndpointsToPorts(Instance &instance);
}
