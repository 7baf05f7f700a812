// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonnumber.h"

#include <cmath>

namespace {

// 2^63 is exactly representable as a double; every double below it and at or above -2^63 fits.
constexpr double twoToThe63 = 9223372036854775808.0;

std::optional<qint64> truncated(double number)
{
    if (!std::isfinite(number) || number >= twoToThe63 || number < -twoToThe63)
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

std::optional<qint64> JsonNumber::wholeNumber(const QJsonValue &value)
{
    if (value.isDouble())
        return truncated(value.toDouble());
    if (value.isString()) {
        bool ok = false;
        const qint64 number = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return number;
    }
    return std::nullopt;
}

std::optional<qint64> JsonNumber::exactInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    const auto whole = truncated(number);
    if (!whole || static_cast<double>(*whole) != number)
        return std::nullopt;
    return whole;
}
