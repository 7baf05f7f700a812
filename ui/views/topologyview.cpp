// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/topologyview.h"

#include <QContextMenuEvent>

#include <QGraphicsScene>
#include <QSet>

#include <cmath>

TopologyView::TopologyView(QWidget *parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::NoDrag);
    setMinimumSize(300, 200);
    // One node is selected at a time: a newly selected node replaces the one before.
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        if (m_selecting)
            return;
        const auto selected = m_scene->selectedItems();
        for (auto *item : selected) {
            auto *node = dynamic_cast<TopologyNodeItem *>(item);
            if (!node || node->info().key == m_selectedKey)
                continue;
            selectNode(node->info().key);
            emit nodeSelected(m_selectedKey);
            return;
        }
    });
}

QString TopologyView::linkKey(const QString &a, const QString &b)
{
    return a < b ? a + u'|' + b : b + u'|' + a;
}

void TopologyView::setTopology(const QList<TopologyNodeItem::Info> &nodes, const QList<Link> &links)
{
    QSet<QString> seenNodes;
    QList<TopologyNodeItem *> added;
    for (const auto &info : nodes) {
        seenNodes.insert(info.key);
        if (auto *item = m_nodes.value(info.key)) {
            item->setInfo(info);
            continue;
        }
        auto *item = new TopologyNodeItem(info);
        connect(item, &TopologyNodeItem::moved, this, [this] {
            for (auto *link : std::as_const(m_links))
                link->adjust();
        });
        m_scene->addItem(item);
        m_nodes.insert(info.key, item);
        added << item;
    }
    QSet<QString> seenLinks;
    QHash<QString, std::pair<TopologyLinkItem::Direction, TopologyLinkItem::Direction>> directions;
    for (const auto &link : links) {
        if (!m_nodes.contains(link.from) || !m_nodes.contains(link.to) || link.from == link.to)
            continue;
        const QString key = linkKey(link.from, link.to);
        seenLinks.insert(key);
        auto &pair = directions[key];
        (link.from < link.to ? pair.first : pair.second) = link.direction;
    }
    for (auto it = m_links.begin(); it != m_links.end();) {
        const bool endsKept = seenNodes.contains(it.value()->first()->info().key)
                           && seenNodes.contains(it.value()->second()->info().key);
        if (!seenLinks.contains(it.key()) || !endsKept) {
            delete it.value();
            it = m_links.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (!seenNodes.contains(it.key())) {
            delete it.value();
            it = m_nodes.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString &key : std::as_const(seenLinks)) {
        const QStringList ends = key.split(u'|');
        TopologyLinkItem *item = m_links.value(key);
        if (!item) {
            item = new TopologyLinkItem(m_nodes.value(ends[0]), m_nodes.value(ends[1]));
            m_scene->addItem(item);
            m_links.insert(key, item);
        }
        const auto &pair = directions.value(key);
        item->setDirections(pair.first, pair.second);
    }
    if (!added.isEmpty())
        placeNewNodes(added);
}

// New nodes go on a circle with the others; nodes already placed keep their place.
void TopologyView::placeNewNodes(const QList<TopologyNodeItem *> &added)
{
    QList<TopologyNodeItem *> all = m_nodes.values();
    std::sort(all.begin(), all.end(), [](auto *a, auto *b) { return a->info().key < b->info().key; });
    const qreal radius = 90 + 45 * all.size();
    for (int i = 0; i < all.size(); ++i) {
        if (!added.contains(all[i]))
            continue;
        const double angle = 2 * M_PI * i / all.size() + M_PI;
        all[i]->setPos(radius * std::cos(angle), radius * std::sin(angle));
    }
    for (auto *link : std::as_const(m_links))
        link->adjust();
    fitAll();
}

void TopologyView::fitAll()
{
    const QRectF bounds = m_scene->itemsBoundingRect().adjusted(-40, -40, 40, 40);
    m_scene->setSceneRect(bounds);
    fitInView(bounds, Qt::KeepAspectRatio);
    // Shrink to fit, but never blow a small graph up past its natural size.
    if (transform().m11() > 1.0)
        resetTransform();
}

void TopologyView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    fitAll();
}

void TopologyView::selectNode(const QString &key)
{
    m_selectedKey = key;
    m_selecting = true;
    m_scene->clearSelection();
    if (auto *item = m_nodes.value(key))
        item->setSelected(true);
    m_selecting = false;
}

QString TopologyView::selectedNode() const
{
    return m_nodes.contains(m_selectedKey) ? m_selectedKey : QString();
}

TopologyLinkItem *TopologyView::linkBetween(const QString &a, const QString &b) const
{
    return m_links.value(linkKey(a, b));
}

void TopologyView::contextMenuEvent(QContextMenuEvent *event)
{
    for (QGraphicsItem *item : items(event->pos())) {
        if (const auto *link = dynamic_cast<TopologyLinkItem *>(item)) {
            emit linkMenuRequested(link->first()->info().key, link->second()->info().key, event->globalPos());
            event->accept();
            return;
        }
    }
    QGraphicsView::contextMenuEvent(event);
}
