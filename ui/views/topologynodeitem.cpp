// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/topologynodeitem.h"

#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QWidget>

TopologyNodeItem::TopologyNodeItem(Info info, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_info(std::move(info))
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(1);
    setToolTip(m_info.address);
}

void TopologyNodeItem::setInfo(Info info)
{
    m_info = std::move(info);
    setToolTip(m_info.address);
    update();
}

QRectF TopologyNodeItem::boundingRect() const
{
    return QRectF(-90, -radius - 4, 180, 2 * radius + 48);
}

void TopologyNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const QPalette palette = widget ? widget->palette() : QPalette();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    QPen outline(selected ? palette.color(QPalette::Highlight) : m_info.color.darker(130), selected ? 4 : 2);
    if (m_info.external)
        outline.setStyle(Qt::DashLine);
    painter->setPen(outline);
    QColor fill = m_info.color;
    fill.setAlpha(m_info.external ? 60 : 200);
    painter->setBrush(fill);
    painter->drawEllipse(QPointF(0, 0), radius, radius);
    painter->setPen(palette.color(QPalette::BrightText));
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(QRectF(-radius, -radius, 2 * radius, 2 * radius), Qt::AlignCenter, m_info.detail);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRectF(-90, radius + 2, 180, 20), Qt::AlignHCenter | Qt::AlignTop, m_info.name);
    bold.setBold(false);
    painter->setFont(bold);
    painter->drawText(QRectF(-90, radius + 22, 180, 20), Qt::AlignHCenter | Qt::AlignTop, m_info.address);
}

QVariant TopologyNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        emit moved();
    return QGraphicsObject::itemChange(change, value);
}
