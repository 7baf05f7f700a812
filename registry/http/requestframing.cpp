// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/requestframing.h"

namespace {
constexpr QByteArrayView chunkedEnd = "\r\n0\r\n\r\n";

// The value of one header in a raw header block, or nothing.
std::optional<QByteArray> headerValue(QByteArrayView block, QByteArrayView name)
{
    qsizetype lineStart = block.indexOf('\n') + 1;   // skip the request line
    while (lineStart > 0 && lineStart < block.size()) {
        const qsizetype newline = block.indexOf('\n', lineStart);
        const QByteArrayView line = block.sliced(lineStart, (newline < 0 ? block.size() : newline) - lineStart);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed().toByteArray();
        lineStart = newline + 1;
    }
    return std::nullopt;
}

// Where the header block ends (after its blank line), accepting CRLF and bare LF like Qt's parser.
std::optional<qsizetype> headerBlockEnd(const QByteArray &block, qsizetype searchFrom)
{
    const qsizetype crlf = block.indexOf("\r\n\r\n", searchFrom);
    const qsizetype lf = block.indexOf("\n\n", searchFrom);
    if (crlf >= 0 && (lf < 0 || crlf + 2 <= lf))
        return crlf + 4;
    if (lf >= 0)
        return lf + 2;
    return std::nullopt;
}

RequestFraming::Rejection tooLarge(qint64 limit)
{
    return {413, "Payload Too Large", QStringLiteral("request body is larger than the limit of %1 bytes").arg(limit)};
}
}

RequestFraming::RequestFraming()
    : RequestFraming(Limits {})
{
}

RequestFraming::RequestFraming(Limits limits)
    : m_limits {limits}
{
}

RequestFraming::Step RequestFraming::feed(QByteArrayView data)
{
    Step step;
    while (!data.isEmpty()) {
        switch (m_phase) {
        case Phase::Headers: {
            if (m_headerBlock.isEmpty()) {
                while (!data.isEmpty() && (data.front() == '\r' || data.front() == '\n'))
                    data = data.sliced(1);
                if (data.isEmpty())
                    return step;
            }
            const qsizetype searchFrom = std::max<qsizetype>(0, m_headerBlock.size() - 3);
            m_headerBlock.append(data);
            const auto end = headerBlockEnd(m_headerBlock, searchFrom);
            // Whether the block arrived whole or in pieces, the limit is the same.
            if ((end && *end > m_limits.maxHeaderBytes) || (!end && m_headerBlock.size() > m_limits.maxHeaderBytes)) {
                step.rejection = Rejection {431, "Request Header Fields Too Large",
                                            QStringLiteral("request headers are larger than %1 bytes")
                                                .arg(m_limits.maxHeaderBytes)};
                return step;
            }
            if (!end)
                return step;
            const qsizetype unused = m_headerBlock.size() - *end;
            data = data.sliced(data.size() - unused);
            m_headerBlock.truncate(*end);
            if ((step.rejection = startBody(step)))
                return step;
            m_headerBlock.clear();
            break;
        }
        case Phase::Body: {
            const qint64 taken = std::min<qint64>(m_bodyRemaining, data.size());
            m_bodyRemaining -= taken;
            data = data.sliced(taken);
            if (m_bodyRemaining == 0)
                m_phase = Phase::Headers;
            break;
        }
        case Phase::ChunkedBody: {
            const qsizetype tailSize = m_chunkedTail.size();
            const QByteArray window = m_chunkedTail + data.toByteArray();
            const qsizetype end = window.indexOf(chunkedEnd);
            const qsizetype consumed = end >= 0 ? end + chunkedEnd.size() - tailSize : data.size();
            m_chunkedBytes += consumed;
            if (m_chunkedBytes > m_limits.maxBodyBytes) {
                step.rejection = tooLarge(m_limits.maxBodyBytes);
                return step;
            }
            if (end >= 0) {
                m_phase = Phase::Headers;
                m_chunkedTail.clear();
            } else {
                m_chunkedTail = window.right(chunkedEnd.size() - 1);
            }
            data = data.sliced(consumed);
            break;
        }
        }
    }
    return step;
}

// A header block is complete: decide how its body is framed, and refuse one too large before it arrives.
std::optional<RequestFraming::Rejection> RequestFraming::startBody(Step &step)
{
    const bool chunked = headerValue(m_headerBlock, "transfer-encoding").value_or(QByteArray()).toLower().contains("chunked");
    const qint64 contentLength = headerValue(m_headerBlock, "content-length").value_or("0").toLongLong();
    if (!chunked && contentLength > m_limits.maxBodyBytes)
        return tooLarge(m_limits.maxBodyBytes);
    if (chunked) {
        m_phase = Phase::ChunkedBody;
        m_chunkedBytes = 0;
        m_chunkedTail = QByteArrayLiteral("\r\n");   // the first chunk may be the last: "0\r\n\r\n"
    } else if (contentLength > 0) {
        m_phase = Phase::Body;
        m_bodyRemaining = contentLength;
    } else {
        m_phase = Phase::Headers;
    }
    const bool expectsContinue =
        headerValue(m_headerBlock, "expect").value_or(QByteArray()).compare("100-continue", Qt::CaseInsensitive) == 0;
    if (expectsContinue && m_phase != Phase::Headers)
        ++step.continues;
    return std::nullopt;
}
