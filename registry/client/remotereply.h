// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/commandresult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

// One HTTP exchange with a remote registry, as its clients see the outcome.
struct RemoteReply
{
    QByteArray verb;
    QUrl url;
    int status = 0;                    // 0: no HTTP answer came
    QByteArray body;
    QString networkError;              // why no answer came

    bool isSuccess() const { return status >= 200 && status < 300; }
    QJsonObject json() const;          // the body as a JSON object, empty if it is not one
    // What went wrong, in the remote's own words where it gave any: "PUT http://…: HTTP 404: no
    // instance x in application Y". Never empty.
    QString errorText() const;
    // Success, or Error::Unreachable without an answer and Error::Refused with one, errorText() the detail.
    CommandResult commandResult() const;
};
