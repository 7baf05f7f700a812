// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/historyclient.h"

#include "client/httpclient.h"
#include "model/musterjson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>

namespace {
QUrl historyUrl(const QUrl &node, const QString &path, const QList<QPair<QString, QString>> &query)
{
    QUrl url = node;
    url.setPath(QStringLiteral("/muster/api/v1/history") + path);
    QUrlQuery items;
    for (const auto &[key, value] : query)
        items.addQueryItem(key, value);
    url.setQuery(items);
    return url;
}

HistoryClient::Record recordOf(const QJsonObject &entry)
{
    HistoryClient::Record record;
    record.event = entry.value(u"event").toString();
    record.time = entry.value(u"time").toInteger();
    record.revision = entry.value(u"revision").toString().toULongLong();
    record.origin = entry.value(u"origin").toString();
    const QJsonObject author = entry.value(u"author").toObject();
    record.account = author.value(u"account").toString();
    record.address = author.value(u"address").toString();
    const QJsonObject instance = entry.value(u"instance").toObject();
    record.app = instance.value(u"app").toString();
    record.instanceId = instance.value(u"instanceId").toString();
    if (const auto decoded = MusterJson::decodeInstance(instance)) {
        record.status = decoded->status;
        record.overriddenStatus = decoded->overriddenStatus;
    }
    if (const auto service = MusterJson::decodeService(entry.value(u"service").toObject()))
        record.serviceName = service->key.serviceName;
    record.lastRenewal = entry.value(u"lastRenewal").toInteger();
    return record;
}
}

HistoryClient::HistoryClient(QObject *parent)
    : QObject {parent}
    , m_http {new HttpClient(1, this)}
{
}

HistoryClient::~HistoryClient() = default;

QString HistoryClient::formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<HistoryClient::Changes> HistoryClient::decodeChanges(const QJsonObject &document)
{
    if (!document.value(u"entries").isArray())
        return std::nullopt;
    Changes changes;
    changes.earliest = QDateTime::fromString(document.value(u"earliest").toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    changes.truncated = document.value(u"truncated").toBool();
    for (const QJsonValue &entry : document.value(u"entries").toArray())
        changes.records.append(recordOf(entry.toObject()));
    return changes;
}

std::optional<RegistrySnapshot> HistoryClient::decodeState(const QJsonObject &document)
{
    if (!document.value(u"instances").isArray())
        return std::nullopt;
    RegistrySnapshot snapshot;
    snapshot.revision = document.value(u"revision").toString().toULongLong();
    for (const QJsonValue &value : document.value(u"instances").toArray()) {
        if (auto instance = MusterJson::decodeInstance(value.toObject()))
            snapshot.instances.append(std::move(*instance));
    }
    for (const QJsonValue &value : document.value(u"services").toArray()) {
        if (auto service = MusterJson::decodeService(value.toObject()))
            snapshot.services.append(std::move(*service));
    }
    return snapshot;
}

QUrl HistoryClient::changesUrl(const QUrl &node, qint64 from, qint64 to)
{
    return historyUrl(node, {}, {{QStringLiteral("from"), formatTime(from)}, {QStringLiteral("to"), formatTime(to)}});
}

QUrl HistoryClient::stateUrl(const QUrl &node, qint64 time)
{
    return historyUrl(node, QStringLiteral("/at"),
                      {{QStringLiteral("time"), formatTime(time)}, {QStringLiteral("format"), QStringLiteral("muster")}});
}

void HistoryClient::requestChanges(const QUrl &node, qint64 from, qint64 to, Callback<Changes> done)
{
    const QUrl url = changesUrl(node, from, to);
    m_http->send("GET", url, [done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(std::nullopt, reply.errorText());
        const auto changes = decodeChanges(reply.json());
        done(changes, changes ? QString() : QStringLiteral("GET %1: not a history answer").arg(reply.url.toString()));
    });
}

void HistoryClient::requestStateAt(const QUrl &node, qint64 time, Callback<RegistrySnapshot> done)
{
    const QUrl url = stateUrl(node, time);
    m_http->send("GET", url, [done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(std::nullopt, reply.errorText());
        const auto state = decodeState(reply.json());
        done(state, state ? QString() : QStringLiteral("GET %1: not a history state").arg(reply.url.toString()));
    });
}

void HistoryClient::requestExport(const QUrl &node, qint64 from, qint64 to, Callback<QByteArray> done)
{
    const QUrl url = historyUrl(node, QStringLiteral("/export"),
                                {{QStringLiteral("from"), formatTime(from)}, {QStringLiteral("to"), formatTime(to)}});
    m_http->send("GET", url, [done](const RemoteReply &reply) {
        if (!reply.isSuccess())
            return done(std::nullopt, reply.errorText());
        done(reply.body, {});
    });
}
