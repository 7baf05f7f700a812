// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "node/nodeconfig.h"

#include <QString>
#include <QStringList>

class QCommandLineParser;

// The console's persistent settings (QSettings): language, the options new local nodes start with,
// and the remote registries the user has connected to. Window layout is saved by the window itself.
class ConsoleSettings
{
public:
    struct NodeDefaults
    {
        quint16 port = 8761;
        int leaseDurationSecs = 90;
        bool selfPreservation = true;
        int renewalPercent = 85;
    };

    // "" follows the system locale; otherwise a locale name such as "zh_CN" or "en".
    static QString language();
    static void setLanguage(const QString &language);
    static NodeDefaults nodeDefaults();
    static void setNodeDefaults(const NodeDefaults &defaults);
    // Applies the node defaults to options the command line did not set.
    static void applyNodeDefaults(NodeConfig &config, const QCommandLineParser &parser);
    static QStringList knownConnections();
    static void addKnownConnection(const QString &url);
};
