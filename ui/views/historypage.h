// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"

#include <QUrl>
#include <QWidget>

#include <optional>

class HistoryClient;
class PastMode;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QSlider;
class QTreeWidget;

// The past of the selected Muster node (docs/history.md): a time slider over its retained history,
// the services and instances as they were at that moment under a banner that says it is the past,
// and the difference from a second moment. The moment is the console's one moment (PastMode): the
// slider sets it, so the time bar and the other views move with it, and it follows theirs. The
// lists are fetched from the node's HTTP API asynchronously; the GUI never waits.
class HistoryPage : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryPage(PastMode *past, QWidget *parent = nullptr);

    // The node to read (http://host:port); empty: nothing to show.
    void setNode(const QUrl &node, const QString &name);
    QUrl node() const { return m_node; }
    // Moves the console to a moment (PastMode::showMoment); the page shows it once read.
    void showMoment(qint64 time);
    // The moment shown (now, in the present), and the one it is compared with.
    void compareWith(qint64 time);
    qint64 moment() const { return m_moment; }
    qint64 comparedMoment() const { return m_compared; }
    // Writes the range between the compared moment and the one shown to a file the user picks.
    void exportRange();
    void exportRangeTo(const QString &file);

    // For tests and screenshots.
    QSlider *slider() const { return m_slider; }
    QDateTimeEdit *timeEdit() const { return m_time; }
    QTreeWidget *instances() const { return m_instances; }
    QTreeWidget *services() const { return m_services; }
    QTreeWidget *differences() const { return m_differences; }
    QLabel *banner() const { return m_banner; }
    bool isBusy() const { return m_pending > 0; }

signals:
    void stateShown();
    void differenceShown();
    void exported(const QString &file, const QString &error);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateRange();
    void followMoment();
    void placeSlider();
    void requestState(qint64 time, bool compared);
    void showState(const RegistrySnapshot &state);
    void showDifference();
    void sliderMoved(int seconds);
    void showError(const QString &error);

    PastMode *m_past;
    HistoryClient *m_client;
    QUrl m_node;
    QString m_nodeName;
    qint64 m_rangeEnd = 0;             // the present when the range was last set
    qint64 m_moment = 0;
    qint64 m_compared = 0;
    std::optional<RegistrySnapshot> m_state;
    std::optional<RegistrySnapshot> m_comparedState;
    int m_pending = 0;
    QLabel *m_banner;
    QSlider *m_slider;
    QDateTimeEdit *m_time;
    QDateTimeEdit *m_compareTime;
    QPushButton *m_compare;
    QPushButton *m_export;
    QTreeWidget *m_services;
    QTreeWidget *m_instances;
    QTreeWidget *m_differences;
};
