// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

// Passwords for the secured registries the console connects to, never in its settings file: in
// the desktop's keyring (the Secret Service of GNOME or KDE, through QtKeychain) and, where there
// is none, in a file only the user may read, which the console then names in a warning.
// Each password is kept under the registry's URL with its user and without the password
// (http://alice@host:8761/eureka/). Every call returns at once; the answer comes to a callback on
// the store's thread.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Place
    {
        Keyring,
        File,
        Nowhere,                       // neither could keep it
    };
    struct Outcome
    {
        Place place = Place::Nowhere;
        QString warning;               // for the user: why the keyring was not used, or what failed
    };
    using Done = std::function<void(const Outcome &)>;
    using Found = std::function<void(const std::optional<QString> &password, const Outcome &)>;

    // fallbackFile: the file used where there is no keyring.
    explicit CredentialStore(QString fallbackFile, QObject *parent = nullptr);

    // The console's own store: the keyring, or credentials.json in its configuration directory.
    static CredentialStore *instance();

    void save(const QString &key, const QString &password, Done done);
    void load(const QString &key, Found found);
    void forget(const QString &key, Done done);
    // Tests and machines without a desktop session: skip the keyring, use the file at once.
    void setKeyringEnabled(bool enabled) { m_keyringEnabled = enabled; }
    QString fallbackFile() const { return m_file; }

private:
    Outcome saveToFile(const QString &key, const std::optional<QString> &password, const QString &why);
    std::optional<QString> readFromFile(const QString &key) const;
    QString fileWarning(const QString &why) const;

    QString m_file;
    bool m_keyringEnabled = true;
};
