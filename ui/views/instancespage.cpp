// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/instancespage.h"

#include "models/instancefiltermodel.h"
#include "models/gatewaytraffic.h"
#include "models/instancemodel.h"
#include "views/leasebardelegate.h"
#include "models/registrymirror.h"
#include "models/servicemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

InstancesPage::InstancesPage(QWidget *parent)
    : QWidget(parent)
    , m_toolBar(new QToolBar(this))
    , m_service(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_metadata(new QLineEdit(this))
    , m_search(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_proxy(new InstanceFilterModel(this))
{
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_service->setObjectName(QStringLiteral("serviceFilter"));
    m_service->setMinimumContentsLength(16);
    m_service->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), -1);
    for (const auto status : {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                              InstanceStatus::OutOfService, InstanceStatus::Unknown, InstanceStatus::Testing})
        m_status->addItem(statusName(status), int(status));
    m_host->setPlaceholderText(tr("Host"));
    m_host->setClearButtonEnabled(true);
    m_metadata->setPlaceholderText(tr("Metadata, e.g. zone=a"));
    m_metadata->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Search id, service, host, IP…"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("instanceSearch"));

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(InstanceModel::AppColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setItemDelegateForColumn(InstanceModel::LeaseColumn, new LeaseBarDelegate(m_table));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Service:"), this));
    filters->addWidget(m_service);
    filters->addWidget(m_status);
    filters->addWidget(m_host);
    filters->addWidget(m_metadata);
    filters->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addLayout(filters);
    layout->addWidget(m_table);

    connect(m_service, &QComboBox::activated, this,
            [this] { m_proxy->setServiceKey(m_service->currentData().toString()); });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_status->currentData().toInt();
        m_proxy->setStatus(status < 0 ? std::nullopt : std::optional<InstanceStatus>(InstanceStatus(status)));
    });
    connect(m_host, &QLineEdit::textChanged, m_proxy, &InstanceFilterModel::setHostFilter);
    connect(m_metadata, &QLineEdit::textChanged, m_proxy, &InstanceFilterModel::setMetadataFilter);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &InstanceFilterModel::setText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InstancesPage::currentInstanceChanged);

    // Ages and lease bars move with time, not with data: repaint what is visible once a second.
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, m_table->viewport(), qOverload<>(&QWidget::update));
    m_ageTimer.start();
    refreshServiceChoices();
}

void InstancesPage::setMirror(RegistryMirror *mirror)
{
    watchGateway(false);
    if (m_mirror) {
        disconnect(m_mirror->gateway(), nullptr, this, nullptr);
        disconnect(m_mirror->services(), nullptr, this, nullptr);
        disconnect(m_mirror->instances(), nullptr, this, nullptr);
        disconnect(m_mirror, &RegistryMirror::statusUpdated, this, &InstancesPage::showSourceWhenBridged);
    }
    m_mirror = mirror;
    m_proxy->setSourceModel(mirror ? mirror->instances() : nullptr);
    if (mirror) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(mirror->services(), signal, this, &InstancesPage::refreshServiceChoices);
        connect(mirror->services(), &QAbstractItemModel::modelReset, this, &InstancesPage::refreshServiceChoices);
        // A new snapshot resets the model; the selected instance stays selected.
        connect(mirror->instances(), &QAbstractItemModel::modelAboutToBeReset, this, &InstancesPage::rememberCurrent);
        connect(mirror->instances(), &QAbstractItemModel::modelReset, this, &InstancesPage::restoreCurrent);
    }
    refreshServiceChoices();
    if (mirror) {
        // Fixed widths: measuring 10 000 rows to fit them would stall the window. Together they leave
        // the lease bar, the last heartbeat and the metadata in view at the window's default size.
        const std::pair<int, int> widths[] = {{InstanceModel::AppColumn, 85}, {InstanceModel::IdColumn, 135},
                                              {InstanceModel::HostColumn, 100}, {InstanceModel::IpColumn, 85},
                                              {InstanceModel::PortColumn, 65}, {InstanceModel::StatusColumn, 70},
                                              {InstanceModel::OverrideColumn, 65}, {InstanceModel::HeartbeatColumn, 95},
                                              {InstanceModel::LeaseColumn, 80}, {InstanceModel::OriginColumn, 65},
                                              {InstanceModel::SourceColumn, 180}};
        for (const auto &[column, width] : widths)
            m_table->setColumnWidth(column, width);
        connect(mirror, &RegistryMirror::statusUpdated, this, &InstancesPage::showSourceWhenBridged);
        connect(mirror->gateway(), &GatewayTraffic::updated, this, &InstancesPage::showTrafficWhenGatewayRuns);
        m_table->setColumnWidth(InstanceModel::TrafficColumn, 260);
    }
    showSourceWhenBridged();
    showTrafficWhenGatewayRuns();
    watchGateway(isVisible());
    emit currentInstanceChanged();
}

