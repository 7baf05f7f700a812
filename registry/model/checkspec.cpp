// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/checkspec.h"

#include "model/instance.h"
#include "model/jsonnumber.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <limits>

namespace {
constexpr int minIntervalMs = 100;
constexpr qint64 maxDurationMs = qint64(24) * 3600 * 1000;

ParsedCheck failed(const QString &error)
{
    return {std::nullopt, error};
}

// A duration member: a number of milliseconds under msKey, or text under textKey.
std::optional<qint64> durationMember(const QJsonObject &object, QStringView msKey, QStringView textKey,
                                     QString &error)
{
    if (object.contains(msKey)) {
        const QJsonValue value = object.value(msKey);
        const auto ms = JsonNumber::exactInteger(value);
        if (!ms || *ms < 0) {
            error = QStringLiteral("check.%1 must be a whole number of milliseconds").arg(msKey);
            return std::nullopt;
        }
        return ms;
    }
    if (object.contains(textKey)) {
        const auto duration = CheckSpecs::durationMs(object.value(textKey).toString());
        if (!duration)
            error = QStringLiteral("check.%1 must be a duration such as 500ms, 10s or 2m").arg(textKey);
        return duration;
    }
    return std::nullopt;
}

std::optional<int> countMember(const QJsonObject &object, QStringView key, QString &error)
{
    if (!object.contains(key))
        return std::nullopt;
    const QJsonValue value = object.value(key);
    const auto count = JsonNumber::exactInteger(value);
    if (!count || *count < std::numeric_limits<int>::min() || *count > std::numeric_limits<int>::max()) {
        error = QStringLiteral("check.%1 must be a whole number").arg(key);
        return std::nullopt;
    }
    return int(*count);
}

QUrl firstEndpoint(const Instance &instance)
{
    for (const QString &endpoint : instance.endpoints) {
        const QUrl url(endpoint);
        if (url.isValid() && url.port() > 0)
            return url;
    }
    return {};
}
}

QString CheckSpec::validationError() const
{
    if (kind == Kind::Http) {
        const QUrl url(target, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
            return QStringLiteral("an HTTP check needs an http:// or https:// URL, not '%1'").arg(target);
    } else if (tcpHost().isEmpty() || tcpPort() == 0) {
        return QStringLiteral("a TCP check needs host:port, not '%1'").arg(target);
    }
    if (intervalMs < minIntervalMs || intervalMs > maxDurationMs)
        return QStringLiteral("the check interval must be from %1 ms to 24 h").arg(minIntervalMs);
    if (timeoutMs < 1 || timeoutMs > intervalMs)
        return QStringLiteral("the check timeout must be at least 1 ms and at most the interval");
    if (failures < 1 || failures > 100 || successes < 1 || successes > 100)
        return QStringLiteral("the check's failure and success thresholds must be from 1 to 100");
    if (deregisterAfterMs < 0 || deregisterAfterMs > 30 * maxDurationMs)
        return QStringLiteral("deregisterAfter must be from 0 (never) to 30 days");
    return {};
}

QString CheckSpec::tcpHost() const
{
    const QUrl url(QStringLiteral("tcp://") + target);
    return url.isValid() ? url.host() : QString();
}

quint16 CheckSpec::tcpPort() const
{
    const QUrl url(QStringLiteral("tcp://") + target);
    const int port = url.isValid() ? url.port() : -1;
    return port > 0 && port <= 65535 ? quint16(port) : 0;
}

namespace CheckSpecs {

QString kindName(CheckSpec::Kind kind)
{
    return kind == CheckSpec::Kind::Http ? QStringLiteral("http") : QStringLiteral("tcp");
}

QJsonObject toJson(const CheckSpec &check)
{
    return {{QStringLiteral("type"), kindName(check.kind)},
            {QStringLiteral("target"), check.target},
            {QStringLiteral("intervalMs"), check.intervalMs},
            {QStringLiteral("timeoutMs"), check.timeoutMs},
            {QStringLiteral("failures"), check.failures},
            {QStringLiteral("successes"), check.successes},
            {QStringLiteral("deregisterAfterMs"), check.deregisterAfterMs}};
}

ParsedCheck fromJson(const QJsonObject &object)
{
    CheckSpec check;
    const QString type = object.value(u"type").toString();
    if (type == u"http")
        check.kind = CheckSpec::Kind::Http;
    else if (type == u"tcp")
        check.kind = CheckSpec::Kind::Tcp;
    else
        return failed(QStringLiteral("check.type must be http or tcp"));
    if (!object.value(u"target").isString())
        return failed(QStringLiteral("check.target must be a URL (http) or host:port (tcp)"));
    check.target = object.value(u"target").toString().trimmed();

    QString error;
    if (const auto interval = durationMember(object, u"intervalMs", u"interval", error))
        check.intervalMs = int(std::min(*interval, maxDurationMs));
    if (const auto timeout = durationMember(object, u"timeoutMs", u"timeout", error))
        check.timeoutMs = int(std::min(*timeout, maxDurationMs));
    if (const auto after = durationMember(object, u"deregisterAfterMs", u"deregisterAfter", error))
        check.deregisterAfterMs = *after;
    if (const auto failures = countMember(object, u"failures", error))
        check.failures = *failures;
    if (const auto successes = countMember(object, u"successes", error))
        check.successes = *successes;
    if (error.isEmpty())
        error = check.validationError();
    if (!error.isEmpty())
        return failed(error);
    return {check, {}};
}

std::optional<qint64> durationMs(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,9})\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 number = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    if (unit == u"ms")
        return number;
    if (unit == u"m")
        return number * 60'000;
    if (unit == u"h")
        return number * 3'600'000;
    return number * 1000;
}

