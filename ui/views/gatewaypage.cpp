// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/gatewaypage.h"

#include "commandmessages.h"
#include "models/gatewaytraffic.h"
#include "models/registrymirror.h"
#include "views/statuspalette.h"
#include "workspace.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString milliseconds(double ms)
{
    return GatewayPage::tr("%1 ms").arg(QLocale().toString(ms, 'g', 3));
}

QTreeWidgetItem *childNamed(QTreeWidgetItem *parent, const QString &name)
{
    for (int row = 0; row < parent->childCount(); ++row) {
        if (parent->child(row)->text(GatewayPage::NameColumn) == name)
            return parent->child(row);
    }
    return nullptr;
}
}

GatewayPage::GatewayPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_state(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_controls(new QGroupBox(tr("Run the gateway on this node"), this))
    , m_port(new QSpinBox(m_controls))
    , m_zone(new QLineEdit(m_controls))
    , m_start(new QPushButton(QIcon(QStringLiteral(":/icons/start.svg")), tr("Start"), m_controls))
    , m_stop(new QPushButton(QIcon(QStringLiteral(":/icons/stop.svg")), tr("Stop"), m_controls))
    , m_remoteNote(new QLabel(this))
    , m_error(new QLabel(this))
    , m_table(new QTreeWidget(this))
{
    m_state->setObjectName(QStringLiteral("gatewayState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);
    m_summary->setObjectName(QStringLiteral("gatewaySummary"));
    m_port->setObjectName(QStringLiteral("gatewayPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("The port clients send requests to: http://host:port/{service}/{path}"));
    m_zone->setObjectName(QStringLiteral("gatewayZone"));
    m_zone->setPlaceholderText(tr("none"));
    m_zone->setToolTip(tr("The gateway's own zone: instances whose zone metadata names it are preferred"));
    m_start->setObjectName(QStringLiteral("startGateway"));
    m_stop->setObjectName(QStringLiteral("stopGateway"));
    m_remoteNote->setWordWrap(true);
    m_remoteNote->setText(tr("This console starts and stops the gateways of its own nodes. A remote Muster node "
                             "runs one when it was started with --gateway-port; its traffic shows here."));
    m_error->setObjectName(QStringLiteral("gatewayError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, StatusPalette::failing());
    m_error->setPalette(errorPalette);
    m_error->hide();

    auto *controls = new QHBoxLayout(m_controls);
    controls->addWidget(new QLabel(tr("Port:"), m_controls));
    controls->addWidget(m_port);
    controls->addWidget(new QLabel(tr("Zone:"), m_controls));
    controls->addWidget(m_zone);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addStretch(1);

    m_table->setObjectName(QStringLiteral("gatewayTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHeaderLabels({tr("Service / instance"), tr("Address"), tr("Requests"), tr("Errors"), tr("p50"),
                              tr("p99"), tr("State")});
    m_table->setRootIsDecorated(true);
    m_table->setAlternatingRowColors(true);
    m_table->setUniformRowHeights(true);
    m_table->header()->setStretchLastSection(true);
    const std::pair<int, int> widths[] = {{NameColumn, 220}, {AddressColumn, 150}, {RequestsColumn, 90},
                                          {ErrorsColumn, 70}, {P50Column, 80}, {P99Column, 80}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_summary);
    layout->addWidget(m_controls);
    layout->addWidget(m_remoteNote);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);

    connect(m_start, &QPushButton::clicked, this, &GatewayPage::startGateway);
    connect(m_stop, &QPushButton::clicked, this, &GatewayPage::stopGateway);
    refresh();
}

GatewayPage::~GatewayPage()
{
    watch(false);
}

void GatewayPage::setSource(RegistryConnection *source, RegistryMirror *mirror)
{
    watch(false);
    if (m_mirror)
        disconnect(m_mirror->gateway(), nullptr, this, nullptr);
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    m_mirror = mirror;
    m_error->clear();
    m_error->hide();
    m_table->clear();
    if (mirror)
        connect(mirror->gateway(), &GatewayTraffic::updated, this, &GatewayPage::refresh);
    if (source) {
        connect(source, &RegistryConnection::stateChanged, this, [this] {
            if (m_mirror)
                m_mirror->gateway()->refresh();
            refresh();
        });
    }
    watch(isVisible());
    refresh();
}

QString GatewayPage::stateText() const
{
    return m_state->text();
}

QString GatewayPage::errorText() const
{
    return m_error->text();
}

void GatewayPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    watch(true);
}

void GatewayPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    watch(false);
}

void GatewayPage::watch(bool watched)
{
    if (m_mirror)
        m_mirror->gateway()->setWatched(this, watched);
}

void GatewayPage::refresh()
{
    const GatewayTraffic *traffic = m_mirror ? m_mirror->gateway() : nullptr;
    const GatewayStats *stats = traffic && traffic->hasStats() ? &traffic->stats() : nullptr;
    if (!m_source)
        m_state->setText(tr("No registry selected."));
    else if (!stats)
        m_state->setText(tr("Reading the gateway of %1…").arg(m_source->name()));
    else
        m_state->setText(describe(*stats));
    m_summary->setText(stats && stats->running ? summarize(*stats) : QString());
    m_summary->setVisible(!m_summary->text().isEmpty());
    updateControls(stats);
    showServices(stats && stats->running ? *stats : GatewayStats {});
}

QString GatewayPage::describe(const GatewayStats &stats) const
{
    using Availability = GatewayStats::Availability;
    switch (stats.availability) {
    case Availability::Available:
        break;
    case Availability::NotRunning:
        return tr("%1 is not running: its gateway shows here once it runs and answers.").arg(m_source->name());
    case Availability::NotMuster:
        return tr("%1 is not a Muster node: only Muster nodes run a gateway.").arg(m_source->name());
    case Availability::Failed:
        return tr("Could not read the gateway of %1: %2").arg(m_source->name(), stats.error);
    }
    if (!stats.running)
        return tr("The gateway of %1 is off. Started, it sends http://host:port/{service}/{path} to an UP instance "
                  "of the service.").arg(m_source->name());
    return stats.zone.isEmpty() ? tr("The gateway of %1 runs at %2.").arg(m_source->name(), stats.url)
                                : tr("The gateway of %1 runs at %2, preferring instances in zone %3.")
                                      .arg(m_source->name(), stats.url, stats.zone);
}

QString GatewayPage::summarize(const GatewayStats &stats) const
{
    return tr("%n request(s) since it started", nullptr, int(stats.requests)) + QStringLiteral(" · ")
         + tr("%n for unknown services (404)", nullptr, int(stats.unknownServiceRequests)) + QStringLiteral(" · ")
         + tr("%n open connection(s)", nullptr, stats.openConnections);
}

void GatewayPage::updateControls(const GatewayStats *stats)
{
    const bool local = m_source && m_source->isLocal();
    const bool nodeRuns = m_source && m_source->state() == RegistryConnection::State::Running;
    const bool gatewayRuns = stats && stats->running;
    m_controls->setVisible(!m_source || local);
    m_remoteNote->setVisible(m_source && !local);
    m_start->setText(gatewayRuns ? tr("Restart") : tr("Start"));
    m_start->setToolTip(gatewayRuns ? tr("Stop the gateway and start it again with this port and zone")
                                    : tr("Start the gateway with this port and zone"));
    m_start->setEnabled(local && nodeRuns && !m_commandPending);
    m_stop->setEnabled(local && nodeRuns && gatewayRuns && !m_commandPending);
}

// Items are kept and updated in place, so the selection and what is expanded survive each reading.
void GatewayPage::showServices(const GatewayStats &stats)
{
    QSet<QString> services;
    for (const GatewayServiceStats &service : stats.services) {
        services.insert(service.service);
        QTreeWidgetItem *serviceItem = nullptr;
        for (int row = 0; row < m_table->topLevelItemCount() && !serviceItem; ++row) {
            if (m_table->topLevelItem(row)->text(NameColumn) == service.service)
                serviceItem = m_table->topLevelItem(row);
        }
        if (!serviceItem) {
            serviceItem = new QTreeWidgetItem(m_table);
            serviceItem->setExpanded(true);
        }
        fillRow(serviceItem, service.service, QString(), service.requests, service.errors, service.p50Ms, service.p99Ms);
        int ejected = 0;
        QSet<QString> instances;
        for (const GatewayInstanceStats &instance : service.instances) {
            instances.insert(instance.instanceId);
            QTreeWidgetItem *item = childNamed(serviceItem, instance.instanceId);
            if (!item)
                item = new QTreeWidgetItem(serviceItem);
            fillRow(item, instance.instanceId, instance.address, instance.requests, instance.errors, instance.p50Ms,
                    instance.p99Ms);
            const bool isEjected = instance.ejectedUntilMs != 0;
            ejected += isEjected ? 1 : 0;
            item->setText(StateColumn, isEjected ? tr("ejected until %1, then one trial request")
                                                       .arg(QDateTime::fromMSecsSinceEpoch(instance.ejectedUntilMs)
                                                                .toString(QStringLiteral("HH:mm:ss")))
                                                 : tr("taking traffic"));
            item->setForeground(StateColumn, isEjected ? StatusPalette::failing() : StatusPalette::healthy());
        }
        for (int row = serviceItem->childCount() - 1; row >= 0; --row) {
            if (!instances.contains(serviceItem->child(row)->text(NameColumn)))
                delete serviceItem->takeChild(row);
        }
        serviceItem->setText(StateColumn, ejected > 0 ? tr("%n instance(s) ejected", nullptr, ejected) : QString());
        serviceItem->setForeground(StateColumn, StatusPalette::failing());
    }
    for (int row = m_table->topLevelItemCount() - 1; row >= 0; --row) {
        if (!services.contains(m_table->topLevelItem(row)->text(NameColumn)))
            delete m_table->takeTopLevelItem(row);
    }
}

void GatewayPage::fillRow(QTreeWidgetItem *item, const QString &name, const QString &address, quint64 requests,
                          quint64 errors, double p50Ms, double p99Ms) const
{
    item->setText(NameColumn, name);
    item->setText(AddressColumn, address);
    item->setText(RequestsColumn, QLocale().toString(requests));
    item->setText(ErrorsColumn, QLocale().toString(errors));
    item->setText(P50Column, milliseconds(p50Ms));
    item->setText(P99Column, milliseconds(p99Ms));
    item->setForeground(ErrorsColumn, errors > 0 ? StatusPalette::warning() : m_table->palette().color(QPalette::Text));
    for (int column : {RequestsColumn, ErrorsColumn, P50Column, P99Column})
        item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
}

void GatewayPage::startGateway()
{
    if (!m_source)
        return;
    m_commandPending = true;
    refresh();
    m_workspace->startGateway(m_source, quint16(m_port->value()), m_zone->text().trimmed(), this,
                              reportTo(tr("Starting the gateway")));
}

void GatewayPage::stopGateway()
{
    if (!m_source)
        return;
    m_commandPending = true;
    refresh();
    m_workspace->stopGateway(m_source, this, reportTo(tr("Stopping the gateway")));
}

RegistryConnection::CommandCallback GatewayPage::reportTo(const QString &operation)
{
    return [this, operation](const CommandResult &result) {
        m_commandPending = false;
        const QString message = result.ok ? QString() : tr("%1 failed: %2").arg(operation, CommandMessages::describe(result));
        m_error->setText(message);
        m_error->setVisible(!message.isEmpty());
        if (m_mirror)
            m_mirror->gateway()->refresh();
        refresh();
        emit commandFinished(message);
    };
}
