// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/heartbeatspage.h"

#include "views/heartbeattimeline.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "views/metricspanel.h"
#include "views/renewalratechart.h"

#include "api/selfpreservationtext.h"

#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

HeartbeatsPage::HeartbeatsPage(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new HeartbeatTimeline(this))
    , m_chart(new RenewalRateChart(this))
    , m_metrics(new MetricsPanel(this))
    , m_reason(new QLabel(this))
{
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
    } else {
        m_timeline->clear();
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

QString HeartbeatsPage::explain(const SelfPreservationState &state)
{
    return SelfPreservationText::fill(
        QCoreApplication::translate("SelfPreservation", SelfPreservationText::sentenceFor(state)), state);
}
