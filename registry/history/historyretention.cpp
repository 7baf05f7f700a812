// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyretention.h"

#include <QRegularExpression>

namespace {
std::optional<qint64> ageMs(qint64 amount, const QString &unit)
{
    if (unit == u"s")
        return amount * 1000;
    if (unit == u"m")
        return amount * 60 * 1000;
    if (unit == u"h")
        return amount * 3600 * 1000;
    if (unit == u"d")
        return amount * 24 * 3600 * 1000;
    return std::nullopt;
}

std::optional<qint64> sizeBytes(qint64 amount, const QString &unit)
{
    const QString lower = unit.toLower();
    if (lower == u"kb" || lower == u"kib")
        return amount << 10;
    if (lower == u"mb" || lower == u"mib")
        return amount << 20;
    if (lower == u"gb" || lower == u"gib")
        return amount << 30;
    return std::nullopt;
}
}

std::optional<HistoryRetention> HistoryRetention::parse(const QString &text, QString *error)
{
    static const QRegularExpression part(QStringLiteral("^\\s*(\\d{1,9})\\s*([A-Za-z]+)\\s*$"));
    HistoryRetention retention;
    const QStringList parts = text.split(u',');
    for (const QString &piece : parts) {
        const QRegularExpressionMatch match = part.match(piece);
        const qint64 amount = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (!match.hasMatch() || amount <= 0) {
            *error = QStringLiteral("history retention \"%1\": expected an age such as 7d or 12h and/or a size "
                                    "such as 500MB, separated by a comma").arg(text);
            return std::nullopt;
        }
        if (const auto age = ageMs(amount, match.captured(2))) {
            retention.maxAgeMs = *age;
        } else if (const auto size = sizeBytes(amount, match.captured(2))) {
            retention.maxBytes = *size;
        } else {
            *error = QStringLiteral("history retention \"%1\": unknown unit \"%2\" (use s, m, h, d, KB, MB, GB)")
                         .arg(text, match.captured(2));
            return std::nullopt;
        }
    }
    return retention;
}

QString HistoryRetention::toString() const
{
    return QStringLiteral("%1h,%2MB").arg(maxAgeMs / 3600000).arg(maxBytes >> 20);
}
