// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QString>

// Wire details both Eureka codecs share: Java class names, enum spellings, XStream's name escaping.
namespace EurekaWire {
QString dataCenterClass(const DataCenterInfo &dataCenter);
bool isAmazon(const DataCenterInfo &dataCenter);
inline QString emptyMapClass() { return QStringLiteral("java.util.Collections$EmptyMap"); }
QString actionTypeName(ActionType action);
ActionType actionTypeFromName(QStringView name);   // ADDED for a name it does not know
bool hasSid(const Instance &instance);
// The id rule of Eureka's register: instanceId, else Amazon's instance-id, else hostName;
// an Amazon dataCenterInfo without instance-id gets the id copied in.
void completeInstanceId(Instance &instance);
// XStream's XmlFriendlyNameCoder: '_' ↔ "__" and '$' ↔ "_-" in element names.
QString escapeXmlName(const QString &name);
QString unescapeXmlName(const QString &name);
}
