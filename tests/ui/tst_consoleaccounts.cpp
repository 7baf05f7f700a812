// SPDX-License-Identifier: GPL-3.0-or-later
// The console's side of accounts (docs/security.md): the accounts dialog over a real node in this
// process — the accounts it adds sign in once the node requires authentication — and the
// credential store that keeps remote registries' passwords out of the settings file, with the
// connect dialog filling a remembered password in.

#include "credentialstore.h"
#include "dialogs/accountsdialog.h"
#include "dialogs/connectdialog.h"

#include "node/nodehandle.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

class TestConsoleAccounts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    NodeConfig nodeConfig(AuthConfig::Mode mode) const
    {
        NodeConfig config;
        config.name = u"accounts"_s;
        config.port = 0;
        config.dataDir = m_dir.path();
        config.auth.mode = mode;
        return config;
    }

    static bool start(NodeHandle &node)
    {
        QSignalSpy started(&node, &NodeHandle::started);
        node.start();
        return started.wait(10000);
    }

    int statusOf(const NodeHandle &node, const QString &user, const QString &password)
    {
        QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/eureka/apps"_s.arg(node.port())));
        request.setRawHeader("Accept", "application/json");
        if (!user.isEmpty())
            request.setRawHeader("Authorization", "Basic " + (user + u':' + password).toUtf8().toBase64());
        QNetworkReply *reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return -1;
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    static void fill(AccountsDialog &dialog, const QString &name, const QString &role, const QString &password,
                     const QString &confirm)
    {
        dialog.findChild<QLineEdit *>(u"name"_s)->setText(name);
        auto *roles = dialog.findChild<QComboBox *>(u"role"_s);
        roles->setCurrentIndex(roles->findData(role));
        dialog.findChild<QLineEdit *>(u"password"_s)->setText(password);
        dialog.findChild<QLineEdit *>(u"confirm"_s)->setText(confirm);
    }

    static QStringList shownAccounts(const AccountsDialog &dialog)
    {
        QStringList names;
        auto *list = dialog.findChild<QTreeWidget *>(u"accounts"_s);
        for (int row = 0; row < list->topLevelItemCount(); ++row)
            names << list->topLevelItem(row)->text(0) + u'/' + list->topLevelItem(row)->data(0, Qt::UserRole).toString();
        return names;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void accountsAddedInTheDialogSignInOnceRequired()
    {
        {
            NodeHandle node(nodeConfig(AuthConfig::Mode::Off));
            QVERIFY(start(node));
            AccountsDialog dialog(&node);
            auto *state = dialog.findChild<QLabel *>(u"authState"_s);
            auto *add = dialog.findChild<QPushButton *>(u"add"_s);
            auto *error = dialog.findChild<QLabel *>(u"formError"_s);
            QTRY_VERIFY(state->text().contains(u"Authentication is off"));
            QVERIFY(state->text().contains(u"accounts.json"));
            QVERIFY(shownAccounts(dialog).isEmpty());

            fill(dialog, u"bad name"_s, u"admin"_s, u"s3cret"_s, u"s3cret"_s);
            QVERIFY(!add->isEnabled());
            QVERIFY(error->text().contains(u"letters, digits"));
            fill(dialog, u"ops"_s, u"admin"_s, u"s3cret"_s, u"other"_s);
            QVERIFY(!add->isEnabled());
            QVERIFY(error->text().contains(u"differ"));
            fill(dialog, u"ops"_s, u"admin"_s, u"s3cret"_s, u"s3cret"_s);
            QVERIFY(add->isEnabled());
            QSignalSpy updated(&dialog, &AccountsDialog::updated);
            add->click();
            QVERIFY(!add->isEnabled());   // busy while the node hashes the password
            QTRY_COMPARE_WITH_TIMEOUT(shownAccounts(dialog), QStringList {u"ops/ops"_s}, 10000);
            fill(dialog, u"reader"_s, u"viewer"_s, u"r3ad"_s, u"r3ad"_s);
            add->click();
            QTRY_COMPARE_WITH_TIMEOUT(shownAccounts(dialog).size(), 2, 10000);

            // A name that exists is refused in the form, before the node is asked.
            fill(dialog, u"ops"_s, u"client"_s, u"x"_s, u"x"_s);
            QVERIFY(!add->isEnabled());
            QVERIFY(error->text().contains(u"already"));

            const QFile file(m_dir.filePath(u"accounts.json"_s));
            QVERIFY(file.exists());
            QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
            QCOMPARE(statusOf(node, {}, {}), 200);   // off: nothing asks for the accounts yet
            node.stop();
        }
        NodeHandle secured(nodeConfig(AuthConfig::Mode::Required));
        QVERIFY(start(secured));
        QCOMPARE(statusOf(secured, {}, {}), 401);
        QCOMPARE(statusOf(secured, u"ops"_s, u"wrong"_s), 401);
        QCOMPARE(statusOf(secured, u"ops"_s, u"s3cret"_s), 200);
        QCOMPARE(statusOf(secured, u"reader"_s, u"r3ad"_s), 200);

        AccountsDialog dialog(&secured);
        QTRY_VERIFY(dialog.findChild<QLabel *>(u"authState"_s)->text().contains(u"requires authentication"));
        QTRY_COMPARE(shownAccounts(dialog).size(), 2);
        if (const QString shot = qEnvironmentVariable("MUSTER_ACCOUNTS_SCREENSHOT"); !shot.isEmpty()) {
            fill(dialog, u"deploy-bot"_s, u"client"_s, u"pw"_s, u"pv"_s);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(shot);
            fill(dialog, {}, u"client"_s, {}, {});
        }
        auto *list = dialog.findChild<QTreeWidget *>(u"accounts"_s);
        list->setCurrentItem(list->findItems(u"reader"_s, Qt::MatchExactly).value(0));
        auto *remove = dialog.findChild<QPushButton *>(u"remove"_s);
        QVERIFY(remove->isEnabled());
        remove->click();
        QMessageBox *confirm = nullptr;
        QTRY_VERIFY((confirm = dialog.findChild<QMessageBox *>()));
        for (QAbstractButton *button : confirm->buttons()) {
            if (confirm->buttonRole(button) == QMessageBox::DestructiveRole)
                button->click();
        }
        QTRY_COMPARE_WITH_TIMEOUT(shownAccounts(dialog), QStringList {u"ops/ops"_s}, 10000);
        // The running node forgets the account at once.
        QCOMPARE(statusOf(secured, u"reader"_s, u"r3ad"_s), 401);
        QCOMPARE(statusOf(secured, u"ops"_s, u"s3cret"_s), 200);
        secured.stop();
    }

    void stoppedNodeSaysSo()
    {
        NodeHandle node(nodeConfig(AuthConfig::Mode::Off));
        AccountsDialog dialog(&node);
        QTRY_VERIFY(dialog.findChild<QLabel *>(u"authState"_s)->text().contains(u"cannot be read"));
    }

    void passwordsGoToAFileOnlyTheUserReadsWithoutKeyring()
    {
        QTemporaryDir dir;
        CredentialStore store(dir.filePath(u"conf/credentials.json"_s));
        store.setKeyringEnabled(false);
        const QString key = u"http://alice@127.0.0.1:8761/eureka/"_s;
        std::optional<CredentialStore::Outcome> saved;
        store.save(key, u"pa:ss wörd"_s, [&](const CredentialStore::Outcome &outcome) { saved = outcome; });
        QTRY_VERIFY(saved);
        QCOMPARE(saved->place, CredentialStore::Place::File);
        QVERIFY(saved->warning.contains(u"credentials.json"));
        const QFile file(store.fallbackFile());
        QCOMPARE(file.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ReadOwner
                                        | QFileDevice::WriteOwner),
                 QFileDevice::Permissions());

        std::optional<QString> found;
        bool answered = false;
        store.load(key, [&](const std::optional<QString> &password, const CredentialStore::Outcome &) {
            found = password;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(found, std::optional<QString>(u"pa:ss wörd"_s));

        std::optional<CredentialStore::Outcome> forgotten;
        store.forget(key, [&](const CredentialStore::Outcome &outcome) { forgotten = outcome; });
        QTRY_VERIFY(forgotten);
        answered = false;
        store.load(key, [&](const std::optional<QString> &password, const CredentialStore::Outcome &) {
            found = password;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QVERIFY(!found);
    }

    // Whatever this machine offers (a Secret Service or none), a saved password comes back and
    // never lands in the settings file.
    void passwordsRoundTripThroughTheKeyringOrTheFile()
    {
        QTemporaryDir dir;
        CredentialStore store(dir.filePath(u"credentials.json"_s));
        const QString key = u"http://bob@127.0.0.1:30100"_s;
        std::optional<CredentialStore::Outcome> saved;
        store.save(key, u"hunter2"_s, [&](const CredentialStore::Outcome &outcome) { saved = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(saved, 30000);
        QVERIFY2(saved->place != CredentialStore::Place::Nowhere, qPrintable(saved->warning));
        if (qEnvironmentVariableIsSet("MUSTER_EXPECT_KEYRING")) {
            QVERIFY2(saved->place == CredentialStore::Place::Keyring, qPrintable(saved->warning));
            QVERIFY(!QFile::exists(store.fallbackFile()));
        }
        if (saved->place == CredentialStore::Place::File)
            QVERIFY(saved->warning.contains(u"credentials.json"));
        std::optional<QString> found;
        bool answered = false;
        store.load(key, [&](const std::optional<QString> &password, const CredentialStore::Outcome &) {
            found = password;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 30000);
        QCOMPARE(found, std::optional<QString>(u"hunter2"_s));
        QFile settings(QSettings().fileName());
        if (settings.open(QIODevice::ReadOnly))
            QVERIFY(!settings.readAll().contains("hunter2"));
        bool forgotten = false;
        store.forget(key, [&](const CredentialStore::Outcome &) { forgotten = true; });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten, 30000);
    }

    void connectDialogFillsARememberedPassword()
    {
        QTemporaryDir dir;
        CredentialStore store(dir.filePath(u"credentials.json"_s));
        store.setKeyringEnabled(false);
        bool saved = false;
        store.save(u"http://alice@127.0.0.1:8761/eureka/"_s, u"secret"_s,
                   [&](const CredentialStore::Outcome &) { saved = true; });
        QTRY_VERIFY(saved);

        ConnectDialog dialog({u"http://alice@127.0.0.1:8761/eureka/"_s}, &store);
        auto *user = dialog.findChild<QLineEdit *>(u"user"_s);
        auto *password = dialog.findChild<QLineEdit *>(u"password"_s);
        QCOMPARE(user->text(), u"alice"_s);
        QTRY_COMPARE(password->text(), u"secret"_s);
        QVERIFY(!dialog.findChild<QLabel *>(u"passwordNote"_s)->isHidden());
        QCOMPARE(dialog.url(), QUrl(u"http://alice:secret@127.0.0.1:8761/eureka/"_s));
        QCOMPARE(ConnectDialog::credentialKey(dialog.url()), u"http://alice@127.0.0.1:8761/eureka/"_s);
        if (const QString shot = qEnvironmentVariable("MUSTER_CONNECT_SCREENSHOT"); !shot.isEmpty()) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(shot);
        }

        // Another user: nothing remembered, nothing filled in.
        ConnectDialog other({u"http://carol@127.0.0.1:8761/eureka/"_s}, &store);
        QTest::qWait(0);
        QCoreApplication::processEvents();
        QVERIFY(other.findChild<QLineEdit *>(u"password"_s)->text().isEmpty());
        QCOMPARE(other.url(), QUrl(u"http://carol@127.0.0.1:8761/eureka/"_s));
    }
};

QTEST_MAIN(TestConsoleAccounts)
#include "tst_consoleaccounts.moc"
