// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

// One HTTP request as the protocols see it: independent of the HTTP server library.
struct HttpRequest
{
    QByteArray method;                                 // upper case, e.g. "GET"
    QStringList segments;                              // the path split on '/', each percent-decoded
    QUrlQuery query;
    // Looks a header up by name, case-insensitively; set by the transport, valid while the request is handled.
    std::function<QByteArray(QByteArrayView)> headerLookup;
    QByteArray body;
    QHostAddress remoteAddress;
    QHash<QString, QString> params;                    // filled by the Router from {name} segments
    int routeIndex = -1;                               // the Router's route that matched; -1: none

    QByteArray header(QByteArrayView name) const;
    QString param(const QString &name) const { return params.value(name); }
    std::optional<QString> queryValue(const QString &key) const;
    QString path() const { return u'/' + segments.join(u'/'); }
};
