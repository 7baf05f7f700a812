// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/etcdaccountrecords.h"

#include "store/etcdcachesync.h"
#include "store/etcdclient.h"
#include "store/etcdkeylayout.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

namespace {
// A transaction that puts key only when etcd has never held it (its create revision is 0), and
// otherwise reads what it holds.
QJsonObject createIfAbsent(const QByteArray &key, const QByteArray &value)
{
    const QString encodedKey = EtcdClient::encode(key);
    const QJsonObject compare {{QStringLiteral("key"), encodedKey},
                               {QStringLiteral("target"), QStringLiteral("CREATE")},
                               {QStringLiteral("result"), QStringLiteral("EQUAL")},
                               {QStringLiteral("create_revision"), QStringLiteral("0")}};
    const QJsonObject put {{QStringLiteral("key"), encodedKey}, {QStringLiteral("value"), EtcdClient::encode(value)}};
    return {{QStringLiteral("compare"), QJsonArray {compare}},
            {QStringLiteral("success"), QJsonArray {QJsonObject {{QStringLiteral("request_put"), put}}}},
            {QStringLiteral("failure"),
             QJsonArray {QJsonObject {{QStringLiteral("request_range"), QJsonObject {{QStringLiteral("key"), encodedKey}}}}}}};
}

// The value a failed createIfAbsent read.
QByteArray existingValue(const QJsonObject &txnAnswer)
{
    const QJsonObject range = txnAnswer.value(u"responses").toArray().at(0).toObject().value(u"response_range").toObject();
    return EtcdClient::decode(range.value(u"kvs").toArray().at(0).toObject().value(u"value"));
}
}

EtcdAccountRecords::EtcdAccountRecords(const EtcdKeyLayout &layout, EtcdClient *client, int timeoutMs, QObject *parent)
    : QObject {parent}
    , m_layout {layout}
    , m_client {client}
    , m_timeoutMs {timeoutMs}
{
}

void EtcdAccountRecords::follow(EtcdCacheSync *cache)
{
    m_cache = cache;
    connect(cache, &EtcdCacheSync::authKeyPut, this, &EtcdAccountRecords::keyPut);
    connect(cache, &EtcdCacheSync::authKeyDeleted, this, &EtcdAccountRecords::keyDeleted);
    connect(cache, &EtcdCacheSync::revisionApplied, this, [this] { settle(); });
}

EtcdAccountRecords::Result EtcdAccountRecords::failure(const QString &what, const QString &error)
{
    return Result {503, QStringLiteral("etcd did not %1: %2").arg(what, error)};
}

void EtcdAccountRecords::load(Done done)
{
    const QJsonObject range {{QStringLiteral("key"), EtcdClient::encode(m_layout.prefix())},
                             {QStringLiteral("range_end"), EtcdClient::encode(m_layout.rangeEnd())}};
    m_client->call(QStringLiteral("kv/range"), range, m_timeoutMs, [this, done](const EtcdClient::Reply &reply) {
        if (!reply.ok) {
            done(failure(QStringLiteral("answer a read of the accounts"), reply.error));
            return;
        }
        m_records.clear();
        for (const QJsonValue &kv : reply.body.value(u"kvs").toArray())
            keyPut(EtcdClient::decode(kv[u"key"]), EtcdClient::decode(kv[u"value"]));
        done({});
    });
}

void EtcdAccountRecords::keyPut(const QByteArray &key, const QByteArray &value)
{
    const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(key);
    if (parsed.kind == EtcdKeyLayout::Kind::TokenKey) {
        setTokenKey(value);
    } else if (parsed.kind == EtcdKeyLayout::Kind::Account && m_records.value(parsed.first) != value) {
        m_records.insert(parsed.first, value);
        emit recordsChanged();
    }
}

void EtcdAccountRecords::keyDeleted(const QByteArray &key)
{
    const EtcdKeyLayout::ParsedKey parsed = m_layout.parse(key);
    if (parsed.kind == EtcdKeyLayout::Kind::Account && m_records.remove(parsed.first) > 0)
        emit recordsChanged();
}

void EtcdAccountRecords::setTokenKey(const QByteArray &value)
{
    if (value.isEmpty() || value == m_tokenKey)
        return;
    m_tokenKey = value;
    emit tokenKeyChanged();
}

void EtcdAccountRecords::add(const QString &name, const QByteArray &record, Done done)
{
    m_client->call(QStringLiteral("kv/txn"), createIfAbsent(m_layout.accountKey(name), record), m_timeoutMs,
                   [this, name, done](const EtcdClient::Reply &reply) {
        if (!reply.ok) {
            done(failure(QStringLiteral("add the account"), reply.error));
            return;
        }
        const bool created = reply.body.value(u"succeeded").toBool();
        const Result result = created ? Result {}
                                      : Result {409, QStringLiteral("the account %1 exists already").arg(name)};
        answerAt(EtcdClient::headerRevision(reply.body), result, done);
    });
}

void EtcdAccountRecords::remove(const QString &name, Done done)
{
    const QJsonObject request {{QStringLiteral("key"), EtcdClient::encode(m_layout.accountKey(name))}};
    m_client->call(QStringLiteral("kv/deleterange"), request, m_timeoutMs, [this, name, done](const EtcdClient::Reply &reply) {
        if (!reply.ok) {
            done(failure(QStringLiteral("remove the account"), reply.error));
            return;
        }
        const bool deleted = EtcdClient::integer(reply.body.value(u"deleted")) > 0;
        const Result result = deleted ? Result {} : Result {404, QStringLiteral("there is no account %1").arg(name)};
        answerAt(EtcdClient::headerRevision(reply.body), result, done);
    });
}

void EtcdAccountRecords::ensureTokenKey(const QByteArray &candidate, Done done)
{
    m_client->call(QStringLiteral("kv/txn"), createIfAbsent(m_layout.tokenKeyKey(), candidate), m_timeoutMs,
                   [this, candidate, done](const EtcdClient::Reply &reply) {
        if (!reply.ok) {
            done(failure(QStringLiteral("keep the token key"), reply.error));
            return;
        }
        setTokenKey(reply.body.value(u"succeeded").toBool() ? candidate : existingValue(reply.body));
        done({});
    });
}

void EtcdAccountRecords::answerAt(qint64 revision, const Result &result, Done done)
{
    if (!m_cache || m_cache->revision() >= revision) {
        done(result);
        return;
    }
    // The write is in etcd: if the watch is late, say so anyway.
    const quint64 id = ++m_lastWaitingId;
    m_waiting.append(Waiting {id, revision, result, std::move(done)});
    QTimer::singleShot(m_timeoutMs, this, [this, id] { settle(id); });
}

void EtcdAccountRecords::settle(quint64 overdue)
{
    QList<Waiting> due;
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->id == overdue || it->revision <= m_cache->revision()) {
            due.append(std::move(*it));
            it = m_waiting.erase(it);
        } else {
            ++it;
        }
    }
    for (const Waiting &waiting : std::as_const(due))
        waiting.done(waiting.result);
}
