// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "views/topologylinkitem.h"
#include "views/topologynodeitem.h"

#include <QGraphicsView>
#include <QHash>

// The nodes and their peer links as a graph, updated in place: items are kept between updates so
// a node the user has dragged stays where it was put.
class TopologyView : public QGraphicsView
{
    Q_OBJECT

public:
    struct Link
    {
        QString from;                  // node keys
        QString to;
        TopologyLinkItem::Direction direction;
    };

    explicit TopologyView(QWidget *parent = nullptr);

    void setTopology(const QList<TopologyNodeItem::Info> &nodes, const QList<Link> &links);
    void selectNode(const QString &key);
    QString selectedNode() const;
    TopologyLinkItem *linkBetween(const QString &a, const QString &b) const;
    TopologyNodeItem *nodeItem(const QString &key) const { return m_nodes.value(key); }
    int linkCount() const { return int(m_links.size()); }

signals:
    void nodeSelected(const QString &key);
    // A right click on the link between two nodes (their keys), at a global position for a menu.
    void linkMenuRequested(const QString &first, const QString &second, const QPoint &globalPos);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    static QString linkKey(const QString &a, const QString &b);
    void placeNewNodes(const QList<TopologyNodeItem *> &added);
    void fitAll();

    QGraphicsScene *m_scene;
    QHash<QString, TopologyNodeItem *> m_nodes;
    QHash<QString, TopologyLinkItem *> m_links;
    QString m_selectedKey;
    bool m_selecting = false;
};
