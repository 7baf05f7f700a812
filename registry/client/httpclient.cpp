// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/httpclient.h"

#include "model/urlcredentials.h"
#include "tls/tlsnetworkaccess.h"

#include <QNetworkReply>

HttpClient::HttpClient(int pools, QObject *parent)
    : QObject {parent}
{
    for (int i = 0; i < std::max(1, pools); ++i) {
        auto network = std::make_unique<TlsNetworkAccess>();
        // Registries answer redirects for the console's own browser, not for API clients.
        network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_pools.push_back(std::move(network));
    }
}

HttpClient::~HttpClient()
{
    for (QNetworkReply *reply : std::as_const(m_inFlight)) {
        reply->disconnect(this);
        reply->abort();
        delete reply;
    }
}

void HttpClient::setTlsConfiguration(const QSslConfiguration &configuration)
{
    for (const auto &network : m_pools)
        network->setTlsConfiguration(configuration);
}

void HttpClient::send(const QByteArray &verb, const QUrl &url, Done done, const QByteArray &body,
                      const Headers &headers)
{
    QNetworkRequest request(UrlCredentials::withoutCredentials(url));
    request.setTransferTimeout(m_timeoutMs);
    if (const QByteArray authorization = UrlCredentials::basicAuthorization(url); !authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    TlsNetworkAccess &network = *m_pools[m_nextPool];
    m_nextPool = (m_nextPool + 1) % m_pools.size();
    QNetworkReply *reply = body.isEmpty()
        ? network.sendCustomRequest(request, verb)
        : network.sendCustomRequest(request, verb, body);
    m_inFlight.insert(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, verb, url, done = std::move(done)] {
        m_inFlight.remove(reply);
        reply->deleteLater();
        RemoteReply outcome;
        outcome.verb = verb;
        outcome.url = url;
        outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        outcome.body = reply->readAll();
        if (outcome.status == 0) {
            outcome.networkError = reply->errorString();
            m_certificateRejected = reply->error() == QNetworkReply::SslHandshakeFailedError;
        }
        done(outcome);
    });
}

void HttpClient::abortAll()
{
    const QSet<QNetworkReply *> replies = m_inFlight;
    for (QNetworkReply *reply : replies)
        reply->abort();
}
