// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/loadsimulationdialog.h"

#include "dialogs/formcheck.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

LoadSimulationDialog::LoadSimulationDialog(const QUrl &serviceUrl, QWidget *parent)
    : QDialog(parent)
    , m_serviceUrl(serviceUrl)
    , m_app(new QLineEdit(QStringLiteral("SIMULATED"), this))
    , m_count(new QSpinBox(this))
    , m_intervalSecs(new QDoubleSpinBox(this))
    , m_failingPercent(new QSpinBox(this))
    , m_leaseSecs(new QSpinBox(this))
    , m_summary(new QLabel(this))
    , m_error(FormCheck::errorLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Simulate load"));
    m_app->setObjectName(QStringLiteral("app"));
    m_count->setObjectName(QStringLiteral("count"));
    m_count->setRange(1, 100'000);
    m_count->setValue(100);
    m_intervalSecs->setObjectName(QStringLiteral("interval"));
    m_intervalSecs->setRange(0.1, 3600);
    m_intervalSecs->setDecimals(1);
    m_intervalSecs->setValue(30);
    m_intervalSecs->setSuffix(tr(" s"));
    m_failingPercent->setObjectName(QStringLiteral("failing"));
    m_failingPercent->setRange(0, 100);
    m_failingPercent->setSuffix(QStringLiteral(" %"));
    m_leaseSecs->setObjectName(QStringLiteral("lease"));
    m_leaseSecs->setRange(1, 3600);
    m_leaseSecs->setValue(90);
    m_leaseSecs->setSuffix(tr(" s"));
    m_summary->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&App:"), m_app);
    form->addRow(QString(), m_error);
    form->addRow(tr("&Instances:"), m_count);
    form->addRow(tr("&Heartbeat every:"), m_intervalSecs);
    form->addRow(tr("&Failing to heartbeat:"), m_failingPercent);
    form->addRow(tr("&Lease duration:"), m_leaseSecs);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Simulated Eureka clients register with %1 and heartbeat over HTTP, as real "
                                    "clients do.").arg(serviceUrl.toString()), this));
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_app, &QLineEdit::textChanged, this, &LoadSimulationDialog::validate);
    connect(m_count, &QSpinBox::valueChanged, this, &LoadSimulationDialog::validate);
    connect(m_intervalSecs, &QDoubleSpinBox::valueChanged, this, &LoadSimulationDialog::validate);
    connect(m_failingPercent, &QSpinBox::valueChanged, this, &LoadSimulationDialog::validate);
    validate();
}

void LoadSimulationDialog::validate()
{
    const QString error = FormCheck::appNameProblem(m_app->text());
    FormCheck::show(m_error, error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
    const int failing = m_count->value() * m_failingPercent->value() / 100;
    const double rate = (m_count->value() - failing) / m_intervalSecs->value();
    m_summary->setText(tr("%1 instances heartbeat, %2 per second in all; %3 stop after registering and expire.")
                           .arg(m_count->value() - failing)
                           .arg(rate, 0, 'f', 1)
                           .arg(failing));
}

LoadSimulatorOptions LoadSimulationDialog::options() const
{
    LoadSimulatorOptions options;
    options.serviceUrl = m_serviceUrl;
    options.app = m_app->text().trimmed().toUpper();
    options.instanceCount = m_count->value();
    options.heartbeatIntervalMs = int(m_intervalSecs->value() * 1000);
    options.failingShare = m_failingPercent->value() / 100.0;
    options.leaseDurationSecs = m_leaseSecs->value();
    return options;
}
