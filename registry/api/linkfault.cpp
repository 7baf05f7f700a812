// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/linkfault.h"

#include <QRandomGenerator>

bool LinkFault::drops() const
{
    return dropAll || (dropShare > 0 && QRandomGenerator::global()->generateDouble() < dropShare);
}
