// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString formatName = QStringLiteral("muster-history");
}

QByteArray HistoryExport::encode() const
{
    QJsonArray list;
    for (const HistoryEntry &entry : entries)
        list.append(entry.toJson());
    const QJsonObject document {
        {QStringLiteral("format"), formatName},
        {QStringLiteral("version"), 1},
        {QStringLiteral("from"), from},
        {QStringLiteral("to"), to},
        {QStringLiteral("start"), start.toJson()},
        {QStringLiteral("entries"), list},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

std::optional<HistoryExport> HistoryExport::decode(const QByteArray &document, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError || !parsed.isObject()) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = parsed.object();
    if (root.value(u"format").toString() != formatName || root.value(u"version").toInt() != 1) {
        *error = QStringLiteral("not a Muster history export (format \"%1\", version 1 expected)").arg(formatName);
        return std::nullopt;
    }
    HistoryExport recording;
    recording.from = root.value(u"from").toInteger();
    recording.to = root.value(u"to").toInteger();
    const auto start = HistoryState::fromJson(root.value(u"start").toObject());
    if (!start) {
        *error = QStringLiteral("the export's start state is unreadable");
        return std::nullopt;
    }
    recording.start = *start;
    const QJsonArray list = root.value(u"entries").toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto entry = HistoryEntry::fromJson(list.at(i).toObject());
        if (!entry) {
            *error = QStringLiteral("entry %1 of the export is unreadable").arg(i);
            return std::nullopt;
        }
        recording.entries.append(std::move(*entry));
    }
    return recording;
}
