// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsItem>

class TopologyNodeItem;

// A peer link between two nodes: coloured by its state, labelled with queue length and lag, with an
// arrow head for each direction that replicates.
class TopologyLinkItem : public QGraphicsItem
{
public:
    struct Direction
    {
        bool present = false;
        QColor color;
        QString label;                 // "queue 3 · lag 12 ms"
    };

    TopologyLinkItem(TopologyNodeItem *a, TopologyNodeItem *b);

    TopologyNodeItem *first() const { return m_a; }
    TopologyNodeItem *second() const { return m_b; }
    void setDirections(Direction fromFirst, Direction fromSecond);
    const Direction &fromFirst() const { return m_fromFirst; }
    const Direction &fromSecond() const { return m_fromSecond; }
    void adjust();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintDirection(QPainter *painter, QLineF line, const Direction &direction, qreal labelOffset) const;

    TopologyNodeItem *m_a;
    TopologyNodeItem *m_b;
    Direction m_fromFirst;
    Direction m_fromSecond;
    QLineF m_line;
};
