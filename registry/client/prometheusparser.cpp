// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/prometheusparser.h"

#include <cmath>
#include <limits>
#include <optional>

namespace {
bool isNameCharacter(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}

std::optional<double> parseValue(QByteArrayView text)
{
    if (text == "+Inf" || text == "Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-Inf")
        return -std::numeric_limits<double>::infinity();
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

// Reads one line "name{a="x",b="y"} value [timestamp]"; the error says what is wrong with it.
class LineReader
{
public:
    explicit LineReader(QByteArrayView line)
        : m_line {line}
    {
    }

    std::optional<PrometheusParser::Sample> read(QString &error)
    {
        PrometheusParser::Sample sample;
        const qsizetype nameStart = m_at;
        while (m_at < m_line.size() && isNameCharacter(m_line[m_at], m_at == nameStart))
            ++m_at;
        if (m_at == nameStart)
            return failed(error, QStringLiteral("no metric name"));
        sample.name = QString::fromLatin1(m_line.sliced(nameStart, m_at - nameStart));
        if (m_at < m_line.size() && m_line[m_at] == '{' && !readLabels(sample, error))
            return std::nullopt;
        const QList<QByteArray> rest = fields(m_line.sliced(m_at));
        if (rest.isEmpty() || rest.size() > 2)
            return failed(error, QStringLiteral("expected a value (and maybe a timestamp) after the name"));
        const auto value = parseValue(rest.front());
        if (!value)
            return failed(error, QStringLiteral("the value is not a number"));
        sample.value = *value;
        return sample;
    }

private:
    static QList<QByteArray> fields(QByteArrayView text)
    {
        const QByteArray simplified = text.toByteArray().simplified();
        return simplified.isEmpty() ? QList<QByteArray>() : simplified.split(' ');
    }

    std::nullopt_t failed(QString &error, const QString &why)
    {
        error = why;
        return std::nullopt;
    }

    bool readLabels(PrometheusParser::Sample &sample, QString &error)
    {
        ++m_at;   // '{'
        while (true) {
            skipSpaces();
            if (m_at < m_line.size() && m_line[m_at] == '}') {
                ++m_at;
                return true;
            }
            const qsizetype keyStart = m_at;
            while (m_at < m_line.size() && isNameCharacter(m_line[m_at], m_at == keyStart))
                ++m_at;
            if (m_at == keyStart || m_at + 1 >= m_line.size() || m_line[m_at] != '=' || m_line[m_at + 1] != '"') {
                failed(error, QStringLiteral("a label is not written as name=\"value\""));
                return false;
            }
            const QString key = QString::fromLatin1(m_line.sliced(keyStart, m_at - keyStart));
            m_at += 2;
            const auto value = readQuoted();
            if (!value) {
                failed(error, QStringLiteral("a label value has no closing quote"));
                return false;
            }
            sample.labels.append({key, *value});
            skipSpaces();
            if (m_at < m_line.size() && m_line[m_at] == ',')
                ++m_at;
            else if (m_at >= m_line.size() || m_line[m_at] != '}') {
                failed(error, QStringLiteral("labels are not separated by commas or closed by '}'"));
                return false;
            }
        }
    }

    // After the opening quote: the value up to the closing one, with \\, \" and \n unescaped.
    std::optional<QString> readQuoted()
    {
        QByteArray value;
        while (m_at < m_line.size()) {
            const char c = m_line[m_at++];
            if (c == '"')
                return QString::fromUtf8(value);
            if (c == '\\' && m_at < m_line.size()) {
                const char escaped = m_line[m_at++];
                value.append(escaped == 'n' ? '\n' : escaped);
            } else {
                value.append(c);
            }
        }
        return std::nullopt;
    }

    void skipSpaces()
    {
        while (m_at < m_line.size() && m_line[m_at] == ' ')
            ++m_at;
    }

    QByteArrayView m_line;
    qsizetype m_at = 0;
};
}

QString PrometheusParser::Sample::label(QStringView key) const
{
    for (const auto &[name, value] : labels) {
        if (name == key)
            return value;
    }
    return {};
}

PrometheusParser::Result PrometheusParser::parse(const QByteArray &text)
{
    Result result;
    int lineNumber = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        ++lineNumber;
        const QByteArray line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QString error;
        auto sample = LineReader(line).read(error);
        if (!sample) {
            result.error = QStringLiteral("line %1: %2").arg(lineNumber).arg(error);
            return result;
        }
        result.samples.append(std::move(*sample));
    }
    return result;
}

MetricsSample PrometheusParser::musterSample(const QByteArray &text, qint64 timeMs)
{
    const Result parsed = parse(text);
    if (!parsed.error.isEmpty())
        return MetricsSample::unavailable(MetricsSample::Availability::Failed,
                                          QStringLiteral("not Prometheus' text format: %1").arg(parsed.error));
    MetricsSample sample;
    sample.timeMs = timeMs;
    bool muster = false;
    QMap<QString, QMap<double, quint64>> bucketsByProtocol;   // summed over the routes of a protocol
    QMap<QString, MetricsSample::PeerLag> peers;
    for (const Sample &each : parsed.samples) {
        if (each.name == u"muster_node_info") {
            muster = true;
        } else if (each.name == u"muster_http_requests_total") {
            sample.requestsByProtocol[each.label(u"protocol")] += quint64(each.value);
        } else if (each.name == u"muster_http_request_duration_seconds_bucket") {
            const auto bound = parseValue(each.label(u"le").toLatin1());
            if (bound)
                bucketsByProtocol[each.label(u"protocol")][*bound] += quint64(each.value);
        } else if (each.name == u"muster_peer_lag_seconds" || each.name == u"muster_peer_queue_length") {
            MetricsSample::PeerLag &peer = peers[each.label(u"peer")];
            peer.url = each.label(u"peer");
            (each.name == u"muster_peer_lag_seconds" ? peer.lagSeconds : peer.queueLength) = each.value;
        }
    }
    if (!muster)
        return MetricsSample::unavailable(MetricsSample::Availability::Failed,
                                          QStringLiteral("the metrics are not a Muster node's (no muster_node_info)"));
    for (auto protocol = bucketsByProtocol.cbegin(); protocol != bucketsByProtocol.cend(); ++protocol) {
        CumulativeHistogram &histogram = sample.latencyByProtocol[protocol.key()];
        for (auto bucket = protocol->cbegin(); bucket != protocol->cend(); ++bucket) {
            histogram.upperBoundsSeconds.append(bucket.key());
            histogram.cumulativeCounts.append(bucket.value());
        }
    }
    sample.peers = peers.values();
    sample.availability = MetricsSample::Availability::Available;
    return sample;
}
