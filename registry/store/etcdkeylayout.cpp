// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdkeylayout.h"

#include "model/instance.h"

#include <QList>
#include <QUrl>

EtcdKeyLayout::EtcdKeyLayout(QByteArray prefix)
    : m_prefix {std::move(prefix)}
{
}

QByteArray EtcdKeyLayout::rangeEnd() const
{
    QByteArray end = m_prefix;
    for (qsizetype i = end.size() - 1; i >= 0; --i) {
        if (quint8(end[i]) < 0xff) {
            end[i] = char(quint8(end[i]) + 1);
            return end.left(i + 1);
        }
    }
    return QByteArray(1, '\0');
}

// Segments are percent-encoded, so an id with '/' in it stays one segment.
QByteArray EtcdKeyLayout::keyOf(QStringView kind, const QStringList &segments) const
{
    QByteArray key = m_prefix + kind.toUtf8();
    for (const QString &segment : segments)
        key += '/' + QUrl::toPercentEncoding(segment, ":@!$&'()*+,;=");
    return key;
}

QByteArray EtcdKeyLayout::serviceKey(const QString &serviceId) const
{
    return keyOf(u"services", {serviceId});
}

QByteArray EtcdKeyLayout::instanceKey(const QString &app, const QString &id) const
{
    return keyOf(u"instances", {normalizedAppName(app), id});
}

QByteArray EtcdKeyLayout::cancelMarkerKey(const QString &app, const QString &id) const
{
    return keyOf(u"cancelled", {normalizedAppName(app), id});
}

QByteArray EtcdKeyLayout::accountKey(const QString &name) const
{
    return keyOf(u"accounts", {name});
}

QByteArray EtcdKeyLayout::accountsPrefix() const
{
    return m_prefix + "accounts/";
}

QByteArray EtcdKeyLayout::tokenKeyKey() const
{
    return m_prefix + "auth/token-key";
}

QByteArray EtcdKeyLayout::writerKey() const
{
    return m_prefix + "writer";
}

EtcdKeyLayout::ParsedKey EtcdKeyLayout::parse(const QByteArray &key) const
{
    if (!key.startsWith(m_prefix))
        return {};
    const QList<QByteArray> parts = key.mid(m_prefix.size()).split('/');
    const auto segment = [&](int i) { return QUrl::fromPercentEncoding(parts.value(i)); };
    if (parts.size() == 1 && parts[0] == "writer")
        return {Kind::Writer, {}, {}};
    if (parts.size() == 2 && parts[0] == "services")
        return {Kind::Service, segment(1), {}};
    if (parts.size() == 3 && parts[0] == "instances")
        return {Kind::Instance, segment(1), segment(2)};
    if (parts.size() == 3 && parts[0] == "cancelled")
        return {Kind::CancelMarker, segment(1), segment(2)};
    if (parts.size() == 2 && parts[0] == "accounts")
        return {Kind::Account, segment(1), {}};
    if (parts.size() == 2 && parts[0] == "auth" && parts[1] == "token-key")
        return {Kind::TokenKey, {}, {}};
    return {};
}
