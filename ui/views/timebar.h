// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class PastMode;
class QDateTimeEdit;
class QLabel;
class QSlider;
class QToolButton;

// The console's time control: a slider over the selected registry's retained history and the
// moment as a date and time. Moving it puts the Services, Instances and Topology views into the
// past (PastMode); its right end, or "Back to now", brings them back to the present.
class TimeBar : public QWidget
{
    Q_OBJECT

public:
    explicit TimeBar(PastMode *past, QWidget *parent = nullptr);

    QSlider *slider() const { return m_slider; }
    QDateTimeEdit *timeEdit() const { return m_time; }
    QToolButton *nowButton() const { return m_now; }

private:
    void updateRange();
    void showMomentAt(int seconds);
    void followMode();

    PastMode *m_past;
    QLabel *m_label;
    QSlider *m_slider;
    QDateTimeEdit *m_time;
    QToolButton *m_now;
    qint64 m_rangeEnd = 0;             // the present when the range was last set
};

// The mark of the past above the views: what moment they show, and a way back to now.
class PastBanner : public QWidget
{
    Q_OBJECT

public:
    explicit PastBanner(PastMode *past, QWidget *parent = nullptr);

    QLabel *label() const { return m_text; }
    QToolButton *nowButton() const { return m_now; }
    // Tints a view's background while it shows the past.
    static void tint(QWidget *view, bool past);

private:
    void showPast(const QString &registry);
    void showFailure(const QString &error);

    PastMode *m_past;
    QLabel *m_text;
    QToolButton *m_now;
};
