// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

// The console's settings: language, and the options local nodes start with. Both take effect at the
// next start, which the dialog says.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void save() const;

private:
    QComboBox *m_language;
    QSpinBox *m_port;
    QSpinBox *m_leaseSecs;
    QCheckBox *m_selfPreservation;
    QSpinBox *m_renewalPercent;
};
