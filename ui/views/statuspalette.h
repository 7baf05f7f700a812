// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instancestatus.h"

#include <QColor>

// The colours the console gives statuses and states, the same in every view.
class StatusPalette
{
public:
    static QColor color(InstanceStatus status);
    static QColor healthy() { return QColor(0x2e, 0x7d, 0x32); }
    static QColor warning() { return QColor(0xef, 0x6c, 0x00); }
    static QColor failing() { return QColor(0xc6, 0x28, 0x28); }
    static QColor inactive() { return QColor(0x75, 0x75, 0x75); }
    static QColor accent() { return QColor(0x15, 0x65, 0xc0); }
};
