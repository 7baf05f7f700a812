// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// Where cluster mode keeps what under its prefix (docs/etcd.md, "Keys"):
//   <prefix>services/<serviceId>, <prefix>instances/<APP>/<instanceId>, <prefix>cancelled/<APP>/<instanceId>,
//   and the cluster's authentication: <prefix>accounts/<name> and <prefix>auth/token-key; <prefix>writer
//   names who made the write of its revision.
// Segments are percent-encoded, so any id is one segment; apps are normalized as the registry names them.
class EtcdKeyLayout
{
public:
    enum class Kind
    {
        Service,
        Instance,
        CancelMarker,
        Account,
        TokenKey,
        Writer,
        Unknown,
    };
    struct ParsedKey
    {
        Kind kind = Kind::Unknown;
        QString first;                 // service id, app, or account name
        QString second;                // instance id
    };

    explicit EtcdKeyLayout(QByteArray prefix);

    const QByteArray &prefix() const { return m_prefix; }
    // The end of the range of every key under the prefix (etcd's convention: the prefix plus one).
    QByteArray rangeEnd() const;
    QByteArray serviceKey(const QString &serviceId) const;
    QByteArray instanceKey(const QString &app, const QString &id) const;
    QByteArray cancelMarkerKey(const QString &app, const QString &id) const;
    QByteArray accountKey(const QString &name) const;
    // Every account's key starts with it.
    QByteArray accountsPrefix() const;
    QByteArray tokenKeyKey() const;
    QByteArray writerKey() const;
    // Unknown for a key outside the prefix or of a shape the layout does not have.
    ParsedKey parse(const QByteArray &key) const;

private:
    QByteArray keyOf(QStringView kind, const QStringList &segments) const;

    QByteArray m_prefix;
};
