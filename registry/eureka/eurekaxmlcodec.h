// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eureka/decodedinstance.h"
#include "eureka/eurekajsoncodec.h"

#include <QByteArray>

class QXmlStreamReader;
class QXmlStreamWriter;

// Eureka's XML as XStream writes it (contract §2.4), read leniently.
namespace EurekaXmlCodec {
QByteArray encodeInstanceDocument(const Instance &instance);
QByteArray encodeApplication(const EurekaApplication &application);
QByteArray encodeApplications(const QList<EurekaApplication> &applications,
                              const QString &versionsDelta, const QString &hashcode);
void writeInstance(QXmlStreamWriter &writer, const Instance &instance);

DecodedInstance decodeInstanceDocument(const QByteArray &body);   // expects <instance>
}
