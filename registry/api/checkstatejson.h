// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"

#include <QJsonObject>

#include <optional>

// The JSON of GET /muster/api/v1/checks: one object per check the node runs.
namespace CheckStateJson {
QJsonObject encode(const CheckState &state);
// What encode wrote, as a client of another node reads it; nullopt without an app, an instance id
// or a check it can read.
std::optional<CheckState> decode(const QJsonObject &object);
}
