// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStandardItemModel>

class RegistryMirror;
class RegistryConnection;

// The registries the console knows: clusters of nodes in this process, then remote registries.
// Each row shows the address, state, instance count, renewals per minute and self-preservation.
class NavigatorModel : public QStandardItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        AddressColumn,
        StateColumn,
        InstancesColumn,
        RenewalsColumn,
        SelfPreservationColumn,
        ColumnCount,
    };

    enum Role
    {
        SourceRole = Qt::UserRole + 1,   // RegistryConnection* (as QObject*) on registry rows
        GroupRole,                       // the group name on group rows
    };

    explicit NavigatorModel(QObject *parent = nullptr);

    // Group rows: a local cluster's name, or the remote registries' group.
    void addGroup(const QString &group, const QString &title);
    void addSource(const QString &group, RegistryConnection *source);
    void removeSource(RegistryConnection *source);
    void update(RegistryConnection *source, const RegistryMirror *mirror);

    QModelIndex indexOf(RegistryConnection *source) const;
    RegistryConnection *sourceAt(const QModelIndex &index) const;
    QString groupAt(const QModelIndex &index) const;
    static QString stateName(int state);

private:
    QStandardItem *groupItem(const QString &group) const;
    QStandardItem *itemOf(RegistryConnection *source) const;
};
