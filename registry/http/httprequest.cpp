// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/httprequest.h"

QByteArray HttpRequest::header(QByteArrayView name) const
{
    return headerLookup ? headerLookup(name) : QByteArray {};
}

std::optional<QString> HttpRequest::queryValue(const QString &key) const
{
    if (!query.hasQueryItem(key))
        return std::nullopt;
    return query.queryItemValue(key, QUrl::FullyDecoded);
}
