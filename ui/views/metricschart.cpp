// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/metricschart.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

MetricsChart::MetricsChart(QWidget *parent)
    : QWidget(parent)
    , m_format([](double value) { return QLocale().toString(value, 'g', 3); })
{
    setMinimumHeight(90);
}

void MetricsChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void MetricsChart::setSeries(const QList<Series> &series)
{
    m_series = series;
    update();
}

void MetricsChart::setPlaceholder(const QString &text)
{
    m_placeholder = text;
    update();
}

bool MetricsChart::hasLines() const
{
    return std::any_of(m_series.cbegin(), m_series.cend(), [](const Series &series) { return series.points.size() >= 2; });
}

void MetricsChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &colors = palette();
    painter.fillRect(rect(), colors.color(QPalette::Base));
    painter.setPen(colors.color(QPalette::Text));
    const int lineHeight = fontMetrics().height();
    painter.drawText(QRect(8, 2, width() - 16, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    const QRect plot = rect().adjusted(64, lineHeight + 8, -12, -lineHeight - 6);
    if (!hasLines()) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    double start = std::numeric_limits<double>::max();
    double end = std::numeric_limits<double>::lowest();
    double top = 0;
    for (const Series &series : m_series) {
        for (const QPointF &point : series.points) {
            start = std::min(start, point.x());
            end = std::max(end, point.x());
            if (!std::isnan(point.y()))
                top = std::max(top, point.y());
        }
    }
    end = std::max(end, start + 1);
    top = top > 0 ? top * 1.15 : 1;
    const auto pointOf = [&](const QPointF &point) {
        return QPointF(plot.left() + (point.x() - start) / (end - start) * plot.width(),
                       plot.bottom() - point.y() / top * plot.height());
    };

    painter.setPen(QPen(colors.color(QPalette::Mid), 1));
    painter.drawRect(plot);
    painter.setPen(colors.color(QPalette::Text));
    for (const double value : {0.0, top / 2, top}) {
        const double y = plot.bottom() - value / top * plot.height();
        painter.drawText(QRectF(0, y - lineHeight / 2.0, plot.left() - 6, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                         m_format(value));
    }
    const QRectF timeRow(plot.left(), plot.bottom() + 2, plot.width(), lineHeight);
    painter.drawText(timeRow, Qt::AlignLeft, QDateTime::fromMSecsSinceEpoch(qint64(start)).toString(QStringLiteral("HH:mm:ss")));
    painter.drawText(timeRow, Qt::AlignRight, QDateTime::fromMSecsSinceEpoch(qint64(end)).toString(QStringLiteral("HH:mm:ss")));

    // The legend follows the title on its line.
    qreal legendX = 8 + fontMetrics().horizontalAdvance(m_title) + 16;
    for (const Series &series : m_series) {
        QPainterPath line;
        bool drawing = false;
        for (const QPointF &point : series.points) {
            if (std::isnan(point.y())) {
                drawing = false;
                continue;
            }
            if (drawing)
                line.lineTo(pointOf(point));
            else
                line.moveTo(pointOf(point));
            drawing = true;
        }
        painter.setPen(QPen(series.color, 1.8));
        painter.drawPath(line);
        painter.fillRect(QRectF(legendX, 2 + lineHeight / 2.0 - 2, 12, 4), series.color);
        legendX += 16;
        painter.setPen(colors.color(QPalette::Text));
        const int nameWidth = fontMetrics().horizontalAdvance(series.name);
        painter.drawText(QRectF(legendX, 2, nameWidth + 2, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, series.name);
        legendX += nameWidth + 14;
    }
}
