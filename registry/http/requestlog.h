// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// The fields of the request log line (category muster.http, debug level). While that line is
// logged, current() points at them, so a message handler can write them as fields of their own
// (the JSON log format) instead of parsing the text.
namespace RequestLog {

struct Fields
{
    QByteArray method;
    QString path;
    int status = 0;
    qint64 durationUs = 0;
    qint64 bytes = 0;
    QString remoteAddress;
};

// Logs one answered request at debug level on muster.http, when that level is on.
void write(const Fields &fields);
// The fields of the request line being logged on this thread; null outside write().
const Fields *current();

}
