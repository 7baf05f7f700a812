// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QByteArray>

// An instance as a document a user can hand to a registry by other means (curl, a script).
namespace InstanceDocument {
// Eureka's {"instance": {…}} JSON, as a client POSTs it to /eureka/apps/{APP}.
QByteArray eurekaJson(const Instance &instance);
}
