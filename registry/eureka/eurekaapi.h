// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eureka/eurekajsoncodec.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "eureka/instancejsoncache.h"
#include "eureka/responsecache.h"

#include <QObject>

#include <functional>

class Registry;
class Router;

// The Eureka REST API (contract §1) over the Registry: routes, content negotiation, gzip and the
// response cache. Served under /eureka, /eureka/v2 and /eureka/v1, with or without a trailing slash.
class EurekaApi : public QObject
{
    Q_OBJECT

public:
    // What GET /eureka/status reports about the server itself.
    struct ServerInfo
    {
        std::function<Instance()> ownInstance;
        std::function<qint64()> uptimeMs;
        QString environment;
    };

    EurekaApi(Registry *registry, ServerInfo serverInfo, QObject *parent = nullptr);

    void addRoutes(Router &router);
    // While a node copies the registry from its peers, registry reads answer 403, as Eureka does,
    // so clients ask another server instead of trusting a partial registry.
    void setReadsOpen(bool open) { m_readsOpen = open; }

private:
    enum class Format
    {
        Json,
        Xml,
    };

    HttpResponse registerInstance(const HttpRequest &request);
    HttpResponse renew(const HttpRequest &request);
    HttpResponse cancel(const HttpRequest &request);
    HttpResponse setStatusOverride(const HttpRequest &request);
    HttpResponse removeStatusOverride(const HttpRequest &request);
    HttpResponse updateMetadata(const HttpRequest &request);
    HttpResponse getApplications(const HttpRequest &request);
    HttpResponse getDelta(const HttpRequest &request);
    HttpResponse getApplication(const HttpRequest &request);
    HttpResponse getInstance(const HttpRequest &request);
    HttpResponse getInstanceById(const HttpRequest &request);
    HttpResponse getVip(const HttpRequest &request, bool secure);
    HttpResponse getStatus(const HttpRequest &request);

    static std::optional<Format> negotiate(const HttpRequest &request);
    std::optional<HttpResponse> refusedWhileSyncing() const;
    HttpResponse cachedRead(const HttpRequest &request, const QString &key, quint64 version,
                            ResponseCache &cache, const std::function<QByteArray(Format)> &encode);
    HttpResponse instanceResponse(const HttpRequest &request, const std::optional<Instance> &instance);
    EurekaApplication application(const QString &name, const std::function<bool(const Instance &)> &filter = {}) const;
    QList<EurekaApplication> applications(const std::function<bool(const Instance &)> &filter = {}) const;
    QByteArray encodeApplications(Format format, const QList<EurekaApplication> &applications,
                                  const QString &versionsDelta);

    Registry *m_registry;
    ServerInfo m_serverInfo;
    ResponseCache m_registryCache;
    ResponseCache m_deltaCache;
    InstanceJsonCache m_instanceJson;
    bool m_readsOpen = true;
};
