// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslConfiguration>
#include <QString>

// A node's TLS material, as --tls-cert, --tls-key and --tls-ca name it (docs/tls.md).
struct TlsFiles
{
    QString certificate;      // PEM: the node's certificate, then any intermediates
    QString privateKey;       // PEM, RSA or EC, not encrypted
    QString caCertificates;   // PEM: CAs trusted beside the system's for outgoing connections

    bool serves() const { return !certificate.isEmpty() || !privateKey.isEmpty(); }
};

// A configuration ready to use, or the sentence saying why there is none.
struct TlsLoad
{
    QSslConfiguration configuration;
    QString error;

    bool ok() const { return error.isEmpty(); }
};

namespace Tls {
// What a node serves HTTPS with: its certificate chain and key; clients are not asked for certificates.
TlsLoad serverConfiguration(const TlsFiles &files);
// What outgoing connections verify servers with: the system's CAs, plus those in caFile when one is
// named. Peers are always verified.
TlsLoad clientConfiguration(const QString &caFile);
}
