// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/topologylinkitem.h"

#include "views/topologynodeitem.h"

#include <QPainter>
#include <QPainterPath>
#include <QPainterPathStroker>
#include <QStringList>

#include <cmath>

TopologyLinkItem::TopologyLinkItem(TopologyNodeItem *a, TopologyNodeItem *b)
    : m_a(a)
    , m_b(b)
{
    setZValue(0);
    adjust();
}

void TopologyLinkItem::setDirections(Direction fromFirst, Direction fromSecond)
{
    m_fromFirst = std::move(fromFirst);
    m_fromSecond = std::move(fromSecond);
    QStringList toolTips;
    for (const Direction *direction : {&m_fromFirst, &m_fromSecond}) {
        if (direction->present && !direction->toolTip.isEmpty() && !toolTips.contains(direction->toolTip))
            toolTips << direction->toolTip;
    }
    setToolTip(toolTips.join(u'\n'));
    update();
}

void TopologyLinkItem::adjust()
{
    prepareGeometryChange();
    m_line = QLineF(m_a->pos(), m_b->pos());
}

QRectF TopologyLinkItem::boundingRect() const
{
    return QRectF(m_line.p1(), m_line.p2()).normalized().adjusted(-120, -40, 120, 40);
}

QPainterPath TopologyLinkItem::shape() const
{
    QPainterPath line;
    line.moveTo(m_line.p1());
    line.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(18);
    return stroker.createStroke(line);
}

void TopologyLinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_line.length() < 2 * TopologyNodeItem::radius)
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    // Two parallel lanes, one per direction, so each direction's state can be seen.
    const QLineF normal = m_line.normalVector().unitVector();
    const QPointF shift = (normal.p2() - normal.p1()) * 5;
    if (m_fromFirst.present)
        paintDirection(painter, m_line.translated(shift), m_fromFirst, 14);
    if (m_fromSecond.present)
        paintDirection(painter, QLineF(m_line.p2(), m_line.p1()).translated(-shift), m_fromSecond, 14);
}

void TopologyLinkItem::paintDirection(QPainter *painter, QLineF line, const Direction &direction,
                                      qreal labelOffset) const
{
    const qreal length = line.length();
    const qreal inset = TopologyNodeItem::radius + 4;
    const QLineF visible(line.pointAt(inset / length), line.pointAt(1 - inset / length));
    painter->setPen(QPen(direction.color, 2.5, direction.style));
    painter->drawLine(visible);
    painter->setPen(QPen(direction.color, 2.5));
    const double angle = std::atan2(-visible.dy(), visible.dx());
    const QPointF tip = visible.p2();
    const QPointF left = tip - QPointF(std::sin(angle + M_PI / 3) * 10, std::cos(angle + M_PI / 3) * 10);
    const QPointF right = tip - QPointF(std::sin(angle + M_PI - M_PI / 3) * 10, std::cos(angle + M_PI - M_PI / 3) * 10);
    painter->setBrush(direction.color);
    painter->drawPolygon(QPolygonF({tip, left, right}));
    if (direction.label.isEmpty())
        return;
    const QLineF normal = visible.normalVector().unitVector();
    // Each label sits near its sender, so the two directions' labels never meet.
    const QPointF labelAt = visible.pointAt(0.3) + (normal.p2() - normal.p1()) * labelOffset;
    painter->setPen(direction.color.darker(140));
    painter->drawText(QRectF(labelAt.x() - 110, labelAt.y() - 9, 220, 18), Qt::AlignCenter, direction.label);
}
