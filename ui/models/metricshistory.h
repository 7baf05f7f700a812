// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/metricssample.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <deque>
#include <optional>

class RegistryConnection;

// A few minutes of one registry's traffic, for the console's charts: while active it asks the
// registry for its counters about once a second and turns each pair of samples into rates
// (requests per second by protocol), the p99 latency of the requests in between, and each peer's
// replication lag. A counter that goes down (the node restarted) starts the rates afresh.
class MetricsHistory : public QObject
{
    Q_OBJECT

public:
    struct Point
    {
        qint64 timeMs = 0;
        QMap<QString, double> requestsPerSecond;   // by protocol
        QMap<QString, double> p99Ms;               // by protocol, only where it answered requests
        QMap<QString, double> lagSeconds;          // by peer URL
    };

    static constexpr qint64 historyMs = 5 * 60 * 1000;
    static constexpr int pollIntervalMs = 1000;

    explicit MetricsHistory(RegistryConnection *source, QObject *parent = nullptr);

    // Polls while active; a pause leaves a gap in the history, not an average across it.
    void setActive(bool active);
    bool isActive() const { return m_timer.isActive(); }
    const std::deque<Point> &points() const { return m_points; }
    // Why there are no points, if the last answer said so.
    MetricsSample::Availability availability() const { return m_availability; }
    QString error() const { return m_error; }
    // Every peer seen in the history, in order of appearance.
    QStringList peers() const { return m_peers; }

signals:
    void updated();

private:
    void poll();
    void apply(const MetricsSample &sample);
    Point pointBetween(const MetricsSample &earlier, const MetricsSample &later) const;

    QPointer<RegistryConnection> m_source;
    QTimer m_timer;
    bool m_waiting = false;            // a request is out: do not ask again
    std::optional<MetricsSample> m_previous;
    std::deque<Point> m_points;
    QStringList m_peers;
    MetricsSample::Availability m_availability = MetricsSample::Availability::Available;
    QString m_error;
};
