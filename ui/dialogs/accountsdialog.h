// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/accountlist.h"
#include "api/commandresult.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class RegistryConnection;

// The accounts of a node in this process: who may read and write it once it requires
// authentication. Lists them with their roles, adds one (name, role, password typed twice) and
// removes one. The node hashes passwords on its own thread; the dialog waits for its answers
// without blocking the window.
class AccountsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AccountsDialog(RegistryConnection *node, QWidget *parent = nullptr);

    // Why the form cannot add an account yet, or an empty string.
    QString formProblem() const;
    static QString roleText(const QString &role);

signals:
    // After each answer from the node (the list read, or an account added or removed).
    void updated();

private:
    void reload();
    void showAccounts(const AccountList &list);
    void addAccount();
    void removeSelected();
    void finishCommand(const QString &operation, const CommandResult &result);
    void setBusy(bool busy, const QString &message = {});
    void validate();

    QPointer<RegistryConnection> m_node;
    QLabel *m_state;
    QTreeWidget *m_accounts;
    QPushButton *m_remove;
    QLineEdit *m_name;
    QComboBox *m_role;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    QLabel *m_error;
    QPushButton *m_add;
    QLabel *m_progress;
    QStringList m_names;
    bool m_busy = false;
};
