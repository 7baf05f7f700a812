// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

#include <qt6keychain/keychain.h>

Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace {
const QString keyringService = QStringLiteral("Muster console");

// Errors after which the file keeps the password instead: the keyring is missing or unusable.
bool keyringUnusable(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

QJsonObject readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}
}

CredentialStore::CredentialStore(QString fallbackFile, QObject *parent)
    : QObject(parent)
    , m_file(std::move(fallbackFile))
{
}

CredentialStore *CredentialStore::instance()
{
    static auto *store = new CredentialStore(
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).filePath(QStringLiteral("credentials.json")),
        QCoreApplication::instance());
    return store;
}

QString CredentialStore::fileWarning(const QString &why) const
{
    return tr("No keyring could keep the password (%1), so it is kept in %2, which only you may read.")
        .arg(why, QDir::toNativeSeparators(m_file));
}

void CredentialStore::save(const QString &key, const QString &password, Done done)
{
    if (!m_keyringEnabled) {
        done(saveToFile(key, password, tr("the keyring is not used here")));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(keyringService, this);
    job->setKey(key);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, key, password, done](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError) {
            saveToFile(key, std::nullopt, {});   // an older copy in the file goes
            done({Place::Keyring, {}});
            return;
        }
        qCInfo(lcUi).noquote() << QStringLiteral("the keyring refused the password for %1: %2").arg(key, finished->errorString());
        if (keyringUnusable(finished->error()))
            done(saveToFile(key, password, finished->errorString()));
        else
            done({Place::Nowhere, tr("The keyring did not keep the password: %1").arg(finished->errorString())});
    });
    job->start();
}

void CredentialStore::load(const QString &key, Found found)
{
    if (!m_keyringEnabled) {
        found(readFromFile(key), {Place::File, {}});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(keyringService, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, found](QKeychain::Job *finished) {
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::NoError) {
            found(read->textData(), {Place::Keyring, {}});
            return;
        }
        // Not in the keyring: perhaps kept in the file while there was no keyring.
        found(readFromFile(key), {Place::File, {}});
    });
    job->start();
}

void CredentialStore::forget(const QString &key, Done done)
{
    const Outcome fromFile = saveToFile(key, std::nullopt, {});
    if (!m_keyringEnabled) {
        done(fromFile);
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(keyringService, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done, fromFile](QKeychain::Job *finished) {
        const bool gone = finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound
                       || keyringUnusable(finished->error());
        done(gone ? fromFile : Outcome {Place::Keyring, finished->errorString()});
    });
    job->start();
}

std::optional<QString> CredentialStore::readFromFile(const QString &key) const
{
    const QJsonValue value = readObject(m_file).value(key);
    return value.isString() ? std::optional<QString>(value.toString()) : std::nullopt;
}

// Writes the password for key into the file, or removes it (no password). The file is made
// readable by its owner only before anything is written to it.
CredentialStore::Outcome CredentialStore::saveToFile(const QString &key, const std::optional<QString> &password,
                                                     const QString &why)
{
    QJsonObject passwords = readObject(m_file);
    if (!password && !passwords.contains(key))
        return {Place::Nowhere, {}};
    if (password)
        passwords.insert(key, *password);
    else
        passwords.remove(key);
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    QSaveFile file(m_file);
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(passwords).toJson()) < 0 || !file.commit()) {
        qCWarning(lcUi).noquote() << "cannot write" << m_file << ":" << file.errorString();
        return {Place::Nowhere, tr("The password could not be kept in %1: %2").arg(m_file, file.errorString())};
    }
    if (!password)
        return {Place::Nowhere, {}};
    qCWarning(lcUi).noquote() << QStringLiteral("no keyring (%1): the password for %2 is kept in %3").arg(why, key, m_file);
    return {Place::File, fileWarning(why)};
}
