// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/servicespage.h"

#include "model/protocol.h"
#include "models/registrymirror.h"
#include "models/servicefiltermodel.h"
#include "models/servicemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

ServicesPage::ServicesPage(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_origin(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_proxy(new ServiceFilterModel(this))
{
    m_search->setPlaceholderText(tr("Search services…"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("serviceSearch"));
    m_origin->addItem(tr("All protocols"), -1);
    m_origin->addItem(tr("Eureka"), int(Protocol::Eureka));
    m_origin->addItem(tr("ServiceComb"), int(Protocol::ServiceComb));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ServiceModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(new QLabel(tr("Protocol:"), this));
    filters->addWidget(m_origin);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &ServiceFilterModel::setText);
    connect(m_origin, &QComboBox::currentIndexChanged, this, &ServicesPage::applyOriginFilter);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit serviceActivated(index.data(ServiceModel::ServiceKeyRole).toString(),
                              index.siblingAtColumn(ServiceModel::NameColumn).data().toString());
    });
}

void ServicesPage::setMirror(RegistryMirror *mirror)
{
    m_proxy->setSourceModel(mirror ? mirror->services() : nullptr);
    if (mirror) {
        m_table->horizontalHeader()->setSectionResizeMode(ServiceModel::NameColumn, QHeaderView::Interactive);
        m_table->setColumnWidth(ServiceModel::NameColumn, 220);
    }
}

QString ServicesPage::currentServiceKey() const
{
    return m_table->currentIndex().data(ServiceModel::ServiceKeyRole).toString();
}

void ServicesPage::applyOriginFilter()
{
    const int origin = m_origin->currentData().toInt();
    m_proxy->setOrigin(origin < 0 ? std::nullopt : std::optional<Protocol>(Protocol(origin)));
}
