// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/leasebardelegate.h"

#include "models/instancemodel.h"
#include "views/statuspalette.h"

#include <QApplication>
#include <QPainter>

void LeaseBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const double fraction = index.data(InstanceModel::LeaseFractionRole).toDouble();
    if (fraction < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QRect track = option.rect.adjusted(4, option.rect.height() / 4, -4, -option.rect.height() / 4);
    const QColor fill = fraction > 1.0 / 3 ? StatusPalette::healthy()
                      : fraction > 0      ? StatusPalette::warning()
                                          : StatusPalette::failing();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Mid));
    painter->drawRoundedRect(track, 3, 3);
    QRect filled = track;
    filled.setWidth(fraction > 0 ? std::max(2, int(track.width() * fraction)) : track.width());
    painter->setBrush(fraction > 0 ? fill : fill.lighter(150));
    painter->drawRoundedRect(filled, 3, 3);
    painter->restore();
}
