// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eureka/decodedinstance.h"
#include "model/instance.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <functional>

// One application as the encoders see it; the instances are owned elsewhere and outlive the call.
struct EurekaApplication
{
    QString name;
    QList<const Instance *> instances;
};

// Eureka's JSON as the legacy EurekaJacksonCodec writes it (contract §2.1–2.2), read leniently (§2.5).
class EurekaJsonCodec
{
public:
    // The compact JSON of one instance, {"instanceId": …}; a source may return it from a cache.
    using InstanceSource = std::function<QByteArray(const Instance &)>;

    static QJsonObject encodeInstance(const Instance &instance);
    static QByteArray encodeInstanceObject(const Instance &instance);
    static QByteArray encodeInstanceDocument(const Instance &instance);          // {"instance":{…}}
    static QByteArray encodeApplication(const EurekaApplication &application,
                                        const InstanceSource &source = encodeInstanceObject);   // {"application":{…}}
    static QByteArray encodeApplications(const QList<EurekaApplication> &applications,
                                         const QString &versionsDelta, const QString &hashcode,
                                         const InstanceSource &source = encodeInstanceObject);

    static DecodedInstance decodeInstanceDocument(const QByteArray &body);       // expects {"instance":{…}}
    static DecodedInstance decodeInstance(const QJsonObject &object);
};
