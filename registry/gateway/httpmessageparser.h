// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>
#include <memory>

struct http_parser;
struct http_parser_settings;

// The start line and headers of one HTTP/1.x message.
struct HttpMessageHead
{
    QByteArray method;                 // requests
    QByteArray target;                 // requests: the request-target as sent
    int status = 0;                    // responses
    QByteArray reason;                 // responses
    int versionMajor = 1;
    int versionMinor = 1;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool keepAlive = true;             // as the message's version and Connection header say
    bool chunked = false;
    bool hasBody = false;              // a Content-Length above 0, or chunked (requests)
    bool upgrade = false;
    quint64 contentLength = 0;
    bool hasContentLength = false;

    QByteArray header(QByteArrayView name) const;
};

// Incremental HTTP/1.1 parsing with Node.js' http-parser (Debian's libhttp-parser): feed it bytes
// as they come; it reports the head, each piece of body (chunk framing removed) and the end of each
// message. It pauses after each message, so a pipelined request waits until resume().
class HttpMessageParser
{
public:
    enum class Kind
    {
        Request,
        Response,
    };
    struct Events
    {
        std::function<void(const HttpMessageHead &)> head;
        std::function<void(QByteArrayView)> body;
        std::function<void()> complete;
    };

    HttpMessageParser(Kind kind, Events events);
    ~HttpMessageParser();

    // Bytes consumed: all of data, or fewer when a message ended (paused) or on an error.
    qsizetype feed(QByteArrayView data);
    // The peer closed: ends a response that runs until the connection closes.
    void feedEnd();
    bool isPaused() const;
    void resume();
    // Forgets everything read, for the next message on another connection.
    void reset();
    bool hasError() const;
    QString errorString() const;
    // The next response has no body whatever its headers say (it answers a HEAD request).
    void setSkipBody(bool skip) { m_skipBody = skip; }
    // Between messages (nothing of the next one read yet).
    bool isIdle() const { return m_idle; }

private:
    static int onMessageBegin(http_parser *parser);
    static int onUrl(http_parser *parser, const char *at, size_t length);
    static int onStatus(http_parser *parser, const char *at, size_t length);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);

    std::unique_ptr<http_parser> m_parser;
    std::unique_ptr<http_parser_settings> m_settings;
    Events m_events;
    HttpMessageHead m_head;
    bool m_lastWasValue = false;
    bool m_skipBody = false;
    bool m_idle = true;
};
