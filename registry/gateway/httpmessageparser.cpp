// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateway/httpmessageparser.h"

#include <http_parser.h>

namespace {
HttpMessageParser *owner(http_parser *parser)
{
    return static_cast<HttpMessageParser *>(parser->data);
}
}

QByteArray HttpMessageHead::header(QByteArrayView name) const
{
    for (const auto &[field, value] : headers) {
        if (field.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpMessageParser::HttpMessageParser(Kind kind, Events events)
    : m_parser {std::make_unique<http_parser>()}
    , m_settings {std::make_unique<http_parser_settings>()}
    , m_events {std::move(events)}
{
    http_parser_init(m_parser.get(), kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    m_parser->data = this;
    http_parser_settings_init(m_settings.get());
    m_settings->on_message_begin = &HttpMessageParser::onMessageBegin;
    m_settings->on_url = &HttpMessageParser::onUrl;
    m_settings->on_status = &HttpMessageParser::onStatus;
    m_settings->on_header_field = &HttpMessageParser::onHeaderField;
    m_settings->on_header_value = &HttpMessageParser::onHeaderValue;
    m_settings->on_headers_complete = &HttpMessageParser::onHeadersComplete;
    m_settings->on_body = &HttpMessageParser::onBody;
    m_settings->on_message_complete = &HttpMessageParser::onMessageComplete;
}

HttpMessageParser::~HttpMessageParser() = default;

qsizetype HttpMessageParser::feed(QByteArrayView data)
{
    if (hasError() || isPaused() || data.isEmpty())
        return 0;
    return qsizetype(http_parser_execute(m_parser.get(), m_settings.get(), data.data(), size_t(data.size())));
}

void HttpMessageParser::feedEnd()
{
    if (!hasError() && !isPaused())
        http_parser_execute(m_parser.get(), m_settings.get(), nullptr, 0);
}

bool HttpMessageParser::isPaused() const
{
    return HTTP_PARSER_ERRNO(m_parser.get()) == HPE_PAUSED;
}

// Starts afresh for the next message rather than unpausing: paused in on_message_complete, the
// parser may leave the message's last LF unconsumed and then refuses it as the next message's
// first byte. A fresh parser skips CR and LF before a message, as RFC 9112 asks.
void HttpMessageParser::resume()
{
    if (!isPaused())
        return;
    const auto type = http_parser_type(m_parser->type);
    http_parser_init(m_parser.get(), type);
    m_parser->data = this;
}

void HttpMessageParser::reset()
{
    const auto type = http_parser_type(m_parser->type);
    http_parser_init(m_parser.get(), type);
    m_parser->data = this;
    m_head = {};
    m_lastWasValue = false;
    m_skipBody = false;
    m_idle = true;
}

bool HttpMessageParser::hasError() const
{
    const auto error = HTTP_PARSER_ERRNO(m_parser.get());
    return error != HPE_OK && error != HPE_PAUSED;
}

QString HttpMessageParser::errorString() const
{
    const auto error = http_errno(HTTP_PARSER_ERRNO(m_parser.get()));
    return QString::fromLatin1(http_errno_description(error));
}

int HttpMessageParser::onMessageBegin(http_parser *parser)
{
    HttpMessageParser *self = owner(parser);
    self->m_head = HttpMessageHead {};
    self->m_lastWasValue = false;
    self->m_idle = false;
    return 0;
}

int HttpMessageParser::onUrl(http_parser *parser, const char *at, size_t length)
{
    owner(parser)->m_head.target.append(at, qsizetype(length));
    return 0;
}

int HttpMessageParser::onStatus(http_parser *parser, const char *at, size_t length)
{
    owner(parser)->m_head.reason.append(at, qsizetype(length));
    return 0;
}

int HttpMessageParser::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    HttpMessageParser *self = owner(parser);
    if (self->m_lastWasValue || self->m_head.headers.isEmpty())
        self->m_head.headers.append(QPair<QByteArray, QByteArray> {});
    self->m_head.headers.last().first.append(at, qsizetype(length));
    self->m_lastWasValue = false;
    return 0;
}

int HttpMessageParser::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    HttpMessageParser *self = owner(parser);
    if (self->m_head.headers.isEmpty())
        return 1;
    self->m_head.headers.last().second.append(at, qsizetype(length));
    self->m_lastWasValue = true;
    return 0;
}

int HttpMessageParser::onHeadersComplete(http_parser *parser)
{
    HttpMessageParser *self = owner(parser);
    HttpMessageHead &head = self->m_head;
    if (parser->type == HTTP_REQUEST)
        head.method = http_method_str(http_method(parser->method));
    else
        head.status = int(parser->status_code);
    head.versionMajor = parser->http_major;
    head.versionMinor = parser->http_minor;
    head.keepAlive = http_should_keep_alive(parser) != 0;
    head.chunked = (parser->flags & F_CHUNKED) != 0;
    head.hasContentLength = (parser->flags & F_CONTENTLENGTH) != 0;
    head.contentLength = head.hasContentLength ? parser->content_length : 0;
    head.hasBody = head.chunked || head.contentLength > 0;
    head.upgrade = parser->upgrade != 0;
    for (auto &header : head.headers)
        header.second = header.second.trimmed();
    self->m_events.head(head);
    if (self->m_skipBody) {
        self->m_skipBody = false;
        return 1;
    }
    return 0;
}

int HttpMessageParser::onBody(http_parser *parser, const char *at, size_t length)
{
    owner(parser)->m_events.body(QByteArrayView(at, qsizetype(length)));
    return 0;
}

int HttpMessageParser::onMessageComplete(http_parser *parser)
{
    HttpMessageParser *self = owner(parser);
    self->m_idle = true;
    http_parser_pause(parser, 1);
    self->m_events.complete();
    return 0;
}
