// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/httpclient.h"

#include "model/urlcredentials.h"
#include "tls/tlsnetworkaccess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace {
QString serverOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}
}

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
    if (m_tokenLogin && !url.userName().isEmpty())
        sendWithLogin(verb, url, std::move(done), body, headers, true);
    else
        sendNow(verb, url, UrlCredentials::basicAuthorization(url), std::move(done), body, headers);
}

void HttpClient::sendWithLogin(const QByteArray &verb, const QUrl &url, Done done, const QByteArray &body,
                               const Headers &headers, bool mayLogInAgain)
{
    const QString server = serverOf(url);
    Login &login = m_logins[server];
    if (login.state != Login::State::Done) {
        login.waiting.append([=, this] { sendWithLogin(verb, url, done, body, headers, mayLogInAgain); });
        if (login.state == Login::State::None)
            logIn(url, server);
        return;
    }
    sendNow(verb, url, login.authorization,
            [=, this, sent = login.authorization](const RemoteReply &reply) {
                if (reply.status != 401 || !mayLogInAgain) {
                    done(reply);
                    return;
                }
                // The token expired, or the server's accounts changed: log in again, once.
                if (Login &current = m_logins[server]; current.state == Login::State::Done && current.authorization == sent)
                    current = Login {};
                sendWithLogin(verb, url, done, body, headers, false);
            },
            body, headers);
}

// POST /v4/token as Service-Center's RBAC takes it; the requests that waited go out once it answers,
// with the token, or with Basic when the server gave none (no such route, or the login refused: the
// requests then say what the server thinks of the credentials).
void HttpClient::logIn(const QUrl &url, const QString &server)
{
    m_logins[server].state = Login::State::Pending;
    const QJsonObject credentials {{QStringLiteral("name"), url.userName()}, {QStringLiteral("password"), url.password()}};
    const QUrl tokenUrl = UrlCredentials::withoutCredentials(url).resolved(QUrl(QStringLiteral("/v4/token")));
    sendNow("POST", tokenUrl, {},
            [this, server, basic = UrlCredentials::basicAuthorization(url)](const RemoteReply &reply) {
                Login &login = m_logins[server];
                const QString token = QJsonDocument::fromJson(reply.body).object().value(u"token").toString();
                const bool bearer = reply.status == 200 && !token.isEmpty();
                login.authorization = bearer ? "Bearer " + token.toUtf8() : basic;
                login.state = Login::State::Done;
                const QList<std::function<void()>> waiting = std::exchange(login.waiting, {});
                for (const auto &request : waiting)
                    request();
            },
            QJsonDocument(credentials).toJson(QJsonDocument::Compact),
            {{"Content-Type", "application/json"}, {"Accept", "application/json"}});
}

void HttpClient::sendNow(const QByteArray &verb, const QUrl &url, const QByteArray &authorization, Done done,
                         const QByteArray &body, const Headers &headers)
{
    QNetworkRequest request(UrlCredentials::withoutCredentials(url));
    request.setTransferTimeout(m_timeoutMs);
    if (!authorization.isEmpty())
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
