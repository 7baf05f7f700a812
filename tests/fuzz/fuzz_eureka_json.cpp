// SPDX-License-Identifier: GPL-3.0-or-later
// A register body in Eureka's JSON, as any client may send it.
#include "eureka/eurekajsoncodec.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const DecodedInstance decoded = EurekaJsonCodec::decodeInstanceDocument(body);
    if (decoded.instance) {
        // What was accepted is written back and read again, as a peer and the journal do.
        const DecodedInstance again =
            EurekaJsonCodec::decodeInstanceDocument(EurekaJsonCodec::encodeInstanceDocument(*decoded.instance));
        if (!again.instance)
            std::abort();
    } else if (decoded.error.isEmpty()) {
        std::abort();   // a refusal always says why
    }
    return 0;
}
