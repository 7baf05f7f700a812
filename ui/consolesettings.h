// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

// The console's persistent settings (QSettings): language, the options new local nodes start with
// (the app applies them to the options the command line did not set), and the remote registries the
// user has connected to. Window layout is saved by the window itself.
namespace ConsoleSettings {
struct NodeDefaults
{
    quint16 port = 8761;
    int leaseDurationSecs = 90;
    bool selfPreservation = true;
    int renewalPercent = 85;
};

// "" follows the system locale; otherwise a locale name such as "zh_CN" or "en".
QString language();
void setLanguage(const QString &language);
NodeDefaults nodeDefaults();
void setNodeDefaults(const NodeDefaults &defaults);
QStringList knownConnections();
void addKnownConnection(const QString &url);
}
