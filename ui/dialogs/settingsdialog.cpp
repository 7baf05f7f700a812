// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/settingsdialog.h"

#include "consolesettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_port(new QSpinBox(this))
    , m_leaseSecs(new QSpinBox(this))
    , m_selfPreservation(new QCheckBox(tr("Hold leases when renewals drop (self-preservation)"), this))
    , m_renewalPercent(new QSpinBox(this))
{
    setWindowTitle(tr("Settings"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(ConsoleSettings::language())));
    const auto defaults = ConsoleSettings::nodeDefaults();
    m_port->setRange(0, 65535);
    m_port->setValue(defaults.port);
    m_port->setSpecialValueText(tr("any free port"));
    m_leaseSecs->setRange(1, 24 * 3600);
    m_leaseSecs->setSuffix(tr(" s"));
    m_leaseSecs->setValue(defaults.leaseDurationSecs);
    m_selfPreservation->setChecked(defaults.selfPreservation);
    m_renewalPercent->setRange(1, 100);
    m_renewalPercent->setSuffix(QStringLiteral(" %"));
    m_renewalPercent->setValue(defaults.renewalPercent);

    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    appearanceForm->addRow(tr("&Language:"), m_language);
    auto *node = new QGroupBox(tr("Local node"), this);
    auto *nodeForm = new QFormLayout(node);
    nodeForm->addRow(tr("First node's &port:"), m_port);
    nodeForm->addRow(tr("Default &lease duration:"), m_leaseSecs);
    nodeForm->addRow(QString(), m_selfPreservation);
    nodeForm->addRow(tr("Renewal &threshold:"), m_renewalPercent);
    auto *note = new QLabel(tr("Changes take effect the next time Muster starts. Options given on the command "
                               "line or in a --config file win over these."), this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(appearance);
    layout->addWidget(node);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SettingsDialog::save() const
{
    ConsoleSettings::setLanguage(m_language->currentData().toString());
    ConsoleSettings::setNodeDefaults({quint16(m_port->value()), m_leaseSecs->value(), m_selfPreservation->isChecked(),
                                      m_renewalPercent->value()});
}
