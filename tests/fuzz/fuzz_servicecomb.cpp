// SPDX-License-Identifier: GPL-3.0-or-later
// Service-Center v4 request bodies: a service to create, an instance to register, property maps.
#include "servicecomb/servicecombcodec.h"

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonObject object = document.object();
    ServiceCombCodec::decodeService(object.value(QStringLiteral("service")));
    const auto instance = ServiceCombCodec::decodeInstance(object.value(QStringLiteral("instance")));
    if (const Instance *decoded = std::get_if<Instance>(&instance))
        ServiceCombCodec::decodeInstance(ServiceCombCodec::encodeInstance(*decoded, QStringLiteral("1.0.0")));
    ServiceCombCodec::stringMap(object.value(QStringLiteral("properties")));
    return 0;
}
