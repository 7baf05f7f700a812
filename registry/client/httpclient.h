// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remotereply.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>

#include <functional>
#include <memory>
#include <vector>

class QNetworkReply;
class QSslConfiguration;
class TlsNetworkAccess;

// HTTP for the clients of remote registries, on the thread that creates it: a request and a
// callback with its outcome. Several pools spread requests over QNetworkAccessManagers, each of
// which opens at most six connections to a host.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    using Done = std::function<void(const RemoteReply &)>;

    explicit HttpClient(int pools = 1, QObject *parent = nullptr);
    ~HttpClient() override;

    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    // How https servers are verified (null: the system's CAs). Applies to requests sent after it.
    void setTlsConfiguration(const QSslConfiguration &configuration);
    // Service-Center's RBAC: the user and password in a request's URL are exchanged once at the
    // server's POST /v4/token for a token, which requests then carry as a Bearer token; a request
    // answered 401 logs in again and is sent once more. A server that gives no token (no such route,
    // or the login refused) gets HTTP Basic, as every request does while this is off.
    void setTokenLogin(bool tokenLogin) { m_tokenLogin = tokenLogin; }
    void send(const QByteArray &verb, const QUrl &url, Done done, const QByteArray &body = {},
              const Headers &headers = {});
    qsizetype inFlight() const { return m_inFlight.size(); }
    // Whether the last request that failed did so because the server's certificate did not verify.
    bool certificateRejected() const { return m_certificateRejected; }
    // Aborts every request; each callback runs at once with the abort as its network error.
    void abortAll();

private:
    // What a server (scheme, host, port, user and password) is sent: nothing yet, a login under way
    // (the requests waiting for it), or the Authorization header the login gave.
    struct Login
    {
        enum class State
        {
            None,
            Pending,
            Done,
        };
        State state = State::None;
        QByteArray authorization;
        QList<std::function<void()>> waiting;
    };

    void sendWithLogin(const QByteArray &verb, const QUrl &url, Done done, const QByteArray &body,
                       const Headers &headers, bool mayLogInAgain);
    void logIn(const QUrl &url, const QString &server);
    void sendNow(const QByteArray &verb, const QUrl &url, const QByteArray &authorization, Done done,
                 const QByteArray &body, const Headers &headers);

    std::vector<std::unique_ptr<TlsNetworkAccess>> m_pools;
    std::size_t m_nextPool = 0;
    QSet<QNetworkReply *> m_inFlight;
    int m_timeoutMs = 10'000;
    bool m_certificateRejected = false;
    bool m_tokenLogin = false;
    QHash<QString, Login> m_logins;
};
