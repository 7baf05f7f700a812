// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"
#include "model/registrychange.h"
#include "model/service.h"

#include <QByteArray>
#include <QString>

#include <optional>

// What a store keeps: Muster's own JSON of the whole Instance and the whole Service (MusterJson),
// plus the kind of change that wrote an instance, so every node reading it reports the same change,
// and the account that owns the instance or service, so every node lets that client change it.
// Versioned by the "v" field; see docs/etcd.md.
namespace StoreCodec {
struct StoredInstance
{
    Instance instance;
    RegistryChange::Kind kind = RegistryChange::Kind::Registered;
    QString owner;
};

struct StoredService
{
    Service service;
    QString owner;
};

QByteArray encodeInstance(const Instance &instance, RegistryChange::Kind kind, const QString &owner = {});
std::optional<StoredInstance> decodeInstance(const QByteArray &value);
QByteArray encodeService(const Service &service, const QString &owner = {});
std::optional<StoredService> decodeService(const QByteArray &value);
// Who made a write: the account and the remote address.
QByteArray encodeAuthor(const WriteAuthor &author);
WriteAuthor decodeAuthor(const QByteArray &value);
}
