// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>
#include <QUrl>

// The one way to say where a node is reached. A node bound to a wildcard (0.0.0.0, ::) is
// advertised at the loopback address of that family, which reaches it from this machine; an IPv6
// address is bracketed; a host name stays as given. Peers, the console, the node's own Eureka
// instance and the headless announcement all use it, so they agree.
namespace NodeUrl {
// https when the node serves TLS (--tls-cert).
enum class Scheme
{
    Http,
    Https,
};

// http://host:port, no trailing slash.
QString base(const QHostAddress &bindAddress, quint16 port, Scheme scheme = Scheme::Http);
QString base(const QString &host, quint16 port, Scheme scheme = Scheme::Http);
// http://host:port/eureka/, how peers and Eureka clients name a node.
QUrl eurekaServiceUrl(const QHostAddress &bindAddress, quint16 port, Scheme scheme = Scheme::Http);
// The address to advertise for a node bound to bindAddress.
QHostAddress advertisedAddress(const QHostAddress &bindAddress);
}
