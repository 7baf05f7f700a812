// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/storecodec.h"

#include "model/musterjson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr int formatVersion = 1;

const std::pair<RegistryChange::Kind, QStringView> kindNames[] = {
    {RegistryChange::Kind::Registered, u"registered"},
    {RegistryChange::Kind::Cancelled, u"cancelled"},
    {RegistryChange::Kind::Expired, u"expired"},
    {RegistryChange::Kind::StatusChanged, u"statusChanged"},
    {RegistryChange::Kind::StatusCorrected, u"statusCorrected"},
    {RegistryChange::Kind::OverrideRemoved, u"overrideRemoved"},
    {RegistryChange::Kind::MetadataChanged, u"metadataChanged"},
    {RegistryChange::Kind::CheckStatusChanged, u"checkStatusChanged"},
};

QString kindName(RegistryChange::Kind kind)
{
    for (const auto &[known, name] : kindNames) {
        if (known == kind)
            return name.toString();
    }
    return QStringLiteral("registered");
}

RegistryChange::Kind kindFromName(QStringView name)
{
    for (const auto &[kind, known] : kindNames) {
        if (known == name)
            return kind;
    }
    return RegistryChange::Kind::Registered;
}

// A stored value of this format version, or nothing.
std::optional<QJsonObject> parseObject(const QByteArray &value)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(value, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()
        || document.object().value(u"v").toInt() != formatVersion)
        return std::nullopt;
    return document.object();
}
}

namespace StoreCodec {

QByteArray encodeInstance(const Instance &instance, RegistryChange::Kind kind, const QString &owner)
{
    QJsonObject object = MusterJson::encodeInstance(instance);
    object.insert(QStringLiteral("v"), formatVersion);
    object.insert(QStringLiteral("change"), kindName(kind));
    if (!owner.isEmpty())
        object.insert(QStringLiteral("owner"), owner);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<StoredInstance> decodeInstance(const QByteArray &value)
{
    const auto parsed = parseObject(value);
    if (!parsed)
        return std::nullopt;
    auto instance = MusterJson::decodeInstance(*parsed);
    if (!instance)
        return std::nullopt;
    return StoredInstance {std::move(*instance), kindFromName(parsed->value(u"change").toString()),
                           parsed->value(u"owner").toString()};
}

QByteArray encodeService(const Service &service, const QString &owner)
{
    QJsonObject object = MusterJson::encodeService(service);
    object.insert(QStringLiteral("v"), formatVersion);
    if (!owner.isEmpty())
        object.insert(QStringLiteral("owner"), owner);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<StoredService> decodeService(const QByteArray &value)
{
    const auto parsed = parseObject(value);
    if (!parsed)
        return std::nullopt;
    auto service = MusterJson::decodeService(*parsed);
    if (!service)
        return std::nullopt;
    return StoredService {std::move(*service), parsed->value(u"owner").toString()};
}

QByteArray encodeAuthor(const WriteAuthor &author)
{
    const QJsonObject object {{QStringLiteral("v"), formatVersion},
                              {QStringLiteral("account"), author.account},
                              {QStringLiteral("address"), author.address}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

WriteAuthor decodeAuthor(const QByteArray &value)
{
    const auto parsed = parseObject(value);
    if (!parsed)
        return {};
    return WriteAuthor {parsed->value(u"account").toString(), parsed->value(u"address").toString()};
}

}
