// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eureka/instancejsoncache.h"
#include "history/historystate.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <optional>

class HistoryRecorder;
class Router;

// The history over HTTP (docs/history.md): GET /muster/api/v1/history lists the changes between
// two moments, /history/at answers the registry at one moment as a full fetch would have (Eureka's
// or, with format=servicecomb, Service-Center's), /history/export gives a range to replay. Times
// are RFC 3339. recorder is null when the node keeps no history (no data directory, or turned off).
class HistoryApi
{
public:
    explicit HistoryApi(const HistoryRecorder *recorder);

    void addRoutes(Router &router);

    // Eureka's full fetch (GET /eureka/apps, JSON) of a state; with a cache, each instance's JSON
    // is encoded once per revision, as the live full fetch does.
    static QByteArray eurekaFullFetch(const HistoryState &state, InstanceJsonCache *cache = nullptr);
    // Service-Center's aggregate (GET /v4/{p}/govern/microservices?options=instances&withShared=true),
    // over every tenant, in its order: by tenant, app, name and version.
    static QByteArray serviceCombFullFetch(const HistoryState &state);
    static std::optional<qint64> parseTime(const QString &text);
    // Why there is no answer: the node keeps no history, or the moment is before it begins.
    static QString noHistoryReason();
    static QString beginsAfterReason(qint64 earliest, qint64 time);
    static QString formatTime(qint64 ms);

private:
    HttpResponse listChanges(const HttpRequest &request) const;
    HttpResponse stateAt(const HttpRequest &request) const;
    HttpResponse exportRange(const HttpRequest &request) const;
    std::optional<HttpResponse> refusedWithoutHistory() const;

    const HistoryRecorder *m_recorder;
    // An instance at one revision is the same at every moment it lived through.
    mutable InstanceJsonCache m_instanceJson;
};
