// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/prometheustext.h"

#include "http/requestmetrics.h"

#include <cmath>

namespace {
QByteArray number(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 17);
}

// A label value: backslash, double quote and line feed escaped.
QByteArray escaped(const QString &value)
{
    QByteArray utf8 = value.toUtf8();
    if (!utf8.contains('\\') && !utf8.contains('"') && !utf8.contains('\n'))
        return utf8;
    QByteArray out;
    out.reserve(utf8.size() + 8);
    for (const char c : std::as_const(utf8)) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

// HELP text: backslash and line feed escaped.
QByteArray escapedHelp(QByteArrayView help)
{
    QByteArray out = help.toByteArray();
    out.replace('\\', "\\\\");
    out.replace('\n', "\\n");
    return out;
}
}

void PrometheusText::family(QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    m_text += "# HELP " + name.toByteArray() + ' ' + escapedHelp(help) + '\n';
    m_text += "# TYPE " + name.toByteArray() + ' ' + type.toByteArray() + '\n';
}

void PrometheusText::writeLabels(const Labels &labels)
{
    if (labels.isEmpty())
        return;
    m_text += '{';
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i > 0)
            m_text += ',';
        m_text += labels[i].first + "=\"" + escaped(labels[i].second) + '"';
    }
    m_text += '}';
}

void PrometheusText::sample(QByteArrayView name, const Labels &labels, double value)
{
    m_text += name.toByteArray();
    writeLabels(labels);
    m_text += ' ' + number(value) + '\n';
}

void PrometheusText::histogram(QByteArrayView name, const Labels &labels, const LatencyHistogram &histogram)
{
    const QByteArray base = name.toByteArray();
    quint64 cumulative = 0;
    for (std::size_t i = 0; i < histogram.buckets.size(); ++i) {
        cumulative += histogram.buckets[i];
        Labels withBound = labels;
        withBound.append({QByteArrayLiteral("le"),
                          i < LatencyHistogram::boundsUs.size()
                              ? QString::fromLatin1(number(double(LatencyHistogram::boundsUs[i]) / 1e6))
                              : QStringLiteral("+Inf")});
        sample(QByteArray(base + "_bucket"), withBound, double(cumulative));
    }
    sample(QByteArray(base + "_sum"), labels, double(histogram.sumUs) / 1e6);
    sample(QByteArray(base + "_count"), labels, double(histogram.count));
}
