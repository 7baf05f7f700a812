// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/metricspanel.h"

#include "models/metricshistory.h"
#include "views/metricschart.h"
#include "views/statuspalette.h"

#include <QLabel>
#include <QLocale>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace {
struct Protocol
{
    const char *key;
    QColor color;
};

const QList<Protocol> &protocols()
{
    static const QList<Protocol> all {{"eureka", StatusPalette::accent()},
                                      {"servicecomb", StatusPalette::healthy()},
                                      {"muster", StatusPalette::warning()},
                                      {"other", StatusPalette::inactive()}};
    return all;
}

QColor peerColor(qsizetype index)
{
    static const QList<QColor> colors {StatusPalette::accent(), StatusPalette::failing(), StatusPalette::healthy(),
                                       StatusPalette::warning(), QColor(0x6a, 0x1b, 0x9a), StatusPalette::inactive()};
    return colors[index % colors.size()];
}

// A peer's URL shortened to host:port for the legend.
QString peerName(const QString &url)
{
    const QUrl parsed(url);
    return parsed.port() > 0 ? parsed.host() + u':' + QString::number(parsed.port()) : url;
}

// One series from the history; value gives nothing (NaN) where a point has no value for it, and
// a pause in polling leaves a gap.
QList<QPointF> line(const std::deque<MetricsHistory::Point> &points,
                    const std::function<double(const MetricsHistory::Point &)> &value)
{
    QList<QPointF> result;
    qint64 previousMs = 0;
    for (const MetricsHistory::Point &point : points) {
        if (previousMs != 0 && point.timeMs - previousMs > 3 * MetricsHistory::pollIntervalMs)
            result.append(QPointF(double(previousMs + 1), std::nan("")));
        result.append(QPointF(double(point.timeMs), value(point)));
        previousMs = point.timeMs;
    }
    return result;
}
}

MetricsPanel::MetricsPanel(QWidget *parent)
    : QWidget(parent)
    , m_requests(new MetricsChart(this))
    , m_latency(new MetricsChart(this))
    , m_lag(new MetricsChart(this))
    , m_message(new QLabel(this))
{
    m_requests->setObjectName(QStringLiteral("requestsChart"));
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_lag->setObjectName(QStringLiteral("lagChart"));
    m_message->setObjectName(QStringLiteral("metricsMessage"));
    m_requests->setTitle(tr("Requests per second"));
    m_requests->setFormatter([](double value) { return tr("%1/s").arg(QLocale().toString(value, 'g', 3)); });
    m_latency->setTitle(tr("Latency p99"));
    m_latency->setFormatter([](double value) { return tr("%1 ms").arg(QLocale().toString(value, 'g', 3)); });
    m_lag->setTitle(tr("Replication lag"));
    m_lag->setFormatter([](double value) { return tr("%1 s").arg(QLocale().toString(value, 'g', 3)); });
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_requests, 1);
    layout->addWidget(m_latency, 1);
    layout->addWidget(m_lag, 1);
    refresh();
}

void MetricsPanel::setHistory(MetricsHistory *history)
{
    if (m_history) {
        disconnect(m_history, nullptr, this, nullptr);
        m_history->setActive(false);
    }
    m_history = history;
    if (history) {
        connect(history, &MetricsHistory::updated, this, &MetricsPanel::refresh);
        history->setActive(isVisible());
    }
    refresh();
}

QString MetricsPanel::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void MetricsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_history)
        m_history->setActive(true);
}

void MetricsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (m_history)
        m_history->setActive(false);
}

void MetricsPanel::refresh()
{
    const QString unavailable = unavailableText();
    m_message->setText(unavailable);
    m_message->setVisible(!unavailable.isEmpty());
    for (MetricsChart *chart : {m_requests, m_latency, m_lag})
        chart->setVisible(unavailable.isEmpty());
    if (!m_history) {
        for (MetricsChart *chart : {m_requests, m_latency, m_lag})
            chart->setSeries({});
        return;
    }
    const std::deque<MetricsHistory::Point> &points = m_history->points();
    QList<MetricsChart::Series> requests;
    QList<MetricsChart::Series> latency;
    for (const Protocol &protocol : protocols()) {
        const QString key = QString::fromLatin1(protocol.key);
        requests.append({key, protocol.color, line(points, [&key](const MetricsHistory::Point &point) {
                             return point.requestsPerSecond.value(key);
                         })});
        latency.append({key, protocol.color, line(points, [&key](const MetricsHistory::Point &point) {
                            return point.p99Ms.value(key, std::nan(""));
                        })});
    }
    QList<MetricsChart::Series> lag;
    const QStringList peers = m_history->peers();
    for (qsizetype i = 0; i < peers.size(); ++i) {
        const QString &url = peers[i];
        lag.append({peerName(url), peerColor(i), line(points, [&url](const MetricsHistory::Point &point) {
                        return point.lagSeconds.value(url, std::nan(""));
                    })});
    }
    m_requests->setSeries(requests);
    m_latency->setSeries(latency);
    m_lag->setSeries(lag);
    const QString collecting = tr("Collecting…");
    m_requests->setPlaceholder(collecting);
    m_latency->setPlaceholder(collecting);
    m_lag->setPlaceholder(peers.isEmpty() ? tr("This node has no peers.") : collecting);
}

QString MetricsPanel::unavailableText() const
{
    if (!m_history)
        return {};
    switch (m_history->availability()) {
    case MetricsSample::Availability::Available:
        return {};
    case MetricsSample::Availability::NotRunning:
        return tr("Traffic charts appear once the registry runs and answers.");
    case MetricsSample::Availability::MetricsOff:
        return tr("This node counts no requests (it runs with --metrics off), so there is nothing to chart.");
    case MetricsSample::Availability::NotMuster:
        return tr("Traffic charts are not available for this kind of registry: only Muster nodes report their "
                  "requests, latencies and replication lag.");
    case MetricsSample::Availability::Failed:
        return tr("Could not read the node's metrics: %1").arg(m_history->error());
    }
    return {};
}
