// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyapi.h"

#include "eureka/eurekajsoncodec.h"
#include "history/historyexport.h"
#include "history/historyrecorder.h"
#include "http/router.h"
#include "model/statuscount.h"
#include "servicecomb/servicecombcodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace {
constexpr qsizetype defaultLimit = 10000;
constexpr qsizetype maxLimit = 100000;

// A time parameter: absent gives fallback; a value that is not RFC 3339 gives the 400 to answer.
struct TimeParameter
{
    qint64 value = 0;
    std::optional<HttpResponse> refused;
};

TimeParameter timeParameter(const HttpRequest &request, const QString &name, std::optional<qint64> fallback)
{
    const auto text = request.queryValue(name);
    if (!text) {
        if (fallback)
            return {*fallback, std::nullopt};
        return {0, HttpResponse::error(400, QStringLiteral("the parameter %1 is missing: give a time in RFC 3339, "
                                                           "e.g. 2026-12-03T08:00:00Z").arg(name))};
    }
    if (const auto parsed = HistoryApi::parseTime(*text))
        return {*parsed, std::nullopt};
    return {0, HttpResponse::error(400, QStringLiteral("the parameter %1 (\"%2\") is not an RFC 3339 time, "
                                                       "e.g. 2026-12-03T08:00:00Z").arg(name, *text))};
}
}

HistoryApi::HistoryApi(const HistoryRecorder *recorder)
    : m_recorder {recorder}
{
}

void HistoryApi::addRoutes(Router &router)
{
    router.add("GET", u"/muster/api/v1/history", [this](const HttpRequest &request) { return listChanges(request); });
    router.add("GET", u"/muster/api/v1/history/at", [this](const HttpRequest &request) { return stateAt(request); });
    router.add("GET", u"/muster/api/v1/history/export", [this](const HttpRequest &request) { return exportRange(request); });
}

std::optional<qint64> HistoryApi::parseTime(const QString &text)
{
    // RFC 3339 wants the offset; Qt would read a time without one as local time.
    static const QRegularExpression shape(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$"));
    if (!shape.match(text).hasMatch())
        return std::nullopt;
    QString normalized = text;
    normalized[10] = u'T';
    if (normalized.endsWith(u'z'))
        normalized.back() = u'Z';
    // Qt reads up to milliseconds; finer digits are cut, not rounded.
    static const QRegularExpression fraction(QStringLiteral("\\.(\\d{3})\\d+"));
    normalized.replace(fraction, QStringLiteral(".\\1"));
    const QDateTime parsed = QDateTime::fromString(normalized, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toMSecsSinceEpoch();
}

QString HistoryApi::formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<HttpResponse> HistoryApi::refusedWithoutHistory() const
{
    if (m_recorder)
        return std::nullopt;
    return HttpResponse::error(404, noHistoryReason());
}

QString HistoryApi::noHistoryReason()
{
    return QStringLiteral("this node keeps no history: it runs without a data directory or with --history-retention off");
}

QString HistoryApi::beginsAfterReason(qint64 earliest, qint64 time)
{
    return QStringLiteral("the history begins at %1, after %2").arg(formatTime(earliest), formatTime(time));
}

HttpResponse HistoryApi::listChanges(const HttpRequest &request) const
{
    if (auto refused = refusedWithoutHistory())
        return *refused;
    const HistoryLog &log = m_recorder->log();
    const TimeParameter from = timeParameter(request, QStringLiteral("from"), log.earliestTime());
    if (from.refused)
        return *from.refused;
    const TimeParameter to = timeParameter(request, QStringLiteral("to"), std::numeric_limits<qint64>::max());
    if (to.refused)
        return *to.refused;
    if (to.value < from.value)
        return HttpResponse::error(400, QStringLiteral("the parameter to is before from"));
    qsizetype limit = defaultLimit;
    if (const auto text = request.queryValue(QStringLiteral("limit"))) {
        bool ok = false;
        limit = text->toLongLong(&ok);
        if (!ok || limit < 1 || limit > maxLimit)
            return HttpResponse::error(400, QStringLiteral("the parameter limit must be a number from 1 to %1").arg(maxLimit));
    }
    const QList<HistoryEntry> entries = log.entries(from.value, to.value, limit + 1);
    QJsonArray list;
    for (qsizetype i = 0; i < std::min(limit, entries.size()); ++i)
        list.append(entries.at(i).toApiJson());
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("earliest"), formatTime(log.earliestTime())},
        {QStringLiteral("entries"), list},
        {QStringLiteral("truncated"), entries.size() > limit},
    });
}

