// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/nodestatusjson.h"

#include "api/bridgestate.h"
#include "api/selfpreservationtext.h"
#include "model/jsonnumber.h"

#include <QDateTime>
#include <QJsonArray>

namespace {
QString reachabilityName(PeerState::Reachability reachability)
{
    switch (reachability) {
    case PeerState::Reachability::Reachable: return QStringLiteral("reachable");
    case PeerState::Reachability::Unreachable: return QStringLiteral("unreachable");
    case PeerState::Reachability::Unknown: break;
    }
    return QStringLiteral("unknown");
}

PeerState::Reachability reachabilityFromName(const QString &name)
{
    for (auto reachability : {PeerState::Reachability::Reachable, PeerState::Reachability::Unreachable}) {
        if (name == reachabilityName(reachability))
            return reachability;
    }
    return PeerState::Reachability::Unknown;
}

qint64 msFromIsoTime(const QJsonValue &value)
{
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QJsonObject encodeStore(const StoreStatus &store)
{
    QJsonObject object {{QStringLiteral("kind"), storeKindName(store.kind)}};
    if (store.kind == StoreStatus::Kind::Memory)
        return object;
    object.insert(QStringLiteral("endpoints"), QJsonArray::fromStringList(store.endpoints));
    object.insert(QStringLiteral("endpoint"), store.endpoint);
    object.insert(QStringLiteral("prefix"), store.prefix);
    object.insert(QStringLiteral("connected"), store.connected);
    object.insert(QStringLiteral("stale"), store.stale);
    object.insert(QStringLiteral("error"), store.lastError);
    object.insert(QStringLiteral("errorAt"), isoTime(store.lastErrorMs));
    object.insert(QStringLiteral("revision"), qint64(store.revision));
    object.insert(QStringLiteral("fullReads"), qint64(store.fullReads));
    object.insert(QStringLiteral("watchResumes"), qint64(store.watchResumes));
    return object;
}

QJsonArray encodeBridges(const QList<BridgeState> &bridges)
{
    QJsonArray list;
    for (const BridgeState &bridge : bridges) {
        list.append(QJsonObject {
            {QStringLiteral("kind"), bridgeKindName(bridge.kind)},
            {QStringLiteral("url"), bridge.url},
            {QStringLiteral("state"), bridgePhaseName(bridge.phase)},
            {QStringLiteral("pulled"), qint64(bridge.pulled)},
            {QStringLiteral("pushed"), qint64(bridge.pushed)},
            {QStringLiteral("queued"), qint64(bridge.queued)},
            {QStringLiteral("lastError"), bridge.lastError},
            {QStringLiteral("lastErrorAt"), isoTime(bridge.lastErrorMs)},
            {QStringLiteral("lastSync"), isoTime(bridge.lastSyncMs)},
            {QStringLiteral("lagMs"), bridge.lagMs},
            {QStringLiteral("cutSince"), isoTime(bridge.cutSinceMs)},
            {QStringLiteral("graceEnds"), isoTime(bridge.graceEndsMs)},
        });
    }
    return list;
}

BridgeState decodeBridge(const QJsonObject &item)
{
    BridgeState bridge;
    bridge.kind = bridgeKindFromName(item.value(u"kind").toString()).value_or(BridgeState::Kind::Eureka);
    bridge.url = item.value(u"url").toString();
    const QString phase = item.value(u"state").toString();
    for (auto candidate : {BridgeState::Phase::Connecting, BridgeState::Phase::Syncing, BridgeState::Phase::InSync,
                           BridgeState::Phase::Cut}) {
        if (phase == bridgePhaseName(candidate))
            bridge.phase = candidate;
    }
    bridge.pulled = JsonNumber::wholeNumber(item.value(u"pulled")).value_or(0);
    bridge.pushed = JsonNumber::wholeNumber(item.value(u"pushed")).value_or(0);
    bridge.queued = JsonNumber::wholeNumber(item.value(u"queued")).value_or(0);
    bridge.lastError = item.value(u"lastError").toString();
    bridge.lastErrorMs = msFromIsoTime(item.value(u"lastErrorAt"));
    bridge.lastSyncMs = msFromIsoTime(item.value(u"lastSync"));
    bridge.lagMs = JsonNumber::wholeNumber(item.value(u"lagMs")).value_or(0);
    bridge.cutSinceMs = msFromIsoTime(item.value(u"cutSince"));
    bridge.graceEndsMs = msFromIsoTime(item.value(u"graceEnds"));
    return bridge;
}

QJsonArray encodePeers(const QList<PeerState> &peers)
{
    QJsonArray list;
    for (const PeerState &peer : peers) {
        list.append(QJsonObject {
            {QStringLiteral("url"), peer.url},
            {QStringLiteral("state"), reachabilityName(peer.reachability)},
            {QStringLiteral("lastSuccess"), isoTime(peer.lastSuccessMs)},
            {QStringLiteral("lastError"), peer.lastError},
            {QStringLiteral("lastErrorAt"), isoTime(peer.lastErrorMs)},
            {QStringLiteral("queueLength"), qint64(peer.queueLength)},
            {QStringLiteral("lagMs"), peer.lagMs},
            {QStringLiteral("sentTasks"), peer.sentTasks},
            {QStringLiteral("droppedHeartbeats"), peer.droppedHeartbeats},
        });
    }
    return list;
}
}

QJsonObject NodeStatusJson::encode(const NodeStatus &status)
{
    const SelfPreservationState &preservation = status.selfPreservation;
    const QJsonObject selfPreservation {
        {QStringLiteral("enabled"), preservation.enabled},
        {QStringLiteral("active"), preservation.active},
        {QStringLiteral("leaseExpirationEnabled"), preservation.leaseExpirationEnabled},
        {QStringLiteral("expectedClients"), preservation.expectedClients},
        {QStringLiteral("expectedRenewsPerMin"), preservation.expectedRenewsPerMin},
        {QStringLiteral("renewsThreshold"), preservation.renewsThreshold},
        {QStringLiteral("renewsLastMin"), preservation.renewsLastMin},
        {QStringLiteral("renewsThisMin"), preservation.renewsThisMin},
        {QStringLiteral("measuringUntil"), preservation.measuringUntilMs > 0
             ? QJsonValue(QDateTime::fromMSecsSinceEpoch(preservation.measuringUntilMs, Qt::UTC).toString(Qt::ISODateWithMs))
             : QJsonValue()},
        {QStringLiteral("renewalPercentThreshold"), preservation.renewalPercentThreshold},
        {QStringLiteral("renewalIntervalSecs"), preservation.renewalIntervalSecs},
        {QStringLiteral("reason"), SelfPreservationText::english(preservation)},
    };
    return QJsonObject {
        {QStringLiteral("name"), status.name},
        {QStringLiteral("version"), status.version},
        {QStringLiteral("url"), status.url},
        {QStringLiteral("startedAt"),
         QDateTime::fromMSecsSinceEpoch(status.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("uptimeMs"), status.uptimeMs},
        {QStringLiteral("instances"), qint64(status.instanceCount)},
        {QStringLiteral("apps"), qint64(status.appCount)},
        {QStringLiteral("revision"), qint64(status.revision)},
        {QStringLiteral("renewsLastMin"), status.renewsLastMin},
        {QStringLiteral("renewsTotal"), status.renewsTotal},
        {QStringLiteral("connections"), status.connectionCount},
        {QStringLiteral("selfPreservation"), selfPreservation},
        {QStringLiteral("ready"), status.ready},
        {QStringLiteral("syncedFrom"), status.syncedFrom},
        {QStringLiteral("peers"), encodePeers(status.peers)},
        {QStringLiteral("store"), encodeStore(status.store)},
        {QStringLiteral("bridges"), encodeBridges(status.bridges)},
    };
}

NodeStatus NodeStatusJson::decode(const QJsonObject &object)
{
    const auto integer = [](const QJsonObject &from, QStringView key) {
        return JsonNumber::wholeNumber(from.value(key)).value_or(0);
    };
    NodeStatus status;
    status.name = object.value(u"name").toString();
    status.version = object.value(u"version").toString();
    status.url = object.value(u"url").toString();
    status.startedAtMs = msFromIsoTime(object.value(u"startedAt"));
    status.uptimeMs = integer(object, u"uptimeMs");
    status.instanceCount = integer(object, u"instances");
    status.appCount = integer(object, u"apps");
    status.revision = quint64(integer(object, u"revision"));
    status.renewsLastMin = integer(object, u"renewsLastMin");
    status.renewsTotal = integer(object, u"renewsTotal");
    status.connectionCount = int(integer(object, u"connections"));
    status.ready = object.value(u"ready").toBool();
    status.syncedFrom = object.value(u"syncedFrom").toString();

    const QJsonObject preservation = object.value(u"selfPreservation").toObject();
    SelfPreservationState &selfPreservation = status.selfPreservation;
    selfPreservation.enabled = preservation.value(u"enabled").toBool(true);
    selfPreservation.active = preservation.value(u"active").toBool();
    selfPreservation.leaseExpirationEnabled = preservation.value(u"leaseExpirationEnabled").toBool(true);
    selfPreservation.expectedClients = integer(preservation, u"expectedClients");
    selfPreservation.expectedRenewsPerMin = integer(preservation, u"expectedRenewsPerMin");
    selfPreservation.renewsThreshold = integer(preservation, u"renewsThreshold");
    selfPreservation.renewsLastMin = integer(preservation, u"renewsLastMin");
    selfPreservation.renewsThisMin = integer(preservation, u"renewsThisMin");
    selfPreservation.measuringUntilMs = msFromIsoTime(preservation.value(u"measuringUntil"));
    selfPreservation.countsRenewals = preservation.contains(u"renewsLastMin");
    selfPreservation.renewalPercentThreshold = preservation.value(u"renewalPercentThreshold").toDouble(0.85);
    selfPreservation.renewalIntervalSecs = preservation.value(u"renewalIntervalSecs").toInt(30);

    for (const QJsonValue &value : object.value(u"peers").toArray()) {
        const QJsonObject item = value.toObject();
        PeerState peer;
        peer.url = item.value(u"url").toString();
        peer.reachability = reachabilityFromName(item.value(u"state").toString());
        peer.lastSuccessMs = msFromIsoTime(item.value(u"lastSuccess"));
        peer.lastError = item.value(u"lastError").toString();
        peer.lastErrorMs = msFromIsoTime(item.value(u"lastErrorAt"));
        peer.queueLength = integer(item, u"queueLength");
        peer.lagMs = integer(item, u"lagMs");
        peer.sentTasks = integer(item, u"sentTasks");
        peer.droppedHeartbeats = integer(item, u"droppedHeartbeats");
        status.peers.append(peer);
    }
    for (const QJsonValue &value : object.value(u"bridges").toArray())
        status.bridges.append(decodeBridge(value.toObject()));
    return status;
}

