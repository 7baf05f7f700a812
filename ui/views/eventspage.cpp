// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/eventspage.h"

#include "models/eventfiltermodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

EventsPage::EventsPage(EventLogModel *log, QWidget *parent)
    : QWidget(parent)
    , m_category(new QComboBox(this))
    , m_registry(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_proxy(new EventFilterModel(this))
{
    m_category->addItem(tr("All events"), -1);
    for (const auto category : EventLogModel::categories())
        m_category->addItem(EventLogModel::categoryName(category), int(category));
    m_registry->addItem(tr("All registries"), QString());
    m_search->setPlaceholderText(tr("Filter events…"));
    m_search->setClearButtonEnabled(true);
    m_proxy->setSourceModel(log);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EventLogModel::TimeColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(EventLogModel::TimeColumn, 110);
    m_table->setColumnWidth(EventLogModel::RegistryColumn, 110);
    m_table->setColumnWidth(EventLogModel::CategoryColumn, 110);
    m_table->setColumnWidth(EventLogModel::SubjectColumn, 260);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_category);
    filters->addWidget(m_registry);
    filters->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table);

    connect(m_category, &QComboBox::currentIndexChanged, this, [this] {
        const int category = m_category->currentData().toInt();
        m_proxy->setCategory(category < 0 ? std::nullopt
                                          : std::optional<EventLogModel::Category>(EventLogModel::Category(category)));
    });
    connect(m_registry, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setRegistry(m_registry->currentData().toString()); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &EventFilterModel::setText);
    // Follow new events, at the bottom (oldest first, the default) or at the top when sorted newest
    // first, unless the user has scrolled away from that end; one scroll per burst of events.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        const QScrollBar *bar = m_table->verticalScrollBar();
        const bool newestFirst = m_proxy->sortColumn() == EventLogModel::TimeColumn
            && m_proxy->sortOrder() == Qt::DescendingOrder;
        const bool atNewest = newestFirst ? bar->value() <= bar->minimum() + 2 : bar->value() >= bar->maximum() - 2;
        if (m_scrollPending || !atNewest)
            return;
        m_scrollPending = true;
        QMetaObject::invokeMethod(this, [this, newestFirst] {
            m_scrollPending = false;
            if (newestFirst)
                m_table->scrollToTop();
            else
                m_table->scrollToBottom();
        }, Qt::QueuedConnection);
    });
}

void EventsPage::setRegistries(const QStringList &registries)
{
    const QString current = m_registry->currentData().toString();
    m_registry->clear();
    m_registry->addItem(tr("All registries"), QString());
    for (const auto &name : registries)
        m_registry->addItem(name, name);
    m_registry->setCurrentIndex(std::max(0, m_registry->findData(current)));
}
