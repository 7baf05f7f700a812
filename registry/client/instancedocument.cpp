// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/instancedocument.h"

#include "eureka/eurekajsoncodec.h"

QByteArray InstanceDocument::eurekaJson(const Instance &instance)
{
    return EurekaJsonCodec::encodeInstanceDocument(instance);
}
