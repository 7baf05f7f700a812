// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/renewalratechart.h"

#include "views/statuspalette.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

RenewalRateChart::RenewalRateChart(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(140);
}

void RenewalRateChart::setSamples(const std::deque<RegistryMirror::RateSample> &samples)
{
    m_samples = samples;
    update();
}

void RenewalRateChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &colors = palette();
    painter.fillRect(rect(), colors.color(QPalette::Base));
    const QRect plot = rect().adjusted(56, 24, -16, -24);
    if (m_samples.size() < 2) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Collecting the renewal rate…"));
        return;
    }
    const qint64 start = m_samples.front().timeMs;
    const qint64 end = std::max(m_samples.back().timeMs, start + 1);
    double top = 10;
    for (const auto &sample : m_samples)
        top = std::max({top, sample.renewsPerMin, double(sample.threshold)});
    top *= 1.15;
    const auto pointOf = [&](qint64 time, double value) {
        return QPointF(plot.left() + double(time - start) / double(end - start) * plot.width(),
                       plot.bottom() - value / top * plot.height());
    };

    painter.setPen(QPen(colors.color(QPalette::Mid), 1));
    painter.drawRect(plot);
    painter.setPen(colors.color(QPalette::Text));
    for (int step = 0; step <= 4; ++step) {
        const double value = top * step / 4;
        const QPointF at = pointOf(start, value);
        painter.drawText(QRectF(0, at.y() - 8, plot.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(qRound(value)));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), 18), Qt::AlignLeft,
                     QDateTime::fromMSecsSinceEpoch(start).toString(QStringLiteral("HH:mm:ss")));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), 18), Qt::AlignRight,
                     QDateTime::fromMSecsSinceEpoch(end).toString(QStringLiteral("HH:mm:ss")));

    // Where self-preservation held leases, the background is shaded.
    QColor held = StatusPalette::warning();
    held.setAlpha(35);
    for (size_t i = 0; i + 1 < m_samples.size(); ++i) {
        if (!m_samples[i].selfPreservationActive)
            continue;
        const double left = pointOf(m_samples[i].timeMs, 0).x();
        const double right = pointOf(m_samples[i + 1].timeMs, 0).x();
        painter.fillRect(QRectF(left, plot.top(), right - left, plot.height()), held);
    }

    QPainterPath threshold;
    QPainterPath rate;
    for (const auto &sample : m_samples) {
        const QPointF thresholdPoint = pointOf(sample.timeMs, double(sample.threshold));
        const QPointF ratePoint = pointOf(sample.timeMs, sample.renewsPerMin);
        if (threshold.elementCount() == 0) {
            threshold.moveTo(thresholdPoint);
            rate.moveTo(ratePoint);
        } else {
            threshold.lineTo(thresholdPoint);
            rate.lineTo(ratePoint);
        }
    }
    painter.setPen(QPen(StatusPalette::failing(), 1.5, Qt::DashLine));
    painter.drawPath(threshold);
    painter.setPen(QPen(StatusPalette::accent(), 2));
    painter.drawPath(rate);

    painter.setPen(StatusPalette::accent());
    painter.drawText(QRectF(plot.left() + 6, 4, 260, 18), Qt::AlignLeft,
                     m_samples.back().measuring ? tr("renewals so far (first minute)") : tr("renewals per minute"));
    painter.setPen(StatusPalette::failing());
    painter.drawText(QRectF(plot.left() + 270, 4, 300, 18), Qt::AlignLeft, tr("- - self-preservation threshold"));
}
