// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/accountstore.h"

#include "auth/passwordhash.h"
#include "model/accountname.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {
constexpr int fileVersion = 1;
constexpr qsizetype maxPasswordBytes = AccountName::maxPasswordBytes;
}

AccountStore::AccountStore(QString directory)
    : m_directory {std::move(directory)}
{
}

QString AccountStore::filePath() const
{
    return QDir(m_directory).filePath(fileName());
}

QString AccountStore::load()
{
    QFile file(filePath());
    if (!file.exists()) {
        m_accounts.clear();
        return {};
    }
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return QStringLiteral("%1 is not a JSON object: %2").arg(file.fileName(), parseError.errorString());
    if (document.object().value(u"version").toInt() != fileVersion)
        return QStringLiteral("%1 has a version this Muster does not read").arg(file.fileName());
    QList<Account> accounts;
    for (const QJsonValue &value : document.object().value(u"accounts").toArray()) {
        const QJsonObject object = value.toObject();
        const auto role = parseRole(object.value(u"role").toString());
        const QString name = object.value(u"name").toString();
        const QByteArray hash = object.value(u"passwordHash").toString().toLatin1();
        if (!role || !checkName(name).isEmpty() || hash.isEmpty())
            return QStringLiteral("%1 holds an account that is not valid: %2").arg(file.fileName(), name);
        accounts.append(Account {name, *role, hash});
    }
    m_accounts = accounts;
    return {};
}

std::optional<AccountStore::Account> AccountStore::find(const QString &name) const
{
    for (const Account &account : m_accounts) {
        if (account.name == name)
            return account;
    }
    return std::nullopt;
}

QString AccountStore::checkName(const QString &name)
{
    if (!AccountName::isValid(name))
        return QStringLiteral("'%1' is not an account name: 1 to 64 letters, digits, '.', '_' or '-', "
                              "starting with a letter or digit").arg(name);
    return {};
}

QString AccountStore::checkPassword(const QByteArray &password)
{
    if (password.isEmpty())
        return QStringLiteral("the password is empty");
    if (password.size() > maxPasswordBytes)
        return QStringLiteral("the password is longer than %1 bytes").arg(maxPasswordBytes);
    return {};
}

std::variant<AccountStore::Account, QString> AccountStore::makeAccount(const QString &name, Role role,
                                                                      const QByteArray &password)
{
    if (const QString problem = checkName(name); !problem.isEmpty())
        return problem;
    if (const QString problem = checkPassword(password); !problem.isEmpty())
        return problem;
    const QByteArray hash = PasswordHash::make(password);
    if (hash.isEmpty())
        return QStringLiteral("the password could not be hashed (out of memory)");
    return Account {name, role, hash};
}

QByteArray AccountStore::encodeRecord(const Account &account)
{
    const QJsonObject record {{QStringLiteral("version"), fileVersion},
                              {QStringLiteral("role"), roleName(account.role)},
                              {QStringLiteral("passwordHash"), QString::fromLatin1(account.passwordHash)}};
    return QJsonDocument(record).toJson(QJsonDocument::Compact);
}

std::optional<AccountStore::Account> AccountStore::decodeRecord(const QString &name, const QByteArray &record)
{
    const QJsonObject object = QJsonDocument::fromJson(record).object();
    const auto role = parseRole(object.value(u"role").toString());
    const QByteArray hash = object.value(u"passwordHash").toString().toLatin1();
    if (object.value(u"version").toInt() != fileVersion || !role || hash.isEmpty() || !checkName(name).isEmpty())
        return std::nullopt;
    return Account {name, *role, hash};
}

QString AccountStore::add(const QString &name, Role role, const QByteArray &password)
{
    if (const QString problem = checkName(name); !problem.isEmpty())
        return problem;
    if (const QString problem = checkPassword(password); !problem.isEmpty())
        return problem;
    if (find(name))
        return QStringLiteral("the account %1 exists already").arg(name);
    auto made = makeAccount(name, role, password);
    if (const auto *problem = std::get_if<QString>(&made))
        return *problem;
    m_accounts.append(std::get<Account>(std::move(made)));
    if (const QString error = save(); !error.isEmpty()) {
        m_accounts.removeLast();
        return error;
    }
    return {};
}

QString AccountStore::remove(const QString &name)
{
    const auto it = std::find_if(m_accounts.begin(), m_accounts.end(),
                                 [&name](const Account &account) { return account.name == name; });
    if (it == m_accounts.end())
        return QStringLiteral("there is no account %1").arg(name);
    const Account removed = *it;
    m_accounts.erase(it);
    if (const QString error = save(); !error.isEmpty()) {
        m_accounts.append(removed);
        return error;
    }
    return {};
}

std::optional<Role> AccountStore::verify(const QString &name, const QByteArray &password) const
{
    const auto account = find(name);
    if (!account || !PasswordHash::matches(account->passwordHash, password))
        return std::nullopt;
    return account->role;
}

QString AccountStore::save() const
{
    if (!QDir().mkpath(m_directory))
        return QStringLiteral("cannot create the directory %1").arg(m_directory);
    QJsonArray accounts;
    for (const Account &account : m_accounts) {
        accounts.append(QJsonObject {{QStringLiteral("name"), account.name},
                                     {QStringLiteral("role"), roleName(account.role)},
                                     {QStringLiteral("passwordHash"), QString::fromLatin1(account.passwordHash)}});
    }
    const QJsonObject document {{QStringLiteral("version"), fileVersion}, {QStringLiteral("accounts"), accounts}};
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(document).toJson());
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
    return {};
}
