// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

#include <functional>

// One instance's renewals over the last minutes: a tick per heartbeat, the intervals it missed
// shaded, and the point where its lease will expire if nothing more arrives.
class HeartbeatTimeline : public QWidget
{
    Q_OBJECT

public:
    struct Data
    {
        QString title;
        QList<qint64> heartbeats;        // ms since the epoch, oldest first
        qint64 intervalMs = 30'000;      // how often the instance says it renews
        qint64 expiryMs = 0;             // 0 when it never expires
    };

    explicit HeartbeatTimeline(QWidget *parent = nullptr);

    void setData(Data data);
    void clear();
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // How much of the past the timeline shows; the future part shows the expiry point.
    void setWindow(qint64 pastMs, qint64 futureMs);
    // Intervals longer than 1.5 renewal intervals, as (start, end) pairs: what the view shades.
    QList<QPair<qint64, qint64>> missedIntervals() const;

    QSize sizeHint() const override { return {600, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Data m_data;
    bool m_hasData = false;
    qint64 m_pastMs = 5 * 60 * 1000;
    qint64 m_futureMs = 90 * 1000;
    std::function<qint64()> m_clock;
};
