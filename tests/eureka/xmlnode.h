// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// An XML element read with QXmlStreamReader into a small tree, so tests can check Eureka's XML by path.
struct XmlNode
{
    QString name;
    QHash<QString, QString> attributes;
    QString text;                      // the element's own character data, trimmed
    QList<XmlNode> children;

    // The whole document's root element, or nothing when the XML is not well-formed.
    static std::optional<XmlNode> parse(const QByteArray &xml);

    // The first child with this name, or nullptr.
    const XmlNode *child(const QString &childName) const;
    QList<const XmlNode *> all(const QString &childName) const;
    // The text of a descendant named by a '/'-separated path such as "leaseInfo/durationInSecs".
    QString textAt(const QString &path) const;
    bool has(const QString &path) const;
};
