// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remoteregistry.h"

#include <QString>
#include <QUrl>

#include <functional>

class HttpClient;

// Finds out what answers at a URL a user pasted (http://host:8761, …/eureka, …/eureka/,
// http://host:30100): a Muster node, an Eureka server or a Service-Center, and where its API is.
class RemoteDetector
{
public:
    struct Result
    {
        RemoteRegistry::Kind kind = RemoteRegistry::Kind::Detect;   // Detect: nothing matched
        QUrl serviceUrl;               // Eureka's, ending in '/'
        QUrl root;                     // scheme://host:port/
        QString version;               // what Service-Center's /version answered
        QString error;
    };

    // Tries the kinds in the order Muster, Eureka, Service-Center, or only the one asked for.
    static void detect(HttpClient &http, const QUrl &url, RemoteRegistry::Kind kind,
                       std::function<void(const Result &)> done);
    static QUrl rootOf(const QUrl &url);
};
