// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateway/httpmessageparser.h"
#include "gateway/routingview.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

class Gateway;
class QTcpSocket;

// One client connection to the gateway: reads its requests one after the other, sends each to an
// instance of the service its path names and streams the answer back. Bodies flow in pieces both
// ways; when one side's write buffer fills, the other side is not read until it drains.
class ProxyConnection : public QObject
{
    Q_OBJECT

public:
    ProxyConnection(QTcpSocket *client, Gateway &gateway, QObject *parent = nullptr);
    ~ProxyConnection() override;

signals:
    void closed(ProxyConnection *connection);

private:
    enum class Phase
    {
        Idle,                          // waiting for a request
        Connecting,                    // to the chosen instance
        Forwarding,                    // request out, response in
        Closing,                       // answered; the connection ends once written
    };
    struct Exchange
    {
        HttpMessageHead request;
        QString service;
        QByteArray path;               // the path and query the instance gets
        RoutingTarget target;
        QSet<QString> tried;
        QByteArray pendingBody;        // read from the client, not yet handed to the instance's socket
        QElapsedTimer started;
        bool requestComplete = false;
        bool bodyWritten = false;      // some body went to an instance's socket: no retry
        bool retried = false;
        bool responseStarted = false;
        bool chunkedToClient = false;
        bool clientKeepAlive = true;
        int responseStatus = 0;
    };

    void readClient();
    void feedRequestParser();
    void onRequestHead(const HttpMessageHead &head);
    void onRequestBody(QByteArrayView data);
    void onRequestComplete();
    bool startExchange(const HttpMessageHead &head);
    void connectUpstream();
    void attachUpstream(QTcpSocket *socket);
    void onUpstreamConnected();
    void sendToUpstream(QByteArrayView data);
    void readUpstream();
    void onResponseHead(const HttpMessageHead &head);
    void onResponseBody(QByteArrayView data);
    void onResponseComplete();
    void onUpstreamGone(const QString &reason);
    void endOfUpstream();
    void upstreamFailed();
    void abortCutShort();
    bool retry(bool sameInstance);
    void armTimeout(int ms);
    void disarmTimeout();
    void onTimerFired();
    void onTimeout();
    void flushUpstream();
    void finishExchange(bool upstreamReusable);
    void releaseUpstream(bool reusable);
    void answer(int status, const QString &message, const QString &service, bool close = false);
    void failExchange(int status, const QString &message);
    void closeAfterWrite();
    void scheduleNextRequest();
    QByteArray upstreamHead() const;
    qint64 upstreamBacklog() const;
    void onClientGone();

    Gateway &m_gateway;
    QTcpSocket *m_client;
    QByteArray m_clientIn;
    HttpMessageParser m_requestParser;
    std::unique_ptr<HttpMessageParser> m_responseParser;
    QTcpSocket *m_upstream = nullptr;
    bool m_upstreamReused = false;
    bool m_upstreamSentAnything = false;
    bool m_upstreamClosed = false;
    QString m_upstreamClosedReason;
    std::optional<Exchange> m_exchange;
    Phase m_phase = Phase::Idle;
    // One timer per connection, restarted only when a deadline moves earlier than it fires: the
    // deadline moves with every piece of a request, and restarting a QTimer each time costs more.
    QTimer m_timer;
    QDeadlineTimer m_deadline {QDeadlineTimer::Forever};
    QDeadlineTimer m_timerDue {QDeadlineTimer::Forever};
    bool m_gone = false;
    bool m_feeding = false;
    bool m_readingUpstream = false;
};
