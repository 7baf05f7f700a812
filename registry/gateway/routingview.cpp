// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/routingview.h"

#include "model/instance.h"

#include <QUrl>

#include <algorithm>

namespace {
int weightFrom(const QString &text)
{
    bool ok = false;
    const int weight = text.trimmed().toInt(&ok);
    return ok ? weight : -1;
}

int weightOf(const Instance &instance, const QMap<QString, QString> &serviceProperties)
{
    for (const QString &text : {instance.metadata.value(QStringLiteral("weight")),
                                serviceProperties.value(QStringLiteral("weight"))}) {
        if (const int weight = weightFrom(text); weight >= 0)
            return std::min(weight, 1000);
    }
    return 1;
}

// Spring Cloud's "zone" metadata, Service-Center's availableZone, then Amazon's availability-zone.
QString zoneOf(const Instance &instance)
{
    if (const QString zone = instance.metadata.value(QStringLiteral("zone")); !zone.isEmpty())
        return zone;
    if (!instance.locality.availableZone.isEmpty())
        return instance.locality.availableZone;
    return instance.dataCenterInfo.metadata.value(QStringLiteral("availability-zone"));
}

// Eureka's ipAddr and port; failing those, the first rest:// or http:// endpoint.
QPair<QString, quint16> addressOf(const Instance &instance)
{
    const QString host = instance.ipAddr.isEmpty() ? instance.hostName : instance.ipAddr;
    if (!host.isEmpty() && instance.port.enabled && instance.port.number > 0 && instance.port.number < 65536)
        return {host, quint16(instance.port.number)};
    for (const QString &endpoint : instance.endpoints) {
        const QUrl url(endpoint);
        if ((url.scheme() == u"rest" || url.scheme() == u"http") && url.port() > 0 && !url.host().isEmpty())
            return {url.host(), quint16(url.port())};
    }
    return {host, 0};
}
}

const RoutedService *RoutingView::find(QStringView service) const
{
    const auto it = m_services.constFind(service.toString().toLower());
    return it == m_services.cend() ? nullptr : &*it;
}

RoutingTarget RoutingView::targetOf(const Instance &instance, const QMap<QString, QString> &serviceProperties)
{
    const auto [host, port] = addressOf(instance);
    return RoutingTarget {instance.instanceId, host, port, weightOf(instance, serviceProperties), zoneOf(instance)};
}

void RoutingView::Builder::addService(const QString &name)
{
    const QString key = name.toLower();
    if (!m_services.contains(key))
        m_services.insert(key, RoutedService {key, {}});
}

void RoutingView::Builder::addInstance(const QString &service, const Instance &instance,
                                       const QMap<QString, QString> &serviceProperties)
{
    addService(service);
    if (instance.status != InstanceStatus::Up)
        return;
    RoutingTarget target = targetOf(instance, serviceProperties);
    if (target.port == 0 || target.weight == 0)
        return;
    m_services[service.toLower()].up.append(std::move(target));
}

std::shared_ptr<const RoutingView> RoutingView::Builder::build()
{
    for (RoutedService &service : m_services) {
        std::sort(service.up.begin(), service.up.end(), [](const RoutingTarget &a, const RoutingTarget &b) {
            return a.instanceId < b.instanceId;
        });
    }
    auto view = std::make_shared<RoutingView>();
    view->m_services = std::exchange(m_services, {});
    return view;
}
