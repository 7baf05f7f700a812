// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/eurekaxmlcodec.h"

#include "eureka/eurekawire.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace {
QString boolString(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

void writePort(QXmlStreamWriter &writer, const QString &name, const PortInfo &port)
{
    writer.writeStartElement(name);
    writer.writeAttribute(QStringLiteral("enabled"), boolString(port.enabled));
    writer.writeCharacters(QString::number(port.number));
    writer.writeEndElement();
}

void writeTextIfSet(QXmlStreamWriter &writer, const QString &name, const QString &value)
{
    if (!value.isEmpty())
        writer.writeTextElement(name, value);
}

void writeMap(QXmlStreamWriter &writer, const QMap<QString, QString> &map)
{
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        writer.writeTextElement(EurekaWire::escapeXmlName(it.key()), it.value());
}

void writeApplication(QXmlStreamWriter &writer, const EurekaApplication &application)
{
    writer.writeStartElement(QStringLiteral("application"));
    writer.writeTextElement(QStringLiteral("name"), application.name);
    for (const Instance *instance : application.instances)
        EurekaXmlCodec::writeInstance(writer, *instance);
    writer.writeEndElement();
}

template<typename Write>
QByteArray document(Write write)
{
    QByteArray out;
    QXmlStreamWriter writer(&out);
    writer.writeStartDocument();
    write(writer);
    writer.writeEndDocument();
    return out;
}
}

void EurekaXmlCodec::writeInstance(QXmlStreamWriter &writer, const Instance &instance)
{
    writer.writeStartElement(QStringLiteral("instance"));
    writeTextIfSet(writer, QStringLiteral("instanceId"), instance.instanceId);
    writer.writeTextElement(QStringLiteral("hostName"), instance.hostName);
    writer.writeTextElement(QStringLiteral("app"), instance.app);
    writer.writeTextElement(QStringLiteral("ipAddr"), instance.ipAddr);
    if (EurekaWire::hasSid(instance))
        writer.writeTextElement(QStringLiteral("sid"), instance.sid);
    writer.writeTextElement(QStringLiteral("status"), statusName(eurekaVisibleStatus(instance.status)));
    writer.writeTextElement(QStringLiteral("overriddenstatus"), statusName(eurekaVisibleStatus(instance.overriddenStatus)));
    writePort(writer, QStringLiteral("port"), instance.port);
    writePort(writer, QStringLiteral("securePort"), instance.securePort);
    writer.writeTextElement(QStringLiteral("countryId"), QString::number(instance.countryId));

    writer.writeStartElement(QStringLiteral("dataCenterInfo"));
    writer.writeAttribute(QStringLiteral("class"), EurekaWire::dataCenterClass(instance.dataCenterInfo));
    writer.writeTextElement(QStringLiteral("name"), instance.dataCenterInfo.name);
    if (EurekaWire::isAmazon(instance.dataCenterInfo)) {
        writer.writeStartElement(QStringLiteral("metadata"));
        writeMap(writer, instance.dataCenterInfo.metadata);
        writer.writeEndElement();
    }
    writer.writeEndElement();

    const LeaseInfo &lease = instance.lease;
    writer.writeStartElement(QStringLiteral("leaseInfo"));
    writer.writeTextElement(QStringLiteral("renewalIntervalInSecs"), QString::number(lease.renewalIntervalSecs));
    writer.writeTextElement(QStringLiteral("durationInSecs"), QString::number(lease.durationSecs));
    writer.writeTextElement(QStringLiteral("registrationTimestamp"), QString::number(lease.registrationTimestamp));
    writer.writeTextElement(QStringLiteral("lastRenewalTimestamp"), QString::number(lease.lastRenewalTimestamp));
    writer.writeTextElement(QStringLiteral("evictionTimestamp"), QString::number(lease.evictionTimestamp));
    writer.writeTextElement(QStringLiteral("serviceUpTimestamp"), QString::number(lease.serviceUpTimestamp));
    writer.writeEndElement();

    writer.writeStartElement(QStringLiteral("metadata"));
    if (instance.metadata.isEmpty())
        writer.writeAttribute(QStringLiteral("class"), EurekaWire::emptyMapClass());
    writeMap(writer, instance.metadata);
    writer.writeEndElement();

    writeTextIfSet(writer, QStringLiteral("homePageUrl"), instance.homePageUrl);
    writeTextIfSet(writer, QStringLiteral("statusPageUrl"), instance.statusPageUrl);
    writeTextIfSet(writer, QStringLiteral("healthCheckUrl"), instance.healthCheckUrl);
    writeTextIfSet(writer, QStringLiteral("secureHealthCheckUrl"), instance.secureHealthCheckUrl);
    writeTextIfSet(writer, QStringLiteral("vipAddress"), instance.vipAddress);
    writeTextIfSet(writer, QStringLiteral("secureVipAddress"), instance.secureVipAddress);
    writer.writeTextElement(QStringLiteral("isCoordinatingDiscoveryServer"),
                            boolString(instance.isCoordinatingDiscoveryServer));
    writer.writeTextElement(QStringLiteral("lastUpdatedTimestamp"), QString::number(instance.lastUpdatedTimestamp));
    writer.writeTextElement(QStringLiteral("lastDirtyTimestamp"), QString::number(instance.lastDirtyTimestamp));
    writer.writeTextElement(QStringLiteral("actionType"), EurekaWire::actionTypeName(instance.actionType));
    writeTextIfSet(writer, QStringLiteral("asgName"), instance.asgName);
    writeTextIfSet(writer, QStringLiteral("appGroupName"), instance.appGroupName);
    writer.writeEndElement();
}

