// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsObject>

// A registry node in the topology graph: a disc coloured by its state, its name, address and count;
// an external registry a node bridges to is drawn as a cylinder instead.
class TopologyNodeItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum class Shape
    {
        Node,
        ExternalRegistry,
    };

    struct Info
    {
        QString key;                   // host:port, or the name of a node that has no port yet
        QString name;
        QString address;
        QString detail;                // e.g. "12 instances"
        QColor color;
        bool external = false;         // a peer outside this console
        Shape shape = Shape::Node;
        QString toolTip;               // shown on hover; the address when empty
    };

    explicit TopologyNodeItem(Info info, QGraphicsItem *parent = nullptr);

    const Info &info() const { return m_info; }
    void setInfo(Info info);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    static constexpr qreal radius = 34;
    // Room for the name and address under the shape: an Eureka service URL is long.
    static constexpr qreal labelWidth = 240;

signals:
    void moved();

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void paintCylinder(QPainter *painter, const QPen &outline, const QColor &fill) const;

    Info m_info;
};
