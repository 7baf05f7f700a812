// SPDX-License-Identifier: GPL-3.0-or-later
// A register body in Eureka's XML, as the Java client sends it with XStream.
#include "eureka/eurekaxmlcodec.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const DecodedInstance decoded = EurekaXmlCodec::decodeInstanceDocument(body);
    if (decoded.instance)
        EurekaXmlCodec::decodeInstanceDocument(EurekaXmlCodec::encodeInstanceDocument(*decoded.instance));
    else if (decoded.error.isEmpty())
        std::abort();   // a refusal always says why
    return 0;
}
