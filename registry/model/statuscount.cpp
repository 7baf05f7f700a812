// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/statuscount.h"

QString StatusCount::hashcode() const
{
    QString hash;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        hash += it.key() + u'_' + QString::number(it.value()) + u'_';
    return hash;
}