QByteArray EurekaXmlCodec::encodeInstanceDocument(const Instance &instance)
{
    return document([&](QXmlStreamWriter &writer) { writeInstance(writer, instance); });
}

QByteArray EurekaXmlCodec::encodeApplication(const EurekaApplication &application)
{
    return document([&](QXmlStreamWriter &writer) { writeApplication(writer, application); });
}

QByteArray EurekaXmlCodec::encodeApplications(const QList<EurekaApplication> &applications,
                                              const QString &versionsDelta, const QString &hashcode)
{
    return document([&](QXmlStreamWriter &writer) {
        writer.writeStartElement(QStringLiteral("applications"));
        writer.writeTextElement(QStringLiteral("versions__delta"), versionsDelta);
        writer.writeTextElement(QStringLiteral("apps__hashcode"), hashcode);
        for (const EurekaApplication &application : applications)
            writeApplication(writer, application);
        writer.writeEndElement();
    });
}

namespace {
// Reads the children of the current element as escaped-name → text.
QMap<QString, QString> readMap(QXmlStreamReader &reader)
{
    QMap<QString, QString> map;
    while (reader.readNextStartElement()) {
        const QString key = EurekaWire::unescapeXmlName(reader.name().toString());
        map.insert(key, reader.readElementText(QXmlStreamReader::IncludeChildElements));
    }
    return map;
}

std::optional<PortInfo> readPort(QXmlStreamReader &reader, bool enabledByDefault, QString *error)
{
    const QString field = reader.name().toString();
    PortInfo port {0, enabledByDefault};
    const auto enabled = reader.attributes().value(QStringLiteral("enabled"));
    if (!enabled.isEmpty())
        port.enabled = enabled.compare(u"true", Qt::CaseInsensitive) == 0;
    bool ok = false;
    port.number = reader.readElementText().trimmed().toInt(&ok);
    if (!ok || port.number < 0 || port.number > 65535) {
        *error = QStringLiteral("%1 must be a port number from 0 to 65535").arg(field);
        return std::nullopt;
    }
    return port;
}

void readLease(QXmlStreamReader &reader, LeaseInfo &lease)
{
    while (reader.readNextStartElement()) {
        const auto name = reader.name();
        const int value = reader.readElementText().trimmed().toInt();
        if (name == u"renewalIntervalInSecs")
            lease.renewalIntervalSecs = value;
        else if (name == u"durationInSecs")
            lease.durationSecs = value;
    }
}

void readDataCenter(QXmlStreamReader &reader, DataCenterInfo &dataCenter)
{
    dataCenter.name.clear();
    while (reader.readNextStartElement()) {
        if (reader.name() == u"name")
            dataCenter.name = reader.readElementText().trimmed();
        else if (reader.name() == u"metadata")
            dataCenter.metadata = readMap(reader);
        else
            reader.skipCurrentElement();
    }
}

void readStatus(QXmlStreamReader &reader, InstanceStatus &status, QString *error)
{
    const QString field = reader.name().toString();
    const QString text = reader.readElementText().trimmed();
    if (auto parsed = statusFromName(text))
        status = *parsed;
    else
        *error = QStringLiteral("%1 has an unknown value '%2'; expected one of UP, DOWN, STARTING, "
                                "OUT_OF_SERVICE, UNKNOWN").arg(field, text);
}
}

