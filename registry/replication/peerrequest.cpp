// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/peerrequest.h"

#include "model/urlcredentials.h"

QNetworkRequest peerRequest(const QUrl &url)
{
    QNetworkRequest request(UrlCredentials::withoutCredentials(url));
    if (const QByteArray authorization = UrlCredentials::basicAuthorization(url); !authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    return request;
}
