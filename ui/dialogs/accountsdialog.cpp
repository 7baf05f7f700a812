// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/accountsdialog.h"

#include "api/registryconnection.h"
#include "commandmessages.h"
#include "dialogs/formcheck.h"
#include "model/accountname.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
const QStringList roles {QStringLiteral("viewer"), QStringLiteral("client"), QStringLiteral("operator"),
                         QStringLiteral("admin")};
}

AccountsDialog::AccountsDialog(RegistryConnection *node, QWidget *parent)
    : QDialog(parent)
    , m_node(node)
    , m_state(new QLabel(this))
    , m_accounts(new QTreeWidget(this))
    , m_remove(new QPushButton(tr("&Remove…"), this))
    , m_name(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_password(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_error(FormCheck::errorLabel(this))
    , m_add(new QPushButton(tr("&Add account"), this))
    , m_progress(new QLabel(this))
{
    setWindowTitle(tr("Accounts of %1").arg(node->name()));
    m_state->setObjectName(QStringLiteral("authState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_accounts->setObjectName(QStringLiteral("accounts"));
    m_accounts->setHeaderLabels({tr("Account"), tr("Role")});
    m_accounts->setRootIsDecorated(false);
    m_accounts->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_remove->setObjectName(QStringLiteral("remove"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setMaxLength(AccountName::maxLength);
    m_role->setObjectName(QStringLiteral("role"));
    for (const QString &role : roles)
        m_role->addItem(roleText(role), role);
    m_role->setCurrentIndex(int(roles.indexOf(u"client")));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("confirm"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_error->setObjectName(QStringLiteral("formError"));
    m_add->setObjectName(QStringLiteral("add"));
    m_progress->setObjectName(QStringLiteral("progress"));

    auto *listButtons = new QHBoxLayout;
    listButtons->addStretch();
    listButtons->addWidget(m_remove);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("R&ole:"), m_role);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("Con&firm:"), m_confirm);
    form->addRow(QString(), m_error);
    auto *addButtons = new QHBoxLayout;
    addButtons->addWidget(m_progress, 1);
    addButtons->addWidget(m_add);
    auto *addBox = new QGroupBox(tr("New account"), this);
    auto *addLayout = new QVBoxLayout(addBox);
    addLayout->addLayout(form);
    addLayout->addLayout(addButtons);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_accounts, 1);
    layout->addLayout(listButtons);
    layout->addWidget(addBox);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &AccountsDialog::addAccount);
    connect(m_remove, &QPushButton::clicked, this, &AccountsDialog::removeSelected);
    connect(m_accounts, &QTreeWidget::itemSelectionChanged, this, &AccountsDialog::validate);
    for (QLineEdit *field : {m_name, m_password, m_confirm})
        connect(field, &QLineEdit::textChanged, this, &AccountsDialog::validate);
    resize(640, 480);
    reload();
}

QString AccountsDialog::roleText(const QString &role)
{
    if (role == u"viewer")
        return tr("viewer — reads");
    if (role == u"client")
        return tr("client — registers and changes its own instances");
    if (role == u"operator")
        return tr("operator — changes any instance, pinned entries");
    if (role == u"admin")
        return tr("admin — accounts, peers and bridges too");
    return role;
}

QString AccountsDialog::formProblem() const
{
    const QString name = m_name->text();
    if (name.isEmpty())
        return tr("Give the account a name.");
    if (!AccountName::isValid(name))
        return tr("A name has 1 to 64 letters, digits, '.', '_' or '-', and starts with a letter or digit.");
    if (m_names.contains(name))
        return tr("There is an account named %1 already.").arg(name);
    if (m_password->text().isEmpty())
        return tr("Type a password.");
    if (m_password->text().toUtf8().size() > AccountName::maxPasswordBytes)
        return tr("The password is longer than %1 bytes.").arg(AccountName::maxPasswordBytes);
    if (m_confirm->text() != m_password->text())
        return tr("The two passwords differ.");
    return {};
}

void AccountsDialog::validate()
{
    const QString problem = formProblem();
    // Say nothing about a form not yet touched.
    const bool touched = !m_name->text().isEmpty() || !m_password->text().isEmpty();
    FormCheck::show(m_error, touched ? problem : QString());
    m_add->setEnabled(!m_busy && problem.isEmpty());
    m_remove->setEnabled(!m_busy && !m_accounts->selectedItems().isEmpty());
}

void AccountsDialog::setBusy(bool busy, const QString &message)
{
    m_busy = busy;
    m_progress->setText(message);
    validate();
}

void AccountsDialog::reload()
{
    if (!m_node)
        return;
    setBusy(true, tr("Reading the accounts…"));
    m_node->requestAccounts(this, [this](const AccountList &list) { showAccounts(list); });
}

void AccountsDialog::showAccounts(const AccountList &list)
{
    setBusy(false);
    m_accounts->clear();
    m_names.clear();
    if (!list.result.ok) {
        m_state->setText(tr("The accounts cannot be read: %1").arg(CommandMessages::describe(list.result)));
        emit updated();
        return;
    }
    for (const AccountList::Account &account : list.accounts) {
        auto *item = new QTreeWidgetItem(m_accounts, {account.name, roleText(account.role)});
        item->setData(0, Qt::UserRole, account.name);
        m_names << account.name;
    }
    const QString where = tr("They are kept in %1.").arg(list.file);
    if (list.authenticationRequired)
        m_state->setText(tr("This node requires authentication: clients and the console sign in with these "
                            "accounts. %1").arg(where));
    else
        m_state->setText(tr("Authentication is off for this node, so anyone who reaches it may read and change "
                            "it. These accounts take effect when it is started with authentication required "
                            "(--auth required). %1").arg(where));
    validate();
    emit updated();
}

void AccountsDialog::addAccount()
{
    if (!m_node || !formProblem().isEmpty())
        return;
    const QString name = m_name->text();
    setBusy(true, tr("Adding %1…").arg(name));
    m_node->addAccount(name, m_role->currentData().toString(), m_password->text(), this,
                       [this, name](const CommandResult &result) {
                           if (result.ok) {
                               m_name->clear();
                               m_password->clear();
                               m_confirm->clear();
                           }
                           finishCommand(tr("Add the account %1").arg(name), result);
                       });
}

void AccountsDialog::removeSelected()
{
    const QList<QTreeWidgetItem *> selected = m_accounts->selectedItems();
    if (!m_node || selected.isEmpty())
        return;
    const QString name = selected.first()->data(0, Qt::UserRole).toString();
    auto *confirm = new QMessageBox(QMessageBox::Question, tr("Remove the account %1").arg(name),
                                    tr("Remove the account %1? Clients signing in with it are refused from now on.")
                                        .arg(name),
                                    QMessageBox::Cancel, this);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = confirm->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    connect(remove, &QPushButton::clicked, this, [this, name] {
        if (!m_node)
            return;
        setBusy(true, tr("Removing %1…").arg(name));
        m_node->removeAccount(name, this, [this, name](const CommandResult &result) {
            finishCommand(tr("Remove the account %1").arg(name), result);
        });
    });
    confirm->open();
}

void AccountsDialog::finishCommand(const QString &operation, const CommandResult &result)
{
    if (!result.ok) {
        setBusy(false);
        FormCheck::show(m_error, tr("%1 failed: %2").arg(operation, CommandMessages::describe(result)));
        emit updated();
        return;
    }
    reload();
}
