// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class MetricsChart;
class MetricsHistory;
class QLabel;

// The node's traffic as three small charts: requests per second by protocol, the p99 latency, and
// the replication lag of each peer. It keeps its history polling only while it is shown; for a
// registry that has no such numbers it says why instead.
class MetricsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsPanel(QWidget *parent = nullptr);

    void setHistory(MetricsHistory *history);
    MetricsChart *requestsChart() const { return m_requests; }
    MetricsChart *latencyChart() const { return m_latency; }
    MetricsChart *lagChart() const { return m_lag; }
    // What the panel says instead of charts; empty while they show.
    QString message() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();
    QString unavailableText() const;

    QPointer<MetricsHistory> m_history;
    MetricsChart *m_requests;
    MetricsChart *m_latency;
    MetricsChart *m_lag;
    QLabel *m_message;
};
