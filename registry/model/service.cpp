// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/service.h"

#include <QCryptographicHash>

QString ServiceKey::indexKey() const
{
    return QStringLiteral("/cse-sr/ms/indexes/%1/%2/%3/%4/%5")
        .arg(domainProject, environment, appId, serviceName, version);
}

QString ServiceKey::derivedServiceId() const
{
    return QString::fromLatin1(QCryptographicHash::hash(indexKey().toUtf8(), QCryptographicHash::Sha1).toHex());
}

ServiceKey EurekaServiceMapping::keyForApp(const QString &app)
{
    ServiceKey key;
    key.appId = QStringLiteral("eureka");
    key.serviceName = app.toLower();
    return key;
}

Service EurekaServiceMapping::serviceForApp(const QString &app, qint64 nowMs)
{
    Service service;
    service.key = keyForApp(app);
    service.serviceId = service.key.derivedServiceId();
    service.properties.insert(QStringLiteral("allowCrossApp"), QStringLiteral("true"));
    service.createdMs = nowMs;
    service.modifiedMs = nowMs;
    service.origin = Protocol::Eureka;
    return service;
}
