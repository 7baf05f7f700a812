// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// Where one connection's request stream stands, followed over the bytes as they arrive: a header
// block, then a body of Content-Length bytes or chunks up to the terminating 0 chunk. The guard
// feeds it what Qt's parser is about to read (which consumes it), so that it can refuse a large
// body from its headers alone. Pure: no socket, so it is tested and fuzzed on its own.
class RequestFraming
{
public:
    struct Limits
    {
        qint64 maxBodyBytes = 1 << 20;
        qint64 maxHeaderBytes = 64 << 10;
    };

    struct Rejection
    {
        int status;
        QByteArray reason;
        QString message;
    };

    // What the bytes fed asked for: a rejection (the stream must end), and how many requests
    // announced "Expect: 100-continue" before a body (Qt 6.4 never answers it; curl waits a second).
    struct Step
    {
        std::optional<Rejection> rejection;
        int continues = 0;
    };

    RequestFraming();
    explicit RequestFraming(Limits limits);

    Step feed(QByteArrayView data);

private:
    enum class Phase
    {
        Headers,
        Body,
        ChunkedBody,
    };

    std::optional<Rejection> startBody(Step &step);

    Limits m_limits;
    Phase m_phase = Phase::Headers;
    QByteArray m_headerBlock;
    qint64 m_bodyRemaining = 0;
    qint64 m_chunkedBytes = 0;
    QByteArray m_chunkedTail;
};
