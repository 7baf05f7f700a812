// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/startupsync.h"

#include "model/urlcredentials.h"
#include "replication/peerrequest.h"

#include "eureka/eurekajsoncodec.h"
#include "core/registry.h"
#include "model/musterjson.h"
#include "replication/replicationapplier.h"
#include "replication/replicationlogging.h"
#include "replication/servicereplicator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {
// Eureka's JSON lists may be single objects when they hold one element (pre-2015 servers).
QJsonArray asArray(const QJsonValue &value)
{
    return value.isArray() ? value.toArray() : value.isObject() ? QJsonArray {value} : QJsonArray {};
}
}

StartupSync::StartupSync(Registry *registry, QList<QUrl> peers, QNetworkAccessManager *network, int timeoutMs,
                         OwnerExchange owners, QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_peers {std::move(peers)}
    , m_network {network}
    , m_timeoutMs {timeoutMs}
    , m_owners {std::move(owners)}
{
}

void StartupSync::start()
{
    tryPeer(0, true);
}

// A Muster peer gives its snapshot, services and Service-Center fields included; any other Eureka
// server its full fetch.
void StartupSync::tryPeer(qsizetype index, bool snapshot)
{
    if (index >= m_peers.size()) {
        qCInfo(lcReplication) << "no peer answered the startup sync; opening with an empty registry";
        emit finished(0, QUrl());
        return;
    }
    QNetworkRequest request = peerRequest(snapshot ? ServiceReplicator::musterUrl(m_peers[index], QStringLiteral("replication/snapshot"))
                                                   : m_peers[index].resolved(QUrl(QStringLiteral("apps/"))));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, index, snapshot] {
        reply->deleteLater();
        handleReply(reply, index, snapshot);
    });
}

void StartupSync::handleReply(QNetworkReply *reply, qsizetype index, bool snapshot)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (snapshot && (status == 404 || status == 405)) {
        tryPeer(index, false);
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        qCInfo(lcReplication).noquote() << "startup sync from" << UrlCredentials::shown(m_peers[index]) << "failed:"
                                        << (status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        tryPeer(index + 1, true);
        return;
    }
    const QByteArray body = reply->readAll();
    const QJsonObject document = QJsonDocument::fromJson(body).object();
    if (snapshot && !(document.value(u"services").isArray() && document.value(u"instances").isArray())) {
        tryPeer(index, false);   // something answered that is not a Muster node's snapshot
        return;
    }
    const int copied = snapshot ? copySnapshot(document) : copyApplications(body);
    qCInfo(lcReplication).noquote() << "startup sync copied" << copied << "instances from" << UrlCredentials::shown(m_peers[index]);
    emit finished(copied, m_peers[index]);
}

int StartupSync::copySnapshot(const QJsonObject &snapshot)
{
    ReplicationApplier applier(m_registry, m_owners);
    for (const QJsonValue &value : snapshot.value(u"services").toArray()) {
        const QJsonObject object = value.toObject();
        if (const auto service = MusterJson::decodeService(object))
            applier.upsertService(*service, object.value(u"owner").toString());
    }
    int copied = 0;
    for (const QJsonValue &value : snapshot.value(u"instances").toArray()) {
        const QJsonObject object = value.toObject();
        if (auto instance = MusterJson::decodeInstance(object)) {
            applier.registerInstance(std::move(*instance), std::nullopt, object.value(u"owner").toString());
            ++copied;
        }
    }
    return copied;
}

int StartupSync::copyApplications(const QByteArray &body)
{
    int copied = 0;
    const QJsonObject applications = QJsonDocument::fromJson(body).object().value(u"applications").toObject();
    for (const QJsonValue &application : asArray(applications.value(u"application"))) {
        for (const QJsonValue &instance : asArray(application.toObject().value(u"instance"))) {
            const DecodedInstance decoded = EurekaJsonCodec::decodeInstance(instance.toObject());
            if (!decoded.instance || decoded.instance->instanceId.isEmpty())
                continue;
            m_registry->registerInstance(*decoded.instance, WriteOrigin::Peer);
            ++copied;
        }
    }
    return copied;
}
