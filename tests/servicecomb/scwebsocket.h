// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eurekatestnode.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <optional>

// A QWebSocket client for the Service-Center websockets (contract servicecomb.md §2.7, §2.12) that
// keeps every text message it receives. QWebSocket answers server pings with pongs by itself.
class ScWebSocket
{
public:
    static constexpr int timeoutMs = 5000;

    ScWebSocket();
    ~ScWebSocket();

    // Opens url with X-Domain-Name: default and waits until it is connected (true) or has failed or
    // closed (false).
    bool open(const QUrl &url, int timeoutMs = ScWebSocket::timeoutMs);
    QWebSocket &socket() { return m_socket; }
    bool isConnected() const;
    bool waitForDisconnected(int timeoutMs = ScWebSocket::timeoutMs);
    int closeCode() const;

    QStringList messages() const { return m_messages; }
    // Every message that parses as a JSON object.
    QList<QJsonObject> events() const;
    // The first event with this action whose instance has this instanceId, waiting for it up to timeoutMs.
    std::optional<QJsonObject> waitForEvent(const QString &action, const QString &instanceId,
                                            int timeoutMs = ScWebSocket::timeoutMs);
    std::optional<QJsonObject> event(const QString &action, const QString &instanceId) const;
    // Events about instanceId, whatever the action.
    QList<QJsonObject> eventsAbout(const QString &instanceId) const;

private:
    QWebSocket m_socket;
    QStringList m_messages;
    bool m_everConnected = false;
};

// A websocket client written on a plain QTcpSocket, for what QWebSocket hides: the server's Ping
// frames are counted, and answering them with Pongs can be switched off.
class RawWebSocket
{
public:
    static constexpr int timeoutMs = 5000;

    explicit RawWebSocket(bool answerPings = true);
    ~RawWebSocket();

    // Connects to 127.0.0.1:port, sends the upgrade request for pathAndQuery (with X-Domain-Name:
    // default) and reads the answer. True on 101 with a correct Sec-WebSocket-Accept.
    bool open(quint16 port, const QString &pathAndQuery, int timeoutMs = RawWebSocket::timeoutMs);
    int handshakeStatus() const { return m_handshakeStatus; }
    void setAnswerPings(bool answer) { m_answerPings = answer; }

    int pingsReceived() const { return m_pings; }
    int pongsReceived() const { return m_pongs; }
    QStringList textMessages() const { return m_texts; }
    std::optional<quint16> closeCode() const { return m_closeCode; }
    bool isConnected() const;

    void sendPing(const QByteArray &payload = {});
    void sendText(const QByteArray &text);

private:
    void readFrames();
    void sendFrame(quint8 opcode, const QByteArray &payload);

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_fragments;
    bool m_upgraded = false;
    bool m_answerPings;
    int m_handshakeStatus = 0;
    int m_pings = 0;
    int m_pongs = 0;
    QStringList m_texts;
    std::optional<quint16> m_closeCode;
};
