// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/topologynodeitem.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QWidget>

TopologyNodeItem::TopologyNodeItem(Info info, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_info(std::move(info))
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(1);
    setToolTip(m_info.toolTip.isEmpty() ? m_info.address : m_info.toolTip);
}

void TopologyNodeItem::setInfo(Info info)
{
    m_info = std::move(info);
    setToolTip(m_info.toolTip.isEmpty() ? m_info.address : m_info.toolTip);
    update();
}

QRectF TopologyNodeItem::boundingRect() const
{
    return QRectF(-labelWidth / 2, -radius - 4, labelWidth, 2 * radius + 48);
}

void TopologyNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const QPalette palette = widget ? widget->palette() : QPalette();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    QPen outline(selected ? palette.color(QPalette::Highlight) : m_info.color.darker(130), selected ? 4 : 2);
    if (m_info.external)
        outline.setStyle(Qt::DashLine);
    QColor fill = m_info.color;
    fill.setAlpha(m_info.external ? 60 : 200);
    if (m_info.shape == Shape::ExternalRegistry) {
        paintCylinder(painter, outline, fill);
    } else {
        painter->setPen(outline);
        painter->setBrush(fill);
        painter->drawEllipse(QPointF(0, 0), radius, radius);
    }
    painter->setPen(palette.color(QPalette::BrightText));
    QFont bold = painter->font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->drawText(QRectF(-radius, -radius, 2 * radius, 2 * radius), Qt::AlignCenter, m_info.detail);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRectF(-labelWidth / 2, radius + 2, labelWidth, 20), Qt::AlignHCenter | Qt::AlignTop, m_info.name);
    bold.setBold(false);
    painter->setFont(bold);
    const QString address = painter->fontMetrics().elidedText(m_info.address, Qt::ElideMiddle, int(labelWidth));
    painter->drawText(QRectF(-labelWidth / 2, radius + 22, labelWidth, 20), Qt::AlignHCenter | Qt::AlignTop, address);
}

// The usual picture of a data store: a body with an elliptic lid, within the disc's bounds.
void TopologyNodeItem::paintCylinder(QPainter *painter, const QPen &outline, const QColor &fill) const
{
    const qreal halfWidth = radius;
    const qreal lid = radius / 3;
    const qreal top = -radius + lid / 2;
    const qreal bottom = radius - lid / 2;
    QPainterPath body;
    body.moveTo(-halfWidth, top);
    body.lineTo(-halfWidth, bottom);
    body.arcTo(QRectF(-halfWidth, bottom - lid / 2, 2 * halfWidth, lid), 180, 180);
    body.lineTo(halfWidth, top);
    body.arcTo(QRectF(-halfWidth, top - lid / 2, 2 * halfWidth, lid), 0, -180);
    painter->setPen(outline);
    painter->setBrush(fill);
    painter->drawPath(body);
    painter->setBrush(fill.lighter(130));
    painter->drawEllipse(QRectF(-halfWidth, top - lid / 2, 2 * halfWidth, lid));
}

QVariant TopologyNodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        emit moved();
    return QGraphicsObject::itemChange(change, value);
}
