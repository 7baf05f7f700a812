// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remoteregistry.h"

#include <QDialog>
#include <QUrl>

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
    explicit ConnectDialog(const QStringList &recent, QWidget *parent = nullptr);

    QUrl url() const;
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

    QComboBox *m_url;
    QComboBox *m_kind;
    QLineEdit *m_caFile;
    QLabel *m_error;
    QLabel *m_caError;
    QDialogButtonBox *m_buttons;
};
