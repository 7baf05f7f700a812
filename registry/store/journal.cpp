// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSaveFile>   // before any header that defines open()

#include "store/journal.h"
#include "store/storelogging.h"

#include "eureka/eurekajsoncodec.h"
#include "model/musterjson.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {
const QString journalFormat = QStringLiteral("muster-journal");
constexpr int journalVersion = 2;
// Version 1 kept instances in Eureka's JSON with their Service-Center side beside; still read.
constexpr int eurekaShapedVersion = 1;

#ifdef Q_OS_UNIX
QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}
#endif
}

Journal::Journal(QString directory)
    : m_directory {std::move(directory)}
{
}

QString Journal::filePath() const
{
    return QDir(m_directory).filePath(fileName());
}

QByteArray Journal::encode(const PinnedEntries &entries)
{
    QJsonArray services;
    for (const Service &service : entries.services)
        services.append(MusterJson::encodeService(service));
    QJsonArray instances;
    for (const Instance &instance : entries.instances) {
        QJsonObject item = MusterJson::encodeInstance(instance);
        if (const auto service = entries.instanceServices.constFind(instance.serviceId);
            service != entries.instanceServices.cend())
            item.insert(QStringLiteral("service"), MusterJson::encodeService(*service));
        instances.append(item);
    }
    const QJsonObject root {{QStringLiteral("format"), journalFormat},
                            {QStringLiteral("version"), journalVersion},
                            {QStringLiteral("services"), services},
                            {QStringLiteral("instances"), instances}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

namespace {
std::optional<Instance> decodeEurekaShapedInstance(const QJsonObject &item, PinnedEntries &entries)
{
    DecodedInstance decoded = EurekaJsonCodec::decodeInstance(item.value(u"instanceInfo").toObject());
    if (!decoded.instance || decoded.instance->instanceId.isEmpty() || decoded.instance->app.isEmpty())
        return std::nullopt;
    Instance &instance = *decoded.instance;
    if (const QJsonObject extension = item.value(u"muster").toObject(); !extension.isEmpty()) {
        if (const auto service = MusterJson::decodeService(extension.value(u"service").toObject())) {
            MusterJson::decodeServiceCombSide(extension, instance);
            instance.serviceId = service->serviceId;
            entries.instanceServices.insert(service->serviceId, *service);
        }
    }
    // Eureka's JSON shows Service-Center's TESTING as UNKNOWN: version 1 kept the statuses beside it.
    if (auto status = statusFromName(item.value(u"status").toString()))
        instance.status = *status;
    if (auto status = statusFromName(item.value(u"overriddenStatus").toString()))
        instance.overriddenStatus = *status;
    return instance;
}

std::optional<Instance> decodeNativeInstance(const QJsonObject &item, PinnedEntries &entries)
{
    auto instance = MusterJson::decodeInstance(item);
    if (instance) {
        if (const auto service = MusterJson::decodeService(item.value(u"service").toObject()))
            entries.instanceServices.insert(service->serviceId, *service);
    }
    return instance;
}
}

std::optional<PinnedEntries> Journal::decode(const QByteArray &document, qsizetype *unreadable, QString *error)
{
    *unreadable = 0;
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = json.object();
    if (root.value(u"format").toString() != journalFormat) {
        *error = QStringLiteral("not a Muster journal (no \"format\": \"%1\")").arg(journalFormat);
        return std::nullopt;
    }
    const int version = root.value(u"version").toInt();
    if (version != journalVersion && version != eurekaShapedVersion) {
        *error = QStringLiteral("journal version %1 is not supported").arg(root.value(u"version").toVariant().toString());
        return std::nullopt;
    }
    if (!root.value(u"services").isArray() || !root.value(u"instances").isArray()) {
        *error = QStringLiteral("\"services\" and \"instances\" must be lists");
        return std::nullopt;
    }

    PinnedEntries entries;
    for (const QJsonValue &value : root.value(u"services").toArray()) {
        auto service = MusterJson::decodeService(value.toObject());
        if (!service) {
            ++*unreadable;
            continue;
        }
        service->pinned = true;
        entries.services.append(*service);
    }
    for (const QJsonValue &value : root.value(u"instances").toArray()) {
        const QJsonObject item = value.toObject();
        auto instance = version == eurekaShapedVersion ? decodeEurekaShapedInstance(item, entries)
                                                       : decodeNativeInstance(item, entries);
        if (!instance) {
            ++*unreadable;
            continue;
        }
        instance->pinned = true;
        entries.instances.append(*instance);
    }
    if (*unreadable > 0)
        *error = QStringLiteral("%1 entries could not be read").arg(*unreadable);
    return entries;
}

std::optional<Journal::LoadResult> Journal::load()
{
    LoadResult result;
    QFile file(filePath());
    if (!file.exists())
        return result;
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read the journal %1: %2").arg(filePath(), file.errorString());
        return std::nullopt;
    }
    const QByteArray document = file.readAll();
    file.close();

    QString problem;
    if (auto entries = decode(document, &result.unreadableEntries, &problem)) {
        result.entries = std::move(*entries);
        if (result.unreadableEntries == 0)
            return result;
    }
    // Never overwrite what could not be read: it stays beside the new journal for the user to look at.
    const QString aside = filePath() + QStringLiteral(".corrupt-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    if (!QFile::rename(filePath(), aside)) {
        m_error = QStringLiteral("the journal %1 is unreadable (%2) and cannot be moved aside to %3")
                      .arg(filePath(), problem, aside);
        return std::nullopt;
    }
    syncDirectory();
    qCWarning(lcStore).noquote() << QStringLiteral("the journal %1 is unreadable (%2); moved it aside to %3 and "
                                                   "starting with the %4 services and %5 instances that could be read")
                                        .arg(filePath(), problem, aside)
                                        .arg(result.entries.services.size())
                                        .arg(result.entries.instances.size());
    result.movedAsideTo = aside;
    return result;
}

bool Journal::write(const PinnedEntries &entries)
{
    if (!QDir().mkpath(m_directory)) {
        m_error = QStringLiteral("cannot create the data directory %1").arg(m_directory);
        return false;
    }
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write the journal %1: %2").arg(filePath(), file.errorString());
        return false;
    }
    const QByteArray document = encode(entries);
    if (file.write(document) != document.size() || !file.flush()) {
        m_error = QStringLiteral("cannot write the journal %1: %2").arg(filePath(), file.errorString());
        file.cancelWriting();
        return false;
    }
#ifdef Q_OS_UNIX
    // commit() syncs too, but ignores a failure to: this one is checked.
    if (::fsync(file.handle()) != 0) {
        m_error = QStringLiteral("cannot sync the journal %1 to the disk: %2").arg(filePath(), systemError(errno));
        file.cancelWriting();
        return false;
    }
#endif
    if (!file.commit()) {
        m_error = QStringLiteral("cannot replace the journal %1: %2").arg(filePath(), file.errorString());
        return false;
    }
    if (!syncDirectory())
        return false;
    m_error.clear();
    return true;
}

// The new file is in place once the directory entry that names it is on the disk as well.
bool Journal::syncDirectory()
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        m_error = QStringLiteral("cannot sync the data directory %1 to the disk: %2").arg(m_directory, systemError(errno));
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    ::close(fd);
#endif
    return true;
}
