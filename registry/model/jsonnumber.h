// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>

#include <optional>

namespace JsonNumber {

// A whole number from a JSON number or a numeric string, as clients send both. A fraction is
// truncated; a value outside qint64 (1e300, NaN) is no number at all rather than undefined behaviour.
std::optional<qint64> wholeNumber(const QJsonValue &value);

// The number as a qint64 when it is one exactly: no fraction and within range.
std::optional<qint64> exactInteger(const QJsonValue &value);

} // namespace JsonNumber
