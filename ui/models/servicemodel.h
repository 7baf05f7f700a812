// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/registrychange.h"
#include "model/service.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <array>
#include <optional>

// The services (Eureka apps and Service-Center microservices) of one registry with their instances
// counted by status. Instances that name no known service (a plain Eureka server's) get a row per app.
class ServiceModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        AppIdColumn,
        VersionColumn,
        OriginColumn,
        InstancesColumn,
        UpColumn,
        DownColumn,
        StartingColumn,
        OutOfServiceColumn,
        OtherColumn,
        HealthColumn,
        ColumnCount,
    };

    enum Role
    {
        ServiceKeyRole = Qt::UserRole + 1,   // matches InstanceModel::ServiceKeyRole
        OriginRole,                          // Protocol as int
        HealthRole,                          // Health as int
    };

    enum class Health
    {
        NoInstances,
        Healthy,
        Degraded,
        Down,
    };

    explicit ServiceModel(QObject *parent = nullptr);

    void reset(const QList<Service> &services, const QList<Instance> &instances);
    void applyServiceChange(const RegistryChange &change);
    // Moves one instance's count from its previous state (if any) to its new one (none when removed).
    void countInstance(const std::optional<Instance> &before, const std::optional<Instance> &after);

    // The services the registry named (not the rows made up for bare apps).
    QList<Service> knownServices() const;
    int rowOf(const QString &serviceKey) const { return m_rowByKey.value(serviceKey, -1); }
    QString serviceKeyAt(int row) const;
    QString displayNameAt(int row) const;
    Health healthAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum Bucket { Up, Down, Starting, OutOfService, Other, BucketCount };

    struct Row
    {
        QString key;
        Service service;
        bool known = false;          // false for a row made up from an instance's app
        std::array<qsizetype, BucketCount> counts {};

        qsizetype total() const;
    };

    static Bucket bucketOf(InstanceStatus status);
    static QString displayName(const Row &row);
    static Health health(const Row &row);
    QString healthText(Health health) const;
    int ensureRow(const Instance &instance);
    void addCount(const Instance &instance, int delta);
    void removeRowAt(int row);

    QList<Row> m_rows;
    QHash<QString, int> m_rowByKey;
};
