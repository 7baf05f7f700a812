// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls/tlsnetworkaccess.h"

#include <QNetworkRequest>

TlsNetworkAccess::TlsNetworkAccess(QObject *parent)
    : QNetworkAccessManager {parent}
{
}

QNetworkReply *TlsNetworkAccess::createRequest(Operation operation, const QNetworkRequest &request,
                                               QIODevice *outgoingData)
{
    if (m_tls.isNull() || request.url().scheme() != u"https")
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    QNetworkRequest verified = request;
    verified.setSslConfiguration(m_tls);
    return QNetworkAccessManager::createRequest(operation, verified, outgoingData);
}
