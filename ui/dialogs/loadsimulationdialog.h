// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/loadsimulation.h"

#include <QDialog>

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Sets up a simulated load: N instances of an app that heartbeat at an interval, a share of which
// stop heartbeating after they register.
class LoadSimulationDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoadSimulationDialog(const QUrl &serviceUrl, QWidget *parent = nullptr);

    LoadSimulatorOptions options() const;

private:
    void validate();

    QUrl m_serviceUrl;
    QLineEdit *m_app;
    QSpinBox *m_count;
    QDoubleSpinBox *m_intervalSecs;
    QSpinBox *m_failingPercent;
    QSpinBox *m_leaseSecs;
    QLabel *m_summary;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
