// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// How the process writes its log to stderr: --log-format and --log-level.
struct LogSettings
{
    enum class Format
    {
        Text,                          // time level category: message
        Json,                          // one JSON object per line
    };

    Format format = Format::Text;
    QtMsgType level = QtInfoMsg;       // the least severe level written for muster's categories
};

namespace LogOutput {

// Installs the message handler and the level's filter rules; QT_LOGGING_RULES still wins.
void install(const LogSettings &settings);

}
