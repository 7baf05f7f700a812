// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsItem>

class TopologyNodeItem;

// A link between two nodes (peers, or a node and an external registry it bridges to): coloured by
// its state, labelled with queue length and lag, with an arrow head for each direction that carries
// changes; a dashed line for a link that is cut or not up yet.
class TopologyLinkItem : public QGraphicsItem
{
public:
    struct Direction
    {
        bool present = false;
        QColor color;
        QString label;                 // "queue 3 · lag 12 ms"
        Qt::PenStyle style = Qt::SolidLine;
        QString toolTip;
    };

    TopologyLinkItem(TopologyNodeItem *a, TopologyNodeItem *b);

    TopologyNodeItem *first() const { return m_a; }
    TopologyNodeItem *second() const { return m_b; }
    void setDirections(Direction fromFirst, Direction fromSecond);
    const Direction &fromFirst() const { return m_fromFirst; }
    const Direction &fromSecond() const { return m_fromSecond; }
    void adjust();

    QRectF boundingRect() const override;
    // Only the line itself, so hovering it (for its tooltip) means pointing at it.
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintDirection(QPainter *painter, QLineF line, const Direction &direction, qreal labelOffset) const;

    TopologyNodeItem *m_a;
    TopologyNodeItem *m_b;
    Direction m_fromFirst;
    Direction m_fromSecond;
    QLineF m_line;
};
