// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// Where cluster mode keeps what under its prefix (docs/etcd.md, "Keys"):
//   <prefix>services/<serviceId>, <prefix>instances/<APP>/<instanceId>, <prefix>cancelled/<APP>/<instanceId>.
// Segments are percent-encoded, so any id is one segment; apps are normalized as the registry names them.
class EtcdKeyLayout
{
public:
    enum class Kind
    {
        Service,
        Instance,
        CancelMarker,
        Unknown,
    };
    struct ParsedKey
    {
        Kind kind = Kind::Unknown;
        QString first;                 // service id, or app
        QString second;                // instance id
    };

    explicit EtcdKeyLayout(QByteArray prefix);

    const QByteArray &prefix() const { return m_prefix; }
    // The end of the range of every key under the prefix (etcd's convention: the prefix plus one).
    QByteArray rangeEnd() const;
    QByteArray serviceKey(const QString &serviceId) const;
    QByteArray instanceKey(const QString &app, const QString &id) const;
    QByteArray cancelMarkerKey(const QString &app, const QString &id) const;
    // Unknown for a key outside the prefix or of a shape the layout does not have.
    ParsedKey parse(const QByteArray &key) const;

private:
    QByteArray keyOf(QStringView kind, const QStringList &segments) const;

    QByteArray m_prefix;
};