ParsedCheck fromEurekaMetadata(const Instance &instance)
{
    const QMap<QString, QString> &metadata = instance.metadata;
    const QString type = metadata.value(QStringLiteral("muster.check")).trimmed().toLower();
    if (type.isEmpty())
        return {};
    QJsonObject object {{QStringLiteral("type"), type}};
    if (type == u"http")
        object.insert(QStringLiteral("target"), instance.healthCheckUrl);
    else
        object.insert(QStringLiteral("target"),
                      metadata.value(QStringLiteral("muster.check.target"),
                                     QStringLiteral("%1:%2").arg(instance.ipAddr).arg(instance.port.number)));
    const std::pair<QString, QString> durations[] = {
        {QStringLiteral("muster.check.interval"), QStringLiteral("interval")},
        {QStringLiteral("muster.check.timeout"), QStringLiteral("timeout")},
        {QStringLiteral("muster.check.deregister-after"), QStringLiteral("deregisterAfter")},
    };
    for (const auto &[key, member] : durations) {
        if (metadata.contains(key))
            object.insert(member, metadata.value(key));
    }
    const std::pair<QString, QString> counts[] = {
        {QStringLiteral("muster.check.failures"), QStringLiteral("failures")},
        {QStringLiteral("muster.check.successes"), QStringLiteral("successes")},
    };
    for (const auto &[key, member] : counts) {
        if (!metadata.contains(key))
            continue;
        bool ok = false;
        const int count = metadata.value(key).toInt(&ok);
        if (!ok)
            return failed(QStringLiteral("metadata %1 must be a whole number").arg(key));
        object.insert(member, count);
    }
    ParsedCheck parsed = fromJson(object);
    if (!parsed.error.isEmpty())
        parsed.error = QStringLiteral("metadata muster.check: %1").arg(parsed.error);
    return parsed;
}

ParsedCheck fromServiceCombHealthCheck(const HealthCheck &healthCheck, const Instance &instance)
{
    if (healthCheck.mode != u"pull")
        return {};
    CheckSpec check;
    check.intervalMs = healthCheck.intervalSecs > 0 ? healthCheck.intervalSecs * 1000 : 30'000;
    check.timeoutMs = std::min(check.intervalMs, CheckSpec {}.timeoutMs);
    check.failures = std::max(1, healthCheck.times);
    const QUrl endpoint = firstEndpoint(instance);
    const QString host = endpoint.isValid() ? endpoint.host() : instance.ipAddr;
    if (!healthCheck.url.isEmpty()) {
        check.kind = CheckSpec::Kind::Http;
        const QUrl url(healthCheck.url);
        if (url.scheme().isEmpty()) {
            const int port = healthCheck.port > 0 ? healthCheck.port : endpoint.port();
            check.target = QStringLiteral("http://%1:%2%3").arg(host).arg(port).arg(
                healthCheck.url.startsWith(u'/') ? healthCheck.url : u'/' + healthCheck.url);
        } else {
            check.target = healthCheck.url;
        }
    } else {
        check.kind = CheckSpec::Kind::Tcp;
        const int port = healthCheck.port > 0 ? healthCheck.port : endpoint.port();
        check.target = QStringLiteral("%1:%2").arg(host).arg(port);
    }
    if (const QString error = check.validationError(); !error.isEmpty())
        return failed(QStringLiteral("healthCheck (pull): %1").arg(error));
    return {check, {}};
}

}
