// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QString>

// Wire details both Eureka codecs share: Java class names, enum spellings, XStream's name escaping.
class EurekaWire
{
public:
    static QString dataCenterClass(const DataCenterInfo &dataCenter);
    static bool isAmazon(const DataCenterInfo &dataCenter);
    static QString emptyMapClass() { return QStringLiteral("java.util.Collections$EmptyMap"); }
    static QString actionTypeName(ActionType action);
    static ActionType actionTypeFromName(QStringView name);   // ADDED for a name it does not know
    static bool hasSid(const Instance &instance);
    // The id rule of Eureka's register: instanceId, else Amazon's instance-id, else hostName;
    // an Amazon dataCenterInfo without instance-id gets the id copied in.
    static void completeInstanceId(Instance &instance);
    // XStream's XmlFriendlyNameCoder: '_' ↔ "__" and '$' ↔ "_-" in element names.
    static QString escapeXmlName(const QString &name);
    static QString unescapeXmlName(const QString &name);
};
