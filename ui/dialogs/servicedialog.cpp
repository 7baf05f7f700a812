// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/servicedialog.h"

#include "dialogs/formcheck.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

ServiceDialog::ServiceDialog(QWidget *parent)
    : QDialog(parent)
    , m_appId(new QLineEdit(QStringLiteral("default"), this))
    , m_name(new QLineEdit(this))
    , m_version(new QLineEdit(QStringLiteral("1.0.0"), this))
    , m_description(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Create a service"));
    m_appId->setObjectName(QStringLiteral("appId"));
    m_name->setObjectName(QStringLiteral("name"));
    m_version->setObjectName(QStringLiteral("version"));
    auto *form = new QFormLayout;
    const auto addField = [&](const QString &label, QLineEdit *edit, const QString &field) {
        QLabel *error = FormCheck::errorLabel(this);
        m_errorLabels.insert(field, error);
        auto *column = new QVBoxLayout;
        column->setSpacing(2);
        column->addWidget(edit);
        column->addWidget(error);
        form->addRow(label, column);
        connect(edit, &QLineEdit::textChanged, this, &ServiceDialog::validate);
    };
    addField(tr("&App ID:"), m_appId, QStringLiteral("appId"));
    addField(tr("Service &name:"), m_name, QStringLiteral("name"));
    addField(tr("&Version:"), m_version, QStringLiteral("version"));
    form->addRow(tr("&Description:"), m_description);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("A service created here is kept by the node across restarts."), this));
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

void ServiceDialog::setError(const QString &field, const QString &message)
{
    if (message.isEmpty())
        m_errors.remove(field);
    else
        m_errors.insert(field, message);
    FormCheck::show(m_errorLabels.value(field), message);
}

// Service-Center's own rules for these fields (contracts/servicecomb.md).
void ServiceDialog::validate()
{
    static const QRegularExpression name(QStringLiteral("^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9_\\-.]{0,126}[a-zA-Z0-9]$"));
    static const QRegularExpression version(QStringLiteral("^[0-9]{1,5}(\\.[0-9]{1,5}){0,3}$"));
    const auto check = [](const QString &text, const QRegularExpression &pattern, const QString &missing,
                          const QString &wrong) {
        return text.trimmed().isEmpty() ? missing : !pattern.match(text.trimmed()).hasMatch() ? wrong : QString();
    };
    setError(QStringLiteral("appId"), check(m_appId->text(), name, tr("An app ID is required."),
                                            tr("Letters, digits, '_', '-' and '.'; start and end with a letter or digit.")));
    setError(QStringLiteral("name"), check(m_name->text(), name, tr("A service name is required."),
                                           tr("Letters, digits, '_', '-' and '.'; start and end with a letter or digit.")));
    QString versionError = check(m_version->text(), version, tr("A version is required."),
                                 tr("Up to four numbers separated by dots, e.g. 1.0.0."));
    const QStringList parts = m_version->text().trimmed().split(u'.');
    if (versionError.isEmpty() && std::any_of(parts.cbegin(), parts.cend(), [](const QString &part) {
            return part.toInt() > 32767;
        }))
        versionError = tr("Each part of the version is at most 32767.");
    setError(QStringLiteral("version"), versionError);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_errors.isEmpty());
}

Service ServiceDialog::service() const
{
    Service service;
    service.key.appId = m_appId->text().trimmed();
    service.key.serviceName = m_name->text().trimmed();
    service.key.version = m_version->text().trimmed();
    service.description = m_description->text().trimmed();
    service.registerBy = QStringLiteral("MUSTER-CONSOLE");
    service.pinned = true;
    return service;
}
