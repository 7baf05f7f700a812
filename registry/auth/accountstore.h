// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/role.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

// The accounts of a node: <data-dir>/accounts.json, readable by its owner only, holding each
// account's name, role and password hash (never a password). The command line
// (`muster account …`), the console and the node's account routes change it; a running node reads
// it again when it changes.
class AccountStore
{
public:
    struct Account
    {
        QString name;
        Role role = Role::Viewer;
        QByteArray passwordHash;
    };

    // An empty directory: the accounts live elsewhere (SharedAccounts) and are handed in with replaceAll().
    explicit AccountStore(QString directory);

    static QString fileName() { return QStringLiteral("accounts.json"); }
    QString filePath() const;
    // Reads the file again; a missing file is no accounts. Returns what is wrong, or nothing (on an
    // error the accounts stay as they were).
    QString load();
    const QList<Account> &accounts() const { return m_accounts; }
    bool isEmpty() const { return m_accounts.isEmpty(); }
    std::optional<Account> find(const QString &name) const;
    // Each writes the file before it returns; the text says what is wrong, empty on success.
    QString add(const QString &name, Role role, const QByteArray &password);
    QString remove(const QString &name);
    // The account's role when the password is its own (slow by design: a hash per call).
    std::optional<Role> verify(const QString &name, const QByteArray &password) const;
    // What is wrong with a name (empty: nothing); a name goes in a URL's user part and a Basic header.
    static QString checkName(const QString &name);
    static QString checkPassword(const QByteArray &password);
    // A new account with its password hashed, or what is wrong with the name or the password.
    static std::variant<Account, QString> makeAccount(const QString &name, Role role, const QByteArray &password);
    // One account as a cluster keeps it (role and hash; the name is where it is kept), and back.
    static QByteArray encodeRecord(const Account &account);
    static std::optional<Account> decodeRecord(const QString &name, const QByteArray &record);
    // The accounts as kept elsewhere; no file is written.
    void replaceAll(QList<Account> accounts) { m_accounts = std::move(accounts); }

private:
    QString save() const;

    QString m_directory;
    QList<Account> m_accounts;
};
