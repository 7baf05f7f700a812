// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"

#include <QJsonObject>

// The JSON of GET /muster/api/v1/checks: one object per check the node runs.
namespace CheckStateJson {
QJsonObject encode(const CheckState &state);
}
