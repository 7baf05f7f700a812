// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/peerbatch.h"

#include "eureka/eurekajsoncodec.h"
#include "model/jsonnumber.h"
#include "model/musterjson.h"

namespace {
const std::pair<ReplicationTask::Action, QStringView> actionNames[] = {
    {ReplicationTask::Action::Register, u"Register"},
    {ReplicationTask::Action::Heartbeat, u"Heartbeat"},
    {ReplicationTask::Action::Cancel, u"Cancel"},
    {ReplicationTask::Action::StatusUpdate, u"StatusUpdate"},
    {ReplicationTask::Action::DeleteStatusOverride, u"DeleteStatusOverride"},
};

QString actionName(ReplicationTask::Action action)
{
    for (const auto &[known, name] : actionNames) {
        if (known == action)
            return name.toString();
    }
    return {};
}

std::optional<ReplicationTask::Action> actionFromName(QStringView name)
{
    for (const auto &[action, known] : actionNames) {
        if (known == name)
            return action;
    }
    return std::nullopt;
}

// Java peers send the timestamp as a number, some as a string.
std::optional<qint64> timestamp(const QJsonValue &value)
{
    return JsonNumber::wholeNumber(value);
}

QJsonObject encodeExtension(const Instance &instance, const Service &service)
{
    QJsonObject extension = MusterJson::encodeServiceCombSide(instance);
    extension.insert(QStringLiteral("service"), MusterJson::encodeService(service));
    return extension;
}
}

namespace PeerBatch {

QJsonObject encodeItem(const ReplicationTask &task, const std::optional<Instance> &current, const Service *service,
                       const QString &owner)
{
    QJsonObject item {{QStringLiteral("appName"), task.app},
                      {QStringLiteral("id"), task.instanceId},
                      {QStringLiteral("action"), actionName(task.action)}};
    if (task.action == ReplicationTask::Action::Cancel) {
        // The instance is back: the cancel names the copy it removed, so that a peer holding the
        // newer one already ignores it. (Without a copy here, items stay small: 250 to a batch.)
        if (current && task.cancelledDirtyTimestamp > 0)
            item.insert(QStringLiteral("lastDirtyTimestamp"), task.cancelledDirtyTimestamp);
        return item;
    }
    if (!current)
        return item;
    item.insert(QStringLiteral("lastDirtyTimestamp"), current->lastDirtyTimestamp);
    item.insert(QStringLiteral("status"), statusName(current->status));
    if (current->overriddenStatus != InstanceStatus::Unknown)
        item.insert(QStringLiteral("overriddenStatus"), statusName(current->overriddenStatus));
    QJsonObject extension;
    if (task.action == ReplicationTask::Action::Register) {
        item.insert(QStringLiteral("instanceInfo"), EurekaJsonCodec::encodeInstance(*current));
        const bool musterOnly = current->origin == Protocol::ServiceComb || current->pinned || current->check
                             || current->downByCheck;
        if (musterOnly && service)
            extension = encodeExtension(*current, *service);
    }
    // Heartbeats stay small: the Register a 404 calls for carries the owner.
    if (!owner.isEmpty() && task.action != ReplicationTask::Action::Heartbeat)
        extension.insert(QStringLiteral("owner"), owner);
    if (!extension.isEmpty())
        item.insert(QStringLiteral("muster"), extension);
    return item;
}

Item decodeItem(const QJsonObject &object)
{
    Item item;
    item.actionName = object.value(u"action").toString();
    item.action = actionFromName(item.actionName);
    item.app = normalizedAppName(object.value(u"appName").toString());
    item.instanceId = object.value(u"id").toString();
    item.lastDirtyTimestamp = timestamp(object.value(u"lastDirtyTimestamp"));
    item.status = statusFromName(object.value(u"status").toString());
    item.overriddenStatus = statusFromName(object.value(u"overriddenStatus").toString());
    const QJsonObject extension = object.value(u"muster").toObject();
    item.owner = extension.value(u"owner").toString();
    if (item.action != ReplicationTask::Action::Register)
        return item;
    item.instance = EurekaJsonCodec::decodeInstance(object.value(u"instanceInfo").toObject());
    if (item.instance.instance && extension.contains(u"service")) {
        item.service = MusterJson::decodeService(extension.value(u"service").toObject());
        if (item.service) {
            MusterJson::decodeServiceCombSide(extension, *item.instance.instance);
            item.instance.instance->serviceId = item.service->serviceId;
        }
    }
    return item;
}

QJsonObject encodeResponse(int status, const std::optional<Instance> &conflict)
{
    QJsonObject response {{QStringLiteral("statusCode"), status}};
    if (conflict)
        response.insert(QStringLiteral("responseEntity"), EurekaJsonCodec::encodeInstance(*conflict));
    return response;
}

}
