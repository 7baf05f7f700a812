// SPDX-License-Identifier: GPL-3.0-or-later
// The bytes of one connection as the guard sees them before Qt's parser: requests, bodies, chunks.
// TCP may cut a stream anywhere, so the outcome must not depend on where: the stream fed in pieces
// (the first byte picks their size) must be refused, or not, exactly as when it arrives whole, and
// announce as many "100 Continue"s up to there.
#include "http/requestframing.h"

#include <cstdint>
#include <cstdlib>

namespace {
struct Outcome
{
    int status = 0;   // 0: not refused
    int continues = 0;
};

Outcome run(QByteArrayView stream, qsizetype piece)
{
    RequestFraming framing({4096, 1024});
    Outcome outcome;
    while (!stream.isEmpty()) {
        const qsizetype taken = std::min(piece, stream.size());
        const RequestFraming::Step step = framing.feed(stream.first(taken));
        stream = stream.sliced(taken);
        outcome.continues += step.continues;
        if (step.rejection) {
            if (step.rejection->status != 413 && step.rejection->status != 431)
                std::abort();
            outcome.status = step.rejection->status;
            break;   // the guard ends the connection here
        }
    }
    return outcome;
}
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const Outcome pieces = run(stream, 1 + data[0] % 64);
    const Outcome whole = run(stream, std::max<qsizetype>(1, stream.size()));
    if (pieces.status != whole.status)
        std::abort();
    if (pieces.status == 0 && pieces.continues != whole.continues)
        std::abort();
    return 0;
}
