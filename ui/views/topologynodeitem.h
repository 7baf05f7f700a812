// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsObject>

// A registry node in the topology graph: a disc coloured by its state, its name, address and count.
class TopologyNodeItem : public QGraphicsObject
{
    Q_OBJECT

public:
    struct Info
    {
        QString key;                   // host:port, or the name of a node that has no port yet
        QString name;
        QString address;
        QString detail;                // e.g. "12 instances"
        QColor color;
        bool external = false;         // a peer outside this console
    };

    explicit TopologyNodeItem(Info info, QGraphicsItem *parent = nullptr);

    const Info &info() const { return m_info; }
    void setInfo(Info info);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static constexpr qreal radius = 34;

signals:
    void moved();

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    Info m_info;
};
