// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

// Credentials written in a registry's URL as Spring Cloud writes them (http://user:secret@host:8761/eureka/):
// peers, bridges and the console's remote connections send them as HTTP Basic on every request,
// and show the URL without the password.
namespace UrlCredentials {
// "Basic base64(user:password)", or empty when the URL names no user.
QByteArray basicAuthorization(const QUrl &url);
QUrl withoutCredentials(const QUrl &url);
QString shown(const QUrl &url);
}
