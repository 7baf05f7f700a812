// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

// A private PKI made with openssl for one test run: a CA the nodes trust and one they do not, each
// with a server certificate for 127.0.0.1 and localhost.
class TestPki
{
public:
    bool create();
    QString error() const { return m_error; }

    QString trustedCa() const { return path(QStringLiteral("trusted-ca.pem")); }
    QString trustedCert() const { return path(QStringLiteral("trusted-node.pem")); }
    QString trustedKey() const { return path(QStringLiteral("trusted-node.key")); }
    QString strangerCert() const { return path(QStringLiteral("stranger-node.pem")); }
    QString strangerKey() const { return path(QStringLiteral("stranger-node.key")); }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A client configuration that trusts the test's CA (and the system's).
    QSslConfiguration trustingClient() const;

private:
    bool openssl(const QStringList &arguments);
    bool makeCa(const QString &name);
    bool makeServerCertificate(const QString &name, const QString &ca);

    QTemporaryDir m_dir;
    QString m_error;
};
