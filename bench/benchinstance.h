// SPDX-License-Identifier: GPL-3.0-or-later
// The instance the benchmark drivers register: the canonical InstanceInfo of contract §2.2, as a
// Spring Cloud client sends it (§2.5), about 900 bytes of JSON.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace BenchInstance {

inline QString appName(const QString &prefix, int k) { return prefix + QString::number(k); }

// Instance i of app k: "host-i.bench:app-k:8080".
inline QString instanceId(qint64 i, int app)
{
    return u"host-" + QString::number(i) + u".bench:app-" + QString::number(app) + u":8080";
}

// {"instance": …} for POST {base}/apps/{appName}; with a checkUrl, the instance asks for an HTTP
// health check of that URL (metadata muster.check=http, docs/health-checks.md) every checkInterval,
// or for a TCP check of host:port when checkUrl is tcp://host:port.
inline QByteArray registerBody(const QString &appName, qint64 i, int app, int leaseSecs, qint64 nowMs,
                               const QString &checkUrl = {}, const QString &checkInterval = {})
{
    const QString host = u"host-" + QString::number(i) + u".bench";
    const QString ip = u"10." + QString::number((i >> 16) & 0xff) + u'.' + QString::number((i >> 8) & 0xff) + u'.'
                       + QString::number(i & 0xff);
    const QString vip = u"app-" + QString::number(app);
    const QString now = QString::number(nowMs);
    const QJsonObject instance {
        {QStringLiteral("instanceId"), instanceId(i, app)},
        {QStringLiteral("hostName"), host},
        {QStringLiteral("app"), appName},
        {QStringLiteral("ipAddr"), ip},
        {QStringLiteral("status"), QStringLiteral("UP")},
        {QStringLiteral("overriddenStatus"), QStringLiteral("UNKNOWN")},
        {QStringLiteral("port"), QJsonObject {{QStringLiteral("$"), 8080}, {QStringLiteral("@enabled"), QStringLiteral("true")}}},
        {QStringLiteral("securePort"), QJsonObject {{QStringLiteral("$"), 443}, {QStringLiteral("@enabled"), QStringLiteral("false")}}},
        {QStringLiteral("countryId"), 1},
        {QStringLiteral("dataCenterInfo"),
         QJsonObject {{QStringLiteral("@class"), QStringLiteral("com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo")},
                      {QStringLiteral("name"), QStringLiteral("MyOwn")}}},
        {QStringLiteral("leaseInfo"),
         QJsonObject {{QStringLiteral("renewalIntervalInSecs"), 30}, {QStringLiteral("durationInSecs"), leaseSecs}}},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("management.port"), QStringLiteral("8080")}}},
        {QStringLiteral("homePageUrl"), QString(u"http://" + host + u":8080/")},
        {QStringLiteral("statusPageUrl"), QString(u"http://" + host + u":8080/actuator/info")},
        {QStringLiteral("healthCheckUrl"), QString(u"http://" + host + u":8080/actuator/health")},
        {QStringLiteral("vipAddress"), vip},
        {QStringLiteral("secureVipAddress"), vip},
        {QStringLiteral("isCoordinatingDiscoveryServer"), QStringLiteral("false")},
        {QStringLiteral("lastUpdatedTimestamp"), now},
        {QStringLiteral("lastDirtyTimestamp"), now},
        {QStringLiteral("actionType"), QStringLiteral("ADDED")},
    };
    if (checkUrl.isEmpty())
        return QJsonDocument(QJsonObject {{QStringLiteral("instance"), instance}}).toJson(QJsonDocument::Compact);
    QJsonObject checked = instance;
    QJsonObject metadata {{QStringLiteral("management.port"), QStringLiteral("8080")},
                          {QStringLiteral("muster.check.interval"), checkInterval}};
    if (checkUrl.startsWith(u"tcp://")) {
        metadata.insert(QStringLiteral("muster.check"), QStringLiteral("tcp"));
        metadata.insert(QStringLiteral("muster.check.target"), checkUrl.mid(6));
    } else {
        metadata.insert(QStringLiteral("muster.check"), QStringLiteral("http"));
        checked.insert(QStringLiteral("healthCheckUrl"), checkUrl);
    }
    checked.insert(QStringLiteral("metadata"), metadata);
    return QJsonDocument(QJsonObject {{QStringLiteral("instance"), checked}}).toJson(QJsonDocument::Compact);
}

}
