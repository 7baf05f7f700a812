// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/connectdialog.h"

#include "credentialstore.h"
#include "dialogs/formcheck.h"
#include "model/urlcredentials.h"
#include "tls/tlsfiles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ConnectDialog::ConnectDialog(const QStringList &recent, CredentialStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_url(new QComboBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember the password in the keyring"), this))
    , m_passwordNote(new QLabel(this))
    , m_kind(new QComboBox(this))
    , m_caFile(new QLineEdit(this))
    , m_error(FormCheck::errorLabel(this))
    , m_caError(FormCheck::errorLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a registry"));
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setEditable(true);
    m_url->addItems(recent);
    m_url->setCurrentText(recent.isEmpty() ? QStringLiteral("http://127.0.0.1:8761/eureka/") : recent.first());
    m_url->setMinimumContentsLength(36);
    m_kind->addItem(tr("Detect"), int(RemoteRegistry::Kind::Detect));
    for (const auto kind : {RemoteRegistry::Kind::Eureka, RemoteRegistry::Kind::ServiceComb, RemoteRegistry::Kind::Muster})
        m_kind->addItem(kindName(kind), int(kind));
    m_error->setObjectName(QStringLiteral("urlError"));
    auto *form = new QFormLayout;
    form->addRow(tr("&URL:"), m_url);
    form->addRow(QString(), m_error);
    form->addRow(tr("&Kind:"), m_kind);
    m_user->setObjectName(QStringLiteral("user"));
    m_user->setPlaceholderText(tr("none: the registry is open"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setChecked(true);
    m_passwordNote->setObjectName(QStringLiteral("passwordNote"));
    m_passwordNote->setWordWrap(true);
    m_passwordNote->hide();
    form->addRow(tr("U&ser:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_passwordNote);
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("the system's CAs"));
    m_caError->setObjectName(QStringLiteral("caFileError"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    auto *caLabel = new QLabel(tr("CA &certificate:"), this);
    caLabel->setBuddy(m_caFile);   // a row holding a layout gets no buddy of its own
    form->addRow(caLabel, caRow);
    form->addRow(QString(), m_caError);
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
    connect(m_url, &QComboBox::currentIndexChanged, this, &ConnectDialog::takeUserFromUrl);
    connect(m_user, &QLineEdit::editingFinished, this, &ConnectDialog::lookUpPassword);
    connect(m_caFile, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    connect(browse, &QPushButton::clicked, this, &ConnectDialog::chooseCaFile);
    takeUserFromUrl();
    validate();
}

// A remembered URL names its user: that goes to the user field, and its password is looked up.
void ConnectDialog::takeUserFromUrl()
{
    QUrl url(m_url->currentText().trimmed());
    if (url.userName().isEmpty())
        return;
    m_user->setText(url.userName());
    if (!url.password().isEmpty())
        m_password->setText(url.password());
    m_url->setEditText(UrlCredentials::withoutCredentials(url).toString());
    lookUpPassword();
}

void ConnectDialog::lookUpPassword()
{
    const QUrl target = url();
    if (!m_store || target.userName().isEmpty() || !m_password->text().isEmpty())
        return;
    QPointer<ConnectDialog> self(this);
    const QString key = credentialKey(target);
    m_store->load(key, [self, key](const std::optional<QString> &password, const CredentialStore::Outcome &outcome) {
        if (!self || !password || credentialKey(self->url()) != key || !self->m_password->text().isEmpty())
            return;
        self->m_password->setText(*password);
        self->m_passwordNote->setText(outcome.place == CredentialStore::Place::Keyring
                                          ? tr("The password remembered in the keyring is filled in.")
                                          : tr("The password remembered in %1 is filled in.")
                                                .arg(self->m_store->fallbackFile()));
        self->m_passwordNote->show();
    });
}

QString ConnectDialog::credentialKey(const QUrl &url)
{
    return UrlCredentials::shown(url);
}

bool ConnectDialog::rememberPassword() const
{
    return m_remember->isChecked();
}

QString ConnectDialog::problemWith(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter the registry's URL.");
    return FormCheck::httpUrlProblem(trimmed);
}

QString ConnectDialog::caFileProblem(const QString &path)
{
    if (path.trimmed().isEmpty())
        return {};
    if (!Tls::clientConfiguration(path.trimmed()).ok())
        return tr("This file cannot be read or holds no PEM certificate.");
    return {};
}

void ConnectDialog::validate()
{
    const QString problem = problemWith(m_url->currentText());
    const QString caProblem = caFileProblem(m_caFile->text());
    FormCheck::show(m_error, problem);
    FormCheck::show(m_caError, caProblem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && caProblem.isEmpty());
}

void ConnectDialog::chooseCaFile()
{
    auto *chooser = new QFileDialog(this, tr("CA certificate"), QString(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    connect(chooser, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
    chooser->open();
}

QString ConnectDialog::caFile() const
{
    return m_caFile->text().trimmed();
}

QString ConnectDialog::kindName(RemoteRegistry::Kind kind)
{
    switch (kind) {
    case RemoteRegistry::Kind::Eureka: return tr("Eureka");
    case RemoteRegistry::Kind::ServiceComb: return tr("Service-Center");
    case RemoteRegistry::Kind::Muster: return tr("Muster");
    case RemoteRegistry::Kind::Detect: break;
    }
    return tr("detecting…");
}

QUrl ConnectDialog::url() const
{
    QUrl url(m_url->currentText().trimmed());
    if (!m_user->text().isEmpty()) {
        url.setUserName(m_user->text());
        if (!m_password->text().isEmpty())
            url.setPassword(m_password->text());
    }
    return url;
}

RemoteRegistry::Kind ConnectDialog::kind() const
{
    return RemoteRegistry::Kind(m_kind->currentData().toInt());
}
