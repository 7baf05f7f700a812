// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkAccessManager>
#include <QSslConfiguration>

// A QNetworkAccessManager whose https requests verify servers with one configuration (the system's
// CAs and the node's --tls-ca), so the code that builds requests need not know about TLS.
class TlsNetworkAccess : public QNetworkAccessManager
{
    Q_OBJECT

public:
    explicit TlsNetworkAccess(QObject *parent = nullptr);

    // A null configuration leaves Qt's default in place.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    QSslConfiguration m_tls;
};
