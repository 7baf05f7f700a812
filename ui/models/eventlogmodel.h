// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"

#include <QAbstractTableModel>
#include <QList>

#include <deque>

// What happened, newest last: registrations, cancels, expiries, status changes, service changes,
// replication errors, peer and node state changes, from every registry the console shows.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Category
    {
        Registration,
        Cancel,
        Expiry,
        Status,
        Metadata,
        Service,
        Replication,
        Peer,
        Node,
        Bridge,
    };
    Q_ENUM(Category)

    enum Column
    {
        TimeColumn,
        RegistryColumn,
        CategoryColumn,
        SubjectColumn,
        DetailColumn,
        ColumnCount,
    };

    enum Role
    {
        CategoryRole = Qt::UserRole + 1,
        TimestampRole,
    };

    struct Event
    {
        qint64 timeMs = 0;
        QString registry;
        Category category = Category::Node;
        QString subject;
        QString detail;
    };

    explicit EventLogModel(int capacity = 5000, QObject *parent = nullptr);

    // Events are kept in time order, oldest first, whatever order they arrive in.
    void append(const Event &event);
    // Appends a burst with one insertion (and at most one removal of the oldest) for the views.
    void appendAll(const QList<Event> &events);
    void appendChange(const QString &registry, const RegistryChange &change);
    static Event eventFor(const QString &registry, const RegistryChange &change);
    const Event &eventAt(int row) const { return m_events[size_t(row)]; }
    static QString categoryName(Category category);
    static QList<Category> categories();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:

    std::deque<Event> m_events;
    int m_capacity;
};
