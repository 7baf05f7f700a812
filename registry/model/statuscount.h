// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instancestatus.h"

#include <QMap>
#include <QString>

// Instances counted by status, and Eureka's apps hashcode over them (contract §3.5).
class StatusCount
{
public:
    void add(InstanceStatus status) { ++m_counts[statusName(eurekaVisibleStatus(status))]; }
    qsizetype count(InstanceStatus status) const { return m_counts.value(statusName(status)); }
    // STATUS_COUNT_ for each status present, sorted by status name: "DOWN_1_UP_3_"; "" when empty.
    QString hashcode() const;

private:
    QMap<QString, qsizetype> m_counts;
};
