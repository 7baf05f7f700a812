// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eureka/decodedinstance.h"
#include "model/instance.h"
#include "model/service.h"
#include "replication/replicationtask.h"

#include <QJsonObject>

#include <optional>

// Eureka's peer batch (POST .../peerreplication/batch), both ways. An item names an action and an
// instance; a Register carries the instance in Eureka's JSON, and, for what that cannot carry (a
// Service-Center instance's service and its side, a pinned entry), a "muster" field in Muster's own
// JSON that a Muster peer reads. The same field names the account that owns the instance ("owner")
// on a Register, StatusUpdate or DeleteStatusOverride.
namespace PeerBatch {
// One item as sent: the task's instance as it is now, or just its names when it is gone. service
// and owner, for a Muster peer only (null and empty otherwise), go in the "muster" field.
QJsonObject encodeItem(const ReplicationTask &task, const std::optional<Instance> &current, const Service *service,
                       const QString &owner = {});

struct Item
{
    std::optional<ReplicationTask::Action> action;   // empty: an action this node does not know
    QString actionName;
    QString app;                                    // normalised
    QString instanceId;
    std::optional<qint64> lastDirtyTimestamp;
    std::optional<InstanceStatus> status;
    std::optional<InstanceStatus> overriddenStatus;
    DecodedInstance instance;                       // Register only
    std::optional<Service> service;                 // Register of an instance with a "muster" field
    QString owner;                                  // the owner the sending peer names, if any
};

Item decodeItem(const QJsonObject &item);

// One entry of the responseList, in the order of the items.
QJsonObject encodeResponse(int status, const std::optional<Instance> &conflict = std::nullopt);
}
