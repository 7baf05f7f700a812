// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <functional>

// A small line chart over time, drawn like the renewal chart: a title, a legend, one line per
// series. A point's x is a time (ms since the epoch); a NaN y is a gap in its line.
class MetricsChart : public QWidget
{
    Q_OBJECT

public:
    struct Series
    {
        QString name;
        QColor color;
        QList<QPointF> points;
    };
    using Formatter = std::function<QString(double)>;

    explicit MetricsChart(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const { return m_title; }
    // How a value on the vertical axis reads, e.g. "12 ms".
    void setFormatter(Formatter formatter) { m_format = std::move(formatter); }
    void setSeries(const QList<Series> &series);
    const QList<Series> &series() const { return m_series; }
    // Shown instead of the lines while no series has two points.
    void setPlaceholder(const QString &text);
    QString placeholder() const { return m_placeholder; }
    // Whether lines are drawn (not the placeholder).
    bool hasLines() const;

    QSize sizeHint() const override { return {420, 120}; }
    QSize minimumSizeHint() const override { return {240, 90}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_placeholder;
    QList<Series> m_series;
    Formatter m_format;
};
