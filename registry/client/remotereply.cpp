// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remotereply.h"

#include <QJsonDocument>

namespace {
constexpr qsizetype maxQuotedBody = 300;

// Muster and Spring answer {"error": …} or {"message": …}; Service-Center {"errorCode", "errorMessage", "detail"}.
QString messageOf(const QJsonObject &object)
{
    const QString detail = object.value(u"detail").toString();
    const QString errorMessage = object.value(u"errorMessage").toString();
    if (!errorMessage.isEmpty() || !detail.isEmpty()) {
        const QString code = object.value(u"errorCode").toVariant().toString();
        const QString text = detail.isEmpty() ? errorMessage : detail;
        return code.isEmpty() ? text : QStringLiteral("%1 (%2 %3)").arg(text, code, errorMessage);
    }
    for (const auto key : {u"message", u"error"}) {
        const QString text = object.value(key).toString();
        if (!text.isEmpty())
            return text;
    }
    return {};
}
}

QJsonObject RemoteReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString RemoteReply::errorText() const
{
    const QString request = QString::fromLatin1(verb) + u' ' + url.toDisplayString();
    if (status == 0)
        return QStringLiteral("%1: %2").arg(request, networkError.isEmpty() ? QStringLiteral("no answer") : networkError);
    QString message = messageOf(json());
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(maxQuotedBody)).simplified();
    const QString head = QStringLiteral("%1: HTTP %2").arg(request).arg(status);
    return message.isEmpty() ? head : head + QStringLiteral(": ") + message;
}
