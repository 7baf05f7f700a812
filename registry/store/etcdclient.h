// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// etcd 3.4+ over its v3 HTTP/JSON gateway (/v3/…), asynchronous only, on the thread it lives on.
// Keys and values travel base64-encoded and 64-bit integers as JSON strings. A request goes to
// the endpoint in use; when no HTTP answer comes (refused, reset, timed out) the next endpoint is
// tried, so one member of a cluster failing costs a retry, not an outage.
class EtcdClient : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        bool ok = false;
        bool unreachable = false;      // no endpoint gave an HTTP answer in time
        int httpStatus = 0;
        QJsonObject body;
        QList<QJsonObject> results;    // a streaming call's answers, each message's "result", in order
        QString error;                 // etcd's message, or the network error
    };
    using Callback = std::function<void(const Reply &)>;

    explicit EtcdClient(QList<QUrl> endpoints, QObject *parent = nullptr);
    ~EtcdClient() override;

    // POST /v3/<path>; callback runs exactly once, within timeoutMs (unless the client goes first).
    void call(const QString &path, const QJsonObject &body, int timeoutMs, Callback callback);
    // The same for one of etcd's streaming methods (lease/keepalive): the messages go in one body, one
    // per line, which the gateway sends on as a stream, and come back as Reply::results.
    void callStream(const QString &path, const QList<QJsonObject> &messages, int timeoutMs, Callback callback);
    // One watch at a time, on the endpoint in use: every change to [key, rangeEnd) from startRevision.
    void watch(const QByteArray &key, const QByteArray &rangeEnd, qint64 startRevision);
    void cancelWatch();
    QUrl endpoint() const { return m_endpoints.value(m_current); }
    const QList<QUrl> &endpoints() const { return m_endpoints; }

    static QString encode(const QByteArray &bytes) { return QString::fromLatin1(bytes.toBase64()); }
    static QByteArray decode(const QJsonValue &value) { return QByteArray::fromBase64(value.toString().toLatin1()); }
    // etcd's int64 fields come as JSON strings.
    static qint64 integer(const QJsonValue &value);
    // The store's revision an answer (or a watch response) was given at.
    static qint64 headerRevision(const QJsonObject &body)
    {
        return integer(body.value(u"header").toObject().value(u"revision"));
    }

signals:
    void watchCreated();
    // One watch response: {"header": …, "events": [{"type": "PUT"|"DELETE", "kv": …}, …]}.
    void watchEvents(const QJsonObject &result);
    // The watch is over; compactRevision > 0 when its start revision had been compacted away.
    void watchEnded(const QString &reason, qint64 compactRevision);

private:
    enum class Answer
    {
        Object,
        Stream,
    };
    void attempt(const QString &path, const QByteArray &body, Answer answer, QDeadlineTimer deadline, int endpoint,
                 int attemptsLeft, Callback callback);
    static void readAnswer(Reply &reply, const QByteArray &data, Answer answer);
    void readWatch();
    void endWatch(const QString &reason, qint64 compactRevision);

    QList<QUrl> m_endpoints;
    int m_current = 0;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_watch;
    QByteArray m_watchBuffer;
};
