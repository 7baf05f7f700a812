// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakepeer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

QByteArray FakePeer::Request::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject FakePeer::Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

bool FakePeer::Request::isBatch() const
{
    return method == "POST" && (path.endsWith("/peerreplication/batch") || path.endsWith("/peerreplication/batch/"));
}

QJsonArray FakePeer::Request::batchItems() const
{
    return json().value(u"replicationList").toArray();
}

FakePeer::FakePeer(Responder responder, QObject *parent)
    : QObject {parent}
    , m_responder {std::move(responder)}
{
    m_server.setProxy(QNetworkProxy::NoProxy);
    connect(&m_server, &QTcpServer::newConnection, this, &FakePeer::acceptConnections);
}

FakePeer::~FakePeer()
{
    m_server.close();
    for (auto it = m_buffers.keyBegin(); it != m_buffers.keyEnd(); ++it) {
        (*it)->disconnect(this);
        (*it)->abort();   // the server owns the sockets and deletes them
    }
}

bool FakePeer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 FakePeer::port() const
{
    return m_server.serverPort();
}

QUrl FakePeer::serviceUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/eureka/"_s.arg(port()));
}

void FakePeer::setResponder(Responder responder)
{
    m_responder = std::move(responder);
}

FakePeer::Responder FakePeer::batchResponder(ItemResponder item)
{
    return [item = std::move(item)](const Request &request) -> std::optional<Response> {
        if (request.method == "GET" && (request.path.endsWith("/apps") || request.path.endsWith("/apps/"))) {
            const QJsonObject empty {{u"applications"_s, QJsonObject {{u"versions__delta"_s, u"1"_s},
                                                                      {u"apps__hashcode"_s, u""_s},
                                                                      {u"application"_s, QJsonArray {}}}}};
            return Response {200, QJsonDocument(empty).toJson(QJsonDocument::Compact)};
        }
        if (!request.isBatch())
            return Response {404, QByteArrayLiteral("{}")};
        QJsonArray answers;
        for (const QJsonValue value : request.batchItems())
            answers.append(item(value.toObject()));
        return Response {200, QJsonDocument(QJsonObject {{u"responseList"_s, answers}}).toJson(QJsonDocument::Compact)};
    };
}

FakePeer::Responder FakePeer::acceptAll()
{
    return batchResponder([](const QJsonObject &) { return QJsonObject {{u"statusCode"_s, 200}}; });
}

FakePeer::Responder FakePeer::holdBatches()
{
    return [accept = acceptAll()](const Request &request) -> std::optional<Response> {
        if (request.isBatch())
            return std::nullopt;
        return accept(request);
    };
}

FakePeer::Responder FakePeer::hang()
{
    return [](const Request &) -> std::optional<Response> { return std::nullopt; };
}

FakePeer::Responder FakePeer::fixedStatus(int status)
{
    return [status](const Request &) -> std::optional<Response> { return Response {status, QByteArrayLiteral("{}")}; };
}

QList<FakePeer::Request> FakePeer::batches() const
{
    QList<Request> result;
    for (const Request &request : m_requests) {
        if (request.isBatch())
            result.append(request);
    }
    return result;
}

QList<QJsonObject> FakePeer::batchItems() const
{
    QList<QJsonObject> result;
    for (const Request &request : m_requests) {
        if (!request.isBatch())
            continue;
        for (const QJsonValue value : request.batchItems())
            result.append(value.toObject());
    }
    return result;
}

int FakePeer::answerHeld()
{
    const auto held = std::exchange(m_held, {});
    int answered = 0;
    for (const auto &[socket, index] : held) {
        if (!socket || socket->state() != QAbstractSocket::ConnectedState)
            continue;
        if (const auto response = m_responder(m_requests.at(index))) {
            write(socket, *response);
            ++answered;
        } else {
            m_held.append({socket, index});
        }
    }
    return answered;
}

void FakePeer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        readFrom(socket);
    }
}

void FakePeer::readFrom(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        Request request;
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;   // the body is still on its way
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);

        m_requests.append(request);
        if (const auto response = m_responder(request))
            write(socket, *response);
        else
            m_held.append({QPointer<QTcpSocket>(socket), m_requests.size() - 1});
        emit requestReceived();
    }
}

void FakePeer::write(QTcpSocket *socket, const Response &response)
{
    const QByteArray reason = response.status == 200 ? "OK"
        : response.status == 204                     ? "No Content"
        : response.status == 404                     ? "Not Found"
        : response.status == 500                     ? "Internal Server Error"
        : response.status == 503                     ? "Service Unavailable"
                                                     : "Status";
    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason + "\r\n";
    if (!response.contentType.isEmpty())
        bytes += "Content-Type: " + response.contentType + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    bytes += response.body;
    socket->write(bytes);
    socket->flush();
}
