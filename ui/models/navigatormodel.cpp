// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/navigatormodel.h"

#include "bridgetexts.h"
#include "models/instancemodel.h"
#include "models/registrymirror.h"
#include "api/registryconnection.h"
#include "api/selfpreservationtext.h"
#include "views/statuspalette.h"

#include <QDateTime>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

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

void NavigatorModel::addSource(const QString &group, RegistryConnection *source)
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

void NavigatorModel::removeSource(RegistryConnection *source)
{
    if (QStandardItem *item = itemOf(source))
        item->parent()->removeRow(item->row());
}

void NavigatorModel::update(RegistryConnection *source, const RegistryMirror *mirror)
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
    const QColor stateColor = source->state() == RegistryConnection::State::Running ? StatusPalette::healthy()
                            : source->state() == RegistryConnection::State::Starting ? StatusPalette::accent()
                            : source->state() == RegistryConnection::State::Unreachable ? StatusPalette::failing()
                                                                                      : StatusPalette::inactive();
    if (state->foreground().color() != stateColor)
        state->setForeground(stateColor);
    if (!source->lastError().isEmpty())
        state->setToolTip(source->lastError());
    if (!mirror || !mirror->hasStatus() || source->state() != RegistryConnection::State::Running) {
        updateBridges(item, source, {});
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
    setText(RenewalsColumn, QString::number(qRound(mirror->renewsPerMin())));
    const auto &preservation = status.selfPreservation;
    const bool measuring = preservation.reason() == SelfPreservationState::Reason::Measuring;
    setText(SelfPreservationColumn, status.store.kind == StoreStatus::Kind::Etcd ? tr("n/a (leases in etcd)")
                                    : !preservation.enabled ? tr("off (disabled)")
                                    : measuring ? tr("measuring until %1").arg(SelfPreservationText::measuredAt(preservation))
                                    : preservation.active ? tr("ACTIVE: holding leases")
                                                          : tr("armed"));
    QStandardItem *preservationCell = parent->child(row, SelfPreservationColumn);
    const bool held = preservation.active && !measuring && status.store.kind != StoreStatus::Kind::Etcd;
    const QColor preservationColor = held ? StatusPalette::warning() : QColor();
    if (preservationCell->foreground().color() != preservationColor)
        preservationCell->setForeground(held ? QBrush(preservationColor) : QBrush());
    updateBridges(item, source, status.bridges);
}

// Bridge rows are kept in the order the node lists its bridges, updated in place.
void NavigatorModel::updateBridges(QStandardItem *sourceItem, RegistryConnection *source,
                                   const QList<BridgeState> &bridges)
{
    for (int row = sourceItem->rowCount() - 1; row >= 0; --row) {
        const QString url = sourceItem->child(row)->data(BridgeUrlRole).toString();
        const bool kept = std::any_of(bridges.cbegin(), bridges.cend(),
                                      [&](const BridgeState &bridge) { return bridge.url == url; });
        if (!kept)
            sourceItem->removeRow(row);
    }
    for (const BridgeState &bridge : bridges) {
        int row = 0;
        while (row < sourceItem->rowCount() && sourceItem->child(row)->data(BridgeUrlRole).toString() != bridge.url)
            ++row;
        if (row == sourceItem->rowCount()) {
            QList<QStandardItem *> cells;
            for (int column = 0; column < ColumnCount; ++column) {
                auto *cell = new QStandardItem;
                cell->setEditable(false);
                cell->setData(QVariant::fromValue<QObject *>(source), SourceRole);
                cell->setData(bridge.url, BridgeUrlRole);
                cells << cell;
            }
            cells[NameColumn]->setIcon(QIcon(QStringLiteral(":/icons/bridge.svg")));
            sourceItem->appendRow(cells);
        }
        fillBridgeRow(sourceItem, row, bridge);
    }
}

void NavigatorModel::fillBridgeRow(QStandardItem *sourceItem, int row, const BridgeState &bridge)
{
    const QString details = BridgeTexts::details(bridge, QDateTime::currentMSecsSinceEpoch());
    const auto set = [&](int column, const QString &text) {
        QStandardItem *cell = sourceItem->child(row, column);
        if (cell->text() != text)
            cell->setText(text);
        if (cell->toolTip() != details)
            cell->setToolTip(details);
    };
    set(NameColumn, tr("Bridge: %1").arg(BridgeTexts::kindName(bridge.kind)));
    set(AddressColumn, bridge.url);
    set(StateColumn, BridgeTexts::phaseName(bridge.phase));
    set(InstancesColumn, BridgeTexts::counts(bridge));
    set(RenewalsColumn, QString());
    set(SelfPreservationColumn, QString());
    QStandardItem *state = sourceItem->child(row, StateColumn);
    const QColor color = BridgeTexts::phaseColor(bridge.phase);
    if (state->foreground().color() != color)
        state->setForeground(color);
    if (state->data(BridgePhaseRole) != int(bridge.phase)) {
        state->setData(int(bridge.phase), BridgePhaseRole);
        // A filled disc in the phase's colour beside its name, so a cut bridge stands out at a glance.
        QPixmap dot(10, 10);
        dot.fill(Qt::transparent);
        QPainter painter(&dot);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(dot.rect().adjusted(1, 1, -1, -1));
        painter.end();
        state->setIcon(QIcon(dot));
    }
}

QString NavigatorModel::stateName(int state)
{
    switch (RegistryConnection::State(state)) {
    case RegistryConnection::State::Starting: return tr("starting");
    case RegistryConnection::State::Running: return tr("running");
    case RegistryConnection::State::Stopped: return tr("stopped");
    case RegistryConnection::State::Unreachable: return tr("unreachable");
    }
    return {};
}

QModelIndex NavigatorModel::indexOf(RegistryConnection *source) const
{
    QStandardItem *item = itemOf(source);
    return item ? item->index() : QModelIndex();
}

RegistryConnection *NavigatorModel::sourceAt(const QModelIndex &index) const
{
    return qobject_cast<RegistryConnection *>(index.siblingAtColumn(NameColumn).data(SourceRole).value<QObject *>());
}

QString NavigatorModel::groupAt(const QModelIndex &index) const
{
    QModelIndex group = index.siblingAtColumn(NameColumn);
    if (group.parent().isValid())
        group = group.parent();
    return group.data(GroupRole).toString();
}

QString NavigatorModel::bridgeUrlAt(const QModelIndex &index) const
{
    return index.siblingAtColumn(NameColumn).data(BridgeUrlRole).toString();
}

QModelIndex NavigatorModel::indexOfBridge(RegistryConnection *source, const QString &url) const
{
    QStandardItem *sourceItem = itemOf(source);
    for (int row = 0; sourceItem && row < sourceItem->rowCount(); ++row) {
        if (sourceItem->child(row)->data(BridgeUrlRole).toString() == url)
            return sourceItem->child(row)->index();
    }
    return {};
}

QStandardItem *NavigatorModel::groupItem(const QString &group) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row)->data(GroupRole).toString() == group)
            return item(row);
    }
    return nullptr;
}

QStandardItem *NavigatorModel::itemOf(RegistryConnection *source) const
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
