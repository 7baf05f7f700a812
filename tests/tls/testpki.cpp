// SPDX-License-Identifier: GPL-3.0-or-later
#include "testpki.h"

#include "tls/tlsfiles.h"

#include <QFile>
#include <QProcess>

using namespace Qt::StringLiterals;

bool TestPki::create()
{
    if (!m_dir.isValid()) {
        m_error = u"no temporary directory"_s;
        return false;
    }
    QFile extensions(path(u"server.ext"_s));
    if (!extensions.open(QIODevice::WriteOnly))
        return false;
    extensions.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                     "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    extensions.close();
    return makeCa(u"trusted"_s) && makeServerCertificate(u"trusted"_s, u"trusted"_s) && makeCa(u"stranger"_s)
        && makeServerCertificate(u"stranger"_s, u"stranger"_s);
}

QSslConfiguration TestPki::trustingClient() const
{
    return Tls::clientConfiguration(trustedCa()).configuration;
}

bool TestPki::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"openssl %1 failed: %2"_s.arg(arguments.join(u' '), QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool TestPki::makeCa(const QString &name)
{
    return openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                    u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=Muster test CA %1"_s.arg(name),
                    u"-keyout"_s, path(name + u"-ca.key"), u"-out"_s, path(name + u"-ca.pem")});
}

bool TestPki::makeServerCertificate(const QString &name, const QString &ca)
{
    return openssl({u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s,
                    u"-subj"_s, u"/CN=127.0.0.1"_s, u"-keyout"_s, path(name + u"-node.key"), u"-out"_s,
                    path(name + u"-node.csr")})
        && openssl({u"x509"_s, u"-req"_s, u"-in"_s, path(name + u"-node.csr"), u"-CA"_s, path(ca + u"-ca.pem"),
                    u"-CAkey"_s, path(ca + u"-ca.key"), u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s,
                    path(u"server.ext"_s), u"-out"_s, path(name + u"-node.pem")});
}
