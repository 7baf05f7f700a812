// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/gatewaystats.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

class RegistryConnection;

// One registry's gateway as the console last read it: whether it runs, where, and what it carried
// per service and instance. It asks the registry about once a second while a view shows it: each
// view that shows its numbers watches it while visible, and it polls while any does.
class GatewayTraffic : public QObject
{
    Q_OBJECT

public:
    static constexpr int pollIntervalMs = 1000;

    explicit GatewayTraffic(RegistryConnection *source, QObject *parent = nullptr);

    void setWatched(const QObject *viewer, bool watched);
    bool isActive() const { return m_timer.isActive(); }
    // The last answer; hasStats() is false before the first.
    const GatewayStats &stats() const { return m_stats; }
    bool hasStats() const { return m_hasStats; }
    // Asks now, e.g. after the gateway was started or stopped.
    void refresh();

signals:
    void updated();

private:
    void poll();

    QPointer<RegistryConnection> m_source;
    QSet<const QObject *> m_viewers;
    QTimer m_timer;
    bool m_waiting = false;            // a request is out: do not ask again
    bool m_askAgain = false;
    bool m_hasStats = false;
    GatewayStats m_stats;
};
