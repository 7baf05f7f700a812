// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/checkstate.h"
#include "model/instance.h"
#include "api/selfpreservationstate.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class HeartbeatTimeline;
class MetricsPanel;
class QGroupBox;
class QLabel;
class QTableWidget;
class RegistryMirror;
class RenewalRateChart;

// Heartbeats: the selected instance's renewals on a timeline, the node's renewal rate against the
// self-preservation threshold, with a sentence saying why self-preservation is on or off, and beside
// it the node's traffic: requests per second, latency and replication lag.
class HeartbeatsPage : public QWidget
{
    Q_OBJECT

public:
    explicit HeartbeatsPage(QWidget *parent = nullptr);

    void setMirror(RegistryMirror *mirror);
    void setInstance(const std::optional<Instance> &instance);
    HeartbeatTimeline *timeline() const { return m_timeline; }
    MetricsPanel *metricsPanel() const { return m_metrics; }
    QString selfPreservationText() const;
    // The sentence about the selected instance's health check, and its recent results shown.
    QString checkSummary() const;
    QTableWidget *checkHistory() const { return m_checkHistory; }

    static QString explain(const SelfPreservationState &state);

private:
    void refresh();
    void showCheck(const std::optional<CheckState> &check);
    QString describe(const CheckState &check) const;

    QPointer<RegistryMirror> m_mirror;
    std::optional<Instance> m_instance;
    HeartbeatTimeline *m_timeline;
    RenewalRateChart *m_chart;
    MetricsPanel *m_metrics;
    QLabel *m_reason;
    QGroupBox *m_checkBox;
    QLabel *m_checkSummary;
    QTableWidget *m_checkHistory;
    QTimer m_timer;
};
