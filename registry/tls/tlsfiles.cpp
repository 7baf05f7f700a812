// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/tlsfiles.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace {
QString readError(const QString &what, const QString &path, const QFile &file)
{
    return QStringLiteral("%1 %2: %3").arg(what, path, file.errorString());
}

TlsLoad withError(QString error)
{
    return {{}, std::move(error)};
}

// The key in PEM, RSA or EC; a null key when the file holds neither.
QSslKey readPrivateKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}
}

namespace Tls {

TlsLoad serverConfiguration(const TlsFiles &files)
{
    if (files.certificate.isEmpty() || files.privateKey.isEmpty())
        return withError(QStringLiteral("TLS needs both a certificate (--tls-cert) and its private key (--tls-key)"));
    QFile certificateFile(files.certificate);
    if (!certificateFile.open(QIODevice::ReadOnly))
        return withError(readError(QStringLiteral("cannot read the TLS certificate"), files.certificate, certificateFile));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return withError(QStringLiteral("the TLS certificate %1 holds no PEM certificate").arg(files.certificate));
    QFile keyFile(files.privateKey);
    if (!keyFile.open(QIODevice::ReadOnly))
        return withError(readError(QStringLiteral("cannot read the TLS private key"), files.privateKey, keyFile));
    const QSslKey key = readPrivateKey(keyFile.readAll());
    if (key.isNull())
        return withError(QStringLiteral("the TLS private key %1 is not an unencrypted PEM RSA or EC key")
                             .arg(files.privateKey));
    if (key.algorithm() != chain.first().publicKey().algorithm())
        return withError(QStringLiteral("the TLS private key %1 is not of the kind of the certificate %2's key")
                             .arg(files.privateKey, files.certificate));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return {configuration, {}};
}

TlsLoad clientConfiguration(const QString &caFile)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (caFile.isEmpty())
        return {configuration, {}};
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly))
        return withError(readError(QStringLiteral("cannot read the CA file"), caFile, file));
    const QList<QSslCertificate> authorities = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (authorities.isEmpty())
        return withError(QStringLiteral("the CA file %1 holds no PEM certificate").arg(caFile));
    configuration.addCaCertificates(authorities);
    return {configuration, {}};
}

}
