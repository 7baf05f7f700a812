// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/historypage.h"

#include "api/divergence.h"
#include "api/registryconnection.h"
#include "client/historyclient.h"
#include "pastmode.h"

#include <QDateTime>
#include <QDateTimeEdit>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QDateTime localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms);
}

QString differenceKind(Divergence::Difference::Kind kind)
{
    switch (kind) {
    case Divergence::Difference::Kind::OnlyFirst: return HistoryPage::tr("gone since");
    case Divergence::Difference::Kind::OnlySecond: return HistoryPage::tr("new since");
    case Divergence::Difference::Kind::Differs: return HistoryPage::tr("changed");
    }
    return {};
}
}

HistoryPage::HistoryPage(PastMode *past, QWidget *parent)
    : QWidget {parent}
    , m_past {past}
    , m_client {new HistoryClient(this)}
    , m_banner {new QLabel(this)}
    , m_slider {new QSlider(Qt::Horizontal, this)}
    , m_time {new QDateTimeEdit(this)}
    , m_compareTime {new QDateTimeEdit(this)}
    , m_compare {new QPushButton(tr("Compare"), this)}
    , m_export {new QPushButton(tr("Export history…"), this)}
    , m_services {new QTreeWidget(this)}
    , m_instances {new QTreeWidget(this)}
    , m_differences {new QTreeWidget(this)}
{
    m_banner->setObjectName(QStringLiteral("pastBanner"));
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setStyleSheet(QStringLiteral("QLabel#pastBanner { background: #fff3cd; color: #664d03; "
                                           "border: 1px solid #e0c36c; font-weight: bold; }"));
    m_slider->setToolTip(tr("Drag to see the registry as it was at that moment"));
    for (QDateTimeEdit *edit : {m_time, m_compareTime}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
    }
    m_instances->setHeaderLabels({tr("Application"), tr("Instance"), tr("Status"), tr("Host"), tr("Revision")});
    m_instances->setRootIsDecorated(false);
    m_instances->setSortingEnabled(true);
    m_services->setHeaderLabels({tr("Service"), tr("Application"), tr("Version"), tr("Instances")});
    m_services->setRootIsDecorated(false);
    m_services->setSortingEnabled(true);
    m_differences->setHeaderLabels({tr("Application"), tr("Instance"), tr("Difference"), tr("Fields")});
    m_differences->setRootIsDecorated(false);

    auto *timeRow = new QHBoxLayout;
    timeRow->addWidget(new QLabel(tr("Moment:"), this));
    timeRow->addWidget(m_slider, 1);
    timeRow->addWidget(m_time);
    auto *compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Compare with:"), this));
    compareRow->addWidget(m_compareTime);
    compareRow->addWidget(m_compare);
    compareRow->addStretch(1);
    compareRow->addWidget(m_export);
    auto *lists = new QTabWidget(this);
    lists->addTab(m_instances, tr("Instances"));
    lists->addTab(m_services, tr("Services"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(lists);
    splitter->addWidget(m_differences);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(timeRow);
    layout->addLayout(compareRow);
    layout->addWidget(splitter, 1);

    connect(m_slider, &QSlider::sliderReleased, this, [this] { sliderMoved(m_slider->value()); });
    connect(m_slider, &QSlider::actionTriggered, this, [this] {
        if (!m_slider->isSliderDown())
            sliderMoved(m_slider->sliderPosition());
    });
    connect(m_time, &QDateTimeEdit::editingFinished, this, [this] { showMoment(m_time->dateTime().toMSecsSinceEpoch()); });
    connect(m_compare, &QPushButton::clicked, this, [this] { compareWith(m_compareTime->dateTime().toMSecsSinceEpoch()); });
    connect(m_export, &QPushButton::clicked, this, &HistoryPage::exportRange);
    connect(m_past, &PastMode::boundsChanged, this, &HistoryPage::updateRange);
    connect(m_past, &PastMode::momentChanged, this, &HistoryPage::followMoment);
    setNode({}, {});
}

void HistoryPage::setNode(const QUrl &node, const QString &name)
{
    m_node = node;
    m_nodeName = name;
    m_state.reset();
    m_comparedState.reset();
    m_instances->clear();
    m_services->clear();
    m_differences->clear();
    const bool known = !node.isEmpty();
    for (QWidget *widget : std::initializer_list<QWidget *> {m_compareTime, m_compare, m_export})
        widget->setEnabled(known);
    if (!known) {
        m_banner->setText(tr("Select a Muster node to see its history."));
        updateRange();
        return;
    }
    m_banner->setText(tr("Reading the history of %1…").arg(name));
    updateRange();
    followMoment();
}

// The slider spans what the node keeps, in seconds since its earliest moment; its right end is now.
void HistoryPage::updateRange()
{
    const bool available = !m_node.isEmpty() && m_past->isAvailable();
    for (QWidget *widget : std::initializer_list<QWidget *> {m_slider, m_time})
        widget->setEnabled(available);
    if (!m_node.isEmpty() && !m_past->unavailableReason().isEmpty())
        showError(m_past->unavailableReason());
    if (!available || m_slider->isSliderDown())
        return;
    m_rangeEnd = QDateTime::currentMSecsSinceEpoch();
    const qint64 earliest = m_past->earliest();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, int(std::max<qint64>(0, (m_rangeEnd - earliest) / 1000)));
    }
    m_time->setDateTimeRange(localTime(earliest), localTime(m_rangeEnd));
    m_compareTime->setDateTimeRange(localTime(earliest), localTime(m_rangeEnd));
    if (m_compared == 0 || m_compared < earliest)
        m_compareTime->setDateTime(localTime(earliest));
    // In the present the lists follow it, as often as the range does, while they are in sight.
    if (!m_past->isActive() && isVisible())
        followMoment();
    else
        placeSlider();
}

