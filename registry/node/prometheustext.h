// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

struct LatencyHistogram;

// Writes metrics in Prometheus' text exposition format (version 0.0.4): each family once, its
// HELP and TYPE lines before its samples, label values escaped.
class PrometheusText
{
public:
    using Labels = QList<QPair<QByteArray, QString>>;

    // Starts a family; type is "counter", "gauge" or "histogram".
    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, double value);
    // A histogram of microseconds, written in seconds: _bucket{le}, _sum and _count.
    void histogram(QByteArrayView name, const Labels &labels, const LatencyHistogram &histogram);

    QByteArray text() const { return m_text; }

    static constexpr QByteArrayView contentType = "text/plain; version=0.0.4; charset=utf-8";

private:
    void writeLabels(const Labels &labels);

    QByteArray m_text;
};
