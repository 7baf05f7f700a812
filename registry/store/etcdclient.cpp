// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdclient.h"

#include "model/jsonnumber.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>

Q_LOGGING_CATEGORY(lcEtcd, "muster.etcd", QtInfoMsg)

namespace {
QNetworkRequest jsonRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return request;
}
}

EtcdClient::EtcdClient(QList<QUrl> endpoints, QObject *parent)
    : QObject {parent}
    , m_endpoints {std::move(endpoints)}
    , m_network {std::make_unique<QNetworkAccessManager>()}
{
    m_network->setProxy(QNetworkProxy::NoProxy);
}

EtcdClient::~EtcdClient()
{
    // Aborting a reply emits finished: no callback may run into a half-destroyed owner.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect();
        reply->abort();
    }
}

qint64 EtcdClient::integer(const QJsonValue &value)
{
    return JsonNumber::wholeNumber(value).value_or(0);
}

void EtcdClient::call(const QString &path, const QJsonObject &body, int timeoutMs, Callback callback)
{
    // A pooled connection to a member that restarted fails once: try each endpoint, and one at least twice.
    const int attempts = std::max<int>(2, int(m_endpoints.size()));
    attempt(path, QJsonDocument(body).toJson(QJsonDocument::Compact), Answer::Object, QDeadlineTimer(timeoutMs),
            m_current, attempts, std::move(callback));
}

void EtcdClient::callStream(const QString &path, const QList<QJsonObject> &messages, int timeoutMs, Callback callback)
{
    QByteArray body;
    for (const QJsonObject &message : messages)
        body += QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
    const int attempts = std::max<int>(2, int(m_endpoints.size()));
    attempt(path, body, Answer::Stream, QDeadlineTimer(timeoutMs), m_current, attempts, std::move(callback));
}

// A streaming method's answer is one JSON object per message, {"result": …} or {"error": …}.
void EtcdClient::readAnswer(Reply &reply, const QByteArray &data, Answer answer)
{
    if (answer == Answer::Object) {
        reply.body = QJsonDocument::fromJson(data).object();
        return;
    }
    for (const QByteArray &line : data.split('\n')) {
        const QJsonObject message = QJsonDocument::fromJson(line).object();
        if (message.contains(u"error")) {
            const QJsonObject error = message.value(u"error").toObject();
            reply.body = QJsonObject {{QStringLiteral("error"), error}, {QStringLiteral("message"), error.value(u"message")}};
            return;
        }
        if (message.contains(u"result"))
            reply.results.append(message.value(u"result").toObject());
    }
}

void EtcdClient::attempt(const QString &path, const QByteArray &body, Answer answer, QDeadlineTimer deadline,
                         int endpoint, int attemptsLeft, Callback callback)
{
    QNetworkRequest request = jsonRequest(m_endpoints.value(endpoint).resolved(QUrl(QStringLiteral("/v3/") + path)));
    request.setTransferTimeout(int(std::max<qint64>(1, deadline.remainingTime())));
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, path, body, answer, deadline, endpoint, attemptsLeft, callback = std::move(callback)] {
        reply->deleteLater();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (!status.isValid()) {
            qCDebug(lcEtcd) << "no answer from" << m_endpoints.value(endpoint) << path << reply->errorString();
            if (attemptsLeft > 1 && !deadline.hasExpired()) {
                const int next = (endpoint + 1) % int(m_endpoints.size());
                if (next != m_current && endpoint == m_current) {
                    qCInfo(lcEtcd).noquote() << "etcd endpoint" << m_endpoints.value(endpoint).toString()
                                             << "failed:" << reply->errorString() << "- trying"
                                             << m_endpoints.value(next).toString();
                    m_current = next;
                }
                attempt(path, body, answer, deadline, next, attemptsLeft - 1, callback);
                return;
            }
            callback(Reply {false, true, 0, {}, {}, reply->errorString()});
            return;
        }
        Reply read;
        read.httpStatus = status.toInt();
        readAnswer(read, reply->readAll(), answer);
        const QJsonValue error = read.body.value(u"error");
        read.ok = read.httpStatus == 200 && error.isUndefined();
        if (!read.ok)
            read.error = read.body.value(u"message").toString(error.toString(reply->errorString()));
        callback(read);
    });
}

void EtcdClient::watch(const QByteArray &key, const QByteArray &rangeEnd, qint64 startRevision)
{
    cancelWatch();
    const QJsonObject create {{QStringLiteral("key"), encode(key)},
                              {QStringLiteral("range_end"), encode(rangeEnd)},
                              {QStringLiteral("start_revision"), QString::number(startRevision)}};
    const QByteArray body =
        QJsonDocument(QJsonObject {{QStringLiteral("create_request"), create}}).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network->post(jsonRequest(endpoint().resolved(QUrl(QStringLiteral("/v3/watch")))), body);
    m_watch = reply;
    m_watchBuffer.clear();
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (reply == m_watch)
            readWatch();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_watch)
            return;
        readWatch();
        if (reply == m_watch)
            endWatch(reply->error() == QNetworkReply::NoError ? QStringLiteral("etcd closed the watch")
                                                              : reply->errorString(),
                     0);
    });
}

void EtcdClient::cancelWatch()
{
    if (QNetworkReply *reply = m_watch.data()) {
        m_watch = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

// The gateway streams one JSON object per line: {"result": {…}} or {"error": {…}}.
void EtcdClient::readWatch()
{
    m_watchBuffer += m_watch->readAll();
    qsizetype end;
    while (m_watch && (end = m_watchBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_watchBuffer.left(end).trimmed();
        m_watchBuffer.remove(0, end + 1);
        if (line.isEmpty())
            continue;
        const QJsonObject message = QJsonDocument::fromJson(line).object();
        if (message.contains(u"error")) {
            const QJsonObject error = message.value(u"error").toObject();
            endWatch(error.value(u"message").toString(QStringLiteral("watch failed")), 0);
            return;
        }
        const QJsonObject result = message.value(u"result").toObject();
        if (result.value(u"canceled").toBool()) {
            endWatch(result.value(u"cancel_reason").toString(QStringLiteral("etcd cancelled the watch")),
                     integer(result.value(u"compact_revision")));
            return;
        }
        if (result.value(u"created").toBool())
            emit watchCreated();
        if (result.contains(u"events"))
            emit watchEvents(result);
    }
}

void EtcdClient::endWatch(const QString &reason, qint64 compactRevision)
{
    cancelWatch();
    emit watchEnded(reason, compactRevision);
}