DecodedInstance EurekaXmlCodec::decodeInstanceDocument(const QByteArray &body)
{
    DecodedInstance decoded;
    QString &error = decoded.error;
    QXmlStreamReader reader(body);
    if (!reader.readNextStartElement() || reader.name() != u"instance") {
        error = QStringLiteral("cannot parse request body: expected an <instance> element");
        return decoded;
    }

    Instance instance;
    const QHash<QString, QString Instance::*> textFields {
        {QStringLiteral("instanceId"), &Instance::instanceId},
        {QStringLiteral("hostName"), &Instance::hostName},
        {QStringLiteral("app"), &Instance::app},
        {QStringLiteral("appGroupName"), &Instance::appGroupName},
        {QStringLiteral("ipAddr"), &Instance::ipAddr},
        {QStringLiteral("sid"), &Instance::sid},
        {QStringLiteral("homePageUrl"), &Instance::homePageUrl},
        {QStringLiteral("statusPageUrl"), &Instance::statusPageUrl},
        {QStringLiteral("healthCheckUrl"), &Instance::healthCheckUrl},
        {QStringLiteral("secureHealthCheckUrl"), &Instance::secureHealthCheckUrl},
        {QStringLiteral("vipAddress"), &Instance::vipAddress},
        {QStringLiteral("secureVipAddress"), &Instance::secureVipAddress},
        {QStringLiteral("asgName"), &Instance::asgName},
    };
    while (error.isEmpty() && reader.readNextStartElement()) {
        const QString name = reader.name().toString();
        if (auto field = textFields.constFind(name); field != textFields.cend()) {
            instance.*(*field) = reader.readElementText().trimmed();
        } else if (name == u"status") {
            readStatus(reader, instance.status, &error);
        } else if (name == u"overriddenstatus" || name == u"overriddenStatus") {
            readStatus(reader, instance.overriddenStatus, &error);
        } else if (name == u"port") {
            if (auto port = readPort(reader, true, &error))
                instance.port = *port;
        } else if (name == u"securePort") {
            if (auto port = readPort(reader, false, &error))
                instance.securePort = *port;
        } else if (name == u"countryId") {
            instance.countryId = reader.readElementText().trimmed().toInt();
        } else if (name == u"dataCenterInfo") {
            decoded.hasDataCenterInfo = true;
            readDataCenter(reader, instance.dataCenterInfo);
        } else if (name == u"leaseInfo") {
            readLease(reader, instance.lease);
        } else if (name == u"metadata") {
            instance.metadata = readMap(reader);
        } else if (name == u"isCoordinatingDiscoveryServer") {
            instance.isCoordinatingDiscoveryServer = reader.readElementText().trimmed() == u"true";
        } else if (name == u"lastUpdatedTimestamp") {
            instance.lastUpdatedTimestamp = reader.readElementText().trimmed().toLongLong();
        } else if (name == u"lastDirtyTimestamp") {
            instance.lastDirtyTimestamp = reader.readElementText().trimmed().toLongLong();
        } else {
            reader.skipCurrentElement();
        }
    }
    if (error.isEmpty() && reader.hasError())
        error = QStringLiteral("cannot parse request body: %1 at line %2")
                    .arg(reader.errorString()).arg(reader.lineNumber());
    if (!error.isEmpty())
        return decoded;
    instance.app = instance.app.toUpper();
    EurekaWire::completeInstanceId(instance);
    decoded.instance = std::move(instance);
    return decoded;
}
