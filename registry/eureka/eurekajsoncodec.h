// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "decodedinstance.h"
#include "instance.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

struct EurekaApplication
{
    QString name;
    QList<Instance> instances;
};

// Eureka's JSON as the legacy EurekaJacksonCodec writes it (contract §2.1–2.2), read leniently (§2.5).
class EurekaJsonCodec
{
public:
    static QJsonObject encodeInstance(const Instance &instance);
    static QByteArray encodeInstanceDocument(const Instance &instance);          // {"instance":{…}}
    static QByteArray encodeApplication(const EurekaApplication &application);   // {"application":{…}}
    static QByteArray encodeApplications(const QList<EurekaApplication> &applications,
                                         const QString &versionsDelta, const QString &hashcode);

    static DecodedInstance decodeInstanceDocument(const QByteArray &body);       // expects {"instance":{…}}
    static DecodedInstance decodeInstance(const QJsonObject &object);
};
