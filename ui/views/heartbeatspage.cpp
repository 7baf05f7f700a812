// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/heartbeatspage.h"

#include "views/heartbeattimeline.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "views/metricspanel.h"
#include "views/renewalratechart.h"

#include "api/selfpreservationtext.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

HeartbeatsPage::HeartbeatsPage(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new HeartbeatTimeline(this))
    , m_chart(new RenewalRateChart(this))
    , m_metrics(new MetricsPanel(this))
    , m_reason(new QLabel(this))
    , m_checkBox(new QGroupBox(tr("Selected instance: health check"), this))
    , m_checkSummary(new QLabel(m_checkBox))
    , m_checkHistory(new QTableWidget(0, 4, m_checkBox))
{
    m_checkSummary->setObjectName(QStringLiteral("checkSummary"));
    m_checkSummary->setWordWrap(true);
    m_checkSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkHistory->setObjectName(QStringLiteral("checkHistory"));
    m_checkHistory->setHorizontalHeaderLabels({tr("Time"), tr("Result"), tr("Took"), tr("Detail")});
    m_checkHistory->horizontalHeader()->setStretchLastSection(true);
    m_checkHistory->verticalHeader()->hide();
    m_checkHistory->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_checkHistory->setSelectionMode(QAbstractItemView::NoSelection);
    m_checkHistory->setMaximumHeight(150);
    auto *checkLayout = new QVBoxLayout(m_checkBox);
    checkLayout->addWidget(m_checkSummary);
    checkLayout->addWidget(m_checkHistory);
    m_reason->setWordWrap(true);
    m_reason->setObjectName(QStringLiteral("selfPreservationReason"));
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *instanceBox = new QGroupBox(tr("Selected instance: renewals over the last five minutes"), this);
    auto *instanceLayout = new QVBoxLayout(instanceBox);
    instanceLayout->addWidget(m_timeline);
    auto *nodeBox = new QGroupBox(tr("Node: renewal rate and self-preservation"), this);
    auto *nodeLayout = new QVBoxLayout(nodeBox);
    nodeLayout->addWidget(m_chart, 1);
    nodeLayout->addWidget(m_reason);
    auto *trafficBox = new QGroupBox(tr("Node: requests and replication"), this);
    auto *trafficLayout = new QVBoxLayout(trafficBox);
    trafficLayout->addWidget(m_metrics);
    auto *nodeRow = new QHBoxLayout;
    nodeRow->addWidget(nodeBox, 3);
    nodeRow->addWidget(trafficBox, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(instanceBox);
    layout->addWidget(m_checkBox);
    layout->addLayout(nodeRow, 1);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &HeartbeatsPage::refresh);
    m_timer.start();
}

void HeartbeatsPage::setMirror(RegistryMirror *mirror)
{
    if (m_mirror)
        disconnect(m_mirror, nullptr, this, nullptr);
    m_mirror = mirror;
    m_metrics->setHistory(mirror ? mirror->metrics() : nullptr);
    if (mirror) {
        connect(mirror, &RegistryMirror::statusUpdated, this, &HeartbeatsPage::refresh);
        connect(mirror, &RegistryMirror::heartbeatsRecorded, this, &HeartbeatsPage::refresh);
        connect(mirror, &RegistryMirror::checksRecorded, this, &HeartbeatsPage::refresh);
    }
    m_instance.reset();
    refresh();
}

void HeartbeatsPage::setInstance(const std::optional<Instance> &instance)
{
    m_instance = instance;
    refresh();
}

QString HeartbeatsPage::selfPreservationText() const
{
    return m_reason->text();
}

