// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remoteregistry.h"

#include <QDialog>
#include <QUrl>

class QComboBox;
class QDialogButtonBox;
class QLabel;

// Asks for a remote registry's URL (Eureka, Service-Center or Muster) and what it is, offering the
// ones connected to before; the URL is checked as it is typed.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(const QStringList &recent, QWidget *parent = nullptr);

    QUrl url() const;
    RemoteRegistry::Kind kind() const;
    // Why the text is not a registry URL, or an empty string.
    static QString problemWith(const QString &text);

private:
    void validate();

    QComboBox *m_url;
    QComboBox *m_kind;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
