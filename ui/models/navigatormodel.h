// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"

#include <QStandardItemModel>

class RegistryMirror;
class RegistryConnection;

// The registries the console knows: clusters of nodes in this process, then remote registries.
// Each row shows the address, state, instance count, renewals per minute and self-preservation; under
// a node, a row for each of its bridges to an external registry: kind, URL, phase and counts.
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
        BridgeUrlRole,                   // the external registry's URL on bridge rows (which also carry SourceRole)
        BridgePhaseRole,                 // BridgeState::Phase as int on bridge rows
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
    // The URL of the bridge on this row, or an empty string on other rows.
    QString bridgeUrlAt(const QModelIndex &index) const;
    QModelIndex indexOfBridge(RegistryConnection *source, const QString &url) const;
    static QString stateName(int state);

private:
    QStandardItem *groupItem(const QString &group) const;
    QStandardItem *itemOf(RegistryConnection *source) const;
    void updateBridges(QStandardItem *sourceItem, RegistryConnection *source, const QList<BridgeState> &bridges);
    void fillBridgeRow(QStandardItem *sourceItem, int row, const BridgeState &bridge);
};
