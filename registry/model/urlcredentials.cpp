// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/urlcredentials.h"

QByteArray UrlCredentials::basicAuthorization(const QUrl &url)
{
    if (url.userName().isEmpty())
        return {};
    return "Basic " + (url.userName() + u':' + url.password()).toUtf8().toBase64();
}

QUrl UrlCredentials::withoutCredentials(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo);
}

QString UrlCredentials::shown(const QUrl &url)
{
    return url.toString(QUrl::RemovePassword);
}
