// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/nodeurl.h"

namespace NodeUrl {

QHostAddress advertisedAddress(const QHostAddress &bindAddress)
{
    if (bindAddress == QHostAddress::Any || bindAddress == QHostAddress::AnyIPv4)
        return QHostAddress(QHostAddress::LocalHost);
    if (bindAddress == QHostAddress::AnyIPv6)
        return QHostAddress(QHostAddress::LocalHostIPv6);
    return bindAddress;
}

QString base(const QHostAddress &bindAddress, quint16 port, Scheme scheme)
{
    return base(advertisedAddress(bindAddress).toString(), port, scheme);
}

// QUrl brackets an IPv6 host and lower-cases a host name.
QString base(const QString &host, quint16 port, Scheme scheme)
{
    const QHostAddress address(host);
    QUrl url;
    url.setScheme(scheme == Scheme::Https ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(address.isNull() ? host : advertisedAddress(address).toString());
    url.setPort(port);
    return url.toString();
}

QUrl eurekaServiceUrl(const QHostAddress &bindAddress, quint16 port, Scheme scheme)
{
    return QUrl(base(bindAddress, port, scheme) + QStringLiteral("/eureka/"));
}

}
