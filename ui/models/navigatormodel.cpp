// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/navigatormodel.h"

#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "registrysource.h"
#include "views/statuspalette.h"

#include <QIcon>

NavigatorModel::NavigatorModel(QObject *parent)
    : QStandardItemModel(0, ColumnCount, parent)
{
    setHorizontalHeaderLabels({tr("Registry"), tr("Address"), tr("State"), tr("Instances"), tr("Renewals/min"),
                               tr("Self-preservation")});
}

void NavigatorModel::addGroup(const QString &group, const QString &title)
{
    if (groupItem(group))
        return;
    auto *item = new QStandardItem(title);
    item->setData(group, GroupRole);
    item->setEditable(false);
    item->setIcon(QIcon(QStringLiteral(":/icons/cluster.svg")));
    QList<QStandardItem *> row {item};
    for (int column = 1; column < ColumnCount; ++column) {
        auto *cell = new QStandardItem;
        cell->setEditable(false);
        row << cell;
    }
    appendRow(row);
}

void NavigatorModel::addSource(const QString &group, RegistrySource *source)
{
    QStandardItem *parent = groupItem(group);
    if (!parent)
        return;
    QList<QStandardItem *> row;
    for (int column = 0; column < ColumnCount; ++column) {
        auto *cell = new QStandardItem;
        cell->setEditable(false);
        cell->setData(QVariant::fromValue<QObject *>(source), SourceRole);
        row << cell;
    }
    row[NameColumn]->setText(source->name());
    row[NameColumn]->setIcon(QIcon(source->isLocal() ? QStringLiteral(":/icons/node.svg")
                                                     : QStringLiteral(":/icons/remote.svg")));
    parent->appendRow(row);
    update(source, nullptr);
}

void NavigatorModel::removeSource(RegistrySource *source)
{
    if (QStandardItem *item = itemOf(source))
        item->parent()->removeRow(item->row());
}

void NavigatorModel::update(RegistrySource *source, const RegistryMirror *mirror)
{
    QStandardItem *item = itemOf(source);
    if (!item)
        return;
    QStandardItem *parent = item->parent();
    const int row = item->row();
    const auto setText = [&](int column, const QString &text) {
        QStandardItem *cell = parent->child(row, column);
        if (cell->text() != text)
            cell->setText(text);
    };
    setText(AddressColumn, source->address());
    setText(StateColumn, stateName(int(source->state())));
    QStandardItem *state = parent->child(row, StateColumn);
    const QColor stateColor = source->state() == RegistrySource::State::Running ? StatusPalette::healthy()
                            : source->state() == RegistrySource::State::Starting ? StatusPalette::accent()
                            : source->state() == RegistrySource::State::Unreachable ? StatusPalette::failing()
                                                                                      : StatusPalette::inactive();
    if (state->foreground().color() != stateColor)
        state->setForeground(stateColor);
    if (!source->lastError().isEmpty())
        state->setToolTip(source->lastError());
    if (!mirror || !mirror->hasStatus() || source->state() != RegistrySource::State::Running) {
        setText(InstancesColumn, QString());
        setText(RenewalsColumn, QString());
        setText(SelfPreservationColumn, QString());
        return;
    }
    const auto &status = mirror->status();
    // A node over etcd says so; with etcd gone its reads are a stale cache and writes are refused.
    if (status.store.kind == StoreStatus::Kind::Etcd) {
        setText(StateColumn, status.store.stale ? tr("running, store stale") : tr("running on etcd"));
        if (status.store.stale)
            state->setForeground(StatusPalette::warning());
        state->setToolTip(status.store.stale ? tr("etcd unreachable: %1").arg(status.store.lastError)
                                             : tr("etcd at %1, prefix %2").arg(status.store.endpoint, status.store.prefix));
    }
    setText(InstancesColumn, QString::number(mirror->instances()->rowCount()));
    setText(RenewalsColumn, QString::number(qRound(mirror->measuredRenewsPerMin())));
    const auto &preservation = status.selfPreservation;
    setText(SelfPreservationColumn, status.store.kind == StoreStatus::Kind::Etcd ? tr("n/a (leases in etcd)")
                                    : !preservation.enabled ? tr("off (disabled)")
                                    : preservation.active ? tr("ACTIVE: holding leases")
                                                          : tr("armed"));
    QStandardItem *preservationCell = parent->child(row, SelfPreservationColumn);
    const bool held = preservation.active && status.store.kind != StoreStatus::Kind::Etcd;
    const QColor preservationColor = held ? StatusPalette::warning() : QColor();
    if (preservationCell->foreground().color() != preservationColor)
        preservationCell->setForeground(held ? QBrush(preservationColor) : QBrush());
}

QString NavigatorModel::stateName(int state)
{
    switch (RegistrySource::State(state)) {
    case RegistrySource::State::Starting: return tr("starting");
    case RegistrySource::State::Running: return tr("running");
    case RegistrySource::State::Stopped: return tr("stopped");
    case RegistrySource::State::Unreachable: return tr("unreachable");
    }
    return {};
}

QModelIndex NavigatorModel::indexOf(RegistrySource *source) const
{
    QStandardItem *item = itemOf(source);
    return item ? item->index() : QModelIndex();
}

RegistrySource *NavigatorModel::sourceAt(const QModelIndex &index) const
{
    return qobject_cast<RegistrySource *>(index.siblingAtColumn(NameColumn).data(SourceRole).value<QObject *>());
}

QString NavigatorModel::groupAt(const QModelIndex &index) const
{
    QModelIndex group = index.siblingAtColumn(NameColumn);
    if (group.parent().isValid())
        group = group.parent();
    return group.data(GroupRole).toString();
}

QStandardItem *NavigatorModel::groupItem(const QString &group) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row)->data(GroupRole).toString() == group)
            return item(row);
    }
    return nullptr;
}

QStandardItem *NavigatorModel::itemOf(RegistrySource *source) const
{
    for (int groupRow = 0; groupRow < rowCount(); ++groupRow) {
        QStandardItem *group = item(groupRow);
        for (int row = 0; row < group->rowCount(); ++row) {
            if (group->child(row)->data(SourceRole).value<QObject *>() == source)
                return group->child(row);
        }
    }
    return nullptr;
}