// The slider's right end is the present: dropping it there brings every view back to now.
void HistoryPage::sliderMoved(int seconds)
{
    if (seconds >= m_slider->maximum())
        return m_past->backToNow();
    showMoment(m_past->earliest() + qint64(seconds) * 1000);
}

void HistoryPage::showMoment(qint64 time)
{
    m_past->showMoment(time);
}

void HistoryPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_past->isActive())
        followMoment();
}

// The console moved to another moment (here, on the time bar, or back to now): read it.
void HistoryPage::followMoment()
{
    if (m_node.isEmpty())
        return;
    m_moment = m_past->isActive() ? m_past->moment() : QDateTime::currentMSecsSinceEpoch();
    placeSlider();
    requestState(m_moment, false);
}

void HistoryPage::placeSlider()
{
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockTime(m_time);
    m_slider->setValue(m_past->isActive() ? int((m_moment - m_past->earliest()) / 1000) : m_slider->maximum());
    if (m_moment > 0)
        m_time->setDateTime(localTime(m_moment));
}

void HistoryPage::compareWith(qint64 time)
{
    m_compared = time;
    const QSignalBlocker block(m_compareTime);
    m_compareTime->setDateTime(localTime(time));
    requestState(time, true);
}

void HistoryPage::requestState(qint64 time, bool compared)
{
    if (m_node.isEmpty())
        return;
    ++m_pending;
    m_client->requestStateAt(m_node, time, [this, time, compared](const auto &state, const QString &error) {
        --m_pending;
        const qint64 wanted = compared ? m_compared : m_moment;
        if (time != wanted)
            return;                    // a later request is on its way
        if (!state)
            return showError(error);
        if (compared) {
            m_comparedState = state;
        } else {
            m_state = state;
            showState(*state);
        }
        showDifference();
    });
}

void HistoryPage::showState(const RegistrySnapshot &state)
{
    if (m_past->isActive()) {
        m_banner->setText(tr("The past: %1 as it was at %2 (revision %3). Nothing here changes the node.")
                              .arg(m_nodeName, localTime(m_moment).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")))
                              .arg(state.revision));
    } else {
        m_banner->setText(tr("%1 now (revision %2). Move the slider to see the past here and in Services, "
                             "Instances and Topology.").arg(m_nodeName).arg(state.revision));
    }
    m_instances->setSortingEnabled(false);
    m_instances->clear();
    for (const Instance &instance : state.instances) {
        auto *item = new QTreeWidgetItem(m_instances, {instance.app, instance.instanceId, statusName(instance.status),
                                                       instance.hostName, QString::number(instance.revision)});
        item->setData(0, Qt::UserRole, QString(instance.app + u'/' + instance.instanceId));
    }
    m_instances->setSortingEnabled(true);
    m_instances->sortByColumn(0, Qt::AscendingOrder);
    QHash<QString, int> instancesOf;
    for (const Instance &instance : state.instances)
        ++instancesOf[instance.serviceId];
    m_services->setSortingEnabled(false);
    m_services->clear();
    for (const Service &service : state.services) {
        new QTreeWidgetItem(m_services, {service.key.serviceName, service.key.appId, service.key.version,
                                         QString::number(instancesOf.value(service.serviceId))});
    }
    m_services->setSortingEnabled(true);
    m_services->sortByColumn(0, Qt::AscendingOrder);
    emit stateShown();
}

// What changed from the compared moment to the one shown.
void HistoryPage::showDifference()
{
    if (!m_state || !m_comparedState)
        return;
    const Divergence difference = Divergence::between(*m_comparedState, *m_state);
    m_differences->clear();
    for (const Divergence::Difference &each : difference.differences)
        new QTreeWidgetItem(m_differences, {each.app, each.instanceId, differenceKind(each.kind), each.fields.join(u", ")});
    m_differences->setHeaderLabels({tr("Application"), tr("Instance"),
                                    tr("Since %1").arg(localTime(m_compared).toString(QStringLiteral("HH:mm:ss"))),
                                    tr("Fields")});
    emit differenceShown();
}

void HistoryPage::exportRange()
{
    if (m_node.isEmpty())
        return;
    const QString file = QFileDialog::getSaveFileName(this, tr("Export history"), m_nodeName + QStringLiteral("-history.json"),
                                                      tr("History exports (*.json)"));
    if (!file.isEmpty())
        exportRangeTo(file);
}

void HistoryPage::exportRangeTo(const QString &file)
{
    const qint64 from = std::min(m_compared ? m_compared : m_past->earliest(), m_moment);
    const qint64 to = std::max(m_compared ? m_compared : m_past->earliest(), m_moment);
    ++m_pending;
    m_client->requestExport(m_node, from, to, [this, file](const auto &document, const QString &error) {
        --m_pending;
        if (!document) {
            showError(error);
            emit exported(file, error);
            return;
        }
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(*document) != document->size()) {
            const QString problem = tr("Cannot write %1: %2").arg(file, out.errorString());
            showError(problem);
            emit exported(file, problem);
            return;
        }
        emit exported(file, {});
    });
}

void HistoryPage::showError(const QString &error)
{
    m_banner->setText(tr("The history of %1 cannot be read: %2").arg(m_nodeName, error));
}