// Entries come from a bridge only on a node that has one; without, the column would be empty.
void InstancesPage::showSourceWhenBridged()
{
    m_table->setColumnHidden(InstanceModel::SourceColumn, !m_mirror || m_mirror->status().bridges.isEmpty());
}

// The traffic column shows while the node runs a gateway; its numbers are read only while the page shows.
void InstancesPage::showTrafficWhenGatewayRuns()
{
    m_table->setColumnHidden(InstanceModel::TrafficColumn, !m_mirror || !m_mirror->gateway()->stats().running);
}

void InstancesPage::watchGateway(bool watched)
{
    if (m_mirror)
        m_mirror->gateway()->setWatched(this, watched);
}

void InstancesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    watchGateway(true);
}

void InstancesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    watchGateway(false);
}

void InstancesPage::setActions(const QList<QAction *> &actions)
{
    m_toolBar->addActions(actions);
    m_table->addActions(actions);
}

void InstancesPage::refreshServiceChoices()
{
    const QString current = m_proxy->serviceKey();
    m_service->clear();
    m_service->addItem(tr("All services"), QString());
    if (m_mirror) {
        QList<QPair<QString, QString>> services;
        const ServiceModel *model = m_mirror->services();
        for (int row = 0; row < model->rowCount(); ++row)
            services.append({model->displayNameAt(row), model->serviceKeyAt(row)});
        std::sort(services.begin(), services.end());
        for (const auto &[name, key] : services)
            m_service->addItem(name, key);
    }
    const int index = m_service->findData(current);
    m_service->setCurrentIndex(std::max(0, index));
    if (index < 0)
        m_proxy->setServiceKey({});
}

void InstancesPage::rememberCurrent()
{
    const auto current = currentInstance();
    m_remembered = current ? qMakePair(current->app, current->instanceId) : QPair<QString, QString>();
}

void InstancesPage::restoreCurrent()
{
    if (!m_mirror || m_remembered.first.isEmpty())
        return;
    const int row = m_mirror->instances()->rowOf(m_remembered.first, m_remembered.second);
    if (row >= 0)
        m_table->setCurrentIndex(m_proxy->mapFromSource(m_mirror->instances()->index(row, 0)));
    emit currentInstanceChanged();
}

void InstancesPage::showService(const QString &serviceKey)
{
    const int index = m_service->findData(serviceKey);
    m_service->setCurrentIndex(std::max(0, index));
    m_proxy->setServiceKey(index < 0 ? QString() : serviceKey);
}

std::optional<Instance> InstancesPage::currentInstance() const
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    const auto *model = m_mirror ? m_mirror->instances() : nullptr;
    const Instance *instance = model && current.isValid() ? model->instanceAt(current.row()) : nullptr;
    return instance ? std::optional<Instance>(*instance) : std::nullopt;
}

QList<Instance> InstancesPage::selectedInstances() const
{
    QList<Instance> selected;
    const auto *model = m_mirror ? m_mirror->instances() : nullptr;
    if (!model)
        return selected;
    const auto rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (const Instance *instance = model->instanceAt(m_proxy->mapToSource(row).row()))
            selected << *instance;
    }
    if (selected.isEmpty()) {
        if (auto current = currentInstance())
            selected << *current;
    }
    return selected;
}
