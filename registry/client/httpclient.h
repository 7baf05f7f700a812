// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/remotereply.h"

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
    void send(const QByteArray &verb, const QUrl &url, Done done, const QByteArray &body = {},
              const Headers &headers = {});
    qsizetype inFlight() const { return m_inFlight.size(); }
    // Whether the last request that failed did so because the server's certificate did not verify.
    bool certificateRejected() const { return m_certificateRejected; }
    // Aborts every request; each callback runs at once with the abort as its network error.
    void abortAll();

private:
    std::vector<std::unique_ptr<TlsNetworkAccess>> m_pools;
    std::size_t m_nextPool = 0;
    QSet<QNetworkReply *> m_inFlight;
    int m_timeoutMs = 10'000;
    bool m_certificateRejected = false;
};
