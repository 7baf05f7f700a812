// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpresponse.h"
#include "model/instancestatus.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// Service-Center's wire habits (contract servicecomb.md §1): JSON with charset, empty text bodies
// for writes, Go's case-insensitive field names, its status spellings and second timestamps.
namespace ServiceCombWire {
HttpResponse json(const QJsonObject &object, int status = 200);
HttpResponse emptyOk();
// Go's decoder matches field names case-insensitively; an exact match wins.
QJsonValue field(const QJsonObject &object, QStringView name);
QString statusName(InstanceStatus status);
std::optional<InstanceStatus> statusFromName(QStringView name);
inline QString seconds(qint64 ms) { return QString::number(ms / 1000); }
}
