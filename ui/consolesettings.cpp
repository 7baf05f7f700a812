// SPDX-License-Identifier: GPL-3.0-or-later
#include "consolesettings.h"

#include <QSettings>

namespace {
constexpr int maxKnownConnections = 10;
}

QString ConsoleSettings::language()
{
    return QSettings().value(QStringLiteral("ui/language")).toString();
}

void ConsoleSettings::setLanguage(const QString &language)
{
    QSettings().setValue(QStringLiteral("ui/language"), language);
}

ConsoleSettings::NodeDefaults ConsoleSettings::nodeDefaults()
{
    QSettings settings;
    NodeDefaults defaults;
    defaults.port = quint16(settings.value(QStringLiteral("node/port"), defaults.port).toUInt());
    defaults.leaseDurationSecs = settings.value(QStringLiteral("node/leaseDurationSecs"), defaults.leaseDurationSecs).toInt();
    defaults.selfPreservation = settings.value(QStringLiteral("node/selfPreservation"), defaults.selfPreservation).toBool();
    defaults.renewalPercent = settings.value(QStringLiteral("node/renewalPercent"), defaults.renewalPercent).toInt();
    return defaults;
}

void ConsoleSettings::setNodeDefaults(const NodeDefaults &defaults)
{
    QSettings settings;
    settings.setValue(QStringLiteral("node/port"), defaults.port);
    settings.setValue(QStringLiteral("node/leaseDurationSecs"), defaults.leaseDurationSecs);
    settings.setValue(QStringLiteral("node/selfPreservation"), defaults.selfPreservation);
    settings.setValue(QStringLiteral("node/renewalPercent"), defaults.renewalPercent);
}

QStringList ConsoleSettings::knownConnections()
{
    return QSettings().value(QStringLiteral("connections/recent")).toStringList();
}

void ConsoleSettings::addKnownConnection(const QString &url)
{
    QStringList known = knownConnections();
    known.removeAll(url);
    known.prepend(url);
    while (known.size() > maxKnownConnections)
        known.removeLast();
    QSettings().setValue(QStringLiteral("connections/recent"), known);
}
