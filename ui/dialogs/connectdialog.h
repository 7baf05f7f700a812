// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remoteregistry.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

class CredentialStore;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Asks for a remote registry's URL (Eureka, Service-Center or Muster) and what it is, offering the
// ones connected to before; the URL is checked as it is typed.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    // store: where a remembered password is looked up when a URL names its user.
    ConnectDialog(const QStringList &recent, CredentialStore *store, QWidget *parent = nullptr);

    // The URL with the user and password of the fields (a password typed in the URL itself also works).
    QUrl url() const;
    // Whether the password should be kept in the keyring for the next time.
    bool rememberPassword() const;
    // The key a password is kept under: the URL with its user, without the password.
    static QString credentialKey(const QUrl &url);
    RemoteRegistry::Kind kind() const;
    // A PEM file of CA certificates to trust for an https registry, or empty: the system's CAs.
    QString caFile() const;
    // The kind as the console names it.
    static QString kindName(RemoteRegistry::Kind kind);
    // Why the text is not a registry URL, or an empty string.
    static QString problemWith(const QString &text);
    // Why the path is not a readable file of PEM certificates, or an empty string (also for no path).
    static QString caFileProblem(const QString &path);

private:
    void validate();
    void chooseCaFile();
    void takeUserFromUrl();
    void lookUpPassword();

    CredentialStore *m_store;
    QComboBox *m_url;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_passwordNote;
    QComboBox *m_kind;
    QLineEdit *m_caFile;
    QLabel *m_error;
    QLabel *m_caError;
    QDialogButtonBox *m_buttons;
};
