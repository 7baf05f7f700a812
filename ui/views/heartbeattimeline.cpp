// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/heartbeattimeline.h"

#include "views/statuspalette.h"

#include <QDateTime>
#include <QPainter>

HeartbeatTimeline::HeartbeatTimeline(QWidget *parent)
    : QWidget(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setMinimumHeight(90);
}

void HeartbeatTimeline::setData(Data data)
{
    m_data = std::move(data);
    m_hasData = true;
    update();
}

void HeartbeatTimeline::clear()
{
    m_data = {};
    m_hasData = false;
    update();
}

void HeartbeatTimeline::setWindow(qint64 pastMs, qint64 futureMs)
{
    m_pastMs = pastMs;
    m_futureMs = futureMs;
    update();
}

QList<QPair<qint64, qint64>> HeartbeatTimeline::missedIntervals() const
{
    QList<QPair<qint64, qint64>> missed;
    const qint64 tolerance = m_data.intervalMs * 3 / 2;
    for (qsizetype i = 1; i < m_data.heartbeats.size(); ++i) {
        if (m_data.heartbeats[i] - m_data.heartbeats[i - 1] > tolerance)
            missed.append({m_data.heartbeats[i - 1] + m_data.intervalMs, m_data.heartbeats[i]});
    }
    const qint64 now = m_clock();
    if (!m_data.heartbeats.isEmpty() && now - m_data.heartbeats.last() > tolerance)
        missed.append({m_data.heartbeats.last() + m_data.intervalMs, now});
    return missed;
}

void HeartbeatTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &colors = palette();
    painter.fillRect(rect(), colors.color(QPalette::Base));
    const QRect plot = rect().adjusted(12, 28, -12, -24);
    if (!m_hasData) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Select an instance to see its heartbeats."));
        return;
    }
    const qint64 now = m_clock();
    const qint64 start = now - m_pastMs;
    const qint64 end = now + m_futureMs;
    const auto xOf = [&](qint64 time) {
        return plot.left() + double(time - start) / double(end - start) * plot.width();
    };

    painter.setPen(colors.color(QPalette::Text));
    painter.drawText(rect().adjusted(12, 4, -12, 0), Qt::AlignLeft | Qt::AlignTop, m_data.title);

    for (const auto &[from, to] : missedIntervals()) {
        const double left = xOf(std::max(from, start));
        const double right = xOf(std::min(to, end));
        if (right > left)
            painter.fillRect(QRectF(left, plot.top(), right - left, plot.height()),
                             QColor(StatusPalette::failing().red(), StatusPalette::failing().green(),
                                    StatusPalette::failing().blue(), 50));
    }

    painter.setPen(QPen(colors.color(QPalette::Mid), 1));
    painter.drawLine(QPointF(plot.left(), plot.center().y()), QPointF(plot.right(), plot.center().y()));
    for (qint64 minute = (start / 60000 + 1) * 60000; minute < end; minute += 60000) {
        const double x = xOf(minute);
        painter.drawLine(QPointF(x, plot.bottom() - 4), QPointF(x, plot.bottom()));
        painter.drawText(QRectF(x - 40, plot.bottom() + 2, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                         QDateTime::fromMSecsSinceEpoch(minute).toString(QStringLiteral("HH:mm")));
    }

    painter.setPen(QPen(StatusPalette::healthy(), 2));
    for (const qint64 beat : std::as_const(m_data.heartbeats)) {
        if (beat < start)
            continue;
        const double x = xOf(beat);
        painter.drawLine(QPointF(x, plot.top() + 6), QPointF(x, plot.bottom() - 6));
    }

    painter.setPen(QPen(StatusPalette::accent(), 1, Qt::DotLine));
    painter.drawLine(QPointF(xOf(now), plot.top()), QPointF(xOf(now), plot.bottom()));

    if (m_data.expiryMs > 0 && m_data.expiryMs >= start && m_data.expiryMs <= end) {
        const double x = xOf(m_data.expiryMs);
        painter.setPen(QPen(StatusPalette::failing(), 2, Qt::DashLine));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.drawText(QRectF(x - 100, plot.top() - 18, 200, 16), Qt::AlignHCenter | Qt::AlignBottom,
                         m_data.expiryMs > now ? tr("lease expires") : tr("lease ran out"));
    } else if (m_data.expiryMs == 0) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 4, -12, 0), Qt::AlignRight | Qt::AlignTop,
                         tr("pinned: never expires"));
    }
}
