// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remotedetector.h"

#include "client/httpclient.h"

#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace {
using Kind = RemoteRegistry::Kind;

struct Probe
{
    Kind kind;
    QUrl url;
    QUrl serviceUrl;
    std::function<bool(const QJsonObject &)> matches;
};

struct Detection
{
    QList<Probe> probes;
    qsizetype next = 0;
    QStringList attempts;
    QUrl url;
    Kind asked;
    std::function<void(const RemoteDetector::Result &)> done;
};

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Muster: return QStringLiteral("a Muster node");
    case Kind::Eureka: return QStringLiteral("an Eureka server");
    case Kind::ServiceComb: return QStringLiteral("a Service-Center");
    case Kind::Detect: break;
    }
    return QStringLiteral("a Muster node, an Eureka server or a Service-Center");
}

QList<Probe> probesFor(const QUrl &url, Kind kind)
{
    const QUrl root = RemoteDetector::rootOf(url);
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    const auto at = [](const QUrl &from, const QString &path) { return from.resolved(QUrl(path)); };

    QList<Probe> probes;
    if (kind == Kind::Detect || kind == Kind::Muster) {
        probes.append({Kind::Muster, at(root, QStringLiteral("/muster/api/v1/node")), at(root, QStringLiteral("/eureka/")),
                       [](const QJsonObject &body) { return body.contains(u"selfPreservation"); }});
    }
    if (kind == Kind::Detect || kind == Kind::Eureka) {
        for (const QUrl &serviceUrl : {base, at(base, QStringLiteral("eureka/"))}) {
            probes.append({Kind::Eureka, at(serviceUrl, QStringLiteral("apps/")), serviceUrl,
                           [](const QJsonObject &body) { return body.value(u"applications").isObject(); }});
        }
    }
    if (kind == Kind::Detect || kind == Kind::ServiceComb) {
        for (const QString &path : {QStringLiteral("/v4/default/registry/version"), QStringLiteral("/version")}) {
            probes.append({Kind::ServiceComb, at(root, path), {},
                           [](const QJsonObject &body) { return body.value(u"version").isString(); }});
        }
    }
    return probes;
}

void tryNext(HttpClient &http, std::shared_ptr<Detection> detection)
{
    if (detection->next == detection->probes.size()) {
        RemoteDetector::Result result;
        result.error = QStringLiteral("%1 does not answer as %2 (%3)")
                           .arg(detection->url.toDisplayString(), kindName(detection->asked), detection->attempts.join(u"; "));
        detection->done(result);
        return;
    }
    const Probe probe = detection->probes[detection->next++];
    http.send("GET", probe.url, [&http, detection, probe](const RemoteReply &reply) {
        const QJsonObject body = reply.json();
        if (reply.isSuccess() && probe.matches(body)) {
            RemoteDetector::Result result;
            result.kind = probe.kind;
            result.root = RemoteDetector::rootOf(probe.url);
            result.serviceUrl = probe.kind == Kind::ServiceComb ? QUrl() : probe.serviceUrl;
            result.version = body.value(u"version").toString();
            detection->done(result);
            return;
        }
        // Every probe goes to the same host and port: one that cannot be reached is enough.
        if (reply.status == 0) {
            RemoteDetector::Result result;
            result.error = QStringLiteral("cannot reach %1: %2").arg(detection->url.toDisplayString(), reply.networkError);
            detection->done(result);
            return;
        }
        detection->attempts.append(QStringLiteral("GET %1: HTTP %2").arg(probe.url.path()).arg(reply.status));
        tryNext(http, detection);
    }, {}, {{"Accept", "application/json"}});
}
}

QUrl RemoteDetector::rootOf(const QUrl &url)
{
    // The user part stays: every request to a secured registry sends it (UrlCredentials).
    QUrl root = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    root.setPath(QStringLiteral("/"));
    return root;
}

void RemoteDetector::detect(HttpClient &http, const QUrl &url, RemoteRegistry::Kind kind,
                            std::function<void(const Result &)> done)
{
    auto detection = std::make_shared<Detection>();
    detection->probes = probesFor(url, kind);
    detection->url = url;
    detection->asked = kind;
    detection->done = std::move(done);
    tryNext(http, detection);
}
