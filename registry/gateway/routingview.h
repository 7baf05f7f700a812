// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

struct Instance;

// One instance the gateway may send traffic to.
struct RoutingTarget
{
    QString instanceId;
    QString host;
    quint16 port = 0;
    int weight = 1;
    QString zone;

    QString address() const { return host + u':' + QString::number(port); }
    friend bool operator==(const RoutingTarget &, const RoutingTarget &) = default;
};

struct RoutedService
{
    QString name;                      // lower case
    QList<RoutingTarget> up;           // the UP instances with an address, in a stable order
};

// The immutable view of the registry the gateway routes by: service name (case-insensitive) → its
// UP instances. The node builds a new one when the registry changes and hands it to the gateway's
// thread as a shared pointer; nobody changes a view once it is built.
class RoutingView
{
public:
    const RoutedService *find(QStringView service) const;
    qsizetype serviceCount() const { return m_services.size(); }

    // Builds a view: every service is named once (known, maybe with no instance UP), every
    // instance added to its service when it is UP and has an address.
    class Builder
    {
    public:
        void addService(const QString &name);
        // serviceProperties: the properties of the instance's service, for a "weight" there.
        void addInstance(const QString &service, const Instance &instance,
                         const QMap<QString, QString> &serviceProperties = {});
        std::shared_ptr<const RoutingView> build();

    private:
        QHash<QString, RoutedService> m_services;
    };

    // The target an instance gives, or one with port 0 when it has no usable address.
    static RoutingTarget targetOf(const Instance &instance, const QMap<QString, QString> &serviceProperties);

private:
    QHash<QString, RoutedService> m_services;
};
