// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/nodestatus.h"

#include <QJsonObject>

// The JSON of GET /muster/api/v1/node: written by a node, read by clients of another Muster node.
namespace NodeStatusJson {
QJsonObject encode(const NodeStatus &status);
// What encode wrote; missing fields stay default.
NodeStatus decode(const QJsonObject &object);
// A plain sentence saying why self-preservation is on or off.
QString selfPreservationReason(const SelfPreservationState &state);
}
