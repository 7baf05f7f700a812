// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/eurekawire.h"

bool EurekaWire::isAmazon(const DataCenterInfo &dataCenter)
{
    return dataCenter.name == u"Amazon";
}

QString EurekaWire::dataCenterClass(const DataCenterInfo &dataCenter)
{
    return isAmazon(dataCenter) ? QStringLiteral("com.netflix.appinfo.AmazonInfo")
                                : QStringLiteral("com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo");
}

QString EurekaWire::actionTypeName(ActionType action)
{
    switch (action) {
    case ActionType::Added: return QStringLiteral("ADDED");
    case ActionType::Modified: return QStringLiteral("MODIFIED");
    case ActionType::Deleted: return QStringLiteral("DELETED");
    }
    return QStringLiteral("ADDED");
}

ActionType EurekaWire::actionTypeFromName(QStringView name)
{
    for (auto action : {ActionType::Modified, ActionType::Deleted}) {
        if (name == actionTypeName(action))
            return action;
    }
    return ActionType::Added;
}

bool EurekaWire::hasSid(const Instance &instance)
{
    return !instance.sid.isEmpty() && instance.sid != u"na" && instance.sid != u"unknown";
}

void EurekaWire::completeInstanceId(Instance &instance)
{
    const QString amazonIdKey = QStringLiteral("instance-id");
    const bool amazon = isAmazon(instance.dataCenterInfo);
    if (instance.instanceId.trimmed().isEmpty()) {
        const QString amazonId = instance.dataCenterInfo.metadata.value(amazonIdKey);
        instance.instanceId = amazon && !amazonId.isEmpty() ? amazonId : instance.hostName;
    }
    if (amazon && !instance.dataCenterInfo.metadata.contains(amazonIdKey))
        instance.dataCenterInfo.metadata.insert(amazonIdKey, instance.instanceId);
}

QString EurekaWire::escapeXmlName(const QString &name)
{
    QString escaped;
    escaped.reserve(name.size() + 4);
    for (QChar c : name) {
        if (c == u'_')
            escaped += QStringLiteral("__");
        else if (c == u'$')
            escaped += QStringLiteral("_-");
        else
            escaped += c;
    }
    return escaped;
}

QString EurekaWire::unescapeXmlName(const QString &name)
{
    QString plain;
    plain.reserve(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (name[i] == u'_' && i + 1 < name.size() && (name[i + 1] == u'_' || name[i + 1] == u'-')) {
            plain += name[i + 1] == u'_' ? u'_' : u'$';
            ++i;
        } else {
            plain += name[i];
        }
    }
    return plain;
}
