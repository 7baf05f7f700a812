// SPDX-License-Identifier: GPL-3.0-or-later
#include "scwebsocket.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace {
enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
const QByteArray handshakeKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray websocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
}

ScWebSocket::ScWebSocket()
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                     [this](const QString &message) { m_messages.append(message); });
    QObject::connect(&m_socket, &QWebSocket::connected, &m_socket, [this] { m_everConnected = true; });
}

ScWebSocket::~ScWebSocket()
{
    m_socket.abort();
}

bool ScWebSocket::open(const QUrl &url, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setRawHeader("X-Domain-Name", "default");
    bool finished = false;
    const auto connected = QObject::connect(&m_socket, &QWebSocket::connected, &m_socket, [&] { finished = true; });
    const auto disconnected =
        QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [&] { finished = true; });
    const auto failed = QObject::connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &m_socket,
                                         [&] { finished = true; });
    m_socket.open(request);
    const bool answered = QTest::qWaitFor([&] { return finished; }, timeoutMs);
    QObject::disconnect(connected);
    QObject::disconnect(disconnected);
    QObject::disconnect(failed);
    return answered && m_everConnected;
}

bool ScWebSocket::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

bool ScWebSocket::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

int ScWebSocket::closeCode() const
{
    return int(m_socket.closeCode());
}

QList<QJsonObject> ScWebSocket::events() const
{
    QList<QJsonObject> result;
    for (const QString &message : m_messages) {
        const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8());
        if (document.isObject())
            result.append(document.object());
    }
    return result;
}

std::optional<QJsonObject> ScWebSocket::event(const QString &action, const QString &instanceId) const
{
    for (const QJsonObject &event : events()) {
        if (event.value(u"action").toString() == action
            && event.value(u"instance").toObject().value(u"instanceId").toString() == instanceId)
            return event;
    }
    return std::nullopt;
}

std::optional<QJsonObject> ScWebSocket::waitForEvent(const QString &action, const QString &instanceId, int timeoutMs)
{
    if (!QTest::qWaitFor([&] { return event(action, instanceId).has_value(); }, timeoutMs))
        return std::nullopt;
    return event(action, instanceId);
}

QList<QJsonObject> ScWebSocket::eventsAbout(const QString &instanceId) const
{
    QList<QJsonObject> result;
    for (const QJsonObject &event : events()) {
        if (event.value(u"instance").toObject().value(u"instanceId").toString() == instanceId)
            result.append(event);
    }
    return result;
}

RawWebSocket::RawWebSocket(bool answerPings)
    : m_answerPings(answerPings)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { readFrames(); });
}

RawWebSocket::~RawWebSocket()
{
    m_socket.abort();
}

bool RawWebSocket::open(quint16 port, const QString &pathAndQuery, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(timeoutMs))
        return false;
    m_socket.write("GET " + pathAndQuery.toUtf8() + " HTTP/1.1\r\n"
                   "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n"
                   "Upgrade: websocket\r\n"
                   "Connection: Upgrade\r\n"
                   "Sec-WebSocket-Key: " + handshakeKey + "\r\n"
                   "Sec-WebSocket-Version: 13\r\n"
                   "X-Domain-Name: default\r\n\r\n");
    m_socket.flush();
    if (!QTest::qWaitFor([&] { return m_handshakeStatus != 0 || m_socket.state() != QAbstractSocket::ConnectedState; },
                         timeoutMs))
        return false;
    return m_upgraded;
}

bool RawWebSocket::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void RawWebSocket::sendPing(const QByteArray &payload)
{
    sendFrame(Ping, payload);
}

void RawWebSocket::sendText(const QByteArray &text)
{
    sendFrame(Text, text);
}

void RawWebSocket::readFrames()
{
    m_buffer.append(m_socket.readAll());
    if (m_handshakeStatus == 0) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        m_handshakeStatus = statusLine.size() >= 2 ? statusLine.at(1).toInt() : -1;
        const QByteArray expectedAccept =
            QCryptographicHash::hash(QByteArray(handshakeKey + websocketGuid), QCryptographicHash::Sha1).toBase64();
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare("Sec-WebSocket-Accept", Qt::CaseInsensitive) == 0)
                m_upgraded = m_handshakeStatus == 101 && line.mid(colon + 1).trimmed() == expectedAccept;
        }
        m_buffer.remove(0, end + 4);
        if (!m_upgraded)
            return;
    }
    while (m_buffer.size() >= 2) {
        const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData());
        const bool fin = bytes[0] & 0x80;
        const quint8 opcode = bytes[0] & 0x0F;
        const bool masked = bytes[1] & 0x80;
        quint64 length = bytes[1] & 0x7F;
        qsizetype offset = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(bytes + 2);
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qFromBigEndian<quint64>(bytes + 2);
            offset = 10;
        }
        const qsizetype maskOffset = offset;
        if (masked)
            offset += 4;
        if (quint64(m_buffer.size()) < quint64(offset) + length)
            return;
        QByteArray payload = m_buffer.mid(offset, qsizetype(length));
        if (masked) {
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload.at(i) ^ m_buffer.at(maskOffset + i % 4));
        }
        m_buffer.remove(0, offset + qsizetype(length));

        switch (opcode) {
        case Ping:
            ++m_pings;
            if (m_answerPings)
                sendFrame(Pong, payload);
            break;
        case Pong:
            ++m_pongs;
            break;
        case Close:
            m_closeCode = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : quint16(1005);
            sendFrame(Close, payload.left(2));
            m_socket.disconnectFromHost();
            return;
        case Text:
        case Binary:
        case Continuation:
            m_fragments.append(payload);
            if (fin) {
                m_texts.append(QString::fromUtf8(m_fragments));
                m_fragments.clear();
            }
            break;
        default:
            break;
        }
    }
}

void RawWebSocket::sendFrame(quint8 opcode, const QByteArray &payload)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xFF));
        frame.append(char(payload.size() & 0xFF));
    }
    const quint32 maskKey = QRandomGenerator::global()->generate();
    char mask[4];
    qToBigEndian(maskKey, mask);
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    m_socket.write(frame);
    m_socket.flush();
}
