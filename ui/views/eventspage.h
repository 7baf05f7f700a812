// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class EventFilterModel;
class EventLogModel;
class QComboBox;
class QLineEdit;
class QTableView;

// The event log of every registry, newest at the bottom, filtered by kind, registry and text; it
// follows new events unless the user has scrolled up.
class EventsPage : public QWidget
{
    Q_OBJECT

public:
    explicit EventsPage(EventLogModel *log, QWidget *parent = nullptr);

    void setRegistries(const QStringList &registries);
    EventFilterModel *filter() const { return m_proxy; }

private:
    QComboBox *m_category;
    QComboBox *m_registry;
    QLineEdit *m_search;
    QTableView *m_table;
    EventFilterModel *m_proxy;
    bool m_scrollPending = false;
};