void HeartbeatsPage::refresh()
{
    if (!m_mirror) {
        m_timeline->clear();
        m_chart->setSamples({});
        m_reason->clear();
        showCheck(std::nullopt);
        return;
    }
    if (m_instance) {
        // The row holds the latest state: a heartbeat since the selection moved the lease on.
        const Instance *current = m_mirror->instances()->find(m_instance->app, m_instance->instanceId);
        const Instance &instance = current ? *current : *m_instance;
        HeartbeatTimeline::Data data;
        data.title = tr("%1 / %2").arg(instance.app, instance.instanceId);
        if (!current)
            data.title += tr(" (no longer registered)");
        data.heartbeats = m_mirror->heartbeatsOf(instance.app, instance.instanceId);
        data.intervalMs = qint64(instance.healthCheck && instance.origin == Protocol::ServiceComb
                                     ? instance.healthCheck->intervalSecs
                                     : instance.lease.renewalIntervalSecs) * 1000;
        data.expiryMs = instance.pinned ? 0 : m_mirror->instances()->leaseExpiryMs(instance);
        m_timeline->setData(data);
        showCheck(m_mirror->checkOf(instance.app, instance.instanceId));
        if (!m_mirror->checkOf(instance.app, instance.instanceId) && instance.check)
            m_checkSummary->setText(tr("This instance has a health check, run by the node that took its registration."));
    } else {
        m_timeline->clear();
        showCheck(std::nullopt);
    }
    m_chart->setSamples(m_mirror->rateHistory());
    if (!m_mirror->hasStatus())
        m_reason->clear();
    else if (m_mirror->status().store.kind == StoreStatus::Kind::Etcd)
        m_reason->setText(tr("Self-preservation does not apply: this node keeps its registry in etcd, where each "
                             "instance's lease ends on its own when its heartbeats stop, on every node at once."));
    else
        m_reason->setText(explain(m_mirror->status().selfPreservation));
}

QString HeartbeatsPage::checkSummary() const
{
    return m_checkSummary->text();
}

void HeartbeatsPage::showCheck(const std::optional<CheckState> &check)
{
    m_checkSummary->setText(check ? describe(*check) : tr("No health check runs on this node for the selected instance."));
    m_checkHistory->setRowCount(0);
    if (!check)
        return;
    m_checkHistory->setRowCount(int(check->history.size()));
    int row = 0;
    // Newest first.
    for (auto it = check->history.crbegin(); it != check->history.crend(); ++it, ++row) {
        const auto cell = [&](int column, const QString &text) {
            m_checkHistory->setItem(row, column, new QTableWidgetItem(text));
        };
        cell(0, QDateTime::fromMSecsSinceEpoch(it->timestamp).toString(QStringLiteral("HH:mm:ss.zzz")));
        cell(1, it->passed ? tr("passed") : tr("failed"));
        cell(2, tr("%1 ms").arg(it->elapsedMs));
        cell(3, it->detail);
        m_checkHistory->item(row, 1)->setForeground(it->passed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    }
}

QString HeartbeatsPage::describe(const CheckState &check) const
{
    const QString kind = check.spec.kind == CheckSpec::Kind::Http ? tr("HTTP GET %1").arg(check.spec.target)
                                                                  : tr("TCP connect to %1").arg(check.spec.target);
    QString verdict;
    switch (check.verdict) {
    case CheckState::Verdict::Pending:
        verdict = tr("not run yet");
        break;
    case CheckState::Verdict::Passing:
        verdict = tr("passing");
        break;
    case CheckState::Verdict::Failing:
        verdict = tr("failing: the check keeps the instance DOWN (%n failure(s) in a row)", nullptr,
                     check.consecutiveFailures);
        break;
    }
    QString text = tr("%1 every %2 ms, DOWN after %3 failure(s): %4.")
                       .arg(kind).arg(check.spec.intervalMs).arg(check.spec.failures).arg(verdict);
    if (const auto last = check.lastResult())
        text += u' ' + tr("Last result: %1 (%2).").arg(last->passed ? tr("passed") : tr("failed"), last->detail);
    return text;
}

QString HeartbeatsPage::explain(const SelfPreservationState &state)
{
    return SelfPreservationText::fill(
        QCoreApplication::translate("SelfPreservation", SelfPreservationText::sentenceFor(state)), state);
}
