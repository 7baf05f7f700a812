// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectdialog.h"

#include "statuspalette.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ConnectDialog::ConnectDialog(const QStringList &recent, QWidget *parent)
    : QDialog(parent)
    , m_url(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a registry"));
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setEditable(true);
    m_url->addItems(recent);
    m_url->setCurrentText(recent.isEmpty() ? QStringLiteral("http://127.0.0.1:8761/eureka/") : recent.first());
    m_url->setMinimumContentsLength(36);
    m_kind->addItem(tr("Detect"), int(RemoteRegistry::Kind::Detect));
    m_kind->addItem(tr("Eureka"), int(RemoteRegistry::Kind::Eureka));
    m_kind->addItem(tr("Service-Center"), int(RemoteRegistry::Kind::ServiceComb));
    m_kind->addItem(tr("Muster"), int(RemoteRegistry::Kind::Muster));
    m_error->setObjectName(QStringLiteral("urlError"));
    QPalette palette = m_error->palette();
    palette.setColor(QPalette::WindowText, StatusPalette::failing());
    m_error->setPalette(palette);
    auto *form = new QFormLayout;
    form->addRow(tr("&URL:"), m_url);
    form->addRow(QString(), m_error);
    form->addRow(tr("&Kind:"), m_kind);
    auto *hint = new QLabel(tr("e.g. http://eureka.example:8761/eureka/ or a Service-Center at http://host:30100"), this);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QComboBox::editTextChanged, this, &ConnectDialog::validate);
    validate();
}

QString ConnectDialog::problemWith(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter the registry's URL.");
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")))
        return tr("Use an http:// or https:// URL.");
    if (url.host().isEmpty())
        return tr("The URL names no host.");
    return {};
}

void ConnectDialog::validate()
{
    const QString problem = problemWith(m_url->currentText());
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

QUrl ConnectDialog::url() const
{
    return QUrl(m_url->currentText().trimmed());
}

RemoteRegistry::Kind ConnectDialog::kind() const
{
    return RemoteRegistry::Kind(m_kind->currentData().toInt());
}