HttpResponse HistoryApi::stateAt(const HttpRequest &request) const
{
    if (auto refused = refusedWithoutHistory())
        return *refused;
    const TimeParameter time = timeParameter(request, QStringLiteral("time"), std::nullopt);
    if (time.refused)
        return *time.refused;
    const QString format = request.queryValue(QStringLiteral("format")).value_or(QStringLiteral("eureka"));
    if (format != u"eureka" && format != u"servicecomb" && format != u"muster") {
        return HttpResponse::error(400, QStringLiteral("the parameter format must be eureka, servicecomb or muster, "
                                                       "not \"%1\"").arg(format));
    }
    const auto state = m_recorder->log().stateAt(time.value);
    if (!state) {
        return HttpResponse::error(404, beginsAfterReason(m_recorder->log().earliestTime(), time.value));
    }
    if (format == u"muster")
        return HttpResponse::json(state->toJson());
    const QByteArray body = format == u"eureka" ? eurekaFullFetch(*state, &m_instanceJson) : serviceCombFullFetch(*state);
    return HttpResponse {200, "application/json", body, {}};
}

HttpResponse HistoryApi::exportRange(const HttpRequest &request) const
{
    if (auto refused = refusedWithoutHistory())
        return *refused;
    const HistoryLog &log = m_recorder->log();
    const TimeParameter from = timeParameter(request, QStringLiteral("from"), log.earliestTime());
    if (from.refused)
        return *from.refused;
    const TimeParameter to = timeParameter(request, QStringLiteral("to"), std::numeric_limits<qint64>::max());
    if (to.refused)
        return *to.refused;
    if (to.value < from.value)
        return HttpResponse::error(400, QStringLiteral("the parameter to is before from"));
    const auto start = log.stateAt(from.value);
    if (!start) {
        return HttpResponse::error(404, beginsAfterReason(log.earliestTime(), from.value));
    }
    HistoryExport recording;
    recording.from = from.value;
    recording.start = *start;
    recording.entries = log.entries(from.value + 1, to.value, std::numeric_limits<qsizetype>::max());
    recording.to = recording.entries.isEmpty() ? from.value : std::min(to.value, recording.entries.constLast().timestamp);
    return HttpResponse {200, "application/json", recording.encode(), {}};
}

QByteArray HistoryApi::eurekaFullFetch(const HistoryState &state, InstanceJsonCache *cache)
{
    QList<const Instance *> instances;
    instances.reserve(state.instances.size());
    for (const Instance &instance : state.instances)
        instances.append(&instance);
    std::sort(instances.begin(), instances.end(), [](const Instance *a, const Instance *b) {
        return std::tie(a->app, a->instanceId) < std::tie(b->app, b->instanceId);
    });
    QList<EurekaApplication> applications;
    StatusCount counts;
    for (const Instance *instance : std::as_const(instances)) {
        if (applications.isEmpty() || applications.constLast().name != instance->app)
            applications.append(EurekaApplication {instance->app, {}});
        applications.last().instances.append(instance);
        counts.add(instance->status);
    }
    const QString versionsDelta = QString::number(state.revision);
    if (!cache)
        return EurekaJsonCodec::encodeApplications(applications, versionsDelta, counts.hashcode());
    const QByteArray encoded = EurekaJsonCodec::encodeApplications(
        applications, versionsDelta, counts.hashcode(), [cache](const Instance &instance) { return cache->json(instance); });
    cache->retainOnly(instances.size());
    return encoded;
}

QByteArray HistoryApi::serviceCombFullFetch(const HistoryState &state)
{
    QMap<QString, QJsonArray> instancesByService;
    for (const Instance &instance : state.sortedInstances()) {
        const auto service = state.services.constFind(instance.serviceId);
        const QString version = service == state.services.cend() ? QString() : service->key.version;
        instancesByService[instance.serviceId].append(ServiceCombCodec::encodeInstance(instance, version));
    }
    QList<Service> services = state.services.values();
    std::sort(services.begin(), services.end(), [](const Service &a, const Service &b) {
        return std::tie(a.key.domainProject, a.key.appId, a.key.serviceName, a.key.version)
            < std::tie(b.key.domainProject, b.key.appId, b.key.serviceName, b.key.version);
    });
    QJsonArray details;
    for (const Service &service : std::as_const(services)) {
        QJsonObject detail {{QStringLiteral("microService"), ServiceCombCodec::encodeService(service)}};
        const QJsonArray instances = instancesByService.value(service.serviceId);
        if (!instances.isEmpty())
            detail.insert(QStringLiteral("instances"), instances);
        details.append(detail);
    }
    return QJsonDocument(QJsonObject {{QStringLiteral("allServicesDetail"), details}}).toJson(QJsonDocument::Compact);
}
