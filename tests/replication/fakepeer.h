// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eurekatestnode.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <optional>

class QTcpSocket;

// A scripted stand-in for a peer on 127.0.0.1: a QTcpServer that parses HTTP/1.1 requests (with a
// Content-Length body), records them, and answers what its responder says, or never answers (a hung
// peer). It runs on the test thread, so it serves while the test waits (QTRY_*, QSignalSpy::wait).
class FakePeer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        HttpHeaders headers;
        QByteArray body;

        QByteArray header(QByteArrayView name) const;   // case-insensitive; empty when absent
        QJsonObject json() const;
        bool isBatch() const;                           // POST …/peerreplication/batch[/]
        QJsonArray batchItems() const;                  // the replicationList of a batch
    };

    struct Response
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("application/json");
    };

    // What to answer to one request; std::nullopt leaves the request unanswered (it can still be
    // answered later with answerHeld()).
    using Responder = std::function<std::optional<Response>(const Request &)>;
    // One entry of a batch answer, {"statusCode":…[,"responseEntity":…]}, for one replicationList item.
    using ItemResponder = std::function<QJsonObject(const QJsonObject &item)>;

    explicit FakePeer(Responder responder = acceptAll(), QObject *parent = nullptr);
    ~FakePeer() override;

    bool listen();
    quint16 port() const;
    QUrl serviceUrl() const;    // http://127.0.0.1:port/eureka/

    void setResponder(Responder responder);

    // GET …/apps/ gets an empty registry; a batch gets one answer per item from item; anything else 404.
    static Responder batchResponder(ItemResponder item);
    // Every batch item succeeds.
    static Responder acceptAll();
    // Holds every batch unanswered (answerHeld() releases it) and accepts everything else.
    static Responder holdBatches();
    // Accepts connections, reads requests and never answers.
    static Responder hang();
    // Every request gets this status and an empty JSON object.
    static Responder fixedStatus(int status);

    const QList<Request> &requests() const { return m_requests; }
    QList<Request> batches() const;
    // Every replicationList item of every batch received, in order of arrival.
    QList<QJsonObject> batchItems() const;
    int connectionCount() const { return m_connections; }

    // Answers every request left unanswered so far with the current responder; returns how many.
    int answerHeld();

signals:
    void requestReceived();

private:
    void acceptConnections();
    void readFrom(QTcpSocket *socket);
    static void write(QTcpSocket *socket, const Response &response);

    QTcpServer m_server;
    Responder m_responder;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPair<QPointer<QTcpSocket>, qsizetype>> m_held;   // socket, index into m_requests
    int m_connections = 0;
};
