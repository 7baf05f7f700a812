// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/endpointmapping.h"

#include <QUrl>
#include <QUrlQuery>

namespace {
const QString restScheme = QStringLiteral("rest");

bool isSslEnabled(const QUrl &url)
{
    return QUrlQuery(url).queryItemValue(QStringLiteral("sslEnabled")).compare(u"true", Qt::CaseInsensitive) == 0;
}
}

QStringList EndpointMapping::endpointsFromPorts(const Instance &instance)
{
    QStringList endpoints;
    if (instance.port.enabled)
        endpoints.append(QStringLiteral("rest://%1:%2").arg(instance.ipAddr).arg(instance.port.number));
    if (instance.securePort.enabled)
        endpoints.append(QStringLiteral("rest://%1:%2?sslEnabled=true").arg(instance.ipAddr).arg(instance.securePort.number));
    return endpoints;
}

void EndpointMapping::applyEndpointsToPorts(Instance &instance)
{
    std::optional<QUrl> plain;
    std::optional<QUrl> secure;
    std::optional<QUrl> anyScheme;
    for (const QString &endpoint : std::as_const(instance.endpoints)) {
        const QUrl url(endpoint);
        if (!url.isValid() || url.host().isEmpty())
            continue;
        if (!anyScheme)
            anyScheme = url;
        if (url.scheme() != restScheme)
            continue;
        if (isSslEnabled(url)) {
            if (!secure)
                secure = url;
        } else if (!plain) {
            plain = url;
        }
    }
    const std::optional<QUrl> &address = plain ? plain : secure ? secure : anyScheme;
    instance.ipAddr = address ? address->host() : instance.hostName;
    if (plain || (!secure && anyScheme))
        instance.port = PortInfo {(plain ? plain : anyScheme)->port(0), true};
    else
        instance.port = PortInfo {0, false};
    instance.securePort = secure ? PortInfo {secure->port(443), true} : PortInfo {443, false};
}
