// SPDX-License-Identifier: GPL-3.0-or-later
#include "startupsync.h"

#include "eurekajsoncodec.h"
#include "registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

Q_DECLARE_LOGGING_CATEGORY(lcReplication)

namespace {
// Eureka's JSON lists may be single objects when they hold one element (pre-2015 servers).
QJsonArray asArray(const QJsonValue &value)
{
    return value.isArray() ? value.toArray() : value.isObject() ? QJsonArray {value} : QJsonArray {};
}
}

StartupSync::StartupSync(Registry *registry, QList<QUrl> peers, QNetworkAccessManager *network, int timeoutMs,
                         QObject *parent)
    : QObject {parent}
    , m_registry {registry}
    , m_peers {std::move(peers)}
    , m_network {network}
    , m_timeoutMs {timeoutMs}
{
}

void StartupSync::start()
{
    tryPeer(0);
}

void StartupSync::tryPeer(qsizetype index)
{
    if (index >= m_peers.size()) {
        qCInfo(lcReplication) << "no peer answered the startup sync; opening with an empty registry";
        emit finished(0, QUrl());
        return;
    }
    QNetworkRequest request(m_peers[index].resolved(QUrl(QStringLiteral("apps/"))));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, index] {
        reply->deleteLater();
        handleReply(reply, index);
    });
}

void StartupSync::handleReply(QNetworkReply *reply, qsizetype index)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        qCInfo(lcReplication).noquote() << "startup sync from" << m_peers[index].toString() << "failed:"
                                        << (status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        tryPeer(index + 1);
        return;
    }
    const int copied = copyApplications(reply->readAll());
    qCInfo(lcReplication).noquote() << "startup sync copied" << copied << "instances from" << m_peers[index].toString();
    emit finished(copied, m_peers[index]);
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
