// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/timebar.h"

#include "api/registryconnection.h"
#include "pastmode.h"

#include <QDateTime>
#include <QDateTimeEdit>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

#include <algorithm>

namespace {
const QColor pastColor(0xff, 0xf3, 0xcd);
const QString timeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");
}

TimeBar::TimeBar(PastMode *past, QWidget *parent)
    : QWidget(parent)
    , m_past(past)
    , m_label(new QLabel(tr("Time:"), this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_time(new QDateTimeEdit(this))
    , m_now(new QToolButton(this))
{
    setObjectName(QStringLiteral("timeBar"));
    m_slider->setMinimumWidth(240);
    m_time->setDisplayFormat(timeFormat);
    m_time->setCalendarPopup(true);
    m_now->setText(tr("Back to now"));
    m_now->setToolTip(tr("Show the registry as it is now; changes can be made again"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_time);
    layout->addWidget(m_now);

    connect(m_slider, &QSlider::sliderReleased, this, [this] { showMomentAt(m_slider->value()); });
    connect(m_slider, &QSlider::actionTriggered, this, [this] {
        if (!m_slider->isSliderDown())
            showMomentAt(m_slider->sliderPosition());
    });
    connect(m_time, &QDateTimeEdit::editingFinished, this, [this] {
        m_past->showMoment(m_time->dateTime().toMSecsSinceEpoch());
    });
    connect(m_now, &QToolButton::clicked, m_past, &PastMode::backToNow);
    connect(m_past, &PastMode::boundsChanged, this, &TimeBar::updateRange);
    connect(m_past, &PastMode::pastShown, this, &TimeBar::followMode);
    connect(m_past, &PastMode::nowShown, this, &TimeBar::followMode);
    connect(m_past, &PastMode::momentChanged, this, &TimeBar::followMode);
    updateRange();
}

// The slider counts seconds from the earliest moment; its right end is the present.
void TimeBar::updateRange()
{
    const bool available = m_past->isAvailable();
    for (QWidget *widget : std::initializer_list<QWidget *> {m_slider, m_time})
        widget->setEnabled(available);
    const QString reason = !m_past->source() ? tr("Select a registry to see its past")
                         : available ? tr("Drag to see the registry as it was at that moment")
                                     : tr("The past of %1 cannot be shown: %2")
                                           .arg(m_past->source()->name(), m_past->unavailableReason().isEmpty()
                                                                              ? tr("its history is being read")
                                                                              : m_past->unavailableReason());
    m_slider->setToolTip(reason);
    m_time->setToolTip(reason);
    if (!available)
        return followMode();
    if (m_slider->isSliderDown())
        return;
    m_rangeEnd = QDateTime::currentMSecsSinceEpoch();
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, int(std::max<qint64>(0, (m_rangeEnd - m_past->earliest()) / 1000)));
    m_time->setDateTimeRange(QDateTime::fromMSecsSinceEpoch(m_past->earliest()), QDateTime::fromMSecsSinceEpoch(m_rangeEnd));
    followMode();
}

void TimeBar::showMomentAt(int seconds)
{
    if (seconds >= m_slider->maximum())
        return m_past->backToNow();
    m_past->showMoment(m_past->earliest() + qint64(seconds) * 1000);
}

// In the present the slider rests at its right end; in the past it shows the moment.
void TimeBar::followMode()
{
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockTime(m_time);
    m_now->setEnabled(m_past->isActive());
    if (m_past->isActive()) {
        m_slider->setValue(int((m_past->moment() - m_past->earliest()) / 1000));
        m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(m_past->moment()));
    } else {
        m_slider->setValue(m_slider->maximum());
        m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(m_rangeEnd ? m_rangeEnd : QDateTime::currentMSecsSinceEpoch()));
    }
}

PastBanner::PastBanner(PastMode *past, QWidget *parent)
    : QWidget(parent)
    , m_past(past)
    , m_text(new QLabel(this))
    , m_now(new QToolButton(this))
{
    setObjectName(QStringLiteral("pastBanner"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QStringLiteral("QWidget#pastBanner { background: %1; border: 1px solid #e0c36c; }"
                                 "QWidget#pastBanner QLabel { color: #664d03; font-weight: bold; }").arg(pastColor.name()));
    m_text->setWordWrap(true);
    m_now->setText(tr("Back to now"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_now);
    connect(m_now, &QToolButton::clicked, m_past, &PastMode::backToNow);
    connect(m_past, &PastMode::pastShown, this, [this] {
        showPast(m_past->source() ? m_past->source()->name() : QString());
    });
    connect(m_past, &PastMode::nowShown, this, &QWidget::hide);
    connect(m_past, &PastMode::pastFailed, this, &PastBanner::showFailure);
    hide();
}

void PastBanner::showPast(const QString &registry)
{
    m_text->setText(tr("The past: %1 as it was at %2. Services, Instances and Topology show that moment; "
                       "nothing can be changed until you go back to now.")
                        .arg(registry, QDateTime::fromMSecsSinceEpoch(m_past->moment()).toString(timeFormat)));
    m_now->show();
    show();
}

void PastBanner::showFailure(const QString &error)
{
    m_text->setText(tr("The past cannot be shown: %1. The views show the present.").arg(error));
    m_now->hide();
    show();
}

void PastBanner::tint(QWidget *view, bool past)
{
    if (auto *graphics = qobject_cast<QGraphicsView *>(view)) {
        graphics->setBackgroundBrush(past ? QBrush(pastColor) : QBrush());
        return;
    }
    view->setStyleSheet(past ? QStringLiteral("QAbstractItemView { background: %1; }").arg(pastColor.name()) : QString());
}
