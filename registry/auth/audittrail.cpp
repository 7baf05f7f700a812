// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/audittrail.h"

#include <QDateTime>
#include <QJsonObject>

namespace {
QString originName(WriteOrigin origin)
{
    switch (origin) {
    case WriteOrigin::Client: return QStringLiteral("client");
    case WriteOrigin::Peer: return QStringLiteral("peer");
    case WriteOrigin::Bridge: return QStringLiteral("bridge");
    case WriteOrigin::Check: return QStringLiteral("check");
    }
    return QStringLiteral("client");
}
}

AuditTrail::AuditTrail(qsizetype capacity)
    : m_capacity {capacity}
{
}

void AuditTrail::record(const RegistryChange &change)
{
    if (m_changes.size() >= m_capacity)
        m_changes.remove(0, m_changes.size() - m_capacity + 1);
    m_changes.append(Entry {change.revision, change.timestamp, change.kind, change.origin, change.author,
                            change.isServiceChange(),
                            change.isServiceChange() ? change.service.key.serviceName : change.instance.app,
                            change.isServiceChange() ? change.service.serviceId : change.instance.instanceId});
}

QJsonObject AuditTrail::entryJson(const Entry &entry)
{
    QJsonObject json {
        {QStringLiteral("revision"), qint64(entry.revision)},
        {QStringLiteral("timestamp"), entry.timestamp},
        {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(entry.timestamp, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("kind"), kindName(entry.kind)},
        {QStringLiteral("origin"), originName(entry.origin)},
        {QStringLiteral("account"), accountShown(entry.author)},
        {QStringLiteral("address"), entry.author.address},
    };
    json.insert(entry.service ? QStringLiteral("service") : QStringLiteral("app"), entry.app);
    json.insert(entry.service ? QStringLiteral("serviceId") : QStringLiteral("instanceId"), entry.id);
    return json;
}

QJsonArray AuditTrail::toJson(qsizetype limit) const
{
    QJsonArray entries;
    for (qsizetype i = m_changes.size() - 1; i >= 0 && entries.size() < limit; --i)
        entries.append(entryJson(m_changes[i]));
    return entries;
}

QString AuditTrail::accountShown(const WriteAuthor &author)
{
    return author.account.isEmpty() ? QStringLiteral("anonymous") : author.account;
}

QString AuditTrail::kindName(RegistryChange::Kind kind)
{
    switch (kind) {
    case RegistryChange::Kind::Registered: return QStringLiteral("registered");
    case RegistryChange::Kind::Cancelled: return QStringLiteral("cancelled");
    case RegistryChange::Kind::Expired: return QStringLiteral("expired");
    case RegistryChange::Kind::StatusChanged: return QStringLiteral("statusChanged");
    case RegistryChange::Kind::StatusCorrected: return QStringLiteral("statusCorrected");
    case RegistryChange::Kind::OverrideRemoved: return QStringLiteral("overrideRemoved");
    case RegistryChange::Kind::MetadataChanged: return QStringLiteral("metadataChanged");
    case RegistryChange::Kind::ServiceCreated: return QStringLiteral("serviceCreated");
    case RegistryChange::Kind::ServiceUpdated: return QStringLiteral("serviceUpdated");
    case RegistryChange::Kind::ServiceDeleted: return QStringLiteral("serviceDeleted");
    }
    return QStringLiteral("changed");
}
