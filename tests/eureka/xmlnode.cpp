// SPDX-License-Identifier: GPL-3.0-or-later
#include "xmlnode.h"

#include <QXmlStreamReader>

namespace {
// Reads the element the reader has just entered, up to and including its end element.
XmlNode readElement(QXmlStreamReader &reader)
{
    XmlNode node;
    node.name = reader.name().toString();
    for (const QXmlStreamAttribute &attribute : reader.attributes())
        node.attributes.insert(attribute.name().toString(), attribute.value().toString());
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement())
            node.children.append(readElement(reader));
        else if (reader.isCharacters())
            node.text += reader.text();
        else if (reader.isEndElement())
            break;
    }
    node.text = node.text.trimmed();
    return node;
}
}

std::optional<XmlNode> XmlNode::parse(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    if (!reader.readNextStartElement())
        return std::nullopt;
    XmlNode root = readElement(reader);
    while (!reader.atEnd())
        reader.readNext();
    if (reader.hasError())
        return std::nullopt;
    return root;
}

const XmlNode *XmlNode::child(const QString &childName) const
{
    for (const XmlNode &node : children) {
        if (node.name == childName)
            return &node;
    }
    return nullptr;
}

QList<const XmlNode *> XmlNode::all(const QString &childName) const
{
    QList<const XmlNode *> result;
    for (const XmlNode &node : children) {
        if (node.name == childName)
            result.append(&node);
    }
    return result;
}

QString XmlNode::textAt(const QString &path) const
{
    const XmlNode *node = this;
    for (const auto &part : path.split(u'/')) {
        node = node->child(part);
        if (!node)
            return {};
    }
    return node->text;
}

bool XmlNode::has(const QString &path) const
{
    const XmlNode *node = this;
    for (const auto &part : path.split(u'/')) {
        node = node->child(part);
        if (!node)
            return false;
    }
    return true;
}
