// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountcommand.h"

#include "auth/accountstore.h"
#include "commandline.h"
#include "node/clusteraccounts.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace {
void printLine(FILE *stream, const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stream);
    std::fflush(stream);
}

QByteArray readLine()
{
    QTextStream in(stdin);
    return in.readLine().toUtf8();
}

// A line from the terminal, not echoed.
QByteArray readSecretLine(const QString &prompt)
{
    std::fputs(qPrintable(prompt), stderr);
    std::fflush(stderr);
    termios saved {};
    const bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    const QByteArray line = readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    }
    return line;
}

// The password for a new account: asked twice at a terminal, else the first line of standard input.
std::optional<QByteArray> readPassword()
{
    if (!::isatty(STDIN_FILENO))
        return readLine();
    const QByteArray first = readSecretLine(AccountCommand::tr("Password: "));
    const QByteArray second = readSecretLine(AccountCommand::tr("Password again: "));
    if (first != second)
        return std::nullopt;
    return first;
}

// Runs one asynchronous change of the cluster's accounts to its end.
SharedAccounts::Result waitFor(const std::function<void(const SharedAccounts::Done &)> &change)
{
    SharedAccounts::Result outcome;
    bool finished = false;
    QEventLoop loop;
    change([&](const SharedAccounts::Result &result) {
        outcome = result;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return outcome;
}

QString defaultDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("muster-8761"));
}
}

bool AccountCommand::isRequested(int argc, char **argv)
{
    return argc > 1 && std::strcmp(argv[1], "account") == 0;
}

int AccountCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Manage the accounts of a node: add NAME --role ROLE (the password is read from standard input "
           "or asked for), list, or remove NAME. Roles: viewer, client, operator, admin."));
    parser.addHelpOption();
    const QCommandLineOption dataDir {QStringLiteral("data-dir"),
                                      tr("The node's data directory (default %1).").arg(defaultDataDir()), tr("dir")};
    const QCommandLineOption role {QStringLiteral("role"), tr("The new account's role: viewer, client, operator or admin."),
                                   tr("role")};
    const QCommandLineOption store {QStringLiteral("store"),
                                    tr("The accounts of the nodes over this etcd, etcd://host:2379[,host2:2379,...], "
                                       "instead of a data directory's."),
                                    tr("store")};
    const QCommandLineOption etcdPrefix {QStringLiteral("etcd-prefix"),
                                         tr("The etcd key prefix of the nodes (default /muster/)."), tr("prefix"),
                                         QStringLiteral("/muster/")};
    parser.addOptions({dataDir, role, store, etcdPrefix});
    parser.addPositionalArgument(QStringLiteral("action"), tr("add, list or remove"));
    parser.addPositionalArgument(QStringLiteral("name"), tr("The account's name (add, remove)."));
    QStringList withoutVerb = arguments;
    withoutVerb.removeAt(1);
    if (!parser.parse(withoutVerb)) {
        printLine(stderr, tr("muster account: %1").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printLine(stdout, parser.helpText());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const QString name = positional.value(1);
    std::optional<Role> newRole;
    if (action == u"add" && positional.size() == 2) {
        newRole = parseRole(parser.value(role));
        if (!newRole) {
            printLine(stderr, tr("muster account: --role: '%1' is not viewer, client, operator or admin")
                                  .arg(parser.value(role)));
            return 2;
        }
        if (const QString problem = AccountStore::checkName(name); !problem.isEmpty()) {
            printLine(stderr, tr("muster account: %1").arg(problem));
            return 2;
        }
    } else if (!(action == u"list" && positional.size() == 1) && !(action == u"remove" && positional.size() == 2)) {
        printLine(stderr, tr("muster account: say add NAME --role ROLE, list, or remove NAME (see muster account --help)"));
        return 2;
    }
    const auto password = newRole ? readPassword() : std::optional<QByteArray>(QByteArray());
    if (!password) {
        printLine(stderr, tr("muster account: the two passwords differ"));
        return 1;
    }
    if (parser.isSet(store)) {
        const auto config = CommandLine::storeConfig(parser.value(store), parser.value(etcdPrefix));
        if (const auto *error = std::get_if<QString>(&config)) {
            printLine(stderr, tr("muster account: %1").arg(*error));
            return 2;
        }
        if (std::get<StoreConfig>(config).kind == StoreConfig::Kind::Etcd)
            return runOnCluster(std::get<StoreConfig>(config), action, name, newRole, *password);
    }
    return runOnFile(parser.isSet(dataDir) ? QFileInfo(parser.value(dataDir)).absoluteFilePath() : defaultDataDir(),
                     action, name, newRole, *password);
}

int AccountCommand::runOnFile(const QString &directory, const QString &action, const QString &name,
                              std::optional<Role> newRole, const QByteArray &password)
{
    AccountStore store(directory);
    if (const QString error = store.load(); !error.isEmpty()) {
        printLine(stderr, tr("muster account: %1").arg(error));
        return 1;
    }
    if (action == u"list") {
        for (const AccountStore::Account &account : store.accounts())
            printLine(stdout, QStringLiteral("%1\t%2").arg(account.name, roleName(account.role)));
        return 0;
    }
    if (action == u"remove") {
        if (const QString error = store.remove(name); !error.isEmpty()) {
            printLine(stderr, tr("muster account: %1").arg(error));
            return 1;
        }
        printLine(stdout, tr("Removed the account %1 from %2.").arg(name, store.filePath()));
        return 0;
    }
    if (const QString error = store.add(name, *newRole, password); !error.isEmpty()) {
        printLine(stderr, tr("muster account: %1").arg(error));
        return 1;
    }
    printLine(stdout, tr("Added the account %1 (%2) to %3.").arg(name, roleName(*newRole), store.filePath()));
    return 0;
}

int AccountCommand::runOnCluster(const StoreConfig &config, const QString &action, const QString &name,
                                 std::optional<Role> newRole, const QByteArray &password)
{
    ClusterAccounts cluster(config);
    SharedAccounts &accounts = cluster.accounts();
    auto result = waitFor([&](const SharedAccounts::Done &done) { cluster.load(done); });
    if (result.ok() && action == u"list") {
        for (const AccountStore::Account &account : accounts.accounts())
            printLine(stdout, QStringLiteral("%1\t%2").arg(account.name, roleName(account.role)));
        return 0;
    }
    if (result.ok() && action == u"remove") {
        result = waitFor([&](const SharedAccounts::Done &done) { accounts.remove(name, done); });
        if (result.ok()) {
            printLine(stdout, tr("Removed the account %1 from %2.").arg(name, accounts.location()));
            return 0;
        }
    }
    if (result.ok() && action == u"add") {
        auto made = AccountStore::makeAccount(name, *newRole, password);
        if (const auto *problem = std::get_if<QString>(&made)) {
            printLine(stderr, tr("muster account: %1").arg(*problem));
            return 1;
        }
        result = waitFor([&](const SharedAccounts::Done &done) { accounts.add(std::get<AccountStore::Account>(made), done); });
        if (result.ok()) {
            printLine(stdout, tr("Added the account %1 (%2) to %3.").arg(name, roleName(*newRole), accounts.location()));
            return 0;
        }
    }
    printLine(stderr, tr("muster account: %1").arg(result.error));
    return 1;
}
