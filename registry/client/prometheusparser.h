// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/metricssample.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// Prometheus' text exposition format (version 0.0.4), read: the samples, with their labels
// unescaped; comments (HELP, TYPE) are skipped. Enough to read a Muster node's /metrics.
class PrometheusParser
{
public:
    struct Sample
    {
        QString name;
        QList<QPair<QString, QString>> labels;
        double value = 0;

        QString label(QStringView key) const;
    };

    struct Result
    {
        QList<Sample> samples;
        QString error;                 // the first line that is not a sample, and why
    };

    static Result parse(const QByteArray &text);
    // The numbers the console charts, from a Muster node's /metrics; Failed when the text is not
    // Prometheus' format or lacks the request counters.
    static MetricsSample musterSample(const QByteArray &text, qint64 timeMs);
};
